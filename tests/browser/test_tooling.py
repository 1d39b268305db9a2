"""Self-test of the browser tooling: Chromium via Playwright, serve_dir
(also under a sub-path) and axe-core injection."""

import urllib.error
import urllib.request

import pytest

from tests.tools.axe import format_violations, run_axe

GOOD = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'none'">
<title>Tooling self-test</title>
</head>
<body>
<header><a href="#main">Skip to content</a></header>
<main id="main"><h1>Hello</h1><p>Plain, accessible page.</p>
<a href="sub/">A sub-folder</a></main>
</body>
</html>
"""

BAD = """<!doctype html>
<html>
<head><title>Bad</title></head>
<body><main><img src="x.png"><a href="#"></a></main></body>
</html>
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    (root / "index.html").write_text(GOOD, encoding="utf-8")
    (root / "bad.html").write_text(BAD, encoding="utf-8")
    (root / "sub").mkdir()
    (root / "sub" / "index.html").write_text(GOOD.replace("Hello", "Sub"), encoding="utf-8")
    return root


def test_chromium_runs(browser, page_factory):
    assert browser.version.split(".")[0].isdigit()
    page = page_factory(viewport=(375, 667))
    page.goto("data:text/html,<title>x</title><p id=p>hi</p>")
    assert page.inner_text("#p") == "hi"
    assert page.viewport_size == {"width": 375, "height": 667}
    assert page.evaluate("() => window.innerWidth") == 375


def test_javascript_can_be_disabled(page_factory):
    page = page_factory(javascript_enabled=False)
    page.goto("data:text/html,<p id=p>static</p><script>document.getElementById('p').textContent='js'</script>")
    assert page.inner_text("#p") == "static"


def test_axe_on_served_page(serve_dir, page_factory, site):
    base = serve_dir(site)
    assert base.startswith("http://127.0.0.1:") and base.endswith("/")
    page = page_factory()
    response = page.goto(base)
    assert response.status == 200
    assert page.title() == "Tooling self-test"
    violations = run_axe(page)  # the page's CSP forbids scripts: axe still runs
    assert violations == [], format_violations(violations)

    page.goto(base + "bad.html")
    ids = {v["id"] for v in run_axe(page)}
    assert {"image-alt", "html-has-lang"} <= ids


def test_serve_dir_under_prefix(serve_dir, page_factory, site):
    base = serve_dir(site, prefix="/repo/")
    assert base.endswith("/repo/")
    origin = base[: -len("repo/")]
    page = page_factory()
    assert page.goto(base).status == 200
    page.click("text=A sub-folder")
    page.wait_for_url(base + "sub/")
    assert page.inner_text("h1") == "Sub"
    # "/repo" redirects to "/repo/"; paths outside the prefix do not exist.
    assert page.goto(origin + "repo").url == base
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(origin + "index.html")
    assert err.value.code == 404
