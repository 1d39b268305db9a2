"""The model of EU funding: several funds per project, each valid for its period; the aims and
results that pages from 2014 on must state; and the Interreg brand, whose programme logo
carries the emblem and is then the funding block itself."""

from __future__ import annotations

import re
from pathlib import Path

from tests.tools.sites import make_site, run_cli, write

RECORD = "content/projects/test-project.yml"
PAGE = "content/en/projects/test-project.md"
# An SVG stand-in for a programme's logo file, which in real use the programme supplies.
LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100"><rect width="300" height="100" fill="#fff"/></svg>'
)


def _replace(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


def _period(root: Path, period: str, fund: str = "erdf") -> None:
    """Move the test programme and project to `period`, funded by `fund`."""
    _replace(root / "site_config.yml", 'programming_period: "2007-2013"', f'programming_period: "{period}"')
    _replace(root / "site_config.yml", "    fund: erdf\n", f"    fund: {fund}\n")
    _replace(root / RECORD, 'programming_period: "2007-2013"', f'programming_period: "{period}"')


def _with_aims_and_results(root: Path) -> None:
    _replace(
        root / PAGE,
        "summary: A project for tests.\n",
        "summary: A project for tests.\naims: To test things.\nresults: A tested site.\n",
    )


def _statement(html: str) -> list[str]:
    return re.findall(r'<span class="eu-statement-line">([^<]*)</span>', html)


def test_a_project_co_financed_by_erdf_and_enpi_names_both(tmp_path):
    root = make_site(tmp_path)
    _replace(root / RECORD, "  fund: erdf\n", "  fund: [erdf, enpi]\n")
    result = run_cli(root, "build", "--no-search")
    assert result.returncode == 0, result.stderr
    en = (root / "site/en/projects/test-project/index.html").read_text(encoding="utf-8")
    assert _statement(en) == [
        "European Union",
        "European Regional Development Fund",
        "European Neighbourhood and Partnership Instrument",
        "Investing in your future",
    ]
    pl = (root / "site/pl/projects/test-project/index.html").read_text(encoding="utf-8")
    assert _statement(pl) == [
        "Unia Europejska",
        "Europejski Fundusz Rozwoju Regionalnego",
        "Europejski Instrument Sąsiedztwa i Partnerstwa",
        "Inwestujemy w Waszą przyszłość",
    ]


def test_enpi_in_2021_2027_is_refused_at_its_line(tmp_path):
    root = make_site(tmp_path)
    _period(root, "2021-2027")
    text = _replace(root / RECORD, "  fund: erdf\n", "  fund: enpi\n")
    _with_aims_and_results(root)
    line = text.splitlines().index("  fund: enpi") + 1
    result = run_cli(root, "check")
    assert result.returncode == 1
    assert (
        f"{RECORD}:{line}: 'enpi' is not an EU fund of 2021-2027 — the funds of 2021-2027 are erdf, esf-plus, "
        "cf, jtf, emfaf, ipa-iii, ndici"
    ) in result.stderr


def test_each_fund_of_a_list_is_checked_against_the_period(tmp_path):
    root = make_site(tmp_path)
    text = _replace(root / RECORD, "  fund: erdf\n", "  fund:\n    - erdf\n    - ndici\n")
    line = text.splitlines().index("    - ndici") + 1
    result = run_cli(root, "check")
    assert result.returncode == 1
    assert f"{RECORD}:{line}: 'ndici' is not an EU fund of 2007-2013" in result.stderr


def test_a_programme_fund_outside_its_period_is_refused(tmp_path):
    root = make_site(tmp_path)
    text = _replace(root / "site_config.yml", "    fund: erdf\n", "    fund: esf-plus\n")
    line = text.splitlines().index("    fund: esf-plus") + 1
    result = run_cli(root, "check")
    assert result.returncode == 1
    assert (
        f"site_config.yml:{line}: programme 'test-programme': 'esf-plus' is not an EU fund of 2007-2013"
        in result.stderr
    )


def test_from_2014_every_page_of_an_eu_project_states_aims_and_results(tmp_path):
    root = make_site(tmp_path)
    _period(root, "2014-2020")
    result = run_cli(root, "check")
    assert result.returncode == 1
    assert (
        f"{PAGE}:1: an EU-funded project of 2014-2020 must state its aims and results on its page; this page "
        "has no aims and no results"
    ) in result.stderr
    _with_aims_and_results(root)
    result = run_cli(root, "build", "--no-search")
    assert result.returncode == 0, result.stderr
    html = (root / "site/sv/projects/test-project/index.html").read_text(encoding="utf-8")
    assert '<h2 id="aims-heading">Mål och resultat</h2>' in html
    # The Swedish page shows the English text as a fallback, marked as English.
    assert '<dd lang="en">To test things.</dd>' in html and '<dd lang="en">A tested site.</dd>' in html


def test_2007_2013_pages_need_no_aims_and_results(tmp_path):
    root = make_site(tmp_path)
    result = run_cli(root, "check")
    assert result.returncode == 0, result.stderr


def _brand_site(tmp_path: Path, declared: bool) -> Path:
    root = make_site(tmp_path)
    _period(root, "2021-2027")
    _with_aims_and_results(root)
    write(root / "theme/static/logos/interreg-test.svg", LOGO)
    logo = "    logo:\n      file: theme/static/logos/interreg-test.svg\n      width: 150\n      height: 50\n" + (
        "      contains_emblem: true\n" if declared else ""
    )
    _replace(root / "site_config.yml", "    fund: erdf\n", "    fund: erdf\n" + logo)
    return root


def test_an_interreg_brand_logo_is_the_funding_block_with_one_emblem(tmp_path):
    root = _brand_site(tmp_path, declared=True)
    result = run_cli(root, "build", "--no-search")
    assert result.returncode == 0, result.stderr
    html = (root / "site/pl/projects/test-project/index.html").read_text(encoding="utf-8")
    block = re.search(r'<section class="eu-funding eu-funding--brand".*?</section>', html, re.S)
    assert block is not None
    assert 'class="eu-emblem"' not in html  # no second emblem beside the programme's
    assert re.search(
        r'<img class="eu-brand-logo" data-eu-emblem="included" src="[^"]*interreg-test.svg" '
        r'width="150" height="50"',
        block.group(0),
    )
    # The statement stays as real text, for screen readers and search.
    assert 'class="eu-statement eu-statement--hidden"' in block.group(0)
    assert _statement(block.group(0)) == ["Współfinansowane przez Unię Europejską"]
    assert 'class="eu-logo"' not in html  # the programme logo is not shown a second time


def test_the_same_logo_without_the_declaration_is_only_a_logo_beside_the_emblem(tmp_path):
    root = _brand_site(tmp_path, declared=False)
    result = run_cli(root, "check")
    assert result.returncode == 1
    assert (
        "logo theme/static/logos/interreg-test.svg is 150×50 px, larger than the EU emblem (72×48 px)" in result.stderr
    )


def test_a_brand_logo_must_show_the_emblem_at_least_1_cm_high(tmp_path):
    root = _brand_site(tmp_path, declared=True)
    _replace(root / "site_config.yml", "      width: 150\n      height: 50\n", "      width: 90\n      height: 30\n")
    result = run_cli(root, "check")
    assert result.returncode == 1
    assert "logo theme/static/logos/interreg-test.svg carries the EU emblem but is only 30 px high" in result.stderr


def test_only_a_programme_logo_may_carry_the_emblem(tmp_path):
    root = make_site(tmp_path)
    write(root / "theme/static/logos/partner.svg", LOGO)
    text = (root / "site_config.yml").read_text(encoding="utf-8")
    (root / "site_config.yml").write_text(
        text.replace(
            "folders:",
            "partner_logos:\n  Kreativum Science Center: {file: theme/static/logos/partner.svg, "
            "width: 48, height: 16, contains_emblem: true}\nfolders:",
        ),
        encoding="utf-8",
    )
    result = run_cli(root, "check")
    assert result.returncode == 1
    assert "only a programme's logo can carry the EU emblem for its projects" in result.stderr


def test_every_2007_2013_page_of_the_shipped_site_carries_the_statement_in_its_language(tmp_path):
    from tests.tools.sites import copy_real_site

    root = copy_real_site(tmp_path / "site")
    result = run_cli(root, "build", "--no-search")
    assert result.returncode == 0, result.stderr
    slogan = {
        "en": "Investing in your future",
        "sv": "Vi investerar i din framtid",
        "no": "Vi investerer i din fremtid",
        "pl": "Inwestujemy w Waszą przyszłość",
        "lt": "Investuojame į jūsų ateitį",
    }
    pages = 0
    for slug in (
        "creative-metropoles",
        "nordens-basta-inlandsregioner-2020",
        "south-baltic-creative-clusters",
        "urban-creative-poles",
    ):
        for lang, words in slogan.items():
            html = (root / f"site/{lang}/projects/{slug}/index.html").read_text(encoding="utf-8")
            assert 'data-eu-period="2007-2013"' in html
            assert _statement(html)[-1] == words, (slug, lang)
            pages += 1
    assert pages == 20


def test_an_inferred_fact_needs_its_reason_in_every_language(tmp_path):
    root = make_site(tmp_path)
    record = root / RECORD
    text = (
        record.read_text(encoding="utf-8") + "inferred:\n  - fact: fund\n    reason: {en: The source names no fund.}\n"
    )
    record.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    reason: {en: The source names no fund.}") + 1
    result = run_cli(root, "check")
    assert result.returncode == 1
    assert f"{RECORD}:{line}: 'inferred.0.reason' has no text in 'sv'" in result.stderr


def test_an_inferred_fact_is_marked_on_the_page_with_its_reason(tmp_path):
    root = make_site(tmp_path)
    reasons = {
        "en": "The source names no fund.",
        "sv": "Källan anger ingen fond.",
        "no": "Kilden nevner ikke noe fond.",
        "pl": "Źródło nie podaje funduszu.",
        "lt": "Šaltinyje fondas nenurodytas.",
    }
    keys = {code: '"no"' if code == "no" else code for code in reasons}
    block = "".join(f'      {keys[code]}: "{text}"\n' for code, text in reasons.items())
    record = root / RECORD
    record.write_text(
        record.read_text(encoding="utf-8") + "inferred:\n  - fact: fund\n    reason:\n" + block, encoding="utf-8"
    )
    result = run_cli(root, "build", "--no-search")
    assert result.returncode == 0, result.stderr
    pl = (root / "site/pl/projects/test-project/index.html").read_text(encoding="utf-8")
    assert '<a class="inferred-mark" href="#inferred">(wywnioskowane)</a>' in pl
    assert "<strong>Fundusz UE</strong>: Źródło nie podaje funduszu." in pl
