"""The pipeline: load → validate → site model → render → write → post-process."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import jinja2

from generator import eu_check, link_check
from generator.catalogues import load_translations
from generator.config import LoadedConfig, load_config
from generator.content import load_content
from generator.errors import ContentError, Problems
from generator.model import Site, build_model
from generator.open_data import CSV_NAME, JSON_NAME, projects_csv, projects_json
from generator.render import Renderer
from generator.sitemap import robots_txt, sitemap_xml


@dataclass
class Prepared:
    loaded: LoadedConfig
    site: Site
    translations: dict


@dataclass
class BuildResult:
    output: Path
    pages: int          # HTML pages in the published site
    rendered: int = 0   # pages rendered by this build
    reused: int = 0     # pages taken over unchanged from the previous build


def prepare(config_path: Path, base_url: str | None = None, cache=None, loaded: LoadedConfig | None = None,
            problems: Problems | None = None) -> Prepared:
    """Load and validate everything; raise ContentError listing every problem found.

    `cache` (a build_cache.ParseCache) lets unchanged files skip parsing; `loaded` and
    `problems` pass on a configuration the caller already read, with what it found wrong."""
    problems = problems or Problems(root=config_path.resolve().parent)
    loaded = loaded or load_config(config_path, problems)
    if loaded is None:  # without a configuration nothing else can be checked
        problems.raise_if_any()
    if base_url:
        loaded.config = loaded.config.model_copy(update={"base_url": _with_slash(base_url)})
    content = load_content(loaded, problems, cache)
    translations = load_translations(loaded.folder("theme"), loaded.config, problems)
    site = build_model(loaded, content, problems)
    problems.raise_if_any()
    return Prepared(loaded, site, translations)


def render_all(prepared: Prepared):
    """Yield (relative path, bytes) for every generated file, in memory (used by `check`)."""
    site = prepared.site
    renderer = Renderer(site, prepared.translations, asset_url(site))
    for ref in site.all_pages:  # the editors' pages, then search and the portfolio's listings
        yield _guarded(site, lambda: renderer.render(ref))
    yield from extra_files(prepared, renderer)


def extra_files(prepared: Prepared, renderer: Renderer):
    """(relative path, bytes) of the site-wide files."""
    for relative, _depends_on, render in extra_outputs(prepared, renderer):
        yield relative, render()


def extra_outputs(prepared: Prepared, renderer: Renderer) -> list[tuple[str, str, Callable[[], bytes]]]:
    """The site-wide files, each with what it depends on beyond the theme and configuration
    (see page_keys.extra_keys), and a function that renders it."""
    site = prepared.site
    default = site.config.default_language

    def page(render):
        return lambda: _guarded(site, render)[1]

    outputs = [("index.html", "structure", page(renderer.render_root))]  # its alternates: which homes exist
    for code in site.config.codes:
        outputs.append((f"{code}/404.html", "menu", page(lambda code=code: renderer.render_404(code))))
    # Static hosts serve /404.html for every unknown address: the default language's page.
    outputs.append(("404.html", "menu", page(lambda: renderer.render_404(default))))
    outputs.append(("_status/translations.html", "versions", page(lambda: translation_status_page(site, renderer))))
    outputs.append((JSON_NAME, "portfolio", lambda: projects_json(site)))
    outputs.append((CSV_NAME, "portfolio", lambda: projects_csv(site)))
    outputs.append(("sitemap.xml", "structure", lambda: sitemap_xml(site)))
    outputs.append(("robots.txt", "site", lambda: robots_txt(site)))
    return outputs


def translation_status_page(site: Site, renderer: Renderer) -> tuple[str, bytes]:
    """A status page for editors, in the default language; search engines are asked not to index it."""
    from generator.translations import MISSING, ORIGINAL, OUTDATED, UP_TO_DATE, statuses_for_site
    default = site.config.default_language
    items = statuses_for_site(site)
    rows: dict[str, list[str]] = {}
    for item in items:
        rows.setdefault(item.page, []).append(item.state)
    env = renderer.envs[default]
    gettext = renderer.translations[default].gettext
    labels = {ORIGINAL: gettext("original"), UP_TO_DATE: gettext("up to date"),
              OUTDATED: gettext("outdated"), MISSING: gettext("missing")}
    html = env.get_template("translation_status.html").render(
        html_lang=site.config.language(default).html_lang,
        site_name=site.config.site_name if isinstance(site.config.site_name, str) else site.config.site_name[default],
        languages=site.config.languages, labels=labels,
        rows=[{"page": page, "states": states} for page, states in rows.items()],
        counts={state: sum(i.state == state for i in items) for state in (UP_TO_DATE, OUTDATED, MISSING)})
    return "_status/translations.html", html.encode("utf-8")


def _guarded(site: Site, render):
    try:
        return render()
    except jinja2.TemplateError as err:
        raise template_error(site, err) from None


def template_error(site: Site, err: jinja2.TemplateError) -> ContentError:
    """A template mistake as `theme/templates/x.html:line: …`, not a traceback."""
    if isinstance(err, jinja2.TemplateSyntaxError):
        return ContentError(_template_problem(site, err.filename or err.name, err.lineno, err.message))
    return ContentError(_template_problem(site, getattr(err, "name", None) or "theme/templates", None, str(err)))


def _template_problem(site: Site, filename, line, message):
    problems = Problems(root=site.root)
    problems.add(Path(filename) if filename else site.theme / "templates", line,
                 f"template error: {message}", "fix the template; variables must exist (strict mode)")
    return problems.items


def asset_url(site: Site):
    base = site.config.base_path + "assets/"
    return lambda name: base + name


def build(config_path: Path, output: Path | None = None, base_url: str | None = None, **options) -> BuildResult:
    """Build the site into `output` (see generator.site_build for how)."""
    from generator.site_build import build as build_site
    return build_site(Path(config_path), output, base_url, **options)


def check(config_path: Path) -> None:
    """Everything a build does except writing: raise ContentError on any problem."""
    prepared = prepare(config_path)
    expected = eu_check.project_expectations(prepared.site, prepared.translations)
    problems = Problems(root=prepared.site.root)
    files = {}
    for relative, data in render_all(prepared):
        files[relative] = data
        if relative in expected:  # EU visibility of every project page, on the HTML as built
            exp, record_path, line = expected[relative]
            for message in eu_check.check_page(relative, data.decode("utf-8"), *exp[1:]):
                problems.add(record_path, line, message,
                             "the block comes from theme/templates/partials/eu_funding.html and theme/locales")
    problems.extend(link_check.check_files(files, prepared.site))  # every internal link, #anchor, asset
    problems.raise_if_any()


def _refuse_dangerous_output(target: Path, loaded: LoadedConfig) -> None:
    """Never replace the site folder itself, the content or the theme (or a folder inside them) with build output."""
    target = target.resolve()
    protected = [loaded.root.resolve(), loaded.folder("content"), loaded.folder("theme")]
    for folder in protected:
        inside = folder != protected[0] and folder in target.parents  # e.g. output: content/en
        if target == folder or target in folder.parents or inside:
            problems = Problems(root=loaded.root)
            problems.add(loaded.path, loaded.doc.line_of(("folders", "output")),
                         f"the output folder '{target}' would replace {folder}",
                         "choose an output folder of its own, e.g. site/")
            raise ContentError(problems.items)


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"
