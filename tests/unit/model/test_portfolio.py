"""A project's status is the one its source states; where the build date falls in the period
the source gives (not begun, under way, ended) is a calculation, shown as one. The build date
comes from SOURCE_DATE_EPOCH when set, so the same sources give the same site on any day."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from generator.clock import BadSourceDateEpoch, build_date
from generator.load.records import ProjectRecord
from generator.model.portfolio import STATUSES, add_months, build_portfolio, end_date, period_state, slugify, sort_key

D = dt.date


def record(**period) -> ProjectRecord:
    return ProjectRecord.model_validate(
        {"period": period, "funding": "none", "source": {"file": "x.txt", "kind": "summary"}}
    )


# -- build_date ------------------------------------------------------------------------------
def test_build_date_comes_from_source_date_epoch():
    assert build_date({"SOURCE_DATE_EPOCH": "0"}) == D(1970, 1, 1)
    assert build_date({"SOURCE_DATE_EPOCH": "1700000000"}) == D(2023, 11, 14)
    assert build_date({"SOURCE_DATE_EPOCH": " 1700000000 "}) == D(2023, 11, 14)


def test_build_date_is_utc_today_without_epoch():
    today = dt.datetime.now(dt.UTC).date()
    assert build_date({}) in (today, today + dt.timedelta(days=1))
    assert build_date({"SOURCE_DATE_EPOCH": ""}) in (today, today + dt.timedelta(days=1))


@pytest.mark.parametrize("bad", ["yesterday", "-5", "1.5e9", "17000000O0"])
def test_a_bad_source_date_epoch_is_an_error_that_says_what_to_write(bad):
    with pytest.raises(BadSourceDateEpoch, match="SOURCE_DATE_EPOCH"):
        build_date({"SOURCE_DATE_EPOCH": bad})


# -- status ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "period, today, expected",
    [
        ({"start": "2010-10-01", "end": "2013-09-30"}, D(2013, 9, 30), "running"),  # the last day still counts
        ({"start": "2010-10-01", "end": "2013-09-30"}, D(2013, 10, 1), "ended"),
        ({"start": "2010-10-01", "end": "2013-09-30"}, D(2010, 9, 30), "not-started"),
        ({"start": "2010-10-01", "end": "2013-09-30"}, D(2010, 10, 1), "running"),
        ({"start": "2008-10", "end": "2011-09"}, D(2011, 9, 30), "running"),  # a month ends on its last day
        ({"start": "2008-10", "end": "2011-09"}, D(2011, 10, 1), "ended"),
        ({"start": 2021, "end": 2024}, D(2024, 12, 31), "running"),  # a year ends on 31 December
        ({"start": 2021, "end": 2024}, D(2025, 1, 1), "ended"),
        ({"end": "2013-12-31"}, D(2013, 1, 1), "running"),  # no start: not "not begun"
        ({"end": "2013-12-31"}, D(2014, 1, 1), "ended"),
        ({"start": "2010-10-01", "duration_months": 36}, D(2013, 9, 30), "running"),  # start + duration
        ({"start": "2010-10-01", "duration_months": 36}, D(2013, 10, 1), "ended"),
        ({"start": "2010-10-01"}, D(2030, 1, 1), "unknown"),  # no end: not guessed
        ({"start": "2031-01-01"}, D(2030, 1, 1), "not-started"),
        ({}, D(2030, 1, 1), "unknown"),
        ({"duration_months": 12}, D(2030, 1, 1), "unknown"),
    ],
)
def test_period_state_as_of_the_build_date(period, today, expected):
    assert period_state(record(**period), today) == expected


def test_the_status_is_the_sources_never_the_calendars():
    """A proposal's planned period ending does not make the project completed."""
    from generator.load.content import LoadedRecord

    planned = ProjectRecord.model_validate(
        {
            "period": {"start": "2008-10", "end": "2011-09"},
            "funding": "none",
            "status": "planned",
            "source": {"file": "x.txt", "kind": "proposal"},
        }
    )
    silent = record(start="2008-10", end="2011-09")
    records = {
        "a": LoadedRecord("a", planned, Path("a.yml"), {}, "x"),
        "b": LoadedRecord("b", silent, Path("b.yml"), {}, "y"),
    }
    portfolio = build_portfolio(records, ["a", "b"], [], "en", D(2026, 12, 1))
    assert portfolio.status == {"a": "planned", "b": "not-stated"}
    assert portfolio.period_state == {"a": "ended", "b": "ended"}
    assert set(portfolio.statuses) <= set(STATUSES)


def test_end_date_is_derived_only_from_what_the_source_states():
    assert end_date(record(start="2010-10-01", duration_months=36)) == D(2013, 9, 30)
    assert end_date(record(start="2010-10", duration_months=1)) == D(2010, 10, 31)
    assert end_date(record(start="2011-05-01", end="2013-12-31", duration_months=99)) == D(2013, 12, 31)
    assert end_date(record(start="2010-10-01")) is None


def test_add_months_keeps_the_day_within_the_month():
    assert add_months(D(2010, 1, 31), 1) == D(2010, 2, 28)
    assert add_months(D(2012, 1, 31), 1) == D(2012, 2, 29)
    assert add_months(D(2010, 11, 15), 2) == D(2011, 1, 15)
    assert add_months(D(2010, 12, 1), 12) == D(2011, 12, 1)


# -- names in addresses and lists ------------------------------------------------------------
@pytest.mark.parametrize(
    "name, slug",
    [
        ("Östersunds kommun", "ostersunds-kommun"),
        ("VšĮ Klaipėdos ekonominės plėtros agentūra", "vsi-klaipedos-ekonomines-pletros-agentura"),
        ("Stowarzyszenie Gmin RP Euroregion Bałtyk / ERB", "stowarzyszenie-gmin-rp-euroregion-baltyk-erb"),
        ("Hamarregionen Utvikling – Ø", "hamarregionen-utvikling-o"),
        ("Stowarzyszenie „Media Design”", "stowarzyszenie-media-design"),
        ("!!!", "partner"),
    ],
)
def test_partner_slugs_are_readable_ascii(name, slug):
    assert slugify(name) == slug


def test_long_partner_slugs_are_cut_at_a_word_boundary():
    slug = slugify("Hanseatic City of Rostock, Department for Urban Development, Urban Planning and Economy")
    assert len(slug) <= 80 and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
    assert slug.endswith("-and")


def test_sorting_ignores_case_and_accents():
    names = ["Łotwa", "Litwa", "Estonia", "Östersund", "Oslo", "zielona"]
    assert sorted(names, key=sort_key) == ["Estonia", "Litwa", "Łotwa", "Oslo", "Östersund", "zielona"]
