"""Every generated page passes the Nu HTML Checker with zero errors: the real site, and a site
whose Markdown uses everything that turns into HTML (tables with alignment, raw HTML that is
sanitized, non-ASCII headings, images, external links)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build.pipeline import build
from tests.tools.sites import make_site, write
from tests.tools.vnu import format_errors, validate_files

TRICKY = """---
title: "Über <Grenzen> & Ziele"
summary: "A page that uses \\"everything\\" Markdown can do."
---

## Cele i rezultaty — Łódź, Vilnius, Östersund

| Year | Amount | Note |
|:-----|-------:|:----:|
| 2011 | 1 095 400 | staff |
| 2012 | 1 692 400 | *travel* |

Raw HTML that is cleaned: <span onclick="alert(1)" style="color:red">text</span>,
<abbr title="European Regional Development Fund">ERDF</abbr>, CO<sub>2</sub>, <font color="red">old</font>.

<div class="x" onmouseover="x()"><p>A block</p><script>alert(1)</script><iframe src="https://x.example/"></iframe></div>

<table><tr><td align="right" width="10">legacy</td></tr></table>

An [external link](https://europa.eu/) and a [link to a section](#cele-i-rezultaty-odz-vilnius-ostersund),
an image ![Map of the region](data:image/gif;base64,R0lGODlhAQABAAAAACw=) and `<code>`.

1. one
2. two
   - nested

> A quotation.

---

### Heading with `code` and **bold**
"""


@pytest.fixture(scope="module")
def tricky_site(tmp_path_factory) -> Path:
    root = make_site(tmp_path_factory.mktemp("tricky"))
    write(root / "content/en/about.md", TRICKY)
    output = root / "site"
    build(root / "site_config.yml", output, base_url="https://example.github.io/repo/")
    return output


def test_every_page_of_the_real_site_and_of_a_tricky_site_is_valid_html(built_site, tricky_site):
    pages = sorted(built_site.rglob("*.html")) + sorted(tricky_site.rglob("*.html"))
    assert len(pages) > 50
    errors = validate_files(pages)
    assert set(errors) >= set(p.resolve() for p in pages)
    assert not any(errors.values()), format_errors({k: v for k, v in errors.items() if v})


def test_the_tricky_page_kept_its_harmless_markup(tricky_site):
    html = (tricky_site / "en/about/index.html").read_text(encoding="utf-8")
    assert '<th class="align-right">Amount</th>' in html and '<td class="align-center">staff</td>' in html
    assert '<abbr title="European Regional Development Fund">ERDF</abbr>' in html
    assert '<a href="https://europa.eu/" rel="noopener">external link</a>' in html
    assert "onclick" not in html and "alert(1)" not in html and "<iframe" not in html and "<font" not in html
    assert "&lt;Grenzen&gt; &amp; Ziele" in html
