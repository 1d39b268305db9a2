"""`site_config.yml`: the languages, programmes and folders of one site."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from babel import Locale, UnknownLocaleError
from pydantic import Field, field_validator, model_validator

from generator.errors import Problems
from generator.eu.rules import (
    brand_logo_size_problem,
    check_logos_against_block,
    fund_list,
    fund_period_finding,
    logo_asset_path,
    statement_problem,
)
from generator.load import yaml_source
from generator.load.explain import check_translated, validate
from generator.values import FUND_KEYS, FUNDS_BY_PERIOD, PERIODS, Strict, Text, base_path_of, missing_languages


class Language(Strict):
    code: str = Field(pattern=r"^[a-z]{2,3}$", description="Used in folders and URLs, e.g. sv")
    locale: str = Field(description="Babel locale used for formatting, e.g. nb_NO")
    name: str = Field(description="The language's own name, shown in the language switcher")

    @field_validator("locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        try:
            Locale.parse(value)
        except (UnknownLocaleError, ValueError):
            raise ValueError(f"'{value}' is not a locale Babel knows — use a form like sv_SE or nb_NO") from None
        return value

    @property
    def html_lang(self) -> str:
        """BCP 47 tag for `lang` and `hreflang`: Norwegian content in folder `no` is `nb`."""
        return Locale.parse(self.locale).language


class Logo(Strict):
    file: str = Field(description="Path of the logo file, relative to the site folder")
    width: float = Field(gt=0, description="Width in CSS pixels as shown beside the EU emblem")
    height: float = Field(gt=0, description="Height in CSS pixels as shown beside the EU emblem")
    alt: Text | None = Field(default=None, description="Text alternative per language")
    contains_emblem: bool = Field(
        default=False,
        description="A programme's logo that contains the EU emblem and statement (the harmonised Interreg "
        "brand, 2014 on): its projects show this logo as the funding block instead of a second emblem",
    )


class Programme(Strict):
    name: Text
    programming_period: Literal[PERIODS] | None = None  # type: ignore[valid-type]
    fund: Literal[FUND_KEYS + ("none",)] | list[Literal[FUND_KEYS]] = "none"  # type: ignore[valid-type]
    statement: Text | None = Field(
        default=None,
        description="2007–2013: the statement highlighting the added value of the EU's support that the "
        "programme's managing authority chose, per language; without it, pages show the regulation's "
        "preferred 'Investing in your future'",
    )
    logo: Logo | None = None

    @property
    def funds(self) -> tuple[str, ...]:
        return fund_list(self.fund)


class Folders(Strict):
    content: str = "content"
    theme: str = "theme"
    output: str = "site"


class Markdown(Strict):
    raw_html: Literal["sanitize", "refuse"] = Field(
        default="sanitize", description="What to do with HTML written inside Markdown"
    )


class Contact(Strict):
    name: Text | None = Field(default=None, description="Who answers, e.g. the publishing organisation's name")
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+$")
    phone: str | None = None
    url: str | None = Field(default=None, pattern=r"^https?://", description="A contact form or page")


# More cards than this make one page as heavy as the whole portfolio the pages are there to split.
MAX_PROJECTS_PER_PAGE = 1000
# An index page's line is a name, a link and a count: 200 of them are about 30 KB of HTML, a
# page that still loads quickly on a slow connection and reads well with a screen reader.
DEFAULT_TERMS_PER_PAGE = 200
MAX_TERMS_PER_PAGE = 5000


class SiteConfig(Strict):
    site_name: Text
    base_url: str = Field(pattern=r"^https?://[^\s]+/$", description="Ends with /; may include a sub-path")
    default_language: str
    languages: list[Language] = Field(min_length=1)
    programmes: dict[str, Programme] = Field(default_factory=dict)
    partner_logos: dict[str, Logo] = Field(default_factory=dict, description="Logos by partner name")
    folders: Folders = Folders()
    markdown: Markdown = Markdown()
    accessibility_contact: Contact | None = Field(
        default=None, description="Where visitors report accessibility problems; shown on the accessibility statement"
    )
    projects_per_page: int = Field(
        default=24,
        strict=True,
        json_schema_extra={"minimum": 1, "maximum": MAX_PROJECTS_PER_PAGE},
        description="How many project cards a listing page (the home page, a programme's, a country's, …) "
        "shows; longer listings continue on …/page/2/ and further pages",
    )

    terms_per_page: int = Field(
        default=DEFAULT_TERMS_PER_PAGE,
        strict=True,
        json_schema_extra={"minimum": 1, "maximum": MAX_TERMS_PER_PAGE},
        description="How many names an index page (all partners, all countries, all programmes, …) "
        "lists; a longer index continues on …/page/2/ and further pages",
    )

    @field_validator("projects_per_page")
    @classmethod
    def _sensible_page_size(cls, value: int) -> int:
        if not 1 <= value <= MAX_PROJECTS_PER_PAGE:
            raise ValueError(
                f"a listing page cannot show {value} projects — write a whole number from 1 to "
                f"{MAX_PROJECTS_PER_PAGE}, or remove the line for the default of 24"
            )
        return value

    @field_validator("terms_per_page")
    @classmethod
    def _sensible_index_size(cls, value: int) -> int:
        if not 1 <= value <= MAX_TERMS_PER_PAGE:
            raise ValueError(
                f"an index page cannot list {value} names — write a whole number from 1 to "
                f"{MAX_TERMS_PER_PAGE}, or remove the line for the default of {DEFAULT_TERMS_PER_PAGE}"
            )
        return value

    @model_validator(mode="after")
    def _consistent(self) -> SiteConfig:
        codes = [lang.code for lang in self.languages]
        if len(set(codes)) != len(codes):
            raise ValueError("a language code is listed twice — list each language once")
        if self.default_language not in codes:
            raise ValueError(
                f"default_language '{self.default_language}' is not in languages — use one of: {', '.join(codes)}"
            )
        return self

    @property
    def codes(self) -> list[str]:
        return [lang.code for lang in self.languages]

    def language(self, code: str) -> Language:
        return next(lang for lang in self.languages if lang.code == code)

    @property
    def base_path(self) -> str:
        """The sub-path the site is served under ("/" or "/repo/")."""
        return base_path_of(self.base_url)


class LoadedConfig:
    """The validated configuration plus where things live on disk."""

    def __init__(self, config: SiteConfig, path: Path, doc: yaml_source.YamlDocument):
        self.config = config
        self.path = path
        self.doc = doc
        self.root = path.parent

    def folder(self, name: str) -> Path:
        return (self.root / getattr(self.config.folders, name)).resolve()


def load_config(path: Path, problems: Problems) -> LoadedConfig | None:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.add(
            path,
            None,
            "the site configuration file does not exist",
            "run eupages from the site folder or pass --config path/to/site_config.yml",
        )
        return None
    except UnicodeDecodeError:
        problems.add(path, None, "this file is not UTF-8 text", "save it as UTF-8 in your editor")
        return None
    try:
        doc = yaml_source.load(text)
    except yaml_source.YamlSyntaxError as err:
        problems.add(path, err.problem.line, err.problem.message, err.problem.hint)
        return None
    config = validate(SiteConfig, doc, path, problems, "configuration")
    if config is None:
        return None
    _check_translations(config, doc, path, problems)
    _check_programmes(config, doc, path, problems)
    _check_logos(config, doc, path, problems)
    return LoadedConfig(config, path, doc)


def _check_translations(config: SiteConfig, doc, path: Path, problems: Problems) -> None:
    codes = config.codes
    texts: list[tuple[tuple[str, ...], Text]] = [(("site_name",), config.site_name)]
    texts += [(("programmes", key, "name"), prog.name) for key, prog in config.programmes.items()]
    texts += [
        (("programmes", key, "statement"), prog.statement)
        for key, prog in config.programmes.items()
        if prog.statement is not None
    ]
    check_translated(texts, codes, doc, path, problems)


def _check_programmes(config: SiteConfig, doc, path: Path, problems: Problems) -> None:
    """What the EU rules ask of a programme beyond its fields' types."""
    for key, prog in config.programmes.items():
        if prog.funds and prog.programming_period is None:
            problems.add(
                path,
                doc.line_of(("programmes", key)),
                f"programme '{key}' names an EU fund but no programming_period",
                'add programming_period: "2007-2013", "2014-2020" or "2021-2027"',
            )
        for i, fund in enumerate(prog.funds):
            if prog.programming_period is not None and fund not in FUNDS_BY_PERIOD[prog.programming_period]:
                wrong_fund = fund_period_finding(fund, prog.programming_period)
                at = ("programmes", key, "fund") + ((i,) if isinstance(prog.fund, list) else ())
                problems.add(path, doc.line_of(at), f"programme '{key}': {wrong_fund.message}", wrong_fund.hint)
        own_statement = statement_problem(prog.programming_period, prog.statement)
        if own_statement is not None:
            at = ("programmes", key, "statement")
            problems.add(path, doc.line_of(at), f"programme '{key}': {own_statement.message}", own_statement.hint)
        if prog.logo is not None and prog.logo.contains_emblem and prog.programming_period == "2007-2013":
            problems.add(
                path,
                doc.line_of(("programmes", key, "logo", "contains_emblem")),
                f"programme '{key}' is of 2007-2013: the harmonised Interreg brand with the emblem inside "
                "the logo exists since 2014",
                "remove contains_emblem; its pages show the EU emblem and the logo beside it",
            )
    for name, logo in config.partner_logos.items():
        if logo.contains_emblem:
            problems.add(
                path,
                doc.line_of(("partner_logos", name, "contains_emblem")),
                "only a programme's logo can carry the EU emblem for its projects",
                "remove contains_emblem from the partner's logo",
            )


def _check_logos(config: SiteConfig, doc, path: Path, problems: Problems) -> None:
    """Logos shown with the EU emblem: the file exists, is published, is no larger than the emblem."""
    root = path.parent
    static = root / config.folders.theme / "static"
    static_shown = f"{config.folders.theme.rstrip('/')}/static"
    logos: list[tuple[tuple[str, ...], Logo]] = [
        (("programmes", key, "logo"), prog.logo) for key, prog in config.programmes.items() if prog.logo
    ]
    logos += [(("partner_logos", name), logo) for name, logo in config.partner_logos.items()]
    for loc, logo in logos:
        where = doc.line_of(loc)
        file_line = doc.line_of(loc + ("file",))
        file = root / logo.file
        if not file.is_file():
            problems.add(
                path,
                file_line,
                f"logo file {logo.file} does not exist",
                f"put the logo (one you are licensed to use) under {static_shown}/logos/ and give its path "
                f"from the site folder, e.g. {static_shown}/logos/name.svg; or remove the logo, "
                "and the name is shown as text",
            )
        elif logo_asset_path(logo.file, root, static) is None:
            problems.add(
                path,
                file_line,
                f"logo file {logo.file} is not inside {static_shown}/, so it would not be published",
                f"move it to {static_shown}/logos/ and write that path",
            )
        if logo.contains_emblem:
            finding = brand_logo_size_problem(logo.file, logo.width, logo.height)
            if finding is not None:
                problems.add(path, where, finding.message, finding.hint)
        else:
            for problem in check_logos_against_block([(logo.file, logo.width, logo.height)]):
                problems.add(path, where, problem.message, problem.hint)
        if logo.alt is not None:
            for code in missing_languages(logo.alt, config.codes):
                problems.add(
                    path,
                    doc.line_of(loc + ("alt",)),
                    f"'{'.'.join(loc)}.alt' has no text in '{code}'",
                    f"add a line '{code}: …' with the translation, or remove 'alt' to use the name",
                )
