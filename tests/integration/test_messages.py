"""Messages that teach: each common slip, made in a real file of a small site, gives exactly this
line on stderr of `eupages check` — the place, what is wrong, and what to type instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.sites import run_cli

RECORD = "content/projects/test-project.yml"
PAGE = "content/en/projects/test-project.md"
CONFIG = "site_config.yml"
FUNDING = 'funding:\n  fund: erdf\n  programming_period: "2007-2013"\n  co_financing_rate: 85\n'

# name: (file, (text, replacement), the whole line the editor reads)
DID_YOU_MEAN = {
    "misspelt record field": (
        RECORD,
        ("acronym: TP", "acronim: TP"),
        "content/projects/test-project.yml:1: unknown field 'acronim' — did you mean 'acronym'?",
    ),
    "misspelt field of a partner": (
        RECORD,
        ("city: Szczecin, country: PL", "city: Szczecin, contry: PL"),
        "content/projects/test-project.yml:17: unknown field 'contry' — did you mean 'country'?",
    ),
    "capitalised field name": (
        RECORD,
        ("programme: test-programme", "Programme: test-programme"),
        "content/projects/test-project.yml:2: unknown field 'Programme' — did you mean 'programme'? Field names"
        " are written in lower case",
    ),
    "misspelt front matter field": (
        PAGE,
        ("summary: A project", "sumary: A project"),
        "content/en/projects/test-project.md:3: unknown field 'sumary' — did you mean 'summary'?",
    ),
    "misspelt translated_from field": (
        PAGE,
        ("summary: A project for tests.\n", "summary: A project for tests.\ntranslated_from: {language: sv}\n"),
        "content/en/projects/test-project.md:4: unknown field 'language' — did you mean 'lang'?",
    ),
    "misspelt configuration field": (
        CONFIG,
        ("default_language: en", "default_lang: en"),
        "site_config.yml:3: unknown field 'default_lang' — did you mean 'default_language'?",
    ),
    "misspelt field of a programme": (
        CONFIG,
        ("    fund: erdf", "    fnd: erdf"),
        "site_config.yml:14: unknown field 'fnd' — did you mean 'fund'?",
    ),
    "misplaced field": (
        RECORD,
        (FUNDING, 'funding:\n  fund: erdf\n  co_financing_rate: 85\nprogramming_period: "2007-2013"\n'),
        "content/projects/test-project.yml:10: unknown field 'programming_period' at the top level —"
        " 'programming_period' belongs under 'funding': indent it like the other fields of 'funding'",
    ),
    "misspelt choice": (
        RECORD,
        ("role: lead", "role: leed"),
        "content/projects/test-project.yml:17: 'partners.0.role' cannot be 'leed' — use one of: 'lead', 'partner'"
        " or 'associated' (did you mean 'lead'?)",
    ),
    "unknown source kind": (
        RECORD,
        ("  kind: summary", "  kind: report"),
        "content/projects/test-project.yml:22: 'source.kind' cannot be 'report' — use one of: 'proposal', 'decision',"
        " 'application', 'project-description' or 'summary'",
    ),
    "status the site would have made up": (
        RECORD,
        ("acronym: TP\n", "acronym: TP\nstatus: completed\n"),
        "content/projects/test-project.yml:2: 'status' cannot be 'completed' — use one of: 'planned', 'approved',"
        " 'ongoing', 'implemented' or 'not-stated' (did you mean 'implemented'?)",
    ),
    "fund in capitals": (
        RECORD,
        ("  fund: erdf", "  fund: ERDF"),
        "content/projects/test-project.yml:8: 'funding.fund' cannot be 'ERDF' — use one of: 'erdf', 'esf',"
        " 'esf-plus', 'cf', 'enpi', 'eni', 'ndici', 'ipa', 'ipa-ii', 'ipa-iii', 'yei', 'emff', 'emfaf' or 'jtf'"
        " (did you mean 'erdf'?)",
    ),
    "shortened programming period": (
        RECORD,
        ('programming_period: "2007-2013"', "programming_period: 2007-13"),
        "content/projects/test-project.yml:9: 'funding.programming_period' cannot be '2007-13' — use one of:"
        " '2007-2013', '2014-2020' or '2021-2027' (did you mean '2007-2013'?)",
    ),
    "funding: no": (
        RECORD,
        (FUNDING, "funding: no\n"),
        "content/projects/test-project.yml:7: 'funding' cannot be 'no' — did you mean 'none'?",
    ),
    "misspelt programme": (
        RECORD,
        ("programme: test-programme", "programme: test-programm"),
        "content/projects/test-project.yml:2: unknown programme 'test-programm' — did you mean 'test-programme'?",
    ),
    "country in Polish": (
        RECORD,
        ("country: PL", "country: Litwa"),
        "content/projects/test-project.yml:17: 'Litwa' is not a country code — write the ISO 3166-1 code LT",
    ),
    "country in Swedish": (
        RECORD,
        ("country: SE", "country: Sverige"),
        "content/projects/test-project.yml:18: 'Sverige' is not a country code — write the ISO 3166-1 code SE",
    ),
    "country in English": (
        RECORD,
        ("country: PL", "country: Lithuania"),
        "content/projects/test-project.yml:17: 'Lithuania' is not a country code — write the ISO 3166-1 code LT",
    ),
    "country in lower case": (
        RECORD,
        ("country: PL", "country: pl"),
        "content/projects/test-project.yml:17: country 'pl' must be written in capitals — write PL",
    ),
    "currency as a symbol": (
        RECORD,
        ("{amount: 264145.00, currency: EUR}", "{amount: 264145.00, currency: €}"),
        "content/projects/test-project.yml:13: 'budget.total.0.currency' has the wrong form: '€' — write the"
        " ISO 4217 code EUR",
    ),
    "currency as a word": (
        RECORD,
        ("{amount: 217833.25, currency: EUR}", "{amount: 217833.25, currency: złotych}"),
        "content/projects/test-project.yml:15: 'budget.eu_contribution.0.currency' has the wrong form: 'złotych'"
        " — write the ISO 4217 code PLN",
    ),
    "empty title": (
        PAGE,
        ("title: Test project", "title:"),
        "content/en/projects/test-project.md:2: 'title' is empty — write its value after 'title:', or see"
        " docs/content-model.md",
    ),
    "empty funding": (
        RECORD,
        (FUNDING, "funding:\n"),
        "content/projects/test-project.yml:7: 'funding' is empty — write its fields indented under 'funding:'"
        " (see docs/content-model.md), or write funding: none",
    ),
    "yes/no in another language": (
        RECORD,
        (
            "    - {amount: 217833.25, currency: EUR}\n",
            "    - {amount: 217833.25, currency: EUR}\n  contributions:\n"
            "    - {partner: Kreativum Science Center, amount: 1000, currency: EUR, per_year: ja}\n",
        ),
        "content/projects/test-project.yml:17: 'budget.contributions.0.per_year' must be true or false, not 'ja'"
        " — write true or false, in English and without quotes",
    ),
}

YAML_TRAPS = {
    "tab indentation": (
        RECORD,
        ("  start: 2010", "\tstart: 2010"),
        "content/projects/test-project.yml:5: this line is indented with a tab; YAML allows only spaces — replace"
        " the tab with spaces (two per level is usual)",
    ),
    "colon in an unquoted title": (
        PAGE,
        ("title: Test project", "title: Creative Metropoles: policies"),
        "content/en/projects/test-project.md:2: a colon followed by a space inside a value that is not in quotes"
        ' — put the whole value in double quotes, e.g. title: "Creative Metropoles: policies"',
    ),
    "colon in an unquoted partner name": (
        RECORD,
        ('{name: "Kreativum Science Center", city: Karlshamn', "{name: Kreativum: Science Center, city: Karlshamn"),
        "content/projects/test-project.yml:18: the { … } on this line is not closed, or a value inside needs quotes"
        " — end it with } on the same line, and put any value that contains ': ', ',' or '}' in double quotes",
    ),
    "unclosed quote": (
        RECORD,
        ('reference: "0271R1"', 'reference: "0271R1'),
        "content/projects/test-project.yml:3: a quote is opened but never closed — close the quotation mark on"
        " the same line",
    ),
    "apostrophe inside single quotes": (
        PAGE,
        ("title: Test project", "title: 'The region's project'"),
        "content/en/projects/test-project.md:2: an apostrophe inside single quotes ends the text too early — put"
        ' the value in double quotes instead, e.g. title: "The region\'s project"',
    ),
    "text after a closing quote": (
        PAGE,
        ("title: Test project", 'title: "Creative" regions'),
        "content/en/projects/test-project.md:2: there is more text after the closing quotation mark — put the whole"
        " value in single quotes, e.g. title: '\"Creative\" regions', or use typographic quotation marks (“…”)"
        " inside the text",
    ),
    "value starting with an asterisk": (
        PAGE,
        ("title: Test project", "title: *New* project"),
        "content/en/projects/test-project.md:2: YAML reads a value that starts with * or & as a reference to"
        " another value — put the whole value in double quotes",
    ),
    "list item out of line": (
        RECORD,
        (
            "source:\n  file: 002_871dffd73b93615b.txt\n  title: Project summary\n  kind: summary\n",
            "links:\n  - url: https://example.org/\n   label: Example\nsource:\n  file: x.txt\n  kind: summary\n",
        ),
        "content/projects/test-project.yml:21: this line is not lined up with the item above it — in a list item,"
        " start every field in the same column as the first field after '- '",
    ),
    "field written twice": (
        RECORD,
        ("acronym: TP\n", "acronym: TP\nacronym: TQ\n"),
        "content/projects/test-project.yml:2: the field 'acronym' is written twice — keep one of them",
    ),
}


def _edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if not line.startswith("eupages: ")]


@pytest.mark.parametrize("case", sorted(DID_YOU_MEAN) + sorted(YAML_TRAPS))
def test_the_editor_reads_what_to_type(site_src, case):
    relative, (old, new), expected = {**DID_YOU_MEAN, **YAML_TRAPS}[case]
    _edit(site_src, relative, old, new)
    result = run_cli(site_src, "check")
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert _problem_lines(result.stderr) == [expected], result.stderr


def test_unquoted_no_stays_norwegian_everywhere(site_src):
    """YAML 1.1 would read `no` as false; eupages keeps it as the code of Norwegian, in a list of
    languages, as a key of a text per language and as a language named by a page."""
    _edit(site_src, CONFIG, '{code: "no"', "{code: no")
    _edit(site_src, CONFIG, '"no": Testprogram', "no: Testprogram")
    page = site_src / "content/no/projects/test-project.md"
    page.parent.mkdir(parents=True)
    page.write_text(
        "---\ntitle: Testprosjekt\nsummary: Et prosjekt for tester.\ntranslated_from: {lang: en}\n---\n",
        encoding="utf-8",
    )
    result = run_cli(site_src, "build")
    assert result.returncode == 0, result.stderr
    assert "Testprosjekt" in (site_src / "site/no/projects/test-project/index.html").read_text(encoding="utf-8")


def test_yes_and_no_as_booleans_mean_what_the_editor_meant(site_src):
    _edit(
        site_src,
        RECORD,
        "    - {amount: 217833.25, currency: EUR}\n",
        "    - {amount: 217833.25, currency: EUR}\n  contributions:\n"
        "    - {partner: Kreativum Science Center, amount: 1000, currency: EUR, per_year: no}\n",
    )
    result = run_cli(site_src, "check")
    assert result.returncode == 0, result.stderr


def test_a_reference_with_a_leading_zero_keeps_it(site_src):
    # YAML 1.1 reads 0271 as the octal number 185.
    _edit(site_src, RECORD, 'reference: "0271R1"', "reference: 0271")
    result = run_cli(site_src, "build")
    assert result.returncode == 0, result.stderr
    html = (site_src / "site/en/projects/test-project/index.html").read_text(encoding="utf-8")
    assert "0271" in html
    assert ">185<" not in html


def test_a_misspelt_field_is_not_also_reported_missing(site_src):
    _edit(site_src, PAGE, "summary: A project", "sumary: A project")
    result = run_cli(site_src, "check")
    assert "'summary' is missing" not in result.stderr
    assert "1 problem found" in result.stderr
