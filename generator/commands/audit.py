"""`eupages audit FOLDER [--browser]`: the EU visibility audit of any built static site.

The static audit (generator/eu/audit.py) reads every HTML page's own markup, the stylesheets
it links and the emblem files it points at. ``--browser`` then opens every page that shows EU
funding in Chromium, as a visitor would, at 1366×768 and 360×640, and checks what only
rendering shows: the block is in the first viewport without scrolling, the statement is drawn
in an allowed font (the one Chromium really used, from the DevTools protocol's
``CSS.getPlatformFontsForNode``, not the one the stylesheet asks for), not in italics, not
underlined, in Reflex Blue, black or white, and never overlaps the emblem, and the emblem is
at least 38 px high and 3:2 on screen.

Playwright is a test dependency (the ``test`` extra), not a runtime one: without it
``--browser`` says how to install it. It drives Debian's Chromium (``/usr/bin/chromium``, or
``EUPAGES_CHROMIUM``); it never downloads a browser.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from generator.eu.audit import ALLOWED_FONTS, MIN_EMBLEM_HEIGHT_PX, FolderAudit, audit_folder
from generator.values import base_path_of

CHROMIUM = "/usr/bin/chromium"
# Headless, sandbox-free (root in CI), nothing fetched; the browser tests launch it the same way.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = ((1366, 768), (360, 640))
ALLOWED_COLOURS = {"rgb(0, 51, 153)": "Reflex Blue", "rgb(0, 0, 0)": "black", "rgb(255, 255, 255)": "white"}
TOLERANCE_PX = 0.5  # sub-pixel rounding of layout boxes

INSTALL_HINT = "install the test extra: pip install eupages[test]"


class AuditError(Exception):
    """The audit could not run at all (no such folder, no browser): a message, no traceback."""


@dataclass
class AuditResult:
    folder: Path
    pages: int
    eu_pages: list[str]
    problems: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    browser: bool = False


def audit(folder: Path, *, base_url: str | None = None, browser: bool = False) -> AuditResult:
    """Audit the built site in ``folder``; with ``browser``, in Chromium as well."""
    folder = Path(folder)
    if not folder.is_dir():
        raise AuditError(f"{folder} is not a folder — give the folder a build wrote, e.g. site/")
    static: FolderAudit = audit_folder(folder, base_path=base_path_of(base_url) if base_url else None)
    if static.pages == 0:
        raise AuditError(f"{folder} has no HTML pages — build the site first")
    result = AuditResult(folder, static.pages, static.eu_pages, list(static.problems), list(static.notices))
    if browser:
        result.problems += browser_audit(folder, static.base_path, static.eu_pages)
        result.browser = True
        result.problems.sort(key=lambda problem: problem.split(": ", 1)[0])  # stable: by page, in order found
    return result


# --- in the browser -----------------------------------------------------------------------------


MEASURE = """
async () => {
  await document.fonts.ready;
  const box = (el) => {
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return {top: r.top, left: r.left, bottom: r.bottom, right: r.right, width: r.width, height: r.height};
  };
  const block = document.querySelector('.eu-funding');
  const inBlock = (sel) => block ? block.querySelector(sel) : null;
  const emblem = inBlock('.eu-emblem') || inBlock('img[data-eu-emblem="included"]') || inBlock('.eu-brand-logo');
  const statement = inBlock('.eu-statement');
  const brand = !!(block && !inBlock('.eu-emblem') && inBlock('[data-eu-emblem="included"]'));
  const styles = statement ? [statement, ...statement.querySelectorAll('*')].map((el) => {
    const s = getComputedStyle(el);
    return {tag: el.tagName.toLowerCase(), fontStyle: s.fontStyle, textDecorationLine: s.textDecorationLine,
            color: s.color, textShadow: s.textShadow, visibility: s.visibility, display: s.display};
  }) : [];
  return {
    scrollY: window.scrollY,
    viewport: {width: document.documentElement.clientWidth, height: window.innerHeight},
    block: box(block), emblem: box(emblem), statement: box(statement), brand, styles,
  };
}
"""


def browser_audit(folder: Path, base_path: str, pages: list[str]) -> list[str]:
    """Problems that only rendering shows, for each of ``pages`` (paths relative to ``folder``)."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise AuditError(f"--browser needs Playwright, which is not installed — {INSTALL_HINT}") from None
    executable = os.environ.get("EUPAGES_CHROMIUM", CHROMIUM)
    if not (os.path.isfile(executable) and os.access(executable, os.X_OK)):
        raise AuditError(
            f"--browser needs Chromium at {executable}, which is missing — install Debian's chromium"
            " (apt-get install chromium) or set EUPAGES_CHROMIUM to its path"
        )
    problems: list[str] = []
    with _serve(folder, base_path) as base, sync_playwright() as pw:
        try:
            chromium = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        except PlaywrightError as err:
            raise AuditError(f"--browser could not start Chromium ({executable}): {_first_line(err)}") from None
        try:
            for index, (width, height) in enumerate(VIEWPORTS):
                context = chromium.new_context(viewport={"width": width, "height": height})
                try:
                    page = context.new_page()
                    cdp = context.new_cdp_session(page)
                    for name in pages:
                        problems += _check_page(page, cdp, base, name, (width, height), fonts=index == 0)
                finally:
                    context.close()
        finally:
            chromium.close()
    return problems


def _check_page(page: Any, cdp: Any, base: str, name: str, size: tuple[int, int], fonts: bool) -> list[str]:
    from playwright.sync_api import Error as PlaywrightError

    where = f"at {size[0]}×{size[1]}"
    url = base + (name[: -len("index.html")] if name.endswith("/index.html") or name == "index.html" else name)
    try:
        response = page.goto(url, wait_until="load")
    except PlaywrightError as err:
        return [f"{name}: the page did not load in Chromium ({_first_line(err)}) — check that it opens in a browser"]
    if response is None or not response.ok:
        status = response.status if response is not None else "no response"
        return [f"{name}: the page did not load in Chromium ({status}) — check that it opens in a browser"]
    facts = page.evaluate(MEASURE)
    problems: list[str] = []

    def fail(what: str, fix: str) -> None:
        problems.append(f"{name}: {where} {what} — {fix}")

    if facts["block"] is None:
        return problems  # the static audit has said what is missing
    viewport = facts["viewport"]
    what_emblem = "the Interreg brand logo" if facts["brand"] else "the EU emblem"
    first = "place the funding block near the top of the page, before the narrative"
    if facts["scrollY"]:
        fail(f"the page opens scrolled down by {facts['scrollY']:g} px", "let it open at the top")
    if facts["emblem"] is not None and not _inside(facts["emblem"], viewport):
        fail(f"{what_emblem} is not in the first viewport ({_describe(facts['emblem'], viewport)})", first)
    if not facts["brand"] and facts["statement"] is not None and not _inside(facts["statement"], viewport):
        fail(f"the statement is not in the first viewport ({_describe(facts['statement'], viewport)})", first)
    emblem, statement = facts["emblem"], facts["statement"]
    if emblem is not None:
        if emblem["height"] + TOLERANCE_PX < MIN_EMBLEM_HEIGHT_PX:
            fail(
                f"{what_emblem} is drawn {emblem['height']:g} px high, less than {MIN_EMBLEM_HEIGHT_PX:g} px (1 cm)",
                "show it at least 38 px high",
            )
        if not facts["brand"] and abs(emblem["width"] - 1.5 * emblem["height"]) > 1:
            fail(
                f"the EU emblem is drawn {emblem['width']:g}×{emblem['height']:g} px: not 3:2",
                "never let the layout squeeze or stretch it (flex: 0 0 auto; width = 1.5 × height)",
            )
    if not facts["brand"] and emblem is not None and statement is not None and _overlap(emblem, statement):
        fail("the statement overlaps the EU emblem", "keep a gap between them (the block's gap)")
    if not facts["brand"]:
        findings: dict[tuple[str, str], list[str]] = {}
        for style in facts["styles"]:
            if style["display"] == "none" or style["visibility"] != "visible":
                continue
            found = []
            if style["fontStyle"] == "italic" or style["fontStyle"].startswith("oblique"):
                found.append(("is drawn in italics", "use font-style: normal"))
            if style["textDecorationLine"] not in ("none", ""):
                found.append(
                    (f"is drawn with text-decoration {style['textDecorationLine']}", "use text-decoration: none")
                )
            if style["textShadow"] not in ("none", ""):
                found.append(("has a text shadow", "use text-shadow: none"))
            if style["color"] not in ALLOWED_COLOURS:
                found.append(
                    (
                        f"is drawn in {style['color']}",
                        "set it in Reflex Blue #003399, black or white, depending on the background",
                    )
                )
            for key in found:
                findings.setdefault(key, []).append(f"<{style['tag']}>")
        for (what, fix), tags in findings.items():
            fail(f"the statement {what} ({', '.join(dict.fromkeys(tags))})", fix)
        if fonts:
            for family in _rendered_fonts(cdp):
                if family.lower() not in {f.lower() for f in ALLOWED_FONTS} | {"trebuchet"}:
                    fail(
                        f"Chromium drew the statement in {family!r}, which the EU rules do not allow",
                        f"serve an allowed font ({', '.join(ALLOWED_FONTS)}) for every letter of the statement,"
                        " e.g. self-hosted Ubuntu with the latin-ext subset",
                    )
    return _unique(problems)


def _rendered_fonts(cdp: Any) -> list[str]:
    """The font families Chromium used for the statement's text (DevTools' "Rendered Fonts")."""
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    selector = ".eu-funding .eu-statement, .eu-funding .eu-statement *"
    families: list[str] = []
    for node_id in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]:
        for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node_id}).get("fonts", []):
            if font.get("glyphCount", 0) and font["familyName"] not in families:
                families.append(font["familyName"])
    cdp.send("CSS.disable")
    cdp.send("DOM.disable")
    return families


def _inside(box: dict, viewport: dict) -> bool:
    return (
        box["width"] > 0
        and box["height"] > 0
        and box["top"] >= -TOLERANCE_PX
        and box["left"] >= -TOLERANCE_PX
        and box["bottom"] <= viewport["height"] + TOLERANCE_PX
        and box["right"] <= viewport["width"] + TOLERANCE_PX
    )


def _describe(box: dict, viewport: dict) -> str:
    if box["width"] <= 0 or box["height"] <= 0:
        return "it is not drawn at all"
    return (
        f"its box is {box['left']:.0f}–{box['right']:.0f} × {box['top']:.0f}–{box['bottom']:.0f} px,"
        f" the viewport {viewport['width']}×{viewport['height']}"
    )


def _overlap(a: dict, b: dict) -> bool:
    across = min(a["right"], b["right"]) - max(a["left"], b["left"])
    down = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return across > TOLERANCE_PX and down > TOLERANCE_PX and b["width"] > 0 and b["height"] > 0


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _first_line(err: Exception) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0]


# --- a local server for the folder, under the site's own sub-path --------------------------


class _Handler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".woff2": "font/woff2",
        ".webmanifest": "application/manifest+json",
    }

    def translate_path(self, path: str) -> str:
        parts = urlsplit(path)
        url_path = parts.path
        if self.prefix != "/" and url_path.startswith(self.prefix):
            url_path = "/" + url_path[len(self.prefix) :]
        return super().translate_path(urlunsplit(("", "", url_path, parts.query, "")))

    def log_message(self, format: str, *args: Any) -> None:  # keep the report clean
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a browser that drops a connection is not a finding


@contextmanager
def _serve(folder: Path, base_path: str) -> Iterator[str]:
    """Serve ``folder`` on a free local port at ``base_path``; yields the base URL."""
    handler = type("Handler", (_Handler,), {"prefix": base_path})
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(folder.resolve())))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port}{base_path}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
