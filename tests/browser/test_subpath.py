"""A site built for a sub-path (a GitHub Pages project site, https://<owner>.github.io/<repo>/)
works when served from that sub-path: every internal link and asset answers 200, every
`#anchor` exists, and Chromium loads every page with no failed request and no
Content-Security-Policy violation. Nothing is ever asked for outside /repo/."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from generator.build.pipeline import build
from tests.tools.sites import ROOT

BASE_URL = "https://example.github.io/repo/"
PREFIX = "/repo/"


class _Links(HTMLParser):
    ATTRS = {"a": ("href",), "link": ("href",), "script": ("src",), "img": ("src",), "source": ("src",)}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        values = {k: v for k, v in attrs if v is not None}
        if "id" in values:
            self.ids.add(values["id"])
        for name in self.ATTRS.get(tag, ()):
            if name in values:
                self.urls.append(values[name])
        if "srcset" in values:
            self.urls += [c.strip().split(" ")[0] for c in values["srcset"].split(",") if c.strip()]


@pytest.fixture(scope="module")
def served(tmp_path_factory, serve_dir) -> tuple[str, Path]:
    output = tmp_path_factory.mktemp("subpath") / "site"
    build(ROOT / "site_config.yml", output, base_url=BASE_URL)
    return serve_dir(output, prefix=PREFIX), output


def _local(url: str, served_base: str) -> str:
    """The site's own absolute addresses (canonical, hreflang) point at the test server."""
    return served_base + url[len(BASE_URL) :] if url.startswith(BASE_URL) else url


def _fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as err:
        return err.code, b"", ""


@pytest.fixture(scope="module")
def crawl(served) -> dict:
    """Follow every internal link from the root over HTTP; record statuses, pages and anchors."""
    base, _output = served
    origin = base[: -len(PREFIX) + 1]
    statuses: dict[str, int] = {}
    pages: dict[str, set[str]] = {}
    fragments: list[tuple[str, str, str]] = []  # (page it is on, target, fragment)
    outside: list[tuple[str, str]] = []
    queue = deque([base])
    while queue:
        url = queue.popleft()
        if url in statuses:
            continue
        status, body, kind = _fetch(url)
        statuses[url] = status
        if status != 200 or "text/html" not in kind:
            continue
        parser = _Links()
        parser.feed(body.decode("utf-8"))
        pages[url] = parser.ids
        for raw in parser.urls:
            absolute = _local(urljoin(url, raw), base)
            if not absolute.startswith(origin):
                continue  # another site
            target, fragment = urldefrag(absolute)
            if not urlsplit(target).path.startswith(PREFIX):
                outside.append((url, raw))
                continue
            if fragment:
                fragments.append((url, target, fragment))
            queue.append(target)
    return {"statuses": statuses, "pages": pages, "fragments": fragments, "outside": outside, "base": base}


def test_every_internal_link_and_asset_answers_200_under_the_sub_path(crawl):
    assert not crawl["outside"], f"links that leave {PREFIX}: {crawl['outside'][:10]}"
    broken = {url: status for url, status in crawl["statuses"].items() if status != 200}
    assert not broken, broken
    assert len(crawl["pages"]) > 40  # every language's pages were reached from the root
    for code in ("en", "sv", "no", "pl", "lt"):
        assert crawl["base"] + f"{code}/" in crawl["pages"], code
    assets = [u for u in crawl["statuses"] if "/assets/" in u]
    assert any(re.search(r"/assets/css/site\.[0-9a-f]{8}\.css$", u) for u in assets), assets


def test_every_anchor_exists_on_its_page(crawl):
    missing = [
        (page, target, fragment)
        for page, target, fragment in crawl["fragments"]
        if fragment != "top" and fragment not in crawl["pages"].get(target, set())
    ]
    assert not missing, missing[:10]


def test_chromium_loads_every_page_without_failures_or_csp_violations(crawl, page_factory):
    page = page_factory()
    problems: list[str] = []
    requested: list[str] = []
    page.on("console", lambda m: m.type in ("error", "warning") and problems.append(f"console {m.type}: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    # A font still loading when the next page is opened is aborted by the browser: not a failure.
    page.on(
        "requestfailed",
        lambda r: "ERR_ABORTED" not in (r.failure or "") and problems.append(f"failed: {r.url} ({r.failure})"),
    )
    page.on("request", lambda r: requested.append(r.url))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"))
    for url in sorted(crawl["pages"]):
        if url.endswith("404.html"):
            continue  # its own status is 200 here; its links are crawled like any other page
        problems_before = len(problems)
        page.goto(url, wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        if len(problems) > problems_before:
            problems.append(f"  … on {url}")
    assert not problems, "\n".join(problems[:30])
    origin = crawl["base"][: -len(PREFIX) + 1]
    stray = [u for u in requested if u.startswith(origin) and not urlsplit(u).path.startswith(PREFIX)]
    assert not stray, stray[:10]


def test_the_fingerprinted_fonts_load_through_the_css_under_the_sub_path(crawl, page_factory):
    """The EU statement is set in the self-hosted font: its url() in the fingerprinted CSS resolves."""
    project = next(u for u in sorted(crawl["pages"]) if "/pl/projects/" in u)
    page = page_factory()
    fonts: list[tuple[str, int]] = []
    page.on("response", lambda r: r.url.endswith(".woff2") and fonts.append((r.url, r.status)))
    page.goto(project, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_load_state("networkidle")
    assert fonts, "no font was requested"
    for url, status in fonts:
        assert status == 200 and urlsplit(url).path.startswith(PREFIX + "assets/fonts/"), (url, status)
        assert re.search(r"\.[0-9a-f]{8}\.woff2$", url), url


def test_search_runs_under_the_sub_path_within_the_content_security_policy(crawl, page_factory):
    """Pagefind (WebAssembly, loaded with import()) works from /repo/ and breaks no policy."""
    search = crawl["base"] + "en/search/"
    if search not in crawl["pages"]:
        pytest.skip("this site has no search page")
    page = page_factory()
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"))
    page.goto(search, wait_until="load")
    page.fill("#search-input", "creative")
    page.press("#search-input", "Enter")
    page.wait_for_selector("#search-results li a", timeout=30_000)
    hrefs = page.eval_on_selector_all("#search-results li a", "links => links.map(a => a.getAttribute('href'))")
    assert hrefs and all(urlsplit(h).path.startswith(PREFIX + "en/") for h in hrefs), hrefs
    assert not problems, problems
