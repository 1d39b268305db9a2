"""JSON Schemas for editors' tools, made from the models eupages itself validates with.

Editors who open `content/projects/x.yml` or `site_config.yml` in an editor with the YAML
language server (VS Code's YAML extension, and others) get completion, hover help and
red underlines, because each file starts with

    # yaml-language-server: $schema=../../schemas/project.schema.json

The schemas are generated, never written by hand: `eupages schema --write` regenerates
them after a model changes, and a test fails while the committed files differ from what
the models say (`eupages schema` without options does the same check).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.load.config import SiteConfig
from generator.load.explain import model_in
from generator.load.pages import FrontMatter
from generator.load.records import ProjectRecord

DRAFT = "https://json-schema.org/draft/2020-12/schema"
FOLDER = Path("schemas")


def models() -> dict[str, tuple[type[BaseModel], str, str]]:

    return {
        "project.schema.json": (
            ProjectRecord,
            "eupages project record",
            "content/projects/<slug>.yml: the language-neutral facts of one project. See docs/content-model.md.",
        ),
        "front-matter.schema.json": (
            FrontMatter,
            "eupages page front matter",
            "The lines between the two '---' at the top of content/<language>/…/*.md. See docs/content-model.md.",
        ),
        "site_config.schema.json": (
            SiteConfig,
            "eupages site configuration",
            "site_config.yml: the site's languages, programmes, logos and folders. See docs/content-model.md.",
        ),
    }


# Help for fields whose model gives none, in the words of docs/content-model.md. Keyed by
# "Model.field"; a description written in the model itself always wins.
DESCRIPTIONS = {
    "ProjectRecord.acronym": "Optional: the project's short name, e.g. UCP",
    "ProjectRecord.official_name": "Optional: the name as the source states it, untranslated",
    "ProjectRecord.reference": 'Optional: the programme\'s project number, in quotes, e.g. "3025"',
    "ProjectRecord.approved": "Optional: the date the project was approved",
    "ProjectRecord.period": "When the project ran; leave out what the source does not state",
    "ProjectRecord.funding": "The EU funding (fund, programming_period), or the word none",
    "ProjectRecord.budget": "Optional: amounts exactly as the source states them, each in its own currency",
    "ProjectRecord.partners": "One entry per organisation taking part",
    "ProjectRecord.links": "Optional: web pages about the project",
    "ProjectRecord.source": "The document these facts come from",
    "Period.start": "A date (2010-10-01), a month (2008-10) or a year (2021)",
    "Period.end": "A date (2013-09-30), a month (2013-09) or a year (2013)",
    "Period.duration_months": "Optional: the duration in months, as the source states it",
    "EuFunding.programming_period": 'The EU programming period, in quotes: "2007-2013", "2014-2020" or "2021-2027"',
    "Money.amount": "An amount: digits with a dot for decimals, no spaces or currency",
    "Budget.total": "The total budget: one entry per currency the source states",
    "Budget.eu_contribution": "Optional: the EU contribution, one entry per currency the source states",
    "Budget.contributions": "Optional: what named partners put in",
    "Budget.tables": "Optional: budgets and financing plans as tables; eupages adds them up",
    "Group.rows": "The rows of this group",
    "Contribution.partner": "The name of one of the partners below, written exactly as there",
    "Contribution.per_year": "true when the amount is per year",
    "Contribution.approximate": "true when the source says 'about'",
    "Contribution.in_kind": "true for staff time or other contributions in kind rather than cash",
    "Table.id": "Unique within the record; used as the table's anchor, e.g. swedish-budget",
    "Table.kind": "costs or financing",
    "Table.caption": "The table's caption, one text per language",
    "Table.columns": "Years (numbers) in one currency, or currency codes (each row then states its amount in each)",
    "Table.currency": "For year columns: the one currency of every amount, e.g. SEK",
    "Table.rows": "Either rows …",
    "Table.groups": "… or groups of rows, each with its stated subtotal",
    "Table.total": "The stated totals; eupages checks that the rows add up to them",
    "Row.label": "A cost category (staff, external_services, premises, investments, travel, other,"
    " external_public_direct) or a text per language",
    "Row.values": "One amount per column",
    "Row.total": "The row's stated total (year columns only); checked",
    "Group.label": "The group's name, one text per language",
    "Group.subtotal": "The group's stated subtotals; checked",
    "StatedTotals.values": "One amount per column",
    "StatedTotals.total": "The stated grand total; checked",
    "Partner.name": "As the organisation writes it; or one text per language",
    "Partner.city": "Optional",
    "Partner.role": "lead, partner or associated",
    "Link.url": "The full address, starting with https://",
    "Link.label": "The link's text, one per language",
    "Source.file": "The source document's file name",
    "Source.title": "Optional: what the document is",
    "FrontMatter.title": "The page's title (its # heading)",
    "FrontMatter.translated_from": "Left out on an original page; on a translation: the language and version of"
    " the page it was translated from",
    "Contact.email": "Optional: an e-mail address",
    "Contact.phone": "Optional: a telephone number, as it should be shown",
    "SiteConfig.site_name": "The site's name, one text per language",
    "SiteConfig.base_url": "The address the site is published at; ends with /, may include a sub-path",
    "SiteConfig.default_language": "The code of the language every page is written in first, e.g. en",
    "SiteConfig.languages": "The site's languages, in the order of the language switcher",
    "SiteConfig.programmes": "The funding programmes, by the key that records use in 'programme'",
    "SiteConfig.folders": "Where content, theme and output live, relative to this file",
    "SiteConfig.markdown": "How Markdown is read",
    "SiteConfig.projects_per_page": "How many projects a listing page shows before continuing on page 2 (default 24)",
    "SiteConfig.terms_per_page": "How many names an index page (all partners, all countries, …) lists before "
    "continuing on page 2 (default 200)",
    "Programme.name": "The programme's name, one text per language",
    "Programme.programming_period": 'The EU programming period, in quotes: "2007-2013", "2014-2020" or "2021-2027"',
    "Programme.fund": "The EU fund: erdf, esf, cf, enpi, or none",
    "Programme.logo": "Optional: the programme's logo, shown beside the EU emblem",
    "Folders.content": "The content folder (default content)",
    "Folders.theme": "The theme folder (default theme)",
    "Folders.output": "Where `eupages build` writes the site (default site)",
}

TEXT = "One text for every language, or one text per language code (en: …, sv: …)"


def generate(name: str) -> dict[str, Any]:
    model, title, description = models()[name]
    schema = copy.deepcopy(model.model_json_schema())
    _describe(schema, model)
    _describe_texts(schema)
    return {
        "$schema": DRAFT,
        "$comment": "Generated by `eupages schema --write` from eupages' own models; do not edit by hand.",
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
        "title": title,
        "description": description,
    }


def render(name: str) -> str:
    return json.dumps(generate(name), indent=2, ensure_ascii=False) + "\n"


def names() -> list[str]:
    return list(models())


def write(folder: Path = FOLDER) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names():
        path = folder / name
        text = render(name)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def stale(folder: Path = FOLDER) -> list[str]:
    """Names of the schema files that are missing or differ from what the models say."""
    out = []
    for name in names():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != render(name):
            out.append(name)
    return out


def _describe(schema: dict, model: type[BaseModel]) -> None:
    """Add DESCRIPTIONS to the properties of every model in the schema."""
    classes = {model.__name__: model}
    for cls in _nested_models(model):
        classes[cls.__name__] = cls
    places = [(model.__name__, schema)] + list(schema.get("$defs", {}).items())
    for class_name, node in places:
        for field, prop in node.get("properties", {}).items():
            text = DESCRIPTIONS.get(f"{class_name}.{field}")
            if text and "description" not in prop:
                prop["description"] = text


def _nested_models(model: type[BaseModel], seen=None) -> list[type[BaseModel]]:
    seen = seen if seen is not None else set()
    for info in model.model_fields.values():
        inner = model_in(info.annotation)
        if inner is not None and inner not in seen:
            seen.add(inner)
            _nested_models(inner, seen)
    return list(seen)


def _describe_texts(node: Any) -> None:
    """`Text` (a string, or a string per language) gets one plain explanation everywhere."""
    if isinstance(node, dict):
        branches = node.get("anyOf")
        if (
            isinstance(branches, list)
            and {"type": "string"} in branches
            and any(b.get("type") == "object" and b.get("additionalProperties") == {"type": "string"} for b in branches)
        ):
            for branch in branches:
                if branch.get("type") == "object":
                    branch.setdefault("description", "One text per language code, e.g. en: …, sv: …")
            node.setdefault("description", TEXT)
        for value in node.values():
            _describe_texts(value)
    elif isinstance(node, list):
        for value in node:
            _describe_texts(value)
