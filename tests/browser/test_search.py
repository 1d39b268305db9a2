"""Search in every language with Pagefind, from the built folder, with no server-side code:
a Polish query on the Polish search page finds the Polish page of a project and nothing in
another language; the same holds under a strict Content-Security-Policy, where the
schema.org JSON-LD on project pages is data, never executed."""

from __future__ import annotations

import functools
import http.server
import threading
from urllib.parse import urlsplit

import pytest

LANGS = ["en", "sv", "no", "pl", "lt"]
# A partner's name that is on the South Baltic project's page in all five languages: the
# Polish search page must return the Polish page only.
QUERIES = {
    "pl": ("Rietavas", "/pl/projects/south-baltic-creative-clusters/"),
}
STRICT_CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


@pytest.fixture(scope="module")
def base(built_site, serve_dir):
    return serve_dir(built_site)


def search(page, base, lang, query):
    page.goto(base + f"{lang}/search/")
    page.fill("#search-input", query)
    page.press("#search-input", "Enter")
    page.wait_for_function(
        "() => document.querySelectorAll('#search-results li').length > 0"
        " || /\\d/.test(document.getElementById('search-status').textContent)"
    )
    return page.eval_on_selector_all("#search-results a", "els => els.map(e => e.getAttribute('href'))")


def test_polish_search_finds_the_polish_page_and_only_polish_pages(base, page_factory):
    page = page_factory()
    word, expected = QUERIES["pl"]
    found = search(page, base, "pl", word)
    assert expected in found
    assert found and all(url.startswith("/pl/") for url in found), found
    status = page.inner_text("#search-status")
    assert "wynik" in status  # "1 wynik", "3 wyniki", "5 wyników": Polish plural forms
    page.click(f'#search-results a[href="{expected}"]')
    page.wait_for_url("**" + expected)
    assert page.evaluate("() => document.documentElement.lang") == "pl"


def test_a_word_in_one_language_finds_nothing_in_another(base, page_factory):
    page = page_factory()
    # "Południowego" (South, in Polish) is on Polish pages only: the English index has no such word.
    assert search(page, base, "pl", "Południowego")
    assert search(page, base, "en", "Południowego") == []
    assert page.inner_text("#search-status").startswith("0")


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_has_its_own_index(base, page_factory, lang):
    page = page_factory()
    found = search(page, base, lang, "Interreg")
    assert found, f"no result on /{lang}/search/"
    assert all(url.startswith(f"/{lang}/") for url in found), found


def test_the_address_keeps_the_query(base, page_factory):
    page = page_factory()
    page.goto(base + "pl/search/?q=Interreg")
    page.wait_for_selector("#search-results li")
    assert page.input_value("#search-input") == "Interreg"


class _CspHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".json": "application/json",
    }

    def end_headers(self):
        self.send_header("Content-Security-Policy", STRICT_CSP)
        super().end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def csp_base(built_site):
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_CspHandler, directory=str(built_site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_search_and_json_ld_under_a_strict_content_security_policy(csp_base, page_factory):
    """No inline script or style anywhere: nothing is reported as blocked, the search works
    (Pagefind needs only 'wasm-unsafe-eval') and JSON-LD is left alone as data."""
    page = page_factory()
    blocked, hosts = [], set()
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("request", lambda r: hosts.add(urlsplit(r.url).hostname))
    word, expected = QUERIES["pl"]
    found = search(page, csp_base, "pl", word)
    assert expected in found
    page.goto(csp_base + "pl/projects/creative-metropoles/")
    page.goto(csp_base + "pl/")
    page.select_option("#filter-status", "planned")
    assert not blocked, blocked
    page.goto(csp_base + "pl/projects/creative-metropoles/")
    ld = page.eval_on_selector('script[type="application/ld+json"]', "e => JSON.parse(e.textContent)['@type']")
    assert ld == "Project"
    assert not blocked, blocked
    assert hosts == {"127.0.0.1"}  # no request to any other host, search included
