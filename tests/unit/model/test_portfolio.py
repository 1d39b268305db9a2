"""A project's status (ongoing / completed / …) depends on the build date, which comes from
SOURCE_DATE_EPOCH when set, so the same sources give the same site on any day."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from generator.clock import BadSourceDateEpoch, build_date
from generator.load.records import ProjectRecord
from generator.model.portfolio import add_months, end_date, project_status, slugify, sort_key

D = dt.date


def record(**period) -> ProjectRecord:
    return ProjectRecord.model_validate({"period": period, "funding": "none", "source": {"file": "x.txt"}})


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
        ({"start": "2010-10-01", "end": "2013-09-30"}, D(2013, 9, 30), "ongoing"),  # the last day still counts
        ({"start": "2010-10-01", "end": "2013-09-30"}, D(2013, 10, 1), "completed"),
        ({"start": "2010-10-01", "end": "2013-09-30"}, D(2010, 9, 30), "planned"),
        ({"start": "2010-10-01", "end": "2013-09-30"}, D(2010, 10, 1), "ongoing"),
        ({"start": "2008-10", "end": "2011-09"}, D(2011, 9, 30), "ongoing"),  # a month ends on its last day
        ({"start": "2008-10", "end": "2011-09"}, D(2011, 10, 1), "completed"),
        ({"start": 2021, "end": 2024}, D(2024, 12, 31), "ongoing"),  # a year ends on 31 December
        ({"start": 2021, "end": 2024}, D(2025, 1, 1), "completed"),
        ({"end": "2013-12-31"}, D(2013, 1, 1), "ongoing"),  # no start: not "planned"
        ({"end": "2013-12-31"}, D(2014, 1, 1), "completed"),
        ({"start": "2010-10-01", "duration_months": 36}, D(2013, 9, 30), "ongoing"),  # start + duration
        ({"start": "2010-10-01", "duration_months": 36}, D(2013, 10, 1), "completed"),
        ({"start": "2010-10-01"}, D(2030, 1, 1), "not-stated"),  # no end: not guessed
        ({"start": "2031-01-01"}, D(2030, 1, 1), "planned"),
        ({}, D(2030, 1, 1), "not-stated"),
        ({"duration_months": 12}, D(2030, 1, 1), "not-stated"),
    ],
)
def test_status_as_of_the_build_date(period, today, expected):
    assert project_status(record(**period), today) == expected


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
