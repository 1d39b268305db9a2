"""What a template sees: small read-only views computed from the model for one language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from generator.eu.rules import FundingBlock, LogoView, funding_block, logo_views
from generator.load.records import Partner, ProjectRecord
from generator.model.site import Site
from generator.values import text_for


@dataclass(frozen=True)
class ProjectView:
    slug: str
    record: ProjectRecord
    programme_name: str
    eu_share: Decimal | None
    eu_share_of: object = None  # the label of the part the share refers to, if the total is in parts

    def __getattr__(self, name):
        # Templates read record fields directly (project.period, project.partners, …).
        return getattr(self.record, name)

    @property
    def lead_partners(self) -> list[Partner]:
        return [p for p in self.record.partners if p.role == "lead"]


def funding_block_of(site: Site, record: ProjectRecord) -> FundingBlock | None:
    """The EU funding block a project's page shows (None without EU funding): its record's
    fund and period, and its programme's choice of slogan. The page and the audit both ask here."""
    funding = record.eu_funding
    if funding is None:
        return None
    programme = site.config.programmes.get(record.programme) if record.programme else None
    return funding_block(
        funding.funds,
        funding.programming_period,
        co_financing_rate=funding.co_financing_rate,
        statement=programme.statement if programme else None,
    )


def brand_logo_of(site: Site, record: ProjectRecord, lang: str) -> LogoView | None:
    """The programme's logo that carries the EU emblem (the Interreg brand, declared in
    site_config.yml with contains_emblem), shown as the project's funding block."""
    programme = site.config.programmes.get(record.programme) if record.programme else None
    if programme is None or programme.logo is None or not programme.logo.contains_emblem or not record.eu_funded:
        return None
    views = logo_views(
        lang=lang,
        site_root=site.root,
        static_root=site.theme / "static",
        programme_logo=programme.logo,
        programme_name=programme.name,
    )
    return views[0] if views else None


def statement_texts(block: FundingBlock, gettext: Callable[[str], str], lang: str) -> list[str]:
    """The statement's lines as a visitor reads them in `lang`: what the page shows and the
    audit looks for."""
    texts = [gettext(msgid) for msgid in block.lines]
    if block.statement is not None:
        texts.append(text_for(block.statement, lang))
    return texts


def eu_share(record: ProjectRecord) -> tuple[Decimal | None, object]:
    """The EU contribution as a share of the total (or of the labelled part) in the same currency."""
    totals = {m.currency: m for m in record.budget.total}
    for contribution in record.budget.eu_contribution:
        total = totals.get(contribution.currency)
        if total and total.amount and total.label == contribution.label:
            return (contribution.amount / total.amount * 100).quantize(Decimal("0.01")), total.label
    return None, None


def project_view(site: Site, slug: str, lang: str) -> ProjectView:
    record = site.records[slug].record
    programme = site.config.programmes.get(record.programme) if record.programme else None
    name = "" if programme is None else text_for(programme.name, lang)
    return ProjectView(slug, record, name, *eu_share(record))


@dataclass(frozen=True)
class Card:
    url: str
    title: str
    summary: str
    programme: str
    period: object
    countries: list[str]
    fallback: bool
    text_lang: str
    slug: str = ""
    programme_key: str = ""  # for the home page's filter (data attributes)
    programme_url: str = ""
    country_codes: list[str] = field(default_factory=list)  # lower case, as in the country pages' URLs
    country_links: list[dict] = field(default_factory=list)  # {"name", "url"} in the page's language
    status: str = ""  # ongoing | planned | completed | not-stated
    status_label: str = ""
    status_url: str = ""


def partner_countries(partners: list[Partner]) -> list[str]:
    """Codes in the order partners are listed, each once."""
    seen: list[str] = []
    for partner in partners:
        if partner.country not in seen:
            seen.append(partner.country)
    return seen
