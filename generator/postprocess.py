"""Making the staged site ready for a static host (generator.site_build calls these):

1. Fingerprint assets before pages are rendered: `assets/css/site.css` becomes
   `assets/css/site.1a2b3c4d.css` (the first 8 hex digits of the SHA-256 of its final
   content), so templates write final names and browsers and CDNs may keep a file for a
   year. CSS is hashed after its own references (fonts, images, @import) are rewritten, so
   a new font also gives the stylesheet a new name.
2. Make sure every page carries the Content-Security-Policy (templates write it; a page
   whose template forgot gets it as it is written).
3. Write `_headers` (Netlify, Cloudflare Pages and similar hosts).
4. Write `.gz` and `.br` copies of text files, for hosts that serve pre-compressed files.

Everything is a function of the staged files alone: no clocks, no absolute paths, sorted
walks. The same input gives byte-identical output.
"""

from __future__ import annotations

import gzip
import hashlib
import posixpath
import re
from pathlib import Path

import brotli

from generator import link_check

ASSETS = "assets"
# CSS, JavaScript and fonts. Images keep their names: content and configuration name them
# (logos in site_config.yml), and they get the short cache.
FINGERPRINTED = {".css", ".js", ".mjs", ".woff", ".woff2", ".ttf", ".otf", ".eot"}
COMPRESSED = {".html", ".css", ".js", ".mjs", ".svg", ".xml", ".txt", ".json", ".csv", ".webmanifest",
              ".map", ".md", ".ico"}
HASH_LENGTH = 8

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'")
# A header can say more than a <meta> tag: frame-ancestors only works as a header.
FRAME_ANCESTORS = "frame-ancestors 'none'"
HEADER_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'") + "; " + FRAME_ANCESTORS
# For every address. The Content-Security-Policy is given per page instead (see headers_file).
SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
                           "microphone=(), payment=(), usb=(), interest-cohort=()"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300, must-revalidate"

_CSS_REF = re.compile(r"""(url\(\s*["']?|@import\s+["'])([^"')\s]+)""")
_HTML_ATTR = re.compile(r"""(\s(?:href|src|srcset|poster|data|content)\s*=\s*)("[^"]*"|'[^']*')""", re.IGNORECASE)
_CSP_META = re.compile(r"<meta\s[^>]*http-equiv\s*=\s*[\"']?content-security-policy", re.IGNORECASE)
_CSP_CONTENT = re.compile(r'<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"', re.IGNORECASE)
_CHARSET_META = re.compile(r"<meta\s+charset\s*=\s*[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)


# -- 1. fingerprints --------------------------------------------------------------------

def fingerprinted_name(relative: str, data: bytes) -> str:
    stem, suffix = posixpath.splitext(relative)
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:HASH_LENGTH]}{suffix}"


def fingerprint_assets(folder: Path, base_url: str) -> dict[str, str]:
    """Rename the files under `assets/` (CSS after its own references are rewritten).

    The build runs this before rendering, so templates write the final names and no page
    has to be read and rewritten afterwards."""
    assets = folder / ASSETS
    if not assets.is_dir():
        return {}
    candidates = sorted(p.relative_to(folder).as_posix() for p in assets.rglob("*")
                        if p.is_file() and p.suffix.lower() in FINGERPRINTED)
    files = set(p.relative_to(folder).as_posix() for p in assets.rglob("*") if p.is_file())
    checker = link_check.LinkChecker(dict.fromkeys(files, b""), base_url)
    renamed: dict[str, str] = {}
    in_progress: set[str] = set()

    def final(relative: str) -> str:
        """The fingerprinted name of `relative`, renaming it (and its dependencies) first."""
        if relative in renamed or relative in in_progress:
            return renamed.get(relative, relative)
        in_progress.add(relative)
        path = folder / relative
        if relative.endswith(".css"):
            text = path.read_text(encoding="utf-8")
            path.write_text(_rewrite_css(text, relative, checker, final), encoding="utf-8")
        new = fingerprinted_name(relative, path.read_bytes())
        path.rename(folder / new)
        renamed[relative] = new
        in_progress.discard(relative)
        return new

    for relative in candidates:
        final(relative)
    return renamed


def _renamed_url(url: str, relative: str, checker: link_check.LinkChecker, target_name) -> str:
    """`url` with its file name replaced by the fingerprinted one, when it names an asset."""
    kind, target, _fragment = checker.resolve(url, relative)
    if kind != "internal" or target is None:
        return url
    new = target_name(target)
    if new is None or new == target:
        return url
    # Only the last path segment changes (the fingerprinted file sits beside the original),
    # so the address keeps its form: relative stays relative, absolute stays absolute.
    split = re.match(r"^([^?#]*)(.*)$", url, re.S)
    path, rest = split.group(1), split.group(2)
    head, _, last = path.rpartition("/")
    new_last = posixpath.basename(new)
    if posixpath.basename(target) != _unquoted(last):
        return url
    return (head + "/" if "/" in path else "") + new_last + rest


def _unquoted(segment: str) -> str:
    from urllib.parse import unquote
    return unquote(segment)


def _rewrite_css(text: str, relative: str, checker, final) -> str:
    def replace(match: re.Match) -> str:
        url = match.group(2)
        return match.group(1) + _renamed_url(url, relative, checker,
                                             lambda t: final(t) if _fingerprintable(t) else None)
    return _CSS_REF.sub(replace, text)


def _rewrite_html(text: str, relative: str, checker, renamed: dict[str, str]) -> str:
    def rewrite_one(url: str) -> str:
        return _renamed_url(url, relative, checker, renamed.get)

    def replace(match: re.Match) -> str:
        quote = match.group(2)[0]
        value = match.group(2)[1:-1]
        if "srcset" in match.group(1).lower():
            parts = []
            for candidate in value.split(","):
                bits = candidate.strip().split(" ", 1)
                parts.append(" ".join([rewrite_one(bits[0])] + bits[1:]))
            value = ", ".join(parts)
        else:
            value = rewrite_one(value)
        return f"{match.group(1)}{quote}{value}{quote}"
    return _HTML_ATTR.sub(replace, text)


def _fingerprintable(relative: str) -> bool:
    return relative.startswith(ASSETS + "/") and posixpath.splitext(relative)[1].lower() in FINGERPRINTED


# -- 2. Content-Security-Policy on every page -------------------------------------------

def with_csp(html: str) -> str:
    """The page with the site's Content-Security-Policy <meta>, if its template left it out
    (an editor's own theme template, say)."""
    if _CSP_META.search(html):
        return html
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    charset = _CHARSET_META.search(html)
    if charset:
        return html[:charset.end()] + "\n" + meta + html[charset.end():]
    if "<head>" in html:
        return html.replace("<head>", "<head>\n" + meta, 1)
    return html


# -- 4. _headers ------------------------------------------------------------------------

def headers_file(folder: Path, renamed: dict[str, str]) -> str:
    """The `_headers` text: paths are as the host sees them (the output folder is its root).

    Hosts apply every rule that matches an address, and two values of one header add up (two
    Cache-Controls contradict each other), and some allow only about a hundred rules. So:
    `/*` holds what is the same everywhere, including one Content-Security-Policy header;
    fingerprinted files get a year of caching one by one (there are a few dozen); everything
    else is covered by one short-cache rule per top-level folder or file.

    The CSP header allows WebAssembly ('wasm-unsafe-eval', which Pagefind's search needs);
    a browser enforces the header and each page's own <meta> policy together, so every page
    but the search pages stays as strict as its <meta> tag.
    """
    lines = ["# Written by eupages. Hosts such as Netlify and Cloudflare Pages read this file;",
             "# GitHub Pages ignores it (its headers are fixed).", "/*"]
    lines += [f"  {name}: {value}" for name, value in SECURITY_HEADERS]
    lines += [f"  Content-Security-Policy: {HEADER_CSP}", ""]
    immutable = sorted(set(renamed.values()))
    for relative in immutable:
        lines += [f"/{relative}", f"  Cache-Control: {IMMUTABLE}", ""]
    short_lived = set()
    for entry in sorted(folder.iterdir()) if folder.is_dir() else []:
        name = entry.name
        if name.startswith(".") or name == "_headers" or name.endswith((".gz", ".br")) or name == ASSETS:
            continue
        short_lived.add(f"/{name}/*" if entry.is_dir() else f"/{name}")
    short_lived.add("/")
    assets = folder / ASSETS
    for path in sorted(assets.rglob("*")) if assets.is_dir() else []:
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and relative not in renamed.values() and not relative.endswith((".gz", ".br")):
            short_lived.add("/" + relative)
    for address in sorted(short_lived):
        lines += [address, f"  Cache-Control: {SHORT}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def page_csp(html: str) -> str:
    """The policy in a page's <meta http-equiv="Content-Security-Policy">, else the site's."""
    found = _CSP_CONTENT.search(html)
    return found.group(1) if found else CSP


def write_headers(folder: Path, renamed: dict[str, str]) -> None:
    (folder / "_headers").write_text(headers_file(folder, renamed), encoding="utf-8")


# -- 5. pre-compressed copies -----------------------------------------------------------

def gzip_bytes(data: bytes) -> bytes:
    """gzip with no file name and mtime 0: the same input always gives the same bytes."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def brotli_bytes(data: bytes) -> bytes:
    """Quality 6: quality 11 is about 15 % smaller but some 40 times slower (58 ms a page)."""
    return brotli.compress(data, quality=6)


def compressed_copies(path: Path, data: bytes) -> None:
    """`.gz` and `.br` beside a text file, when they are smaller than the file itself."""
    for suffix, squeeze in ((".gz", gzip_bytes), (".br", brotli_bytes)):
        packed = squeeze(data)
        if len(packed) < len(data):
            path.with_name(path.name + suffix).write_bytes(packed)
