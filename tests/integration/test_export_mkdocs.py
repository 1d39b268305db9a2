"""`eupages export mkdocs`: export the shipped content, build it with MkDocs (--strict), read it.

Every expectation is derived from the site model (which pages and translations exist, which
records are EU-funded), not written down, because translations are added all the time.
The built site is read as files: mkdocs-static-i18n puts the default language at the root
and every other language under /<code>/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
import yaml

from generator.build.pipeline import prepare
from generator.commands.export_mkdocs import MkDocsExport, export_mkdocs
from generator.eu import audit as eu_check
from generator.eu import rules as eu_visibility
from generator.render.formatting import Formatter
from generator.render.views import statement_texts

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "site_config.yml"
UNESCO = "unesco-creative-cities-ostersund"


def mkdocs_command() -> list[str]:
    """The mkdocs of the Python running the tests (the project's .venv, from requirements/test.lock)."""
    try:
        import material  # noqa: F401
        import mkdocs  # noqa: F401
        import mkdocs_static_i18n  # noqa: F401
    except ImportError as err:  # pragma: no cover - set-up problem
        pytest.fail(
            f"{err}: run ./scripts/test, which installs requirements/test.lock (with the 'mkdocs' extra)", pytrace=False
        )
    return [sys.executable, "-m", "mkdocs"]


def build_mkdocs(project: Path) -> Path:
    site = project / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [*mkdocs_command(), "build", "--strict", "--clean", "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    return site


def export_and_build(config: Path, folder: Path) -> Path:
    export_mkdocs(config, folder)
    return build_mkdocs(folder)


@pytest.fixture(scope="module")
def prepared():
    return prepare(CONFIG)


@pytest.fixture(scope="module")
def mkdocs_site(tmp_path_factory) -> Path:
    return export_and_build(CONFIG, tmp_path_factory.mktemp("mkdocs") / "export")


def built_file(site: Path, default: str, kind: str, slug: str, lang: str) -> Path:
    folder = site if lang == default else site / lang
    if kind == "home":
        return folder / "index.html"
    if kind == "project":
        return folder / "projects" / slug / "index.html"
    return folder / slug / "index.html"


def html_lang(html: str) -> str | None:
    match = re.search(r"<html\b[^>]*\blang=\"([^\"]*)\"", html)
    return match.group(1) if match else None


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"[\s\u00a0\u202f]+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def plain(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def statement_lines(prepared, slug: str, lang: str) -> list[str]:
    """The EU statement in `lang`, by the rules of generator.eu.rules (empty: no EU funding)."""
    site = prepared.site
    record = site.records[slug].record
    if not record.eu_funded:
        return []
    programme = site.config.programmes.get(record.programme) if record.programme else None
    block = eu_visibility.funding_block(
        record.funding.funds,
        record.funding.programming_period,
        co_financing_rate=record.funding.co_financing_rate,
        statement=programme.statement if programme else None,
    )
    return statement_texts(block, prepared.translations[lang].gettext, lang)


# -- the shipped content, built by MkDocs ----------------------------------------------------


def test_every_page_in_every_language_with_its_lang(prepared, mkdocs_site):
    site = prepared.site
    default = site.config.default_language
    problems = []
    for ref in site.pages:
        path = built_file(mkdocs_site, default, ref.kind, ref.slug, ref.lang)
        if not path.is_file():
            problems.append(f"{ref.lang} {ref.kind} {ref.slug}: {path.relative_to(mkdocs_site)} not built")
            continue
        html = path.read_text(encoding="utf-8")
        expected = site.config.language(ref.lang).html_lang
        if html_lang(html) != expected:
            problems.append(f"{path.relative_to(mkdocs_site)}: <html lang={html_lang(html)!r}>, expected {expected!r}")
        if ref.page.title not in unescape(html):
            problems.append(f"{path.relative_to(mkdocs_site)}: title {ref.page.title!r} not shown")
    assert not problems, "\n".join(problems)
    projects = [ref for ref in site.pages if ref.kind == "project"]
    assert len(projects) == len(site.records) * len(site.config.languages)


def test_norwegian_is_nb_for_material(prepared, mkdocs_site):
    codes = prepared.site.config.codes
    if "no" not in codes:
        pytest.skip("the site has no Norwegian")
    html = (mkdocs_site / "no" / "index.html").read_text(encoding="utf-8")
    assert html_lang(html) == "nb"
    # Material's own Norwegian interface strings (partials/languages/nb.html), not English ones.
    assert "Gå til innhold" in html


def test_eu_block_on_eu_funded_projects_only(prepared, mkdocs_site):
    site = prepared.site
    default = site.config.default_language
    expectations = []
    for ref in site.pages:
        if ref.kind != "project":
            continue
        path = built_file(mkdocs_site, default, ref.kind, ref.slug, ref.lang)
        record = site.records[ref.slug].record
        expectations.append(
            (
                str(path.relative_to(mkdocs_site)),
                ref.lang,
                bool(record.eu_funded),
                statement_lines(prepared, ref.slug, ref.lang),
            )
        )
    assert any(funded for _p, _l, funded, _t in expectations), "no EU-funded project in the shipped content"
    problems = eu_check.check_site(mkdocs_site, expectations)
    assert not problems, "\n".join(problems)
    # Exactly one block (the override's), never a second one from the page body.
    for path, _lang, funded, _texts in expectations:
        facts = eu_check.parse_page((mkdocs_site / path).read_text(encoding="utf-8"))
        assert facts.blocks == (1 if funded else 0), path


def test_unesco_project_has_no_eu_block(prepared, mkdocs_site):
    site = prepared.site
    assert not site.records[UNESCO].record.eu_funded
    for code in site.config.codes:
        html = built_file(mkdocs_site, site.config.default_language, "project", UNESCO, code).read_text(
            encoding="utf-8"
        )
        assert 'class="eu-funding"' not in html and 'class="eu-emblem"' not in html, code


def test_facts_are_formatted_for_each_language(prepared, mkdocs_site):
    """Dates and amounts in the facts panel as Babel formats them for the page's language."""
    site = prepared.site
    checked_pl = False
    problems = []
    for ref in site.pages:
        if ref.kind != "project":
            continue
        record = site.records[ref.slug].record
        language = site.config.language(ref.lang)
        fmt = Formatter(language.locale, ref.lang)
        expected = [fmt.date(d) for d in (record.approved, record.period.start, record.period.end) if d]
        expected += [fmt.money(m.amount, m.currency, m.approximate) for m in record.budget.total]
        path = built_file(mkdocs_site, site.config.default_language, ref.kind, ref.slug, ref.lang)
        text = visible_text(path.read_text(encoding="utf-8"))
        for item in expected:
            if plain(item) not in text:
                problems.append(f"{path.relative_to(mkdocs_site)}: {item!r} ({ref.lang}) not in the page")
        if ref.lang == "pl" and "en" in site.config.codes:
            # The Polish page really is Polish: a date with a month is not the English one.
            english = Formatter(site.config.language("en").locale, "en")
            for date in (record.approved, record.period.start, record.period.end):
                if date and date.month:
                    assert english.date(date) != fmt.date(date)
                    assert plain(english.date(date)) not in text, f"{path}: English date {english.date(date)!r}"
                    checked_pl = True
    assert not problems, "\n".join(problems)
    if "pl" in site.config.codes and "en" in site.config.codes:
        assert checked_pl, "no Polish project page with a month in its dates was checked"


def test_language_switcher_and_site_name(prepared, mkdocs_site):
    site = prepared.site
    html = (mkdocs_site / "index.html").read_text(encoding="utf-8")
    for language in site.config.languages:
        assert f'hreflang="{language.code}"' in html, language.code
        assert language.name in unescape(html)
    for code in site.config.codes:
        page = built_file(mkdocs_site, site.config.default_language, "home", "index", code).read_text(encoding="utf-8")
        name = site.config.site_name if isinstance(site.config.site_name, str) else site.config.site_name[code]
        assert name in unescape(page), code


# -- an untranslated page ----------------------------------------------------------------------


def copy_site(target: Path) -> Path:
    target.mkdir(parents=True)
    shutil.copy2(CONFIG, target / "site_config.yml")
    for folder in ("content", "theme"):
        shutil.copytree(ROOT / folder, target / folder)
    if (ROOT / "schemas").is_dir():
        shutil.copytree(ROOT / "schemas", target / "schemas")
    return target / "site_config.yml"


def test_untranslated_page_keeps_facts_and_eu_block_in_the_page_language(prepared, tmp_path):
    """A project page without a translation: facts and EU statement in the page's language,
    the narrative marked with the language it is written in, noindex, a notice."""
    site = prepared.site
    default = site.config.default_language
    others = [code for code in site.config.codes if code != default]
    if not others:
        pytest.skip("one language only")
    lang = "pl" if "pl" in others else others[0]
    slug = next(slug for slug, loaded in site.records.items() if loaded.record.eu_funded)
    config = copy_site(tmp_path / "src")
    translated = config.parent / "content" / lang / "projects" / f"{slug}.md"
    translated.unlink(missing_ok=True)

    built = export_and_build(config, tmp_path / "export")
    markdown = (tmp_path / "export" / "docs" / lang / "projects" / f"{slug}.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(markdown.split("---\n")[1])
    assert meta["fallback"] is True and meta["eu_funding"] is True

    html = built_file(built, default, "project", slug, lang).read_text(encoding="utf-8")
    language = site.config.language(lang)
    default_html_lang = site.config.language(default).html_lang
    assert html_lang(html) == language.html_lang
    assert '<meta name="robots" content="noindex">' in html
    assert f'<h1 lang="{default_html_lang}">' in html
    assert f'class="fallback-text" lang="{default_html_lang}"' in html
    assert 'class="fallback-notice"' in html
    problems = eu_check.check_page(lang, html, lang, True, statement_lines(prepared, slug, lang))
    assert not problems, "\n".join(problems)
    record = site.records[slug].record
    fmt = Formatter(language.locale, lang)
    text = visible_text(html)
    for money in record.budget.total:
        assert plain(fmt.money(money.amount, money.currency, money.approximate)) in text


# -- pieces that need no MkDocs ---------------------------------------------------------------


def test_mkdocs_yml_languages(prepared, tmp_path):
    export_mkdocs(CONFIG, tmp_path / "export")
    config = yaml.safe_load((tmp_path / "export" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["custom_dir"] == "overrides"
    plugin = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    assert plugin["docs_structure"] == "folder"
    languages = {entry["locale"]: entry for entry in plugin["languages"]}
    site = prepared.site
    assert list(languages) == site.config.codes  # "no" stays the text "no", never false
    assert [code for code, entry in languages.items() if entry["default"]] == [site.config.default_language]
    for code, entry in languages.items():
        assert entry["build"] is True
        assert entry["theme"]["language"] == ("nb" if code == "no" else site.config.language(code).html_lang)
        assert (tmp_path / "export" / "docs" / code / "index.md").is_file()
    assert (tmp_path / "export" / "overrides" / "main.html").is_file()
    for css in config["extra_css"]:
        assert (tmp_path / "export" / "docs" / css).is_file()


def test_links_of_the_main_site_are_rewritten_or_unwrapped(prepared):
    """Rendered partials: exported pages get MkDocs addresses, missing pages become text."""
    export = MkDocsExport(prepared)
    site = prepared.site
    default = site.config.default_language
    other = next(code for code in site.config.codes if code != default)
    slug = next(iter(site.records))
    ref = next(r for r in site.pages if r.kind == "project" and r.lang == other)
    base = site.config.base_path
    html = (
        f'<a href="{site.url("project", slug, default)}">a</a> '
        f'<a class="x" href="{site.url("project", slug, other)}">b</a> '
        f'<a href="{base}{default}/partners/someone/">c</a> '
        f'<a href="https://example.org/">d</a> <img src="../../../assets/logos/x.svg" alt="">'
    )
    assert export._links(html, ref) == (
        f'<a href="{base}projects/{slug}/">a</a> '
        f'<a class="x" href="{base}{other}/projects/{slug}/">b</a> '
        f'c <a href="https://example.org/">d</a> <img src="{base}assets/logos/x.svg" alt="">'
    )


def test_markdown_links_become_paths_between_docs_files(prepared):
    """Editors write links for eupages' addresses (/<code>/<page>/, /assets/…)."""
    export = MkDocsExport(prepared)
    site = prepared.site
    lang = site.config.codes[-1]
    ref = next(r for r in site.pages if r.kind == "page" and r.lang == lang)
    slug = next(iter(site.records))
    text = (
        f'![picture](../../assets/guide/x.png "t") [project](../projects/{slug}/#part) '
        "[listing](../programmes/) [other site](https://example.org/) [here](#top)\n\n"
        "```\n[code](../../assets/y.png)\n```\n\n[ref]: ../../assets/z.png\n"
    )
    assert export._markdown_links(text, ref) == (
        f'![picture](../assets/guide/x.png "t") [project](projects/{slug}.md#part) '
        "listing [other site](https://example.org/) [here](#top)\n\n"
        "```\n[code](../../assets/y.png)\n```\n\n[ref]: ../assets/z.png\n"
    )


def test_refuses_to_write_into_the_site_or_its_content(tmp_path):
    from generator.errors import ContentError

    for folder in (ROOT, ROOT / "content", ROOT / "content" / "x", ROOT / "theme"):
        with pytest.raises(ContentError):
            export_mkdocs(CONFIG, folder)
    assert not (ROOT / "content" / "x").exists()
