"""`eupages cms --backend … --out FOLDER`: the editor as a folder to publish at /admin/.

The same page `eupages edit` serves (cms_assets/), with the Decap CMS bundle and the `yaml`
package's browser build copied from node_modules (never a CDN), the team configuration for
GitHub or GitLab (cms_config.team_configuration) and the field kinds eupages' file formats
read. Nothing here needs Node.js to run: only the npm packages' files, installed by `npm ci`.

    FOLDER/index.html, manual-init.js, eupages-admin.mjs, eupages-admin.css, eupages-formats.mjs
    FOLDER/decap-cms.js, its chunks <id>.decap-cms.js and *.wasm (about 6 MB; no source maps)
    FOLDER/vendor/yaml/*.js
    FOLDER/config.yml, FOLDER/eupages-fields.json
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.commands import cms_config
from generator.commands.edit import ASSETS, PACKAGE_ROOT, node_modules_candidates

BUNDLE = Path("decap-cms/dist/decap-cms.js")
YAML = Path("yaml/browser/dist/index.js")


class BundleMissing(Exception):
    """node_modules lacks decap-cms or yaml: the message says how to install them."""


@dataclass(frozen=True)
class Written:
    folder: Path
    files: int


def find_bundle(site_root: Path) -> tuple[Path, Path]:
    """(node_modules/decap-cms/dist, node_modules/yaml/browser/dist) of the first folder that has both."""
    for folder in node_modules_candidates(site_root):
        if (folder / BUNDLE).is_file() and (folder / YAML).is_file():
            return (folder / BUNDLE).parent, (folder / YAML).parent
    raise BundleMissing(
        "the published editor needs the Decap CMS bundle (node_modules/decap-cms/dist/decap-cms.js) and the yaml "
        f"package (node_modules/yaml/browser/dist), and they are not installed — run `npm ci --ignore-scripts` "
        f"in {PACKAGE_ROOT} (or in the site's folder), then run this command again"
    )


def _bundle_file(name: str) -> bool:
    """decap-cms.js, the chunks it loads (<id>.decap-cms.js), their WebAssembly and the licence text;
    not the source maps, nor dist/cms.js and its chunks (another build of the same CMS)."""
    return name in ("decap-cms.js", "decap-cms.js.LICENSE.txt") or name.endswith((".decap-cms.js", ".wasm"))


def write_admin(config: Path, backend: dict[str, Any], out: Path) -> Written:
    """Write the editor into `out` (created; files already there are replaced, others kept)."""
    decap, yaml_dist = find_bundle(config.resolve().parent)  # before anything is written
    site = cms_config.Site.read(config)
    fields = {**cms_config.field_kinds(config), "live": False, "defaultLanguage": site.default_language}
    text = cms_config.render_team(config, backend)
    copies = [(f, out / f.name) for f in sorted(ASSETS.iterdir()) if f.is_file()]
    copies += [(f, out / f.name) for f in sorted(decap.iterdir()) if _bundle_file(f.name)]
    copies += [(f, out / "vendor/yaml" / f.name) for f in sorted(yaml_dist.iterdir()) if f.suffix == ".js"]
    (out / "vendor/yaml").mkdir(parents=True, exist_ok=True)
    for source, target in copies:
        shutil.copyfile(source, target)
    (out / "config.yml").write_text(text, encoding="utf-8")
    (out / "eupages-fields.json").write_text(json.dumps(fields, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return Written(out, len(copies) + 2)
