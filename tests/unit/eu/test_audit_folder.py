"""`eupages audit FOLDER`: pages of any static site, judged by their own markup — the period's
wording in the page's language, the logos around the block, the stylesheets the page links,
the emblem files it points at, and the declared Interreg brand form."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from generator.eu.audit import SiteFiles, audit_folder, audit_page, infer_base_path
from generator.eu.emblem import emblem_svg

EMBLEM = emblem_svg(48, title="Flag of the European Union", title_id="t")
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def page(lang: str, body: str, head: str = "") -> str:
    return f'<!doctype html><html lang="{lang}"><head><title>T</title>{head}</head><body>{body}</body></html>'


def block(lines: list[str], period: str | None = "2021-2027", emblem: str = EMBLEM) -> str:
    period_attr = f' data-eu-period="{period}"' if period else ""
    spans = "".join(f'<span class="eu-statement-line">{line}</span> ' for line in lines)
    return f'<section class="eu-funding"{period_attr} aria-label="EU">{emblem}<p class="eu-statement">{spans}</p></section>'


def audit(html: str, site: SiteFiles | None = None, name: str = "x/index.html"):
    return audit_page(name, html, site=site)


def write(root: Path, rel: str, data: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


# --- which pages are EU funded ----------------------------------------------------------


def test_a_page_without_block_or_emblem_is_not_eu_funded_and_passes() -> None:
    result = audit(page("en", "<h1>UNESCO Creative Cities</h1><p>European Union partners.</p>"))
    assert not result.eu_funded and result.problems == [] and result.notices == []


def test_an_emblem_without_the_block_makes_the_page_eu_funded() -> None:
    result = audit(page("en", f"<header>{EMBLEM}</header>"))
    assert result.eu_funded
    assert any("no .eu-funding block — put the emblem and the statement together in" in p for p in result.problems)


def test_an_unmarked_flag_image_counts_as_an_emblem_that_cannot_be_checked() -> None:
    result = audit(page("en", '<footer><img src="/img/flag_of_europe.svg" alt="" width="60" height="40"></footer>'))
    assert result.eu_funded
    assert any("looks like the EU emblem" in p and "flag_of_europe.svg" in p for p in result.problems)


# --- the period's wording in the page's language -----------------------------------------


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        ("en", ["Co-funded by the European Union"]),
        ("en", ["Funded by the European Union"]),
        ("sv", ["Medfinansieras av Europeiska unionen"]),
        ("pl", ["Współfinansowane przez Unię Europejską"]),
        ("pl", ["Dofinansowane przez Unię Europejską"]),
        ("lt", ["Bendrai finansuoja Europos Sąjunga"]),
        ("en-GB", ["Co-funded by the European Union"]),
    ],
)
def test_2021_2027_statements_pass(lang: str, lines: list[str]) -> None:
    assert audit(page(lang, block(lines))).problems == []


def test_2021_2027_statement_in_another_language_fails() -> None:
    [problem] = audit(page("sv", block(["Co-funded by the European Union"]))).problems
    assert "does not say 'Medfinansieras av Europeiska unionen'" in problem


def test_2021_2027_statement_cut_short_fails() -> None:
    [problem] = audit(page("en", block(["European Union"]))).problems
    assert "the 2021-2027 statement does not say 'Co-funded by the European Union'" in problem


def test_2014_2020_needs_the_union_in_full_and_the_fund() -> None:
    good = block(["European Union", "European Regional Development Fund"], period="2014-2020")
    assert audit(page("en", good)).problems == []
    [problem] = audit(page("en", block(["EU", "European Regional Development Fund"], period="2014-2020"))).problems
    assert "does not say 'European Union' in full" in problem
    [problem] = audit(page("en", block(["European Union"], period="2014-2020"))).problems
    assert "the 2014-2020 statement does not name the fund" in problem


def test_2014_2020_fund_may_be_named_elsewhere_on_the_page() -> None:
    html = page("en", block(["European Union"], period="2014-2020") + "<p>Funded by the Cohesion Fund.</p>")
    assert audit(html).problems == []


def test_2007_2013_needs_union_fund_and_added_value() -> None:
    lines = ["Unia Europejska", "Europejski Fundusz Rozwoju Regionalnego", "Inwestujemy w Waszą przyszłość"]
    assert audit(page("pl", block(lines, period="2007-2013"))).problems == []
    own = ["European Union", "European Regional Development Fund", "Shaping the South Baltic together"]
    assert audit(page("en", block(own, period="2007-2013"))).problems == []  # a programme's own statement
    [problem] = audit(page("pl", block(lines[:2], period="2007-2013"))).problems
    assert "the 2007-2013 statement has no statement of the EU's added value" in problem
    assert "'Inwestujemy w Waszą przyszłość'" in problem
    [problem] = audit(page("pl", block([lines[0], lines[2]], period="2007-2013"))).problems
    assert "does not name the fund" in problem


def test_two_funds_pass() -> None:
    lines = [
        "European Union",
        "European Regional Development Fund",
        "European Neighbourhood and Partnership Instrument",
    ]
    assert audit(page("en", block(lines + ["Investing in your future"], period="2007-2013"))).problems == []


def test_an_unknown_fund_name_in_another_language_is_a_notice_not_a_failure() -> None:
    lines = ["Europeiska unionen", "Europeiska fonden för något nytt", "Vi investerar i din framtid"]
    result = audit(page("sv", block(lines, period="2007-2013")))
    assert result.problems == []
    [notice] = result.notices
    assert notice.startswith("x/index.html: notice: cannot recognise a fund's name")


def test_a_language_without_known_wording_gets_a_notice() -> None:
    result = audit(page("de", block(["Kofinanziert von der Europäischen Union"])))
    assert result.problems == []
    [notice] = result.notices
    assert "cannot check the statement's wording in language 'de'" in notice


def test_norwegian_wording_is_checked_but_only_noticed() -> None:
    assert audit(page("nb", block(["Medfinansiert av Den europeiske union"]))).notices == []
    result = audit(page("nb", block(["Medfinansiert av EU"])))
    assert result.problems == [] and len(result.notices) == 1
    assert "not an official EU language" in result.notices[0]


def test_a_missing_period_is_inferred_from_2021_2027_wording_or_reported() -> None:
    assert audit(page("en", block(["Co-funded by the European Union"], period=None))).problems == []
    [problem] = audit(page("en", block(["European Union", "European Social Fund"], period=None))).problems
    assert problem == (
        "x/index.html: cannot tell the programming period — add data-eu-period (2007-2013, 2014-2020 or 2021-2027)"
        " to the .eu-funding block"
    )


def test_an_unknown_period_fails() -> None:
    [problem] = audit(page("en", block(["Co-funded by the European Union"], period="2028-2034"))).problems
    assert "data-eu-period='2028-2034' is not a programming period" in problem


def test_a_page_without_language_fails() -> None:
    html = page("en", block(["Co-funded by the European Union"])).replace(' lang="en"', "")
    assert any("does not say its language" in p for p in audit(html).problems)


def test_a_statement_marked_as_another_language_fails() -> None:
    html = page(
        "pl",
        block(["Współfinansowane przez Unię Europejską"]).replace(
            'class="eu-statement"', 'class="eu-statement" lang="en"'
        ),
    )
    assert any("marked as language 'en'" in p for p in audit(html).problems)


# --- other logos: none larger than the emblem ---------------------------------------------

BIG = '<img src="/img/partner.png" width="300" height="100" alt="Partner">'


def test_an_untagged_bigger_image_right_after_the_block_fails() -> None:
    html = page("en", block(["Co-funded by the European Union"]) + BIG + "<p>The project…</p>")
    [problem] = audit(html).problems
    assert problem == (
        "x/index.html: logo /img/partner.png is 300×100 px, larger than the EU emblem (72×48 px)"
        " — show it no larger than the EU emblem: at most 72×48 px"
    )


def test_images_inside_the_block_or_just_before_it_count_too() -> None:
    inside = block(["Co-funded by the European Union"]).replace("</section>", BIG + "</section>")
    assert audit(page("en", inside)).problems
    assert audit(page("en", "<div>" + BIG + "</div>" + block(["Co-funded by the European Union"]))).problems


def test_a_tagged_logo_anywhere_counts() -> None:
    for img in (
        '<img class="partner-logo" src="/a.png" width="100" height="60" alt="A">',
        '<img src="/img/logo-acme.png" width="100" height="60" alt="">',
        '<img src="/a.png" width="100" height="60" alt="Acme logo">',
    ):
        html = page("en", block(["Co-funded by the European Union"]) + "<h2>Partners</h2><footer>" + img + "</footer>")
        assert any("larger than the EU emblem" in p for p in audit(html).problems), img


def test_content_images_further_down_are_not_logos() -> None:
    html = page("en", block(["Co-funded by the European Union"]) + "<p>Our workshop:</p>" + BIG)
    assert audit(html).problems == []


def test_a_logo_without_size_fails_and_a_smaller_one_passes() -> None:
    sized = (
        block(["Co-funded by the European Union"])
        + '<p class="eu-logos"><img class="eu-logo" src="/a.svg" alt="A"></p>'
    )
    assert any("has no width and height" in p for p in audit(page("en", sized)).problems)
    small = block(["Co-funded by the European Union"]) + '<img src="/a.png" width="72" height="48" alt="A">'
    assert audit(page("en", small)).problems == []


# --- the emblem as an image file in the folder -----------------------------------------------


def img_page(src: str) -> str:
    img = f'<img class="eu-emblem" src="{src}" width="72" height="48" alt="Flag of the European Union">'
    return page("en", block(["Co-funded by the European Union"], emblem=img))


def test_an_svg_file_emblem_gets_the_geometry_check(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path, "/sub/")
    write(tmp_path, "assets/eu.svg", EMBLEM.replace("<svg ", "<?xml version='1.0'?><svg ", 1))
    assert audit(img_page("../../assets/eu.svg"), site, "en/p/index.html").problems == []
    assert audit(img_page("/sub/assets/eu.svg"), site, "en/p/index.html").problems == []
    assert audit(img_page("https://example.org/sub/assets/eu.svg"), site, "en/p/index.html").problems == []
    one_star = EMBLEM.split("ZM")[0] + 'Z"/></svg>'
    write(tmp_path, "assets/bad.svg", one_star)
    [problem] = audit(img_page("/sub/assets/bad.svg"), site, "en/p/index.html").problems
    assert problem.startswith("en/p/index.html: the EU emblem has 1 star, not twelve (in /sub/assets/bad.svg)")


def test_a_raster_or_missing_emblem_file_fails(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path)
    write(tmp_path, "eu.png", PNG)
    [problem] = audit(img_page("/eu.png"), site).problems
    assert problem == (
        "x/index.html: the EU emblem /eu.png is a PNG image: cannot verify the emblem's construction"
        " — use the SVG emblem eupages draws"
    )
    [problem] = audit(img_page("/missing.svg"), site).problems
    assert "is not in the audited folder: cannot verify the emblem's construction" in problem
    [problem] = audit(img_page("https://cdn.example.com/eu.svg"), site).problems
    assert "cannot verify" in problem


def test_an_svg_data_uri_is_read_and_a_raster_one_fails() -> None:
    data = "data:image/svg+xml;base64," + base64.b64encode(EMBLEM.encode()).decode()
    assert audit(img_page(data)).problems == []
    assert any("raster image" in p for p in audit(img_page("data:image/png;base64,iVBORw0KGgo=")).problems)


def test_a_raster_srcset_beside_an_svg_src_fails(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path)
    write(tmp_path, "eu.svg", EMBLEM)
    write(tmp_path, "eu@2x.png", PNG)
    html = img_page("/eu.svg").replace('src="/eu.svg"', 'src="/eu.svg" srcset="/eu@2x.png 2x"')
    assert any("/eu@2x.png is a PNG image" in p for p in audit(html, site).problems)


def test_the_emblem_must_be_1_cm_high() -> None:
    small = EMBLEM.replace('width="72" height="48"', 'width="18" height="12"')
    [problem] = audit(page("en", block(["Co-funded by the European Union"], emblem=small))).problems
    assert "the EU emblem is 12 px high, less than the minimum of 38 CSS px (1 cm on screen)" in problem
    styled = EMBLEM.replace("<svg ", '<svg style="height: 20px; width: 30px" ', 1)
    assert any(
        "is 20 px high" in p
        for p in audit(page("en", block(["Co-funded by the European Union"], emblem=styled))).problems
    )


# --- the declared Interreg brand form ----------------------------------------------------------

BRAND = (
    '<section class="eu-funding eu-funding--brand" data-eu-period="2021-2027" aria-label="EU">'
    '<img class="eu-brand-logo" {declaration}src="/logos/interreg.svg" width="150" height="50" alt="Interreg">'
    '<p class="eu-statement eu-statement--hidden"><span>Co-funded by the European Union</span></p></section>'
)


def test_the_declared_brand_form_passes() -> None:
    assert audit(page("en", BRAND.format(declaration='data-eu-emblem="included" '))).problems == []


def test_the_same_logo_without_the_declaration_has_no_emblem() -> None:
    problems = audit(page("en", BRAND.format(declaration=""))).problems
    assert any("has no EU emblem" in p and 'data-eu-emblem="included"' in p for p in problems)


def test_the_brand_form_needs_its_statement_as_text() -> None:
    html = page("en", BRAND.format(declaration='data-eu-emblem="included" ').replace("Co-funded by the", "By the"))
    assert any("does not say 'Co-funded by the European Union'" in p for p in audit(html).problems)


def test_other_logos_are_compared_with_the_brand_logo() -> None:
    html = page("en", BRAND.format(declaration='data-eu-emblem="included" ') + BIG)
    assert any("larger than the Interreg brand logo (150×50 px)" in p for p in audit(html).problems)


# --- stylesheets: fonts and text effects of the statement ---------------------------------------


def styled(css: str, tmp_path: Path, inline: bool = False) -> list[str]:
    html = page("en", block(["Co-funded by the European Union"]), head=f"<style>{css}</style>" if inline else "")
    if not inline:
        write(tmp_path, "css/site.css", css)
        html = html.replace("</head>", '<link rel="stylesheet" href="../css/site.css"></head>')
    return audit(html, SiteFiles(tmp_path)).problems


@pytest.mark.parametrize(
    "css",
    [
        ".eu-funding .eu-statement { font-family: Ubuntu, Arial; font-style: normal }",
        ".eu-statement { font-family: 'Trebuchet MS', Verdana }",
        ".eu-funding { font: 700 16px/1.2 Calibri, Tahoma }",
        "body { font-family: Georgia, serif } .eu-funding .eu-statement { font-family: Garamond }",
        ".eu-funding .eu-emblem { font-family: serif } .eu-logos { font-style: italic }",
        "@font-face { font-family: Ubuntu; font-style: italic; src: url(u.woff2) } .eu-statement { font-family: Ubuntu }",
        "body { font-family: Verdana }",
        ".eu-statement::before { font-style: italic }",
    ],
)
def test_allowed_fonts_pass(css: str, tmp_path: Path) -> None:
    assert styled(css, tmp_path) == []


@pytest.mark.parametrize(
    ("css", "message"),
    [
        (".eu-funding .eu-statement { font-family: Ubuntu, Arial, sans-serif }", "names sans-serif"),
        (".eu-funding .eu-statement-line { font-family: 'Comic Sans MS' }", "names 'Comic Sans MS'"),
        (".eu-funding { font: italic 16px Ubuntu }", "set in italics"),
        (".eu-funding p { font-family: Georgia }", "names Georgia"),
        ("@media (max-width: 40em) { .eu-statement { font-style: oblique } }", "set in italics"),
        (".eu-statement { text-decoration: underline }", "underlined"),
        (".eu-statement span { text-decoration-line: underline dotted }", "underlined"),
        (".eu-statement { text-shadow: 1px 1px 2px #000 }", "text effect"),
        (".eu-statement::first-line { font-style: italic }", "set in italics"),
        ("body { font-family: Georgia, serif }", "names Georgia, serif"),
        (".eu-statement { font-family: var(--font) }", "names var(--font)"),
    ],
)
def test_disallowed_fonts_and_effects_fail(css: str, message: str, tmp_path: Path) -> None:
    problems = styled(css, tmp_path)
    assert problems and all(p.startswith("x/index.html: the statement") for p in problems), problems
    assert any(message in p for p in problems), problems


def test_inline_styles_and_style_elements_are_read(tmp_path: Path) -> None:
    assert any(
        "names sans-serif" in p for p in styled(".eu-statement { font-family: sans-serif }", tmp_path, inline=True)
    )
    html = page(
        "en",
        block(["Co-funded by the European Union"]).replace(
            'class="eu-statement"', 'class="eu-statement" style="font-style: italic"'
        ),
    )
    assert any("set in italics" in p for p in audit(html).problems)


def test_imports_are_followed(tmp_path: Path) -> None:
    write(tmp_path, "css/funding.css", ".eu-statement { font-family: Georgia }")
    assert any("names Georgia" in p and "css/funding.css" in p for p in styled('@import url("funding.css");', tmp_path))


def test_a_stylesheet_outside_the_folder_is_a_notice(tmp_path: Path) -> None:
    html = page(
        "en",
        block(["Co-funded by the European Union"]),
        head='<link rel="stylesheet" href="https://cdn.example.com/x.css">',
    )
    result = audit(html, SiteFiles(tmp_path))
    assert result.problems == [] and "not in the audited folder" in result.notices[0]


@pytest.mark.parametrize(
    "css",
    [
        ".eu-emblem { opacity: .5 }",
        ".eu-funding svg { filter: grayscale(1) }",
        ".eu-emblem path { fill: red }",
        ".eu-emblem { transform: scaleX(1.4) }",
        ".eu-funding .eu-emblem { height: 20px; width: 30px }",
        ".eu-emblem { width: 100px; height: 48px }",
    ],
)
def test_a_stylesheet_that_changes_the_emblem_fails(css: str, tmp_path: Path) -> None:
    problems = styled(css, tmp_path)
    assert problems and all("the stylesheet" in p and "EU emblem" in p for p in problems), problems


# --- the folder ---------------------------------------------------------------------------------


def test_base_path_comes_from_canonical_links() -> None:
    canonical = '<link rel="canonical" href="https://example.org/repo/en/projects/x/">'
    assert infer_base_path({"en/projects/x/index.html": page("en", "", canonical)}) == "/repo/"
    assert infer_base_path({"index.html": page("en", "", '<link rel="canonical" href="https://e.org/r/">')}) == "/r/"
    assert infer_base_path({"a.html": page("en", "")}) == "/"


def test_audit_folder_counts_pages_and_names_failing_ones(tmp_path: Path) -> None:
    write(tmp_path, "index.html", page("en", "<p>Home</p>"))
    write(tmp_path, "en/good/index.html", page("en", block(["Co-funded by the European Union"])))
    write(tmp_path, "en/bad/index.html", page("en", block(["European Union"])))
    write(tmp_path, ".hidden/x.html", page("en", f"<p>{EMBLEM}</p>"))
    result = audit_folder(tmp_path)
    assert result.pages == 3
    assert result.eu_pages == ["en/bad/index.html", "en/good/index.html"]
    assert [p.split(":")[0] for p in result.problems] == ["en/bad/index.html"]
