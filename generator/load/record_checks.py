"""Checks a record can only pass with the site's configuration at hand.

The record's own shape is checked by its model; here we check what depends on other
files (programmes, languages) and on arithmetic (budget tables must add up).
"""

from __future__ import annotations

import difflib
import re
from decimal import Decimal
from functools import cache
from pathlib import Path

from babel import Locale

from generator.errors import Problem, Problems
from generator.eu.rules import fund_period_finding
from generator.load.config import SiteConfig
from generator.load.explain import check_translated
from generator.load.records import COST_CATEGORIES, ProjectRecord, Row, StatedTotals, Table
from generator.load.yaml_source import YamlDocument
from generator.values import FUNDS_BY_PERIOD, Text


def check_record(record: ProjectRecord, doc: YamlDocument, path: Path, config: SiteConfig, problems: Problems) -> None:
    line = doc.line_of
    _check_programme(record, line, path, config, problems)
    _check_period(record, line, path, problems)
    _check_funding(record, line, path, config, problems)
    for i, partner in enumerate(record.partners):
        _check_country(partner.country, line(("partners", i, "country")), path, config, problems)
    _check_texts(record, doc, path, config.codes, problems)
    names = {_plain(p.name) for p in record.partners}
    for i, contribution in enumerate(record.budget.contributions):
        if contribution.partner not in names:
            problems.add(
                path,
                line(("budget", "contributions", i, "partner")),
                f"'{contribution.partner}' is not one of this project's partners",
                "write the partner's name exactly as under 'partners'",
            )
    ids = set()
    for t, table in enumerate(record.budget.tables):
        if table.id in ids:
            problems.add(
                path,
                line(("budget", "tables", t, "id")),
                f"two tables have the id '{table.id}'",
                "give each table its own id",
            )
        ids.add(table.id)
        problems.extend(check_table(table, ("budget", "tables", t), doc, problems.display(path)))


def _check_programme(record, line, path, config: SiteConfig, problems: Problems) -> None:
    if record.programme is None or record.programme in config.programmes:
        return
    close = difflib.get_close_matches(record.programme, list(config.programmes), n=1, cutoff=0.5)
    hint = (
        f"did you mean '{close[0]}'?"
        if close
        else (
            f"use one of: {', '.join(sorted(config.programmes)) or '(none defined)'}, or add it under 'programmes' in site_config.yml"
        )
    )
    problems.add(path, line(("programme",)), f"unknown programme '{record.programme}'", hint)


def _check_period(record, line, path, problems: Problems) -> None:
    start, end = record.period.start, record.period.end
    if start and end and end.last_day() < start.first_day():
        problems.add(
            path,
            line(("period", "end")),
            f"the project ends ({end.iso()}) before it starts ({start.iso()})",
            "check both dates against the source document",
        )


def _check_funding(record: ProjectRecord, line, path, config: SiteConfig, problems: Problems) -> None:
    programme = config.programmes.get(record.programme) if record.programme is not None else None
    funding = record.eu_funding
    if funding is None:
        return
    for i, fund in enumerate(funding.funds):
        if fund not in FUNDS_BY_PERIOD[funding.programming_period]:
            finding = fund_period_finding(fund, funding.programming_period)
            at = ("funding", "fund") + ((i,) if isinstance(funding.fund, list) else ())
            problems.add(path, line(at), finding.message, finding.hint)
    if len(set(funding.funds)) != len(funding.funds):
        problems.add(path, line(("funding", "fund")), "a fund is named twice", "name each fund once")
    if programme is None or programme.programming_period is None:
        return
    if programme.programming_period != funding.programming_period:
        problems.add(
            path,
            line(("funding", "programming_period")),
            f"programming_period {funding.programming_period} differs from programme "
            f"'{record.programme}' ({programme.programming_period})",
            "use the programme's period, or choose the right programme",
        )


@cache
def _territory_codes() -> frozenset[str]:
    return frozenset(
        code for code in Locale("en").territories if isinstance(code, str) and code.isalpha() and len(code) == 2
    )


@cache
def _names_to_codes(locales: tuple[str, ...]) -> dict[str, str]:
    names: dict[str, str] = {}
    for locale in locales:
        for code, name in Locale.parse(locale).territories.items():
            if code.isalpha() and len(code) == 2:
                names.setdefault(name.casefold(), code)
    return names


def suggest_country_code(text: str, locales: tuple[str, ...]) -> str | None:
    """'Litwa' → 'LT': editors often type the country's name in their own language."""
    names = _names_to_codes(locales + ("en",))
    key = text.strip().casefold()
    if key in names:
        return names[key]
    close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.85)
    return names[close[0]] if close else None


def _check_country(code: str, line, path, config: SiteConfig, problems: Problems) -> None:
    if code in _territory_codes():
        return
    if code.upper() in _territory_codes():
        problems.add(path, line, f"country '{code}' must be written in capitals", f"write {code.upper()}")
        return
    guess = suggest_country_code(code, tuple(lang.locale for lang in config.languages))
    hint = (
        f"write the ISO 3166-1 code {guess}"
        if guess
        else "write the two-letter ISO 3166-1 code, e.g. SE, NO, PL, LT, DE"
    )
    problems.add(path, line, f"'{code}' is not a country code", hint)


def _check_texts(record: ProjectRecord, doc: YamlDocument, path, codes: list[str], problems: Problems) -> None:
    # Cost categories (`staff`, …) are plain keys whose words come from the catalogues.
    check_translated(_texts(record), codes, doc, path, problems)


def _texts(record: ProjectRecord):
    for key in ("total", "eu_contribution"):
        for i, money in enumerate(getattr(record.budget, key)):
            if money.label is not None:
                yield ("budget", key, i, "label"), money.label
    for i, partner in enumerate(record.partners):
        yield ("partners", i, "name"), partner.name
        if partner.city is not None:
            yield ("partners", i, "city"), partner.city
    for i, link in enumerate(record.links):
        yield ("links", i, "label"), link.label
    for i, item in enumerate(record.inferred):
        yield ("inferred", i, "reason"), item.reason
    for t, table in enumerate(record.budget.tables):
        base = ("budget", "tables", t)
        yield base + ("caption",), table.caption
        for g, group in enumerate(table.groups or []):
            yield base + ("groups", g, "label"), group.label
            for r, row in enumerate(group.rows):
                yield base + ("groups", g, "rows", r, "label"), row.label
        for r, row in enumerate(table.rows or []):
            yield base + ("rows", r, "label"), row.label


def check_table(table: Table, loc: tuple, doc: YamlDocument, path: str) -> list:
    """Add up a budget table the way a reader would, and report every figure that disagrees."""
    found: list[Problem] = []

    def report(at: tuple, message: str, hint: str) -> None:
        found.append(Problem(path, doc.line_of(at), message, hint))

    if (table.rows is None) == (table.groups is None):
        report(loc, f"table '{table.id}' must have either 'rows' or 'groups'", "keep one of the two")
        return found
    if table.by_year and table.currency is None:
        report(
            loc + ("columns",),
            f"table '{table.id}' has year columns but no currency",
            "add currency: EUR (or the currency the source uses)",
        )
    width = len(table.columns)
    grand = [Decimal(0)] * width
    groups = table.all_groups()
    for g, group in enumerate(groups):
        group_loc = loc + (("groups", g) if table.groups else ())
        sums = [Decimal(0)] * width
        for r, row in enumerate(group.rows):
            row_loc = group_loc + ("rows", r)
            if len(row.values) != width:
                report(
                    row_loc + ("values",),
                    f"row '{_label(row)}' has {len(row.values)} amounts but the table has {width} columns",
                    f"give one amount per column ({', '.join(map(str, table.columns))})",
                )
                continue
            _check_cost_category(table, row, row_loc, report)
            _check_row_total(table, row, row_loc, report)
            sums = [a + b for a, b in zip(sums, row.values, strict=True)]
        if group.subtotal is not None:
            _compare(table, sums, group.subtotal, group_loc + ("subtotal",), f"subtotal of '{_label(group)}'", report)
        grand = [a + b for a, b in zip(grand, sums, strict=True)]
    _compare(table, grand, table.total, loc + ("total",), f"total of table '{table.id}'", report)
    return found


def _check_row_total(table: Table, row: Row, row_loc: tuple, report) -> None:
    if row.total is None:
        return
    if not table.by_year:
        report(
            row_loc + ("total",),
            f"row '{_label(row)}' has a total but its columns are different currencies",
            "remove the row's total: amounts in different currencies cannot be added",
        )
        return
    computed = sum(row.values, Decimal(0))
    if computed != row.total:
        report(
            row_loc + ("total",),
            f"row '{_label(row)}' adds up to {computed} but its total says {row.total}",
            "correct the amounts or the total so they agree with the source document",
        )


def _compare(table: Table, computed: list[Decimal], stated: StatedTotals, at: tuple, what: str, report) -> None:
    if len(stated.values) != len(computed):
        report(
            at + ("values",),
            f"the {what} has {len(stated.values)} amounts but the table has {len(computed)} columns",
            "give one amount per column",
        )
        return
    for column, got, says in zip(table.columns, computed, stated.values, strict=True):
        if got != says:
            report(
                at + ("values",),
                f"the {what} for {column} says {says} but the rows add up to {got}",
                "correct the rows or the stated total so they agree with the source document",
            )
    if stated.total is not None and table.by_year:
        if sum(stated.values, Decimal(0)) != stated.total:
            report(
                at + ("total",),
                f"the {what} says {stated.total} but its columns add up to {sum(stated.values, Decimal(0))}",
                "correct the figures so they agree with the source document",
            )


_CATEGORY_LIKE = re.compile(r"^[a-z]+(?:_[a-z]+)*$")


def _check_cost_category(table: Table, row: Row, at: tuple, report) -> None:
    """A plain lower-case key in a costs table names a cost category: a mistyped one would
    be shown to visitors as typed, in every language."""
    label = row.label
    if table.kind != "costs" or not isinstance(label, str) or not _CATEGORY_LIKE.match(label):
        return
    if label in COST_CATEGORIES:
        return
    close = difflib.get_close_matches(label, COST_CATEGORIES, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    report(
        at + ("label",),
        f"'{label}' is not a cost category",
        f"{hint}use one of {', '.join(COST_CATEGORIES)}, or write the label as a text per language",
    )


def _label(item) -> str:
    label: Text = item.label
    if isinstance(label, str):
        return label
    return next(iter(label.values()), "")


def _plain(name: Text) -> str:
    return name if isinstance(name, str) else next(iter(name.values()), "")
