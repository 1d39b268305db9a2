"""Which EU funding block a project page shows, and the checks around it.

The rules differ by programming period (see shared/reference/eu-visibility.md):

- 2007–2013: emblem + "European Union" + the funds' names + an added-value statement (the
  programme's own wording, or the regulation's preferred "Investing in your future")
- 2014–2020: emblem + "European Union" in the first viewport + the funds named on the page
- 2021–2027: emblem + "Co-funded by the European Union" (or "Funded by …" at 100 %)

Everything here is pure: it takes plain values and returns immutable descriptions or
problem strings, so the engine decides how to report them (``file:line: message — hint``)
and templates only translate the msgids they are given.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from generator.eu.emblem import emblem_size
from generator.values import FUND_KEYS, FUNDS, FUNDS_BY_PERIOD, PERIODS, Text, gettext_noop, text_for

PERIOD_2007_2013, PERIOD_2014_2020, PERIOD_2021_2027 = PERIODS

# The value of `fund` (record or programme) that means "no EU funding".
NO_FUND = "none"


# gettext msgids. They are the official English wording, so the English catalogue
# may stay empty and a missing translation still shows a correct (English) statement.
MSG_EUROPEAN_UNION = gettext_noop("European Union")
MSG_CO_FUNDED = gettext_noop("Co-funded by the European Union")
MSG_FUNDED = gettext_noop("Funded by the European Union")
MSG_SLOGAN = gettext_noop("Investing in your future")
MSG_EMBLEM_TITLE = gettext_noop("Flag of the European Union")
MSG_BLOCK_LABEL = gettext_noop("Funding from the European Union")

# Height of the emblem in the funding block, in CSS px. theme/static/css/funding.css
# uses the same value (--eu-emblem-height); the logo-size rule is checked against it.
EMBLEM_HEIGHT_PX = 48.0


# Listed so message extraction finds every msgid this module can hand to templates.
ALL_MSGIDS: tuple[str, ...] = tuple(
    gettext_noop(m)
    for m in (
        MSG_EUROPEAN_UNION,
        *FUNDS.values(),
        MSG_SLOGAN,
        MSG_CO_FUNDED,
        MSG_FUNDED,
        MSG_EMBLEM_TITLE,
        MSG_BLOCK_LABEL,
    )
)


class Finding(NamedTuple):
    """A rule's verdict without a place: what is wrong and what the editor should do.
    The caller, which knows the file and line, turns it into a generator.errors.Problem."""

    message: str
    hint: str

    def __str__(self) -> str:
        return f"{self.message} — {self.hint}"


class FundingError(ValueError):
    """Raised by :func:`funding_block` when a record's funding cannot be shown."""

    def __init__(self, problem: Finding) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True, slots=True)
class FundingBlock:
    """What the EU funding block of one page shows. All texts are gettext msgids, but for
    ``statement``.

    ``lines`` is the statement next to the emblem, one msgid per line, in order.
    ``fund_names`` are the funds' msgids even when the statement does not include them
    (2021–2027), so a page can still name the funds elsewhere. ``statement`` is a 2007–2013
    programme's own added-value statement (a text per language), shown as the last line
    instead of the regulation's preferred wording.
    """

    period: str
    funds: tuple[str, ...]
    fund_names: tuple[str, ...]
    lines: tuple[str, ...]
    statement: Text | None = None
    emblem_title: str = MSG_EMBLEM_TITLE
    label: str = MSG_BLOCK_LABEL
    emblem_height: float = EMBLEM_HEIGHT_PX


def _is_none(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip().lower() == NO_FUND)


def fund_list(funds: str | Sequence[str] | None) -> tuple[str, ...]:
    """A record's `fund:` as written (one key, or a list of keys) as a tuple; none is ()."""
    if _is_none(funds):
        return ()
    if isinstance(funds, str):
        return (funds,)
    return tuple(funds or ())


def check_funding(
    funds: str | Sequence[str] | None,
    programming_period: str | None,
    co_financing_rate: Decimal | float | None = None,
) -> list[Finding]:
    """Problems with a record's EU funding; empty when it is fine or there is none.

    A record with neither fund nor period (or ``fund: none``) claims no EU funding and
    is valid. Claiming funding with one of them missing or unknown, or with a fund that did
    not exist in the period, is an error: the page would show a wrong statement.
    """
    keys = fund_list(funds)
    if not keys and programming_period is None:
        return []
    problems: list[Finding] = []
    periods = ", ".join(f'"{p}"' for p in PERIODS)
    if not keys:
        known = FUNDS_BY_PERIOD.get(programming_period or "", FUND_KEYS)
        problems.append(
            Finding(
                f"funding states programming_period {programming_period!r} but no fund",
                f"add `fund:` ({', '.join(known)}), or write `funding: none` if the project had no EU funding",
            )
        )
    for fund in keys:
        if fund not in FUNDS:
            known = FUNDS_BY_PERIOD.get(programming_period or "", FUND_KEYS)
            problems.append(Finding(f"unknown EU fund {fund!r}", f"use one of: {', '.join(known)}"))
        elif programming_period in FUNDS_BY_PERIOD and fund not in FUNDS_BY_PERIOD[programming_period]:
            problems.append(fund_period_finding(fund, programming_period))
    if len(set(keys)) != len(keys):
        problems.append(Finding("a fund is named twice", "name each fund once"))
    if programming_period is None:
        problems.append(
            Finding(
                "funding names an EU fund but no programming_period",
                f"add `programming_period:` with one of {periods} (quoted)",
            )
        )
    elif programming_period not in PERIODS:
        problems.append(
            Finding(
                f"unknown programming_period {programming_period!r}",
                f"use one of {periods}, quoted so YAML keeps it as text",
            )
        )
    if co_financing_rate is not None and (
        isinstance(co_financing_rate, bool)
        or not isinstance(co_financing_rate, int | float | Decimal)
        or not 0 < co_financing_rate <= 100
    ):
        problems.append(
            Finding(
                f"co_financing_rate {co_financing_rate!r} is not a percentage above 0 and at most 100",
                "write the EU share in per cent as the source states it, e.g. 85, or leave it out",
            )
        )
    return problems


def fund_period_finding(fund: str, programming_period: str) -> Finding:
    """A fund named for a period it did not exist in (ENPI in 2021–2027, say)."""
    return Finding(
        f"'{fund}' is not an EU fund of {programming_period}",
        f"the funds of {programming_period} are {', '.join(FUNDS_BY_PERIOD[programming_period])}",
    )


def statement_problem(programming_period: str | None, statement: Text | None) -> Finding | None:
    """A programme's own added-value statement belongs to 2007–2013 only."""
    if statement is not None and programming_period != PERIOD_2007_2013:
        # The added-value statement was a 2007–2013 requirement (Reg. 1828/2006 Art. 9(c));
        # later periods prescribe their statement, and extra slogans would dilute it.
        return Finding(
            f"a statement of its own is only for 2007-2013 programmes, this one is {programming_period!r}",
            "remove `statement:`; later periods show the statement the regulation prescribes",
        )
    return None


def funding_block(
    funds: str | Sequence[str] | None,
    programming_period: str | None,
    *,
    co_financing_rate: Decimal | float | None = None,
    statement: Text | None = None,
) -> FundingBlock | None:
    """The funding block for a record, or None when the project had no EU funding.

    2007–2013 pages always carry the added-value statement (Reg. (EC) 1828/2006 Art. 9(c)):
    ``statement``, the programme's own wording per language, or else the regulation's
    preferred "Investing in your future" from the catalogues.
    Raises :class:`FundingError` (carrying message and hint) for invalid funding.
    """
    problems = check_funding(funds, programming_period, co_financing_rate)
    if problems:
        raise FundingError(problems[0])
    keys = fund_list(funds)
    if not keys:
        return None
    assert programming_period is not None  # checked above
    fund_names = tuple(FUNDS[fund] for fund in keys)
    own_statement = None
    if programming_period == PERIOD_2007_2013:
        lines: tuple[str, ...] = (MSG_EUROPEAN_UNION, *fund_names)
        if statement is None:
            lines += (MSG_SLOGAN,)
        else:
            own_statement = statement
    elif programming_period == PERIOD_2014_2020:
        # The funds go into the block too: that names them "on the same site" for sure.
        lines = (MSG_EUROPEAN_UNION, *fund_names)
    else:  # 2021–2027
        fully_funded = co_financing_rate is not None and co_financing_rate >= 100
        lines = (MSG_FUNDED if fully_funded else MSG_CO_FUNDED,)
    return FundingBlock(
        period=programming_period, funds=keys, fund_names=fund_names, lines=lines, statement=own_statement
    )


def check_logo_sizes(
    emblem_width: float,
    emblem_height: float,
    logos: Iterable[tuple[str, float, float]],
) -> list[Finding]:
    """One problem per logo that is taller or wider than the EU emblem.

    The rule is that the emblem is at least as large as the largest other logo. We
    require both dimensions, the stricter reading, so no logo can upstage the emblem.
    ``logos`` holds (file, width, height) in CSS px as rendered next to the emblem.
    """
    problems = []
    for file, width, height in logos:
        if width > emblem_width or height > emblem_height:
            problems.append(
                Finding(
                    f"logo {file} is {_px(width)}×{_px(height)} px, larger than the EU emblem"
                    f" ({_px(emblem_width)}×{_px(emblem_height)} px)",
                    f"set the logo's width to at most {_px(emblem_width)} and its height"
                    f" to at most {_px(emblem_height)} in site_config.yml",
                )
            )
    return problems


def check_logos_against_block(logos: Iterable[tuple[str, float, float]]) -> list[Finding]:
    """:func:`check_logo_sizes` against the emblem as the funding block renders it."""
    width, height = emblem_size(EMBLEM_HEIGHT_PX)
    return check_logo_sizes(width, height, logos)


# The smallest emblem on screen: 1 cm (the Commission's emblem guidance), 38 CSS px.
MIN_EMBLEM_HEIGHT_PX = 38.0


def brand_logo_size_problem(file: str, width: float, height: float) -> Finding | None:
    """A logo that carries the emblem (the Interreg brand) must show it at least 1 cm high: the
    logo itself is never smaller than that."""
    if height < MIN_EMBLEM_HEIGHT_PX:
        return Finding(
            f"logo {file} carries the EU emblem but is only {_px(height)} px high",
            f"show it at least {_px(MIN_EMBLEM_HEIGHT_PX)} px high (1 cm on screen), keeping its proportions",
        )
    return None


def _px(value: float) -> str:
    return f"{value:g}"


# --- other logos shown with the emblem (programme, partners) ---------------------------


class LogoLike(Protocol):
    """A logo as site_config.yml describes it (generator.load.config.Logo, read-only)."""

    @property
    def file(self) -> str: ...
    @property
    def width(self) -> float: ...
    @property
    def height(self) -> float: ...
    @property
    def alt(self) -> Text | None: ...  # text per language, a plain string, or None


@dataclass(frozen=True, slots=True)
class LogoView:
    """One logo as the funding block shows it.

    ``asset_path`` is relative to the theme's ``static`` folder, the form the
    templates' ``asset()`` function takes; ``width``/``height`` are whole CSS px
    (HTML's attributes take integers) and never larger than the configured size.
    """

    asset_path: str
    width: int
    height: int
    alt: str


def logo_asset_path(file: str, site_root: Path, static_root: Path) -> str | None:
    """``file`` (relative to the site folder) as a path under ``static_root``, or None
    when it lies elsewhere, so that the build would not publish it."""
    try:
        relative = (site_root / file).resolve().relative_to(static_root.resolve())
    except ValueError:
        return None
    return relative.as_posix()


def _names(name: Any) -> set[str]:
    """Every spelling of a partner's name: a plain string or the texts per language."""
    if isinstance(name, Mapping):
        return {str(v) for v in name.values() if v}
    return {str(name)} if name else set()


def logo_views(
    *,
    lang: str,
    site_root: Path,
    static_root: Path,
    programme_logo: LogoLike | None = None,
    programme_name: Any = None,
    partner_names: Iterable[Any] = (),
    partner_logos: Mapping[str, LogoLike] | None = None,
) -> tuple[LogoView, ...]:
    """The logos shown with the EU emblem on one project page, programme first.

    Only logos configured in site_config.yml appear: a programme or partner without a
    (licensed) logo file is named in text elsewhere on the page, never given an
    invented logo. A partner's logo is found by any spelling of its name. The sizes
    were checked against the emblem when the configuration was loaded.
    """
    entries: list[tuple[LogoLike, Any]] = []
    if programme_logo is not None:
        entries.append((programme_logo, programme_name))
    for name in partner_names:
        for spelling in sorted(_names(name)):
            logo = (partner_logos or {}).get(spelling)
            if logo is not None:
                entries.append((logo, name))
                break
    views: list[LogoView] = []
    seen: set[str] = set()
    for logo, name in entries:
        path = logo_asset_path(logo.file, site_root, static_root)
        if path is None or path in seen:
            continue
        seen.add(path)
        alt = text_for(logo.alt, lang) or text_for(name, lang) or (sorted(_names(name)) or [""])[0]
        views.append(LogoView(path, _whole_px(logo.width), _whole_px(logo.height), alt))
    return tuple(views)


def _whole_px(value: float) -> int:
    # Round down: a logo checked as no larger than the emblem stays no larger.
    return max(1, math.floor(value))
