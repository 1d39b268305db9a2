"""Open data: every project's facts as `projects.json` and `projects.csv` at the site root,
and as schema.org JSON-LD on each project page.

Both files say the same thing, one project per record/row, straight from the records
(amounts exactly as stated, as decimal strings; dates as ISO 8601 with the precision the
source gives), plus each language's title, summary and address of the project page.
"""

from __future__ import annotations

import csv
import io
import json

from generator.load.records import Money, ProjectRecord
from generator.model.site import Site
from generator.values import FUNDS, Text, text_for

JSON_NAME = "projects.json"
CSV_NAME = "projects.csv"
FORMAT_VERSION = 1

# In CSV cells that hold lists, items are separated by this; it never occurs in the data
# (checked when the file is written).
LIST_SEPARATOR = " | "


def _money(items: list[Money], default: str) -> list[dict]:
    result = []
    for m in items:
        entry = {"amount": str(m.amount), "currency": m.currency}
        if m.label is not None:
            entry["label"] = _texts(m.label, None)
        result.append(entry)
    return result


def _texts(text: Text | None, codes: list[str] | None):
    """A text as the record gives it: one string, or a mapping language → string."""
    if text is None:
        return None
    if isinstance(text, str):
        return text
    return {code: text[code] for code in (codes or list(text)) if code in text}


def project_record(site: Site, slug: str) -> dict:
    """Everything the site states about one project, language by language where it differs."""
    config = site.config
    codes = config.codes
    record: ProjectRecord = site.records[slug].record
    refs = {code: ref for code in codes if (ref := site.ref("project", slug, code)) is not None}
    real = site.translations.get(("project", slug), ())
    programme = config.programmes.get(record.programme) if record.programme else None
    eu_funding = record.eu_funding
    funding = None
    if eu_funding is not None:
        funding = {
            "funds": list(eu_funding.funds),
            "fund_names": [FUNDS[fund] for fund in eu_funding.funds],
            "programming_period": eu_funding.programming_period,
            "co_financing_rate": None if eu_funding.co_financing_rate is None else str(eu_funding.co_financing_rate),
        }
    portfolio = site.portfolio
    return {
        "slug": slug,
        "title": {code: refs[code].text.title for code in codes if code in real},
        "summary": {code: refs[code].text.summary for code in codes if code in real},
        "url": {code: site.absolute_url("project", slug, code) for code in codes if code in real},
        "acronym": record.acronym,
        "official_name": record.official_name,
        "programme": None if programme is None else {"key": record.programme, "name": _texts(programme.name, codes)},
        "reference": record.reference,
        "approved": record.approved.iso() if record.approved else None,
        "period": {
            "start": record.period.start.iso() if record.period.start else None,
            "end": record.period.end.iso() if record.period.end else None,
            "duration_months": record.period.duration_months,
        },
        "status": portfolio.status[slug],
        "eu_funded": record.eu_funded,
        "funding": funding,
        "budget": {
            "total": _money(record.budget.total, config.default_language),
            "eu_contribution": _money(record.budget.eu_contribution, config.default_language),
        },
        "partners": [
            {"name": _texts(p.name, codes), "city": _texts(p.city, codes), "country": p.country, "role": p.role}
            for p in record.partners
        ],
        "source": {"file": record.source.file, "title": record.source.title},
    }


def projects_json(site: Site) -> bytes:
    slugs = [ref.slug for ref in site.pages if ref.kind == "project" and ref.lang == site.config.default_language]
    data = {
        "format_version": FORMAT_VERSION,
        "site": site.config.base_url,
        "languages": site.config.codes,
        "status_date": site.portfolio.today.isoformat(),
        "projects": [project_record(site, slug) for slug in slugs],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def csv_columns(codes: list[str]) -> list[str]:
    return (
        ["slug"]
        + [f"title_{c}" for c in codes]
        + [f"url_{c}" for c in codes]
        + [
            "acronym",
            "official_name",
            "programme",
            "programme_name",
            "reference",
            "approved",
            "period_start",
            "period_end",
            "duration_months",
            "status",
            "eu_funded",
            "funds",
            "programming_period",
            "co_financing_rate",
            "total_budget",
            "eu_contribution",
            "partner_count",
            "partner_countries",
            "partners",
            "source_file",
            "source_title",
        ]
    )


def _money_cell(items: list[dict], default: str) -> str:
    parts = []
    for m in items:
        text = f"{m['amount']} {m['currency']}"
        label = m.get("label")
        if label is not None:
            text += f" ({text_for(label, default)})"
        parts.append(text)
    return _join(parts)


def _join(parts: list[str]) -> str:
    for part in parts:
        if LIST_SEPARATOR.strip() in part:
            raise ValueError(f"'{part}' contains '{LIST_SEPARATOR.strip()}', the CSV list separator")
    return LIST_SEPARATOR.join(parts)


def projects_csv(site: Site, document: bytes) -> bytes:
    """One row per project, from `document` (`projects_json(site)`, which the build makes
    anyway); names in the default language; lists joined with ' | '."""
    codes = site.config.codes
    default = site.config.default_language
    data = json.loads(document)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(csv_columns(codes))
    for p in data["projects"]:
        funding = p["funding"] or {}
        countries: list[str] = []
        for partner in p["partners"]:
            if partner["country"] not in countries:
                countries.append(partner["country"])
        partners = [
            f"{text_for(x['name'], default)} ({', '.join(filter(None, [text_for(x['city'], default), x['country'], x['role']]))})"
            for x in p["partners"]
        ]
        writer.writerow(
            [p["slug"]]
            + [p["title"].get(c, "") for c in codes]
            + [p["url"].get(c, "") for c in codes]
            + [
                p["acronym"] or "",
                p["official_name"] or "",
                p["programme"]["key"] if p["programme"] else "",
                text_for(p["programme"]["name"], default) if p["programme"] else "",
                p["reference"] or "",
                p["approved"] or "",
                p["period"]["start"] or "",
                p["period"]["end"] or "",
                p["period"]["duration_months"] or "",
                p["status"] or "",
                "yes" if p["eu_funded"] else "no",
                _join(funding.get("funds", [])),
                funding.get("programming_period", ""),
                funding.get("co_financing_rate") or "",
                _money_cell(p["budget"]["total"], default),
                _money_cell(p["budget"]["eu_contribution"], default),
                len(p["partners"]),
                _join(countries),
                _join(partners),
                p["source"]["file"],
                p["source"]["title"] or "",
            ]
        )
    # A byte-order mark so that spreadsheet programs read the UTF-8 correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# -- schema.org -------------------------------------------------------------------------
def json_ld(site: Site, slug: str, lang: str, title: str, summary: str, fund_names: list[str]) -> str:
    """A schema.org Project for one project page, as text safe inside <script>."""
    record = site.records[slug].record
    config = site.config
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Project",
        "name": title,
        "description": summary,
        "url": site.absolute_url("project", slug, lang),
        "inLanguage": config.language(lang).html_lang,
    }
    if record.acronym:
        data["alternateName"] = record.acronym
    if record.reference:
        data["identifier"] = record.reference
    if record.period.start:
        data["foundingDate"] = record.period.start.iso()
    if record.period.end:
        data["dissolutionDate"] = record.period.end.iso()
    if record.eu_funded and fund_names:
        funders = [{"@type": "Organization", "name": name} for name in fund_names]
        data["funder"] = funders[0] if len(funders) == 1 else funders
    members = []
    for partner in record.partners:
        member: dict[str, str | dict[str, str]] = {
            "@type": "Organization",
            "name": text_for(partner.name, lang, config.default_language),
        }
        address = {"@type": "PostalAddress", "addressCountry": partner.country}
        if partner.city is not None:
            address["addressLocality"] = text_for(partner.city, lang, config.default_language)
        member["address"] = address
        members.append(member)
    if members:
        data["member"] = members
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # "</script>" or "<!--" inside a string must not end the block early.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
