"""Every internal link, `#anchor` and asset reference works, in every language; a broken one
is reported against the content file that produced it."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.build.pipeline import prepare
from generator.publish.links import LinkChecker, check_files, check_folder
from tests.tools.sites import ROOT, copy_real_site, make_site, run_cli, write


def append(path: Path, text: str) -> int:
    """Append a paragraph to a Markdown page; return the line it is on."""
    current = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(current + "\n\n" + text + "\n", encoding="utf-8")
    return current.count("\n") + 3


# -- the shipped site -------------------------------------------------------------------


def test_the_real_site_has_no_broken_links_in_any_language(built_site):
    site = prepare(ROOT / "site_config.yml").site
    assert check_folder(built_site, site) == []
    # …and the checker did look: every language's pages link to each other and to assets.
    files = {
        p.relative_to(built_site).as_posix(): p.read_bytes()
        for p in built_site.rglob("*")
        if p.is_file() and p.suffix not in (".gz", ".br")
    }
    checker = LinkChecker(files, site.config.base_url)
    internal = 0
    for code in site.config.codes:
        for relative in (f"{code}/index.html", f"{code}/about/index.html"):
            for ref in checker.parsed(relative).references:
                kind, target, _ = checker.resolve(ref.url, relative)
                internal += kind == "internal" and target is not None
    assert internal > 100


def test_eupages_check_passes_on_the_real_content():
    result = run_cli(ROOT, "check")
    assert result.returncode == 0, result.stderr


def test_external_links_on_the_real_site_open_without_opener_access(built_site):
    host = urlsplit(prepare(ROOT / "site_config.yml").site.config.base_url).netloc

    class Links(HTMLParser):
        def __init__(self):
            super().__init__()
            self.bad: list[str] = []

        def handle_starttag(self, tag, attrs):
            values = dict(attrs)
            href = values.get("href") or ""
            if tag == "a" and re.match(r"^(https?:)?//", href) and urlsplit(href).netloc != host:
                if "noopener" not in (values.get("rel") or "").split():
                    self.bad.append(href)

    bad = {}
    for path in sorted(built_site.rglob("*.html")):
        parser = Links()
        parser.feed(path.read_text(encoding="utf-8"))
        if parser.bad:
            bad[path.relative_to(built_site).as_posix()] = parser.bad
    assert not bad, bad


# -- broken links in a copy of the real site --------------------------------------------


def test_a_markdown_link_to_a_missing_page_is_reported_with_its_source_file(tmp_path):
    root = copy_real_site(tmp_path / "site_src")
    line = append(root / "content/pl/about.md", "Zobacz [stronę, której nie ma](../no-such-page/).")
    result = run_cli(root, "check")
    assert result.returncode == 1
    assert (
        f"content/pl/about.md:{line}: broken link '../no-such-page/' on pl/about/index.html: "
        "there is no page or file at /pl/no-such-page/"
    ) in result.stderr
    assert "Traceback" not in result.stderr

    built = run_cli(root, "build")
    assert built.returncode == 1 and "nothing was published" in built.stderr
    assert f"content/pl/about.md:{line}: broken link '../no-such-page/'" in built.stderr
    assert not (root / "site").exists()


def test_a_missing_anchor_is_reported_and_a_real_one_is_not(tmp_path):
    root = copy_real_site(tmp_path / "site_src")
    line = append(
        root / "content/sv/index.md",
        "Se [fel avsnitt](projects/creative-metropoles/#no-such-section), "
        "[rätt avsnitt](projects/creative-metropoles/#main) och [här](#main).",
    )
    result = run_cli(root, "check")
    assert result.returncode == 1
    problems = [row for row in result.stderr.splitlines() if "broken link" in row]
    assert problems == [
        f"content/sv/index.md:{line}: broken link 'projects/creative-metropoles/#no-such-section' on sv/index.html: "
        "there is no element with id 'no-such-section' on sv/projects/creative-metropoles/index.html "
        "— correct the address in the page's text"
    ]


# -- smaller sites for the other cases --------------------------------------------------

PAGE = "---\ntitle: {title}\nsummary: A page.\n---\n\n{body}\n"


def test_a_broken_link_on_a_page_shown_as_fallback_is_reported_once_for_all_languages(tmp_path):
    root = make_site(tmp_path)
    write(root / "content/en/extra.md", PAGE.format(title="Extra", body="A [dead link](../gone/)."))
    result = run_cli(root, "check")
    assert result.returncode == 1
    lines = [row for row in result.stderr.splitlines() if "broken link" in row]
    assert lines == [
        "content/en/extra.md:6: broken link '../gone/' on en/extra/index.html, lt/extra/index.html, "
        "no/extra/index.html and 2 more: there is no page or file at /en/gone/ — correct the address "
        "in the page's text"
    ]


def test_broken_asset_references_in_markdown_and_css_are_reported(tmp_path):
    root = make_site(tmp_path)
    write(root / "content/en/about.md", PAGE.format(title="About", body="![Logo](/assets/img/missing.png)"))
    css = root / "theme/static/css/site.css"
    line = append(css, ".x { background: url(../img/nope.png); }")
    result = run_cli(root, "check")
    assert result.returncode == 1
    # make_site has English pages only: the other languages show them as fallbacks.
    assert (
        "content/en/about.md:6: broken link '/assets/img/missing.png' on en/about/index.html, lt/about/index.html, "
        "no/about/index.html and 2 more: there is no page or file at /assets/img/missing.png"
    ) in result.stderr
    assert (
        f"theme/static/css/site.css:{line}: broken link '../img/nope.png' on assets/css/site.css: "
        "there is no file at /assets/img/nope.png"
    ) in result.stderr


def test_under_a_sub_path_a_link_from_the_domain_root_is_reported(tmp_path):
    root = make_site(tmp_path)
    write(root / "content/en/about.md", PAGE.format(title="About", body="[Home](/en/) and [fine](../)."))
    result = run_cli(root, "build", "--base-url", "https://example.github.io/repo/")
    assert result.returncode == 1
    lines = [row for row in result.stderr.splitlines() if "broken link" in row]
    assert len(lines) == 1
    assert lines[0].startswith(
        "content/en/about.md:6: broken link '/en/' on en/about/index.html, lt/about/index.html, "
        "no/about/index.html and 2 more: leads outside the site's base path /repo/"
    )
    # At the domain root the same link is fine.
    assert run_cli(root, "build").returncode == 0


def test_external_images_are_reported_because_the_csp_blocks_them(tmp_path):
    root = make_site(tmp_path)
    write(
        root / "content/en/about.md",
        PAGE.format(
            title="About", body="![x](https://elsewhere.example/x.png) [a link is fine](https://elsewhere.example/)"
        ),
    )
    result = run_cli(root, "check")
    assert result.returncode == 1
    lines = [row for row in result.stderr.splitlines() if "broken link" in row]
    assert len(lines) == 1 and "'https://elsewhere.example/x.png'" in lines[0]
    assert "Content-Security-Policy blocks" in lines[0]


# -- the checker on its own -------------------------------------------------------------

BASE = "https://example.org/repo/"


def _problems(files: dict[str, str | bytes]) -> list[tuple[str, str, str]]:
    checker = LinkChecker({k: v if isinstance(v, bytes) else v.encode() for k, v in files.items()}, BASE)
    return [(b.page, b.url, b.reason) for b in checker.check_all()]


def test_links_resolve_like_a_browser_under_the_base_path():
    files = {
        "en/index.html": '<h2 id="a">A</h2><a href="#a">1</a><a href="#top">2</a><a href="">3</a>'
        '<a href="about/">4</a><a href="about">5</a><a href="/repo/en/about/#s">6</a>'
        '<a href="https://example.org/repo/en/about/?x=1">7</a><a href="../">8</a>'
        '<a href="mailto:a@b.c">9</a><a href="https://other.org/x">10</a>'
        '<a href="about/index.html">11</a><a href="./about/../about/">12</a>'
        '<img src="/repo/assets/i%20x.png" srcset="/repo/assets/i%20x.png 1x, ../assets/i%20x.png 2x">',
        "en/about/index.html": '<p id="s">s</p>',
        "index.html": "<a href='en/'>en</a>",
        "assets/i x.png": "",
    }
    assert _problems(files) == []


def test_each_kind_of_broken_link_has_its_reason():
    files = {
        "en/index.html": '<a href="#nope">1</a><a href="missing/">2</a><a href="../../../etc/passwd">3</a>'
        '<a href="/en/">4</a><a href="javascript:alert(1)">5</a>'
        '<script src="https://cdn.example/x.js"></script><link rel="stylesheet" href="https://cdn.example/x.css">'
        '<link rel="alternate" href="https://other.org/feed">'
        '<a href="about/#nope">6</a>',
        "en/about/index.html": "<p>about</p>",
        "en/404.html": '<a href="../">home</a><a href="/repo/en/">ok</a>',
    }
    found = _problems(files)
    reasons = {url: reason for _page, url, reason in found}
    assert reasons["#nope"] == "there is no element with id 'nope' on en/index.html"
    assert reasons["missing/"] == "there is no page or file at /repo/en/missing/"
    assert reasons["../../../etc/passwd"].startswith("leads outside the site's base path /repo/")
    assert reasons["/en/"].startswith("leads outside the site's base path /repo/")
    assert reasons["javascript:alert(1)"] == "a 'javascript:' address is not allowed in a link"
    assert "Content-Security-Policy" in reasons["https://cdn.example/x.js"]
    assert "Content-Security-Policy" in reasons["https://cdn.example/x.css"]
    assert "https://other.org/feed" not in reasons
    assert reasons["about/#nope"] == "there is no element with id 'nope' on en/about/index.html"
    assert reasons["../"].startswith("a relative address on a 404 page")
    assert len(found) == 9


def test_full_addresses_on_the_sites_host_are_the_authors_in_links_and_checked_in_link_tags():
    files = {
        "en/index.html": '<a href="https://example.org/contact">contact</a><a href="https://example.org/repo/en/gone/">x</a>'
        '<link rel="canonical" href="https://example.org/repo/en/">'
        '<link rel="alternate" hreflang="sv" href="https://example.org/repo/sv/">',
    }
    assert [(url, reason) for _page, url, reason in _problems(files)] == [
        ("https://example.org/repo/sv/", "there is no page or file at /repo/sv/")
    ]


def test_check_files_adds_the_theme_assets_for_pages_in_memory(tmp_path):
    root = make_site(tmp_path)
    site = prepare(root / "site_config.yml").site
    page = b'<link rel="stylesheet" href="/assets/css/site.css"><img src="/assets/css/none.png">'
    problems = check_files({"en/index.html": page}, site)
    assert [p.message.split(":")[0] for p in problems] == ["broken link '/assets/css/none.png' on en/index.html"]


@pytest.mark.parametrize(
    "html",
    [
        "<a href='x",
        "<a href=>",
        "<<a>>",
        "<a href='%zz'>",
        b"\x00\xff<a href='\xfe'>",
        "<a href='http://[::1'>",
        "<img srcset=','>",
    ],
)
def test_malformed_html_does_not_crash_the_checker(html):
    _problems({"en/index.html": html})
