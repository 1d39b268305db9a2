"""The Jinja environment for one language: autoescaping, strict undefined, i18n, filters."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jinja2
from babel import Locale
from babel.lists import format_list
from markupsafe import Markup

from generator.eu.emblem import emblem_svg
from generator.load.config import SiteConfig
from generator.render.charts import chart_for
from generator.render.formatting import Formatter

# One policy for every page's <meta> tag; the search page adds WebAssembly (see csp_wasm).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
)
_CSP_META = re.compile(r"<meta\s[^>]*http-equiv\s*=\s*[\"']?content-security-policy", re.IGNORECASE)
_CHARSET_META = re.compile(r"<meta\s+charset\s*=\s*[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)


def with_csp(html: str) -> str:
    """The page with the site's Content-Security-Policy <meta>, if its template left it out
    (an editor's own theme template, say); else the very string given, so a caller holding
    the page's bytes can keep them (`is` tells)."""
    if _CSP_META.search(html):
        return html
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    charset = _CHARSET_META.search(html)
    if charset:
        return html[: charset.end()] + "\n" + meta + html[charset.end() :]
    if "<head>" in html:
        return html.replace("<head>", "<head>\n" + meta, 1)
    return html


def make_environment(
    theme: Path, config: SiteConfig, lang: str, translations, assets, bytecode_cache: Path | None = None
) -> jinja2.Environment:
    """`bytecode_cache`: a folder where compiled templates are kept between builds."""
    language = config.language(lang)
    env = _Environment(
        loader=jinja2.FileSystemLoader(str(theme / "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=_bytecode_cache(bytecode_cache),
    )
    # The i18n extension adds this method when the environment is made; jinja2's types do not know it.
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    once = _gettext_once(translations.gettext)
    env.globals.update(_=once, gettext=once)
    fmt = Formatter(language.locale, lang)
    env.filters.update(
        date=fmt.date,
        money=lambda amount, currency, approximate=False: fmt.money(amount, currency, approximate),
        number=fmt.number,
        percent=fmt.percent,
        country=fmt.country,
        text=fmt.text,
        table_amount=_table_amount(fmt),
        join_list=lambda items: format_list(list(items), locale=language.locale),
    )
    env.globals.update(
        asset=assets,
        emblem_svg=_cached_emblem,
        budget_chart=chart_for,
        locale=Locale.parse(language.locale),
        # One policy for every page (CSP above); the search page may add WebAssembly.
        # A constant of the program, never user input: written as it is.
        csp=Markup(CSP),
        csp_wasm=Markup(CSP.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'")),
    )
    return env


# What `some_dict.name` finds as an attribute: dict's own methods (`.items`, `.update`).
_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    """Jinja with a shorter way to `item.url` when `item` is a plain dict.

    Jinja looks an attribute up first and then the key; on a dict the first look raises
    AttributeError, caught, on each of the ~75 dict lookups of a page (menus, switcher,
    provenance). For a plain dict the answer is the same without the exception: its only
    attributes are dict's own."""

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        # jinja2.Environment.getattr, written out: this runs ~500 times a page.
        try:
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)


def _gettext_once(gettext):
    """Jinja's new-style `_()` and `gettext()` (jinja2.ext: the translation, as Markup when
    autoescaping, always %-formatted with the keyword arguments), with each message that
    has no arguments translated and formatted once: a page calls `_()` about 40 times, the
    same messages on every page, and Jinja's version goes through two context calls each time."""
    done: dict[tuple[str, bool], str] = {}

    # The evaluation context is all it needs: a whole context would be derived for each
    # call inside a loop that sets a variable.
    @jinja2.pass_eval_context
    def translated(eval_ctx, message: str, **variables):
        autoescape = eval_ctx.autoescape
        if variables:
            text = gettext(message)
            return (Markup(text) if autoescape else text) % variables
        key = (message, autoescape)
        found = done.get(key)
        if found is None:
            text = gettext(message)
            found = done[key] = (Markup(text) if autoescape else text) % variables
        return found

    return translated


def _bytecode_cache(folder: Path | None):
    if folder is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    # Jinja keys the cache by template name and source checksum: an edited template recompiles.
    return jinja2.FileSystemBytecodeCache(str(folder))


@lru_cache(maxsize=64)
def _cached_emblem(height: float, *, title: str, title_id: str) -> str:
    """The emblem is the same drawing on every page of a language: draw it once."""
    return emblem_svg(height, title=title, title_id=title_id)


def _table_amount(fmt: Formatter):
    def table_amount(value, table, index=None):
        if index is None or table.by_year:  # by_year looks at every column: only when needed
            return fmt.amount(value)
        return fmt.money(value, table.columns[index])

    return table_amount
