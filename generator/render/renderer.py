"""Render one page: a pure function of (site model, page reference) → HTML bytes.

A `Renderer` holds what is expensive to make (Jinja environments, the Markdown
converter) so worker processes build it once and then render many pages.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypedDict

import jinja2
from babel import Locale
from babel.lists import format_list
from markupsafe import Markup

from generator.errors import ContentError, Problems
from generator.eu.rules import logo_views
from generator.model.portfolio import FACETS, INDEX_KINDS, STATUSES, TERM_KINDS, sort_key
from generator.model.site import LISTING_KINDS, PAGINATED_KINDS, PageRef, Site, output_path
from generator.model.translation_status import OUTDATED, statuses_by_page
from generator.render import labels, maps
from generator.render.environment import make_environment
from generator.render.gazetteer import Gazetteer
from generator.render.markdown import MarkdownRenderer
from generator.render.open_data import CSV_NAME, JSON_NAME, json_ld
from generator.render.share_image import share_card_meta
from generator.render.views import (
    Card,
    brand_logo_of,
    funding_block_of,
    partner_countries,
    project_view,
    statement_texts,
)
from generator.values import PartialDate, gettext_noop, text_for

TEMPLATES = {"home": "home.html", "project": "project.html", "page": "page.html", "search": "search.html"}
TEMPLATES.update({kind: "listing_index.html" for kind in INDEX_KINDS})
TEMPLATES.update({kind: "listing.html" for kind in TERM_KINDS})

# What a template is given: names to values of every kind (text, lists, views, functions).
Context = dict[str, Any]


class TermItem(TypedDict):
    """One term of a facet as listings and the home page's filters show it."""

    term: str
    name: str
    url: str
    count: int


class Renderer:
    def __init__(
        self,
        site: Site,
        translations: dict,
        assets: Callable[[str], str],
        bytecode_cache=None,
        place_cache: Path | None = None,
    ):
        self.site = site
        self.assets = assets
        self.envs = {
            code: make_environment(site.theme, site.config, code, translations[code], assets, bytecode_cache)
            for code in site.config.codes
        }
        self.translations = translations
        self.markdown = MarkdownRenderer(site.config.markdown.raw_html, site.root)
        self._card_cache: dict = {}
        self._single_cards: dict[str, dict[str, Card]] = {}  # lang → slug → card, made one by one
        self._language_contexts: dict[str, Context] = {}
        self._menu_page_items: dict[tuple[str, str], list[tuple[str, dict]]] = {}
        self._card_html: dict = {}
        self._term_items: dict[tuple[str, str], list[TermItem]] = {}
        # The model's day, which also decided every project's status (generator/clock.py).
        self.build_date = PartialDate(site.today.year, site.today.month, site.today.day)
        # Every page's translation state, found once per build (see _outdated_notice).
        self._translation_states = statuses_by_page(site)
        # Partners' towns on the maps: looked up once per build (see prepare_maps).
        self.gazetteer = Gazetteer(place_cache)
        self._places: dict[tuple[str, int], tuple[float, float] | None] | None = None
        self._city_cache: dict[tuple[str, tuple[float, float]], maps.City] = {}
        self._portfolio_maps: dict[tuple[str, str], maps.MapView] = {}

    # -- pages from content -------------------------------------------------------------
    def render(self, ref: PageRef) -> tuple[str, bytes]:
        env = self.envs[ref.lang]
        context = self._common(ref.lang, ref.kind, ref.slug)
        if ref.kind in LISTING_KINDS:
            context.update(self._listing_context(ref))
        else:
            context.update(self._page_context(ref))
        if ref.kind == "project":
            context.update(self._project_context(ref))
        elif ref.kind == "home":
            context.update(self._home_context(ref))
        elif ref.kind == "page" and ref.slug == "accessibility":
            context["accessibility_contact"] = self.accessibility_contact(ref.lang)
        if ref.kind in PAGINATED_KINDS:
            context.update(self._pagination(ref, context))
        html = env.get_template(TEMPLATES[ref.kind]).render(context)
        return ref.path, html.encode("utf-8")

    def render_404(self, lang: str) -> tuple[str, bytes]:
        context = self._common(lang, "404", "404")
        context.update(
            page_title=self._gettext(lang, "Page not found"),
            description="",
            canonical="",
            alternates=[],
            noindex=True,
            fallback=False,
            og_type="",
        )
        html = self.envs[lang].get_template("404.html").render(context)
        return output_path("404", "404", lang), html.encode("utf-8")

    def render_root(self) -> tuple[str, bytes]:
        config = self.site.config
        default = config.default_language
        context = {
            "html_lang": config.language(default).html_lang,
            "site_name": text_for(config.site_name, default),
            "choices": [
                {
                    "url": self.site.url("home", "index", code),
                    "html_lang": lang.html_lang,
                    "name": lang.name,
                    "site_name": text_for(config.site_name, code),
                }
                for code, lang in ((language.code, language) for language in config.languages)
            ],
            "alternates": self._alternates("home", "index"),
            "x_default": config.base_url,
        }
        html = self.envs[default].get_template("root.html").render(context)
        return "index.html", html.encode("utf-8")

    def fragment(self, ref: PageRef, template: str, extra: dict | None = None) -> str:
        """One partial of a page, seen with the same context as the page's own template
        (the MkDocs export places eupages' partials in its pages this way)."""
        context = self._common(ref.lang, ref.kind, ref.slug)
        if ref.kind == "project":
            context.update(self._project_context(ref))
        context.update(extra or {})
        return self.envs[ref.lang].get_template(template).render(context)

    # -- context pieces -----------------------------------------------------------------
    def _common(self, lang: str, kind: str, slug: str) -> Context:
        context = dict(self._language_common(lang))  # a copy: pages add to their context
        context.update(
            switcher=self._switcher(lang, kind, slug),
            menu=self._menu(lang, kind, slug, "main"),
            footer_menu=self._menu(lang, kind, slug, "footer")[1:],
            outdated=self._outdated_notice(lang, kind, slug),
        )
        return context

    def _language_common(self, lang: str) -> Context:
        """What every page of a language has in common, made once per language."""
        found = self._language_contexts.get(lang)
        if found is not None:
            return found
        site, config = self.site, self.site.config
        language = config.language(lang)
        found = self._language_contexts[lang] = {
            "lang": lang,
            "html_lang": language.html_lang,
            "language_name": language.name,
            "site_name": text_for(config.site_name, lang),
            "home_url": site.url("home", "index", lang),
            "card_html": lambda card, role=None: self.card_html(lang, card, role),
            "x_default": config.base_url,
            "build_date": self.build_date,
            "og_locale": language.locale,
            "og_locale_alternates": [other.locale for other in config.languages if other.code != lang],
            "og_type": "website",
            "open_data": {"json": config.base_path + JSON_NAME, "csv": config.base_path + CSV_NAME},
            "search_url": site.url("search", "search", lang),
            # Only ways into the portfolio that exist: a site without programmes has no programme pages.
            "facet_urls": {
                facet: site.url(ways.index_kind, "index", lang)
                for facet, ways in FACETS.items()
                if site.portfolio.terms(facet)
            },
        }
        return found

    def _outdated_notice(self, lang: str, kind: str, slug: str) -> Context | None:
        """The original of an outdated translation, for the notice above its text
        (partials/outdated_notice.html); None for every other page."""
        status = self._translation_states.get((kind, slug, lang))
        if status is None or status.state != OUTDATED or status.source_lang is None:
            return None
        original = self.site.config.language(status.source_lang)
        return {
            "url": self.site.url(kind, slug, status.source_lang),
            "language_name": original.name,
            "html_lang": original.html_lang,
        }

    def _page_context(self, ref: PageRef) -> Context:
        site = self.site
        default = site.config.default_language
        body = self.markdown.render(ref.text.body, ref.text.source, ref.text.body_line)
        return {
            "page": ref.page,
            "page_title": ref.text.title,
            "description": ref.text.summary,
            "body_html": body,
            "fallback": ref.fallback,
            "text_lang": site.config.language(ref.text.lang).html_lang,
            "fallback_language_name": site.config.language(default).name,
            "canonical": "" if ref.fallback else site.absolute_url(ref.kind, ref.slug, ref.lang),
            "alternates": self._alternates(ref.kind, ref.slug),
            "noindex": ref.fallback,
        }

    def _project_context(self, ref: PageRef) -> Context:
        view = project_view(self.site, ref.slug, ref.lang)
        record = view.record
        programme = self.site.config.programmes.get(record.programme) if record.programme else None
        block = funding_block_of(self.site, record)
        brand_logo = brand_logo_of(self.site, record, ref.lang)
        fund_names = [self._gettext(ref.lang, name) for name in block.fund_names] if block else []
        logos = (
            logo_views(
                lang=ref.lang,
                site_root=self.site.root,
                static_root=self.site.theme / "static",
                # A programme logo that carries the emblem is the funding block itself.
                programme_logo=programme.logo if programme and brand_logo is None else None,
                programme_name=programme.name if programme else None,
                partner_names=[p.name for p in record.partners],
                partner_logos=self.site.config.partner_logos,
            )
            if block
            else ()
        )
        card = self._card(ref)
        structured = json_ld(
            self.site,
            ref.slug,
            ref.lang,
            ref.text.title,
            ref.text.summary,
            fund_names,
        )
        return {
            "project": view,
            "funding_block": block,
            "brand_logo": brand_logo,
            "fund_name": format_list(fund_names, locale=self.site.config.language(ref.lang).locale) if block else "",
            "eu_logos": logos,
            "card": card,
            "partner_urls": self._partner_urls(ref.slug, ref.lang),
            "partner_map": self._map(ref.lang, [ref.slug]),
            "json_ld": structured,
            "og_type": "article",
            "provenance": self._provenance(ref.slug, ref.lang),
            "share_image": share_card_meta(
                self.site, ref, statement_texts(block, lambda m: self._gettext(ref.lang, m), ref.lang) if block else ()
            ),
        }

    def _provenance(self, slug: str, lang: str) -> Context:
        """What the page says about where its facts come from: the kind and date of the source,
        the status as the source states it, the period's state as a calculation, and every
        fact the editors inferred, with their reason."""
        record = self.site.records[slug].record
        state = self.site.portfolio.period_state[slug]
        inferred = [
            {
                "fact": item.fact,
                "label": self._gettext(lang, labels.INFERRED_FACT_LABELS[item.fact]),
                "reason": text_for(item.reason, lang),
            }
            for item in record.inferred
        ]
        return {
            "source_kind": self._gettext(lang, labels.SOURCE_KIND_LABELS[record.source.kind]),
            "source_date": record.source.date,
            "period_state": self._gettext(lang, labels.PERIOD_STATE_LABELS[state]) if state != "unknown" else "",
            "inferred": inferred,
            "inferred_facts": {item["fact"] for item in inferred},
        }

    # -- maps -------------------------------------------------------------------------------
    def prepare_maps(self) -> None:
        """Place every partner's town and draw the base map, once, before workers fork."""
        if self._places is not None:
            return
        places: dict[tuple[str, int], tuple[float, float] | None] = {}
        for slug, loaded in self.site.records.items():
            for i, partner in enumerate(loaded.record.partners):
                if partner.city:
                    names = [partner.city] if isinstance(partner.city, str) else list(partner.city.values())
                    found = self.gazetteer.locate(names, partner.country)
                    places[(slug, i)] = (found[0], found[1]) if found else None
        self.gazetteer.save()
        self.gazetteer.forget_index()
        self._places = places
        maps.project_towns(place for place in places.values() if place is not None)
        maps.base_map()

    def _map(self, lang: str, slugs: list[str], current: str = "") -> maps.MapView:
        """The map of the partners of `slugs`: their countries, and their towns the gazetteer places."""
        self.prepare_maps()
        assert self._places is not None
        country = self.envs[lang].filters["country"]
        codes: list[str] = []
        cities: list[maps.City] = []
        for slug in slugs:
            for i, partner in enumerate(self.site.records[slug].record.partners):
                codes.append(partner.country)
                place = self._places.get((slug, i))
                if place:
                    cities.append(self._city(text_for(partner.city, lang), place))
        return maps.map_view(self.assets(maps.ASSET_NAME), codes, country, cities, current, sort_key=sort_key)

    def _portfolio_map(self, lang: str, current: str = "") -> maps.MapView:
        """The whole portfolio's map, made once per language and highlighted country."""
        key = (lang, current)
        found = self._portfolio_maps.get(key)
        if found is None:
            found = self._portfolio_maps[key] = self._map(lang, list(self.site.records), current)
        return found

    def _city(self, name: str, place: tuple[float, float]) -> maps.City:
        key = (name, place)
        city = self._city_cache.get(key)
        if city is None:
            city = self._city_cache[key] = maps.city_at(name, *place)
        return city

    def _partner_urls(self, slug: str, lang: str) -> list[str]:
        portfolio = self.site.portfolio
        count = len(self.site.records[slug].record.partners)
        return [self.site.url("partner", portfolio.partner_slugs[(slug, i)], lang) for i in range(count)]

    def accessibility_contact(self, lang: str) -> dict | None:
        """The accessibility statement's contact (site_config.yml), its texts in `lang`."""
        contact = self.site.config.accessibility_contact
        if contact is None:
            return None
        fmt = self.envs[lang].filters["text"]
        return {
            "name": fmt(contact.name) if contact.name else "",
            "email": contact.email or "",
            "phone": contact.phone or "",
            "url": contact.url or "",
        }

    # -- home page and listings -----------------------------------------------------------
    def _home_context(self, ref: PageRef) -> Context:
        lang = ref.lang
        cards = self._cards(lang)
        return {
            "cards": [cards[slug] for slug in self.site.shown(ref)],
            "browse": self._browse(lang),
            "filters": {
                "programme": self._terms(lang, "programme"),
                "country": self._terms(lang, "country"),
                "status": self._terms(lang, "status"),
            },
            "plural_samples": plural_samples(self.site.config.language(lang).locale),
            "total": len(cards),
            # The map shows the whole portfolio, so it is shown once, on the first page.
            "portfolio_map": self._portfolio_map(lang) if ref.number == 1 else None,
        }

    def _browse(self, lang: str) -> list[dict]:
        """Links to the index page of each way into the portfolio."""
        site = self.site
        portfolio = site.portfolio
        return [
            {
                "url": site.url(ways.index_kind, "index", lang),
                "label": self._gettext(lang, labels.FACET_LABELS[facet].index_title),
                "facet": facet,
            }
            for facet, ways in FACETS.items()
            if portfolio.terms(facet)
        ]

    def _term_name(self, lang: str, facet: str, term: str) -> str:
        site = self.site
        if facet == "programme":
            name = site.config.programmes[term].name
            return text_for(name, lang)
        if facet == "country":
            return self.envs[lang].filters["country"](term.upper())
        if facet == "partner":
            return self.envs[lang].filters["text"](site.portfolio.partners[term].name)
        return self._gettext(lang, labels.STATUS_LABELS[term])

    def _terms(self, lang: str, facet: str) -> list[TermItem]:
        """Every term of a facet with its name in `lang`, its page and its number of projects
        (made once per language: every page of the home page's projects offers them as filters)."""
        found = self._term_items.get((lang, facet))
        if found is None:
            found = self._term_items[(lang, facet)] = self._terms_of(lang, facet)
        return found

    def _terms_of(self, lang: str, facet: str) -> list[TermItem]:
        site = self.site
        portfolio = site.portfolio
        term_kind = FACETS[facet].term_kind
        items: list[TermItem] = [
            {
                "term": term,
                "name": self._term_name(lang, facet, term),
                "url": site.url(term_kind, term, lang),
                "count": len(portfolio.projects(facet, term)),
            }
            for term in portfolio.terms(facet)
        ]
        if facet in ("country", "partner"):
            items.sort(key=lambda item: sort_key(item["name"]))
        elif facet == "status":
            items.sort(key=lambda item: STATUSES.index(item["term"]))
        return items

    def _listing_context(self, ref: PageRef) -> Context:
        site, lang = self.site, ref.lang
        context: Context = {
            "page": None,
            "body_html": "",
            "fallback": False,
            "text_lang": site.config.language(lang).html_lang,
            "fallback_language_name": "",
            "canonical": site.absolute_url(ref.kind, ref.slug, lang),
            "alternates": self._alternates(ref.kind, ref.slug),
            "noindex": False,
            "browse": self._browse(lang),
        }
        if ref.kind == "search":
            title = self._gettext(lang, labels.SEARCH)
            context.update(
                page_title=title,
                description=title,
                heading=title,
                bundle=site.config.base_path + f"pagefind/{lang}/",  # one index per language
                base_path=site.config.base_path,
                plural_samples=plural_samples(site.config.language(lang).locale),
                wasm=True,
            )  # Pagefind searches in WebAssembly: CSP 'wasm-unsafe-eval' here only
            return context
        if ref.kind in INDEX_KINDS:
            facet = INDEX_KINDS[ref.kind]
            title = self._gettext(lang, labels.FACET_LABELS[facet].index_title)
            size = site.config.terms_per_page
            terms = self._terms(lang, facet)[(ref.number - 1) * size : ref.number * size]
            context.update(page_title=title, description=title, heading=title, facet=facet, terms=terms)
            return context
        portfolio = site.portfolio  # term pages exist only for a portfolio's terms
        facet = TERM_KINDS[ref.kind]
        name = self._term_name(lang, facet, ref.slug)
        title = self._gettext(lang, labels.FACET_LABELS[facet].term_title) % {"name": name}
        cards = self._cards(lang)
        context.update(
            page_title=title,
            description=title,
            heading=title,
            facet=facet,
            term=ref.slug,
            term_name=name,
            index_url=site.url(FACETS[facet].index_kind, "index", lang),
            index_label=self._gettext(lang, labels.FACET_LABELS[facet].index_title),
            cards=[cards[slug] for slug in site.shown(ref)],
            total=len(portfolio.projects(facet, ref.slug)),
            partner=None,
            # A country's first page shows the whole portfolio's map, the country itself darker.
            portfolio_map=self._portfolio_map(lang, ref.slug.upper())
            if facet == "country" and ref.number == 1
            else None,
        )
        if facet == "partner":
            entry = portfolio.partners[ref.slug]
            roles = dict(entry.projects)
            context["partner"] = {
                "city": entry.city,
                "country": entry.country,
                "country_url": site.url("country", entry.country.lower(), lang),
            }
            context["roles"] = roles
        return context

    def _pagination(self, ref: PageRef, context: Context) -> Context:
        """The links between the pages of a listing of projects or of an index's terms (None
        when it fits on one page); a later page is its own canonical address, with its own title
        and translations."""
        if ref.count == 1:
            return {"pagination": None}
        site, lang, number = self.site, ref.lang, ref.number
        label = self._gettext(lang, PAGE_OF) % {"number": number, "count": ref.count}

        def url(n: int) -> str:
            return site.url(ref.kind, ref.slug, lang, n)

        pages = [
            None if n is None else {"number": n, "url": url(n), "current": n == number}
            for n in page_window(number, ref.count)
        ]
        later: Context = {}
        if number > 1:
            later = {
                "page_title": f"{context['page_title']} – {label}",
                "canonical": "" if ref.fallback else site.absolute_url(ref.kind, ref.slug, lang, number),
                "alternates": self._alternates(ref.kind, ref.slug, number),
                "switcher": self._switcher(lang, ref.kind, ref.slug, number),
            }
        return {
            "pagination": {
                "number": number,
                "count": ref.count,
                "label": label,
                "previous": url(number - 1) if number > 1 else "",
                "next": url(number + 1) if number < ref.count else "",
                "pages": pages,
            },
            **later,
        }

    def card_html(self, lang: str, card: Card, role: str | None) -> Markup:
        """A project's card, rendered once per language and role and reused by every listing:
        listings repeat each project a dozen times per language, and this is most of their cost."""
        key = (lang, card.slug, role)
        html = self._card_html.get(key)
        if html is None:
            template = self.envs[lang].get_template("partials/card.html")
            html = self._card_html[key] = Markup(template.render(card=card, role=role))
        return html

    def _cards(self, lang: str) -> dict[str, Card]:
        """A card per project in portfolio order, by slug (made once per language)."""
        if lang in self._card_cache:
            return self._card_cache[lang]
        made = self._single_cards.setdefault(lang, {})
        cards = {
            ref.slug: made.get(ref.slug) or self._make_card(ref)
            for ref in self.site.refs_in(lang)
            if ref.kind == "project"
        }
        self._card_cache[lang] = cards
        return cards

    def _card(self, ref: PageRef) -> Card:
        """The card of one project page, without making the language's other cards: a
        rebuild that renders one project page needs only its own."""
        if ref.lang in self._card_cache:
            return self._card_cache[ref.lang][ref.slug]
        made = self._single_cards.setdefault(ref.lang, {})
        if ref.slug not in made:
            made[ref.slug] = self._make_card(ref)
        return made[ref.slug]

    def _make_card(self, ref: PageRef) -> Card:
        site, lang = self.site, ref.lang
        fmt = self.envs[lang].filters["country"]
        view = project_view(site, ref.slug, lang)
        codes = partner_countries(view.record.partners)
        status = site.portfolio.status[ref.slug]
        programme = view.record.programme if view.record.programme in site.config.programmes else ""
        return Card(
            url=site.url("project", ref.slug, lang),
            title=ref.text.title,
            summary=ref.text.summary,
            programme=view.programme_name,
            period=view.record.period,
            countries=[fmt(c) for c in codes],
            fallback=ref.fallback,
            text_lang=site.config.language(ref.text.lang).html_lang,
            slug=ref.slug,
            programme_key=programme,
            programme_url=site.url("programme", programme, lang) if programme else "",
            country_codes=[c.lower() for c in codes],
            country_links=[{"name": fmt(c), "url": site.url("country", c.lower(), lang)} for c in codes],
            status=status,
            status_label=self._gettext(lang, labels.STATUS_LABELS[status]) if status else "",
            status_url=site.url("status", status, lang) if status else "",
        )

    def _alternates(self, kind: str, slug: str, number: int = 1) -> list[dict]:
        """hreflang links for real translations only: never point search engines at a fallback."""
        config = self.site.config
        return [
            {"hreflang": config.language(code).html_lang, "href": self.site.absolute_url(kind, slug, code, number)}
            for code in self.site.translations.get((kind, slug), ())
        ]

    def _switcher(self, lang: str, kind: str, slug: str, number: int = 1) -> list[dict]:
        """Each language's version of this page (the same page of a listing: a listing is as long
        in every language), else that language's home page."""
        site, config = self.site, self.site.config
        present = site.translations.get((kind, slug), ())
        items = []
        for language in config.languages:
            code = language.code
            same_page = kind == "404" or code in present
            target_kind, target_slug = (kind, slug) if same_page else ("home", "index")
            items.append(
                {
                    "url": site.url(target_kind, target_slug, code, number if same_page else 1),
                    "name": language.name,
                    "html_lang": language.html_lang,
                    "current": code == lang,
                }
            )
        return items

    def _menu(self, lang: str, kind: str, slug: str, where: str) -> list[dict]:
        """Home first, then the stand-alone pages placed in this menu, in their `order`.

        Placement comes from the default-language page so every language has the same menu.
        """
        site = self.site
        items = [
            {
                "url": site.url("home", "index", lang),
                "label": self._gettext(lang, gettext_noop("Home")),
                "current": kind == "home",
                "lang": None,
            }
        ]
        if where == "main":
            for facet in ("programme", "country", "partner"):
                index = FACETS[facet].index_kind
                if site.portfolio.terms(facet):
                    items.append(
                        {
                            "url": site.url(index, "index", lang),
                            "label": self._gettext(lang, labels.FACET_LABELS[facet].menu),
                            "current": kind == index,
                            "lang": None,
                        }
                    )
            items.append(
                {
                    "url": site.url("search", "search", lang),
                    "label": self._gettext(lang, labels.SEARCH),
                    "current": kind == "search",
                    "lang": None,
                }
            )
        for page_slug, item in self._menu_pages(lang, where):
            items.append(dict(item, current=kind == "page" and slug == page_slug))
        return items

    def _menu_pages(self, lang: str, where: str) -> list[tuple[str, dict]]:
        """(slug, menu item without `current`) of the stand-alone pages in a menu, in their
        order: the same for every page of a language, so found once (it reads every page)."""
        key = (lang, where)
        found = self._menu_page_items.get(key)
        if found is not None:
            return found
        site = self.site
        pages = [ref for ref in site.refs_in(lang) if ref.kind == "page" and self._placement(ref)[0] == where]
        found = self._menu_page_items[key] = [
            (
                ref.slug,
                {
                    "url": site.url("page", ref.slug, lang),
                    "label": ref.text.title,
                    "lang": site.config.language(ref.text.lang).html_lang if ref.fallback else None,
                },
            )
            for ref in sorted(pages, key=lambda r: (self._placement(r)[1], r.slug))
        ]
        return found

    def _placement(self, ref: PageRef) -> tuple[str, int]:
        original = self.site.ref(ref.kind, ref.slug, self.site.config.default_language)
        if original is None:  # build_model keeps only pages that have a default-language version
            raise LookupError(f"{ref.kind} '{ref.slug}' has no page in the default language")
        return original.text.menu, original.text.order

    def _gettext(self, lang: str, message: str) -> str:
        return self.translations[lang].gettext(message)


# The place of a page among a listing's pages, in the pagination and in a later page's title.
PAGE_OF = gettext_noop("Page %(number)s of %(count)s")


def page_window(number: int, count: int, around: int = 2) -> list[int | None]:
    """The page numbers a listing's pagination links to: the first, the last and those within
    `around` of the current one; None where numbers are left out. At most 2·around + 5 items,
    however long the listing."""
    wanted = sorted({1, count, *range(max(1, number - around), min(count, number + around) + 1)})
    window: list[int | None] = []
    for n in wanted:
        if window and window[-1] is not None and n - window[-1] > 1:
            window.append(n - 1 if n - window[-1] == 2 else None)  # a gap of one page shows that page
        window.append(n)
    return window


def plural_samples(locale: str) -> list[tuple[str, int]]:
    """(CLDR plural category, a whole number in it) for each category whole numbers reach.

    Templates render a count message for each sample with the number left as "{n}", so a
    script can pick the right grammatical form with Intl.PluralRules and fill in the number.
    """
    rule = Locale.parse(locale).plural_form
    found: dict[str, int] = {}
    for n in range(0, 1001):
        found.setdefault(rule(n), n)
    return sorted(found.items())


# -- template mistakes in the editor's words -------------------------------------------


def guarded(site: Site, render):
    try:
        return render()
    except jinja2.TemplateError as err:
        raise template_error(site, err) from None


def template_error(site: Site, err: jinja2.TemplateError) -> ContentError:
    """A template mistake as `theme/templates/x.html:line: …`, not a traceback."""
    if isinstance(err, jinja2.TemplateSyntaxError):
        return ContentError(_template_problem(site, err.filename or err.name, err.lineno, err.message))
    return ContentError(_template_problem(site, getattr(err, "name", None) or "theme/templates", None, str(err)))


def _template_problem(site: Site, filename, line, message):
    problems = Problems(root=site.root)
    problems.add(
        Path(filename) if filename else site.theme / "templates",
        line,
        f"template error: {message}",
        "fix the template; variables must exist (strict mode)",
    )
    return problems.items
