"""The EU funding block chosen by programming period, built from small temporary sites.

Each test writes a complete five-language site (the real theme, a minimal
site_config.yml, one record and its English page) and builds or checks it the way
an editor would. Only English pages are written: the other languages fall back to the
English text, but the funding block must still be in the page's own language.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build.pipeline import build, check
from generator.errors import ContentError
from generator.eu.audit import parse_page
from tests.tools.sites import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]

CONFIG = (
    LANGUAGES
    + """\
programmes:
  prog:
    name: {en: Test programme, sv: Testprogram, "no": Testprogram, pl: Program testowy, lt: Bandomoji programa}
    programming_period: "@PERIOD@"
    fund: erdf
@STATEMENT@@LOGO@folders: {content: content, theme: theme, output: site}
"""
)

RECORD = """\
acronym: TP
programme: prog
period:
  start: 2022-01-01
  end: 2024-12-31
@FUNDING@
partners:
  - {name: "Kreativum Science Center", city: Karlshamn, country: SE, role: lead}
source:
  file: test.txt
  title: Test source
  kind: summary
"""

PAGE = """\
---
title: {title}
summary: {summary}
---

{body}
"""

# From 2014 an EU-funded project's page states its aims and results.
PROJECT_PAGE = """\
---
title: {title}
summary: {summary}
aims: To test things.
results: A tested site.
---

{body}
"""

LANGS = ("en", "sv", "no", "pl", "lt")

CO_FUNDED = {
    "en": "Co-funded by the European Union",
    "sv": "Medfinansieras av Europeiska unionen",
    "no": "Medfinansiert av Den europeiske union",
    "pl": "Współfinansowane przez Unię Europejską",
    "lt": "Bendrai finansuoja Europos Sąjunga",
}
EUROPEAN_UNION = {
    "en": "European Union",
    "sv": "Europeiska unionen",
    "no": "Den europeiske union",
    "pl": "Unia Europejska",
    "lt": "Europos Sąjunga",
}
ERDF = {
    "en": "European Regional Development Fund",
    "sv": "Europeiska regionala utvecklingsfonden",
    "no": "Det europeiske fondet for regional utvikling",
    "pl": "Europejski Fundusz Rozwoju Regionalnego",
    "lt": "Europos regioninės plėtros fondas",
}
# A 2007-2013 programme's own added-value statement (site_config.yml `statement:`).
OWN_STATEMENT = {
    "en": "Together we grow",
    "sv": "Tillsammans växer vi",
    "no": "Sammen vokser vi",
    "pl": "Razem się rozwijamy",
    "lt": "Kartu augame",
}
SLOGAN = {
    "en": "Investing in your future",
    "sv": "Vi investerar i din framtid",
    "no": "Vi investerer i din fremtid",
    "pl": "Inwestujemy w Waszą przyszłość",
    "lt": "Investuojame į jūsų ateitį",
}


def funding(period: str | None, fund: str | None = "erdf") -> str:
    if fund is None and period is None:
        return "funding: none"
    lines = ["funding:"]
    if fund is not None:
        lines.append(f"  fund: {fund}")
    if period is not None:
        lines.append(f'  programming_period: "{period}"')
    return "\n".join(lines)


def make_site(
    tmp: Path,
    *,
    programme_period: str = "2021-2027",
    statement: bool = False,
    record_funding: str | None = None,
    logo: str = "",
) -> Path:
    """A complete site under ``tmp/src`` with one project, ``test-project``."""
    root = tmp / "src"
    shutil.copytree(ROOT / "theme", root / "theme")
    own = "".join(
        f" {code if code != 'no' else chr(34) + 'no' + chr(34)}: {text}," for code, text in OWN_STATEMENT.items()
    )
    statement_line = f"    statement: {{{own.rstrip(',')} }}\n" if statement else ""
    config = CONFIG.replace("@PERIOD@", programme_period).replace("@STATEMENT@", statement_line)
    write(root / "site_config.yml", config.replace("@LOGO@", logo))
    record = record_funding if record_funding is not None else funding(programme_period)
    write(root / "content/projects/test-project.yml", RECORD.replace("@FUNDING@", record))
    write(root / "content/en/index.md", PAGE.format(title="Welcome", summary="A test site.", body="Hello."))
    write(
        root / "content/en/projects/test-project.md",
        PROJECT_PAGE.format(title="Test project", summary="A project for tests.", body="## Aims\n\nIt tests things."),
    )
    return root


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def build_site(root: Path) -> Path:
    output = root.parent / "out"
    build(root / "site_config.yml", output)
    return output


def project_html(output: Path, lang: str) -> str:
    return (output / lang / "projects" / "test-project" / "index.html").read_text(encoding="utf-8")


def statement(html: str) -> str:
    facts = parse_page(html)
    assert len(facts.statements) == 1, facts.statements
    return facts.statements[0][0]


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=root, capture_output=True, text=True, timeout=300
    )


# --- the statement by programming period ---------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """``built(period, statement=False)`` → output folder, each variant built once per module."""
    cache: dict[tuple[str, bool], Path] = {}

    def get(period: str, statement: bool = False) -> Path:
        if (period, statement) not in cache:
            tmp = tmp_path_factory.mktemp(f"eu{period}")
            cache[(period, statement)] = build_site(make_site(tmp, programme_period=period, statement=statement))
        return cache[(period, statement)]

    return get


@pytest.fixture(scope="module")
def site_2021(built) -> Path:
    return built("2021-2027")


@pytest.mark.parametrize("lang", LANGS)
def test_2021_2027_says_co_funded_in_the_page_language(site_2021: Path, lang: str) -> None:
    html = project_html(site_2021, lang)
    facts = parse_page(html)
    assert facts.blocks == 1 and facts.emblems == 1
    assert statement(html) == CO_FUNDED[lang]
    # the page text is a fallback to English, but the block is in the page's language
    assert facts.html_lang == ("nb" if lang == "no" else lang)
    assert facts.statements[0][1] == facts.html_lang


def test_2021_2027_norwegian_wording(site_2021: Path) -> None:
    assert "Medfinansiert av Den europeiske union" in statement(project_html(site_2021, "no"))


@pytest.mark.parametrize("lang", LANGS)
def test_2014_2020_names_european_union_and_the_fund(built, lang: str) -> None:
    output = built("2014-2020")
    assert statement(project_html(output, lang)) == f"{EUROPEAN_UNION[lang]} {ERDF[lang]}"


@pytest.mark.parametrize("lang", LANGS)
def test_2007_2013_always_shows_the_added_value_statement(built, lang: str) -> None:
    # Reg. (EC) 1828/2006 Art. 9(c): "preferably: 'Investing in your future'", in the page's language.
    output = built("2007-2013")
    assert statement(project_html(output, lang)) == f"{EUROPEAN_UNION[lang]} {ERDF[lang]} {SLOGAN[lang]}"


@pytest.mark.parametrize("lang", LANGS)
def test_2007_2013_programme_with_its_own_statement_shows_that_wording(built, lang: str) -> None:
    output = built("2007-2013", statement=True)
    assert statement(project_html(output, lang)) == f"{EUROPEAN_UNION[lang]} {ERDF[lang]} {OWN_STATEMENT[lang]}"


def test_project_without_eu_funding_shows_no_emblem(tmp_path: Path) -> None:
    # As on the real site: a project without EU funding (and so without an EU programme)
    # beside an EU-funded one. They share a partner whose logo is configured.
    partner_logo = (
        "partner_logos:\n  Kreativum Science Center: {file: theme/static/logos/k.svg, width: 48, height: 48}\n"
    )
    root = make_site(tmp_path, record_funding="funding: none", logo=partner_logo)
    write(root / "theme/static/logos/k.svg", SVG)
    record = root / "content/projects/test-project.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("programme: prog\n", ""), encoding="utf-8")
    write(root / "content/projects/eu-project.yml", RECORD.replace("@FUNDING@", funding("2021-2027")))
    write(
        root / "content/en/projects/eu-project.md",
        PROJECT_PAGE.format(title="EU project", summary="An EU-funded project.", body="## Aims\n\nIt is funded."),
    )
    output = build_site(root)
    for lang in LANGS:
        html = project_html(output, lang)
        facts = parse_page(html)
        assert facts.blocks == 0 and facts.emblems == 0 and facts.statements == []
        assert "eu-logo" not in html
        eu_html = (output / lang / "projects" / "eu-project" / "index.html").read_text(encoding="utf-8")
        assert statement(eu_html) == CO_FUNDED[lang] and 'class="eu-logo"' in eu_html
    check(root / "site_config.yml")  # and `eupages check` agrees


# --- a record claiming EU funding without fund and period -----------------------------


@pytest.mark.parametrize(
    ("record_funding", "missing"),
    [
        ("funding:\n  fund: erdf", "programming_period"),
        ('funding:\n  programming_period: "2021-2027"', "fund"),
    ],
    ids=["fund-without-period", "period-without-fund"],
)
def test_incomplete_eu_funding_fails_check_with_file_and_line(
    tmp_path: Path, record_funding: str, missing: str
) -> None:
    root = make_site(tmp_path, record_funding=record_funding)
    result = run_cli(root, "check")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    # `funding:` is on line 6 of the record
    assert f"content/projects/test-project.yml:6: the field 'funding.{missing}' is missing" in result.stderr
    assert f"add '{missing}:'" in result.stderr
    assert "nothing was published" in result.stderr
    assert "everything is valid" not in result.stdout


# --- other logos beside the emblem ---------------------------------------------------

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 1"><rect width="2" height="1" fill="#777"/></svg>\n'


def _logo(file: str, width: float, height: float, alt: str = "") -> str:
    return f"    logo:\n      file: {file}\n      width: {width}\n      height: {height}\n{alt}"


def test_logo_larger_than_the_emblem_fails_the_build(tmp_path: Path) -> None:
    root = make_site(tmp_path, logo=_logo("theme/static/logos/big.svg", 200, 100))
    write(root / "theme/static/logos/big.svg", SVG)
    with pytest.raises(ContentError) as caught:
        build_site(root)
    message = str(caught.value)
    assert (
        "site_config.yml:15: logo theme/static/logos/big.svg is 200×100 px, larger than the EU emblem (72×48 px)"
        in message
    )
    assert "at most 72" in message and "at most 48" in message
    assert not (root.parent / "out").exists()
    # the command line says the same, without a traceback
    result = run_cli(root, "build", "-o", str(tmp_path / "cli-out"))
    assert result.returncode == 1
    assert "logo theme/static/logos/big.svg is 200×100 px" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_logo_file_is_a_config_error(tmp_path: Path) -> None:
    root = make_site(tmp_path, logo=_logo("theme/static/logos/nowhere.svg", 60, 40))
    with pytest.raises(ContentError) as caught:
        check(root / "site_config.yml")
    assert "site_config.yml:16: logo file theme/static/logos/nowhere.svg does not exist — " in str(caught.value)


def test_logo_outside_the_static_folder_is_refused(tmp_path: Path) -> None:
    root = make_site(tmp_path, logo=_logo("logo.svg", 60, 40))
    write(root / "logo.svg", SVG)
    with pytest.raises(ContentError, match=r"site_config.yml:16: logo file logo.svg is not inside theme/static/"):
        check(root / "site_config.yml")


def test_logos_that_fit_are_shown_after_the_emblem(tmp_path: Path) -> None:
    alt = '      alt: {en: "Test programme logo", sv: "Testprogrammets logotyp", "no": "Testprogrammets logo", pl: "Logo programu", lt: "Programos logotipas"}\n'
    logo = _logo("theme/static/logos/prog.svg", 72, 36, alt)
    root = make_site(
        tmp_path,
        logo=logo
        + "partner_logos:\n  Kreativum Science Center: {file: theme/static/logos/kreativum.svg, width: 48, height: 48}\n",
    )
    write(root / "theme/static/logos/prog.svg", SVG)
    write(root / "theme/static/logos/kreativum.svg", SVG)
    output = build_site(root)
    html = project_html(output, "sv")
    assert (
        '<img class="eu-logo" src="/assets/logos/prog.svg" width="72" height="36" alt="Testprogrammets logotyp">'
        in html
    )
    assert (
        '<img class="eu-logo" src="/assets/logos/kreativum.svg" width="48" height="48" alt="Kreativum Science Center">'
        in html
    )
    assert html.index('class="eu-emblem"') < html.index('class="eu-logo"')
    assert (output / "assets/logos/prog.svg").is_file()
    check(root / "site_config.yml")


def test_shipped_site_has_no_logo_files() -> None:
    assert not (ROOT / "theme/static/logos").exists() or not any((ROOT / "theme/static/logos").iterdir())


# --- `eupages check` checks the EU block of the built pages --------------------------


def test_check_reports_a_page_whose_block_lost_its_statement(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    partial = root / "theme/templates/partials/eu_funding.html"
    text = partial.read_text(encoding="utf-8")
    partial.write_text(text.replace("{{ _(msgid) }}", "EU"), encoding="utf-8")
    result = run_cli(root, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        "content/projects/test-project.yml:6: pl/projects/test-project/index.html: statement"
        " 'Współfinansowane przez Unię Europejską' (pl) not found"
    ) in result.stderr


def test_check_reports_an_emblem_on_a_non_eu_page(tmp_path: Path) -> None:
    root = make_site(tmp_path, record_funding="funding: none")
    record = root / "content/projects/test-project.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("programme: prog\n", ""), encoding="utf-8")
    project = root / "theme/templates/project.html"
    project.write_text(
        project.read_text(encoding="utf-8").replace(
            '{% include "partials/eu_funding.html" %}', '{{ emblem_svg(48, title="EU", title_id="x")|safe }}'
        ),
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match=r"shows the EU emblem"):
        check(root / "site_config.yml")
