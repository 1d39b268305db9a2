"""Which funding block a page shows, the funding checks and the logo-size rule."""

from __future__ import annotations

import dataclasses

import pytest

from generator.eu.rules import (
    ALL_MSGIDS,
    EMBLEM_HEIGHT_PX,
    FUNDS,
    FUNDS_BY_PERIOD,
    MSG_BLOCK_LABEL,
    MSG_CO_FUNDED,
    MSG_EMBLEM_TITLE,
    MSG_EUROPEAN_UNION,
    MSG_FUNDED,
    MSG_SLOGAN,
    Finding,
    FundingBlock,
    FundingError,
    check_funding,
    check_logo_sizes,
    check_logos_against_block,
    funding_block,
    statement_problem,
)


def test_fund_names_are_the_official_english_names() -> None:
    assert FUNDS == {
        "erdf": "European Regional Development Fund",
        "esf": "European Social Fund",
        "esf-plus": "European Social Fund Plus",
        "cf": "Cohesion Fund",
        "enpi": "European Neighbourhood and Partnership Instrument",
        "eni": "European Neighbourhood Instrument",
        "ndici": "Neighbourhood, Development and International Cooperation Instrument",
        "ipa": "Instrument for Pre-accession Assistance",
        "ipa-ii": "Instrument for Pre-accession Assistance (IPA II)",
        "ipa-iii": "Instrument for Pre-accession Assistance (IPA III)",
        "yei": "Youth Employment Initiative",
        "emff": "European Maritime and Fisheries Fund",
        "emfaf": "European Maritime, Fisheries and Aquaculture Fund",
        "jtf": "Just Transition Fund",
    }
    # Every fund belongs to at least one period, as eu-visibility.md lists them.
    assert {fund for funds in FUNDS_BY_PERIOD.values() for fund in funds} == set(FUNDS)


# --- 2007–2013 ---------------------------------------------------------------------


def test_2007_2013_always_shows_the_added_value_statement() -> None:
    # Reg. (EC) 1828/2006 Art. 9(c): part of every information measure, "preferably:
    # 'Investing in your future'".
    block = funding_block("erdf", "2007-2013")
    assert block is not None
    assert block.lines == ("European Union", "European Regional Development Fund", "Investing in your future")
    assert block.period == "2007-2013" and block.funds == ("erdf",) and block.statement is None


def test_2007_2013_a_programmes_own_statement_replaces_the_preferred_wording() -> None:
    own = {"en": "Sharing expertise across the Baltic", "pl": "Dzielimy się wiedzą"}
    block = funding_block("erdf", "2007-2013", statement=own)
    assert block is not None
    assert block.lines == ("European Union", "European Regional Development Fund")
    assert block.statement == own


@pytest.mark.parametrize("fund", FUNDS_BY_PERIOD["2007-2013"])
def test_2007_2013_names_every_fund_of_the_period(fund: str) -> None:
    block = funding_block(fund, "2007-2013")
    assert block is not None and block.lines == (MSG_EUROPEAN_UNION, FUNDS[fund], MSG_SLOGAN)


def test_several_funds_are_all_named() -> None:
    block = funding_block(["erdf", "enpi"], "2007-2013")
    assert block is not None
    assert block.lines == (MSG_EUROPEAN_UNION, FUNDS["erdf"], FUNDS["enpi"], MSG_SLOGAN)
    assert block.fund_names == (FUNDS["erdf"], FUNDS["enpi"])


@pytest.mark.parametrize(
    ("fund", "period"),
    [
        ("enpi", "2021-2027"),
        ("esf", "2021-2027"),
        ("esf-plus", "2007-2013"),
        ("ndici", "2014-2020"),
        ("ipa-iii", "2007-2013"),
    ],
)
def test_a_fund_outside_its_period_is_refused(fund: str, period: str) -> None:
    [problem] = check_funding(fund, period)
    assert problem.message == f"'{fund}' is not an EU fund of {period}"
    assert problem.hint == f"the funds of {period} are {', '.join(FUNDS_BY_PERIOD[period])}"
    with pytest.raises(FundingError):
        funding_block(fund, period)


# --- 2014–2020 ---------------------------------------------------------------------


def test_2014_2020_shows_european_union_and_names_the_fund() -> None:
    block = funding_block("esf", "2014-2020")
    assert block is not None
    assert block.lines[0] == "European Union"
    assert "European Social Fund" in block.lines


def test_2014_2020_has_no_added_value_statement() -> None:
    block = funding_block("erdf", "2014-2020")
    assert block is not None and MSG_SLOGAN not in block.lines


# --- 2021–2027 ---------------------------------------------------------------------


def test_2021_2027_record_says_co_funded_by_the_european_union() -> None:
    block = funding_block("erdf", "2021-2027", co_financing_rate=80)
    assert block is not None
    assert block.lines == ("Co-funded by the European Union",)
    assert block.fund_names == ("European Regional Development Fund",)


def test_2021_2027_without_rate_is_co_funded() -> None:
    block = funding_block("erdf", "2021-2027")
    assert block is not None and block.lines == (MSG_CO_FUNDED,)


def test_2021_2027_fully_eu_funded_says_funded_by() -> None:
    block = funding_block("erdf", "2021-2027", co_financing_rate=100)
    assert block is not None and block.lines == ("Funded by the European Union",)


def test_100_percent_only_changes_the_2021_2027_statement() -> None:
    block = funding_block("erdf", "2014-2020", co_financing_rate=100)
    assert block is not None and MSG_FUNDED not in block.lines


# --- no EU funding -----------------------------------------------------------------


@pytest.mark.parametrize("funding", [None, "none", "None"])
def test_no_eu_funding_means_no_block(funding: str | None) -> None:
    assert funding_block(funding, None) is None


def test_fund_none_means_no_block() -> None:
    assert funding_block("none", None) is None
    assert funding_block(None, None) is None


# --- the block itself --------------------------------------------------------------


def test_block_is_immutable_and_carries_emblem_texts() -> None:
    block = funding_block("cf", "2014-2020")
    assert isinstance(block, FundingBlock)
    with pytest.raises(dataclasses.FrozenInstanceError):
        block.lines = ()  # type: ignore[misc]
    assert block.emblem_title == MSG_EMBLEM_TITLE == "Flag of the European Union"
    assert block.label == MSG_BLOCK_LABEL
    assert block.emblem_height == EMBLEM_HEIGHT_PX


def test_every_msgid_a_block_can_use_is_listed_for_extraction() -> None:
    used = set()
    for period, funds in FUNDS_BY_PERIOD.items():
        for fund in funds:
            for rate in (None, 100):
                block = funding_block(fund, period, co_financing_rate=rate)
                assert block is not None
                used.update(block.lines)
                used.update({block.emblem_title, block.label, *block.fund_names})
    assert used == set(ALL_MSGIDS)


# --- validation --------------------------------------------------------------------


def test_valid_funding_has_no_problem() -> None:
    assert check_funding("erdf", "2007-2013", 85) == []
    assert check_funding(None, None) == []
    assert check_funding("none", None) == []


def test_period_without_fund_is_a_problem() -> None:
    [problem] = check_funding(None, "2014-2020")
    assert isinstance(problem, Finding)
    assert "no fund" in problem.message
    assert "erdf" in problem.hint and "funding: none" in problem.hint


def test_fund_without_period_is_a_problem() -> None:
    [problem] = check_funding("erdf", None)
    assert "programming_period" in problem.message
    assert '"2007-2013"' in problem.hint


def test_unknown_fund_is_a_problem() -> None:
    [problem] = check_funding("eafrd", "2014-2020")
    assert "unknown EU fund 'eafrd'" in problem.message
    assert problem.hint == "use one of: erdf, esf, cf, yei, eni, ipa-ii, emff"  # the funds of 2014-2020


def test_unknown_period_is_a_problem() -> None:
    # YAML without quotes might even turn 2007-2013 into something else; we need text.
    [problem] = check_funding("erdf", "2000-2006")
    assert "2000-2006" in problem.message
    assert "quoted" in problem.hint


@pytest.mark.parametrize("rate", [0, -5, 101, "85", True])
def test_bad_co_financing_rate_is_a_problem(rate: object) -> None:
    [problem] = check_funding("erdf", "2021-2027", rate)  # type: ignore[arg-type]
    assert "co_financing_rate" in problem.message


def test_problem_reads_as_message_and_hint() -> None:
    problem = Finding("what is wrong", "what to do")
    assert str(problem) == "what is wrong — what to do"


def test_funding_block_raises_with_the_problem() -> None:
    with pytest.raises(FundingError) as info:
        funding_block("erdf", None)
    assert info.value.problem.message == "funding names an EU fund but no programming_period"
    with pytest.raises(FundingError):
        funding_block("erdf", "2000-2006")


def test_a_programmes_own_statement_only_for_2007_2013() -> None:
    assert statement_problem("2007-2013", {"en": "Ours"}) is None
    problem = statement_problem("2021-2027", "Ours")
    assert problem is not None
    assert "only for 2007-2013" in problem.message and problem.hint.startswith("remove `statement:`")
    assert statement_problem("2014-2020", None) is None


# --- logo sizes --------------------------------------------------------------------


def test_logos_no_larger_than_the_emblem_pass() -> None:
    assert check_logo_sizes(72, 48, [("a.svg", 72, 48), ("b.png", 40, 40)]) == []


def test_taller_or_wider_logo_is_a_problem_naming_file_and_sizes() -> None:
    problems = check_logo_sizes(72, 48, [("ok.svg", 60, 40), ("tall.svg", 50, 60), ("wide.png", 90, 30)])
    assert len(problems) == 2
    tall, wide = problems
    assert "tall.svg" in tall.message and "50×60" in tall.message and "72×48" in tall.message
    assert "wide.png" in wide.message and "90×30" in wide.message and "72×48" in wide.message


def test_logos_checked_against_the_rendered_block_emblem() -> None:
    assert check_logos_against_block([("p.svg", 72, 48)]) == []
    [problem] = check_logos_against_block([("p.svg", 90, 60)])
    assert "p.svg" in problem.message
