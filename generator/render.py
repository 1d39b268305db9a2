"""Render one page: a pure function of (site model, page reference) → HTML bytes.

A `Renderer` holds what is expensive to make (Jinja environments, the Markdown
converter) so worker processes build it once and then render many pages.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Callable

from generator import eu_visibility
from generator.errors import ContentError, Problems
from generator.eu_visibility import gettext_noop
from generator.fields import PartialDate
from generator.markdown_render import MarkdownRenderer
from generator.model import PageRef, Site, output_path
from generator.templates import make_environment
from generator.views import Card, partner_countries, project_view

TEMPLATES = {"home": "home.html", "project": "project.html", "page": "page.html"}


class Renderer:
    def __init__(self, site: Site, translations: dict, assets: Callable[[str], str]):
        self.site = site
        self.assets = assets
        self.envs = {code: make_environment(site.theme, site.config, code, translations[code], assets)
                     for code in site.config.codes}
        self.translations = translations
        self.markdown = MarkdownRenderer(site.config.markdown.raw_html, site.root)
        self.build_date = build_date()  # once, so every page of one build shows the same day

    # -- pages from content -------------------------------------------------------------
    def render(self, ref: PageRef) -> tuple[str, bytes]:
        env = self.envs[ref.lang]
        context = self._common(ref.lang, ref.kind, ref.slug)
        context.update(self._page_context(ref))
        if ref.kind == "project":
            context.update(self._project_context(ref))
        elif ref.kind == "home":
            context["cards"] = self._cards(ref.lang)
        html = env.get_template(TEMPLATES[ref.kind]).render(context)
        return output_path(ref.kind, ref.slug, ref.lang), html.encode("utf-8")

    def render_404(self, lang: str) -> tuple[str, bytes]:
        context = self._common(lang, "404", "404")
        context.update(page_title=self._gettext(lang, "Page not found"), description="", canonical="",
                       alternates=[], noindex=True, fallback=False)
        html = self.envs[lang].get_template("404.html").render(context)
        return output_path("404", "404", lang), html.encode("utf-8")

    def render_root(self) -> tuple[str, bytes]:
        config = self.site.config
        default = config.default_language
        context = {
            "html_lang": config.language(default).html_lang,
            "site_name": _text(config.site_name, default),
            "choices": [{"url": self.site.url("home", "index", code), "html_lang": lang.html_lang,
                         "name": lang.name, "site_name": _text(config.site_name, code)}
                        for code, lang in ((l.code, l) for l in config.languages)],
            "alternates": self._alternates("home", "index"),
            "x_default": config.base_url,
        }
        html = self.envs[default].get_template("root.html").render(context)
        return "index.html", html.encode("utf-8")

    # -- context pieces -----------------------------------------------------------------
    def _common(self, lang: str, kind: str, slug: str) -> dict:
        site, config = self.site, self.site.config
        language = config.language(lang)
        return {
            "lang": lang,
            "html_lang": language.html_lang,
            "language_name": language.name,
            "site_name": _text(config.site_name, lang),
            "home_url": site.url("home", "index", lang),
            "switcher": self._switcher(lang, kind, slug),
            "menu": self._menu(lang, kind, slug, "main"),
            "footer_menu": self._menu(lang, kind, slug, "footer")[1:],
            "x_default": config.base_url,
            "build_date": self.build_date,
        }

    def _page_context(self, ref: PageRef) -> dict:
        site = self.site
        default = site.config.default_language
        body = self.markdown.render(ref.page.body, ref.page.source, ref.page.body_line)
        return {
            "page": ref.page,
            "page_title": ref.page.title,
            "description": ref.page.summary,
            "body_html": body,
            "fallback": ref.fallback,
            "text_lang": site.config.language(ref.page.lang).html_lang,
            "fallback_language_name": site.config.language(default).name,
            "canonical": "" if ref.fallback else site.absolute_url(ref.kind, ref.slug, ref.lang),
            "alternates": self._alternates(ref.kind, ref.slug),
            "noindex": ref.fallback,
        }

    def _project_context(self, ref: PageRef) -> dict:
        view = project_view(self.site, ref.slug, ref.lang)
        record = view.record
        programme = self.site.config.programmes.get(record.programme) if record.programme else None
        block = None
        if record.eu_funded:
            block = eu_visibility.funding_block(
                record.funding.fund, record.funding.programming_period,
                co_financing_rate=record.funding.co_financing_rate,
                slogan=bool(programme and programme.slogan))
        fund_name = self._gettext(ref.lang, block.fund_name) if block else ""
        logos = eu_visibility.logo_views(
            lang=ref.lang, site_root=self.site.root, static_root=self.site.theme / "static",
            programme_logo=programme.logo if programme else None,
            programme_name=programme.name if programme else None,
            partner_names=[p.name for p in record.partners],
            partner_logos=self.site.config.partner_logos) if block else ()
        return {"project": view, "funding_block": block, "fund_name": fund_name, "eu_logos": logos}

    def _cards(self, lang: str) -> list[Card]:
        site = self.site
        cards = []
        for ref in site.refs_in(lang):
            if ref.kind != "project":
                continue
            view = project_view(site, ref.slug, lang)
            fmt = self.envs[lang].filters["country"]
            cards.append(Card(
                url=site.url("project", ref.slug, lang), title=ref.page.title, summary=ref.page.summary,
                programme=view.programme_name, period=view.record.period,
                countries=[fmt(c) for c in partner_countries(view.record.partners)],
                fallback=ref.fallback, text_lang=site.config.language(ref.page.lang).html_lang))
        return cards

    def _alternates(self, kind: str, slug: str) -> list[dict]:
        """hreflang links for real translations only: never point search engines at a fallback."""
        config = self.site.config
        return [{"hreflang": config.language(code).html_lang, "href": self.site.absolute_url(kind, slug, code)}
                for code in self.site.translations.get((kind, slug), ())]

    def _switcher(self, lang: str, kind: str, slug: str) -> list[dict]:
        site, config = self.site, self.site.config
        present = site.translations.get((kind, slug), ())
        items = []
        for language in config.languages:
            code = language.code
            same_page = kind == "404" or code in present
            target_kind, target_slug = (kind, slug) if same_page else ("home", "index")
            items.append({"url": site.url(target_kind, target_slug, code), "name": language.name,
                          "html_lang": language.html_lang, "current": code == lang})
        return items

    def _menu(self, lang: str, kind: str, slug: str, where: str) -> list[dict]:
        """Home first, then the stand-alone pages placed in this menu, in their `order`.

        Placement comes from the default-language page so every language has the same menu.
        """
        site = self.site
        items = [{"url": site.url("home", "index", lang), "label": self._gettext(lang, gettext_noop("Home")),
                  "current": kind == "home", "lang": None}]
        pages = [ref for ref in site.refs_in(lang) if ref.kind == "page" and self._placement(ref)[0] == where]
        for ref in sorted(pages, key=lambda r: (self._placement(r)[1], r.slug)):
            items.append({"url": site.url("page", ref.slug, lang), "label": ref.page.title,
                          "current": kind == "page" and slug == ref.slug,
                          "lang": site.config.language(ref.page.lang).html_lang if ref.fallback else None})
        return items

    def _placement(self, ref: PageRef) -> tuple[str, int]:
        original = next(r for r in self.site.pages
                        if r.key == ref.key and r.lang == self.site.config.default_language)
        return original.page.menu, original.page.order

    def _gettext(self, lang: str, message: str) -> str:
        return self.translations[lang].gettext(message)


def build_date() -> PartialDate:
    """Today (UTC), or the day of SOURCE_DATE_EPOCH when set: the same input gives the same site."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        today = dt.datetime.now(dt.timezone.utc).date()
    else:
        try:
            today = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            problems = Problems()
            problems.add("SOURCE_DATE_EPOCH", None, f"'{epoch}' is not a time in seconds since 1970",
                         "set it to a whole number, e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct), or unset it")
            raise ContentError(problems.items) from None
    return PartialDate(today.year, today.month, today.day)


def _text(text, lang: str) -> str:
    return text if isinstance(text, str) else text.get(lang, "")
