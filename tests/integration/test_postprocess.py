"""Post-processing of the built site: fingerprinted assets, pre-compressed copies, _headers."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

import brotli
import pytest

from generator.build.pipeline import build
from generator.publish.assets import fingerprint_assets
from generator.publish.staging import COMPRESSED, gzip_bytes
from generator.render.environment import CSP, with_csp
from tests.tools.sites import ROOT, make_site, write

HASHED = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{8})(?P<suffix>\.[a-z0-9]+)$")
CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = make_site(tmp_path_factory.mktemp("postprocess"))
    output = root / "site"
    build(root / "site_config.yml", output, base_url="https://example.org/repo/", precompress=True)
    return output


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


# -- fingerprints -----------------------------------------------------------------------


def test_css_js_and_fonts_have_fingerprinted_names_and_no_unversioned_copy(site):
    static = ROOT / "theme" / "static"
    for source in sorted(static.rglob("*")):
        if not source.is_file():
            continue
        relative = "assets/" + source.relative_to(static).as_posix()
        if source.suffix in (".css", ".js", ".woff2"):
            assert not (site / relative).exists(), f"{relative} was published under its plain name"
            matches = [
                f
                for f in _files(site)
                if f.startswith(relative[: -len(source.suffix)] + ".")
                and HASHED.match(f.rsplit("/", 1)[-1])
                and not f.endswith((".gz", ".br"))
            ]
            assert len(matches) == 1, (relative, matches)
        else:
            assert (site / relative).is_file(), relative  # licences, READMEs, images keep their names


def test_the_fingerprint_is_the_hash_of_the_published_bytes(site):
    for relative in _files(site):
        name = relative.rsplit("/", 1)[-1]
        match = HASHED.match(name)
        if not relative.startswith("assets/") or not match or relative.endswith((".gz", ".br")):
            continue
        digest = hashlib.sha256((site / relative).read_bytes()).hexdigest()[:8]
        assert match["hash"] == digest, relative


def test_pages_reference_the_fingerprinted_files_under_the_base_path(site):
    html = (site / "en" / "index.html").read_text(encoding="utf-8")
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)">', html)
    assert stylesheets and all(re.fullmatch(r"/repo/assets/css/[a-z-]+\.[0-9a-f]{8}\.css", s) for s in stylesheets)
    for href in stylesheets:
        assert (site / href[len("/repo/") :]).is_file()
    root = (site / "index.html").read_text(encoding="utf-8")
    (script,) = re.findall(r'<script src="([^"]+)"', root)
    assert re.fullmatch(r"/repo/assets/js/choose-language\.[0-9a-f]{8}\.js", script)
    assert (site / script[len("/repo/") :]).is_file()


def test_font_urls_in_css_point_at_the_fingerprinted_fonts(site):
    css_files = [site / f for f in _files(site) if f.startswith("assets/css/") and f.endswith(".css")]
    fonts_seen = 0
    for css in css_files:
        for url in re.findall(r"url\(([^)]+)\)", css.read_text(encoding="utf-8")):
            url = url.strip("'\"")
            if url.startswith(("data:", "#")):
                continue  # inline data, or an element of the page itself (the charts' patterns)
            assert HASHED.match(url.rsplit("/", 1)[-1]), f"{css.name}: {url} is not fingerprinted"
            assert (css.parent / url).resolve().is_file(), f"{css.name}: {url} does not exist"
            fonts_seen += url.endswith(".woff2")
    assert fonts_seen >= 4


def test_fingerprinting_rewrites_relative_absolute_and_imported_references_in_css(tmp_path):
    folder = tmp_path / "site"
    write(
        folder / "assets/css/a.css",
        '@import "b.css";\nbody { background: url("../img/x.png?v=1#f"); }\n'
        "@font-face { src: url(../fonts/f.woff2) format('woff2'); }\n",
    )
    write(
        folder / "assets/css/b.css",
        "p { background: url('/repo/assets/img/y.svg'); }\n@font-face { src: url( /repo/assets/fonts/f.woff2 ); }\n",
    )
    write(folder / "assets/fonts/f.woff2", "FONT")
    write(folder / "assets/img/x.png", "PNG")
    write(folder / "assets/img/y.svg", "<svg/>")
    write(folder / "assets/js/app.js", "console.log(1)")
    # Pages need no rewriting: the build fingerprints before rendering and templates write these names.
    renamed = fingerprint_assets(folder, "https://example.org/repo/")
    font, b_css, a_css, js = (
        renamed[k] for k in ("assets/fonts/f.woff2", "assets/css/b.css", "assets/css/a.css", "assets/js/app.js")
    )
    assert "assets/img/x.png" not in renamed  # images keep their names
    b_text = (folder / b_css).read_text()
    assert f"url( /repo/{font} )" in b_text and "url('/repo/assets/img/y.svg')" in b_text
    a_text = (folder / a_css).read_text()
    assert f'@import "{b_css.rsplit("/", 1)[1]}";' in a_text  # b's new name, so a's hash covers it
    assert f"url(../fonts/{font.rsplit('/', 1)[1]})" in a_text and 'url("../img/x.png?v=1#f")' in a_text
    assert js.startswith("assets/js/app.") and js.endswith(".js")
    for new in renamed.values():
        assert (folder / new).is_file()
    assert not (folder / "assets/css/a.css").exists()


def test_a_changed_font_changes_the_name_of_the_css_that_uses_it(tmp_path):
    names = []
    for content in ("FONT-1", "FONT-2"):
        folder = tmp_path / content / "site"
        write(folder / "assets/css/a.css", "@font-face { src: url(../fonts/f.woff2); }\n")
        write(folder / "assets/fonts/f.woff2", content)
        names.append(fingerprint_assets(folder, "https://example.org/")["assets/css/a.css"])
    assert names[0] != names[1]


# -- pre-compressed copies --------------------------------------------------------------


def test_every_text_file_has_gz_and_br_copies_that_round_trip(site):
    checked = 0
    for relative in _files(site):
        path = site / relative
        if path.suffix not in COMPRESSED:
            continue
        data = path.read_bytes()
        for suffix, unpack in ((".gz", gzip.decompress), (".br", brotli.decompress)):
            copy = path.with_name(path.name + suffix)
            if len(data) < 100 and not copy.exists():
                continue  # too small to gain anything from compression
            assert copy.is_file(), f"{relative}{suffix} is missing"
            assert unpack(copy.read_bytes()) == data, f"{relative}{suffix} does not decompress to the file"
            assert copy.stat().st_size < len(data)
            checked += 1
    assert checked > 40
    assert (site / "en/index.html.gz").is_file() and (site / "en/index.html.br").is_file()


def test_binary_files_are_not_compressed_again(site):
    assert not [f for f in _files(site) if f.endswith((".woff2.gz", ".woff2.br", ".png.gz", ".gz.gz", ".br.br"))]


def test_gzip_copies_carry_no_time_and_no_file_name(site):
    data = (site / "en/index.html.gz").read_bytes()
    assert data[:3] == b"\x1f\x8b\x08"
    assert data[3] & 0x08 == 0, "FNAME flag set: the file name is stored"
    assert data[4:8] == b"\0\0\0\0", "mtime is not 0"
    assert gzip_bytes(b"x" * 1000) == gzip_bytes(b"x" * 1000)


# -- _headers ---------------------------------------------------------------------------


def _rules(text: str) -> dict[str, dict[str, str]]:
    rules: dict[str, dict[str, str]] = {}
    current = None
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            current = rules.setdefault(line.strip(), {})
        else:
            name, _, value = line.strip().partition(":")
            current[name.strip()] = value.strip()
    return rules


def _matching(rules: dict, address: str) -> dict:
    """Every header the host sends for `address`: all rules whose pattern matches it, combined."""
    combined: dict[str, list[str]] = {}
    for pattern, headers in rules.items():
        prefix = pattern[:-1] if pattern.endswith("*") else None
        if pattern == address or (prefix is not None and address.startswith(prefix)):
            for name, value in headers.items():
                combined.setdefault(name, []).append(value)
    return combined


def test_headers_file_has_security_headers_for_every_address(site):
    rules = _rules((site / "_headers").read_text(encoding="utf-8"))
    everything = rules["/*"]
    assert everything["X-Content-Type-Options"] == "nosniff"
    assert everything["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in everything["Permissions-Policy"] and "geolocation=()" in everything["Permissions-Policy"]
    # Caching is per file or folder, so no two rules ever combine into a contradiction.
    assert "Cache-Control" not in everything
    assert len(rules) < 100, "some hosts accept only about a hundred rules"


def test_the_csp_header_with_each_pages_meta_policy_keeps_pages_strict(site):
    rules = _rules((site / "_headers").read_text(encoding="utf-8"))
    header = rules["/*"]["Content-Security-Policy"]
    assert (
        header == CSP.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'") + "; frame-ancestors 'none'"
    )
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        relative = path.relative_to(site).as_posix()
        (meta,) = CSP_META.findall(path.read_text(encoding="utf-8"))
        assert "'unsafe-inline'" not in meta and "'unsafe-eval'" not in meta, relative
        # Every page has the site's policy; a page that runs WebAssembly (search) may add only that.
        # The browser enforces header and meta together, so other pages keep the stricter meta.
        assert meta.replace(" 'wasm-unsafe-eval'", "") == CSP, relative
        assert _matching(rules, "/" + relative)["Content-Security-Policy"] == [header], relative


def test_fingerprinted_files_are_cached_for_a_year_and_pages_briefly(site):
    rules = _rules((site / "_headers").read_text(encoding="utf-8"))
    hashed = [
        f
        for f in _files(site)
        if f.startswith("assets/") and HASHED.match(f.rsplit("/", 1)[-1]) and not f.endswith((".gz", ".br"))
    ]
    assert len(hashed) >= 7
    for relative in hashed:
        assert _matching(rules, "/" + relative)["Cache-Control"] == ["public, max-age=31536000, immutable"], relative
    for address in (
        "/en/",
        "/en/index.html",
        "/en/about/",
        "/index.html",
        "/",
        "/404.html",
        "/sitemap.xml",
        "/pl/projects/urban-creative-poles/",
    ):
        (cache,) = _matching(rules, address)["Cache-Control"]
        assert "immutable" not in cache and re.search(r"max-age=(\d+)", cache), address
        assert int(re.search(r"max-age=(\d+)", cache).group(1)) <= 3600, address
    assert not any(a.endswith((".gz", ".br")) for a in rules)


def test_a_page_without_a_csp_gets_one():
    a = with_csp('<!doctype html><html><head><meta charset="utf-8"><title>x</title></head></html>')
    b = (
        '<!doctype html><html><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}"></head></html>'
    )
    assert a.startswith('<!doctype html><html><head><meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy"')
    assert with_csp(b) == b and b.count("Content-Security-Policy") == 1


def test_the_build_adds_the_csp_to_a_theme_template_that_lacks_it(tmp_path):
    root = make_site(tmp_path)
    base = root / "theme/templates/partials/head_start.html"
    text = base.read_text(encoding="utf-8")
    start = text.index('<meta http-equiv="Content-Security-Policy"')
    base.write_text(text[:start] + text[text.index(">", start) + 1 :], encoding="utf-8")
    build(root / "site_config.yml", root / "site", search=False)
    page = (root / "site/en/about/index.html").read_text(encoding="utf-8")
    assert page.count('http-equiv="Content-Security-Policy"') == 1
