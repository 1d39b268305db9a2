"""Fingerprint the theme's static files before any page is rendered.

`assets/css/site.css` becomes `assets/css/site.1a2b3c4d.css` (the first 8 hex digits of the
SHA-256 of its final content), so templates write final names and browsers and CDNs may keep
a file for a year. CSS is hashed after its own references (fonts, images, @import) are
rewritten, so a new font also gives the stylesheet a new name.

Everything is a function of the staged files alone: no clocks, no absolute paths, sorted
walks. The same input gives byte-identical output.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from pathlib import Path

from generator.publish import links as link_check

ASSETS = "assets"
# CSS, JavaScript and fonts. Images keep their names: content and configuration name them
# (logos in site_config.yml), and they get the short cache.
FINGERPRINTED = {".css", ".js", ".mjs", ".woff", ".woff2", ".ttf", ".otf", ".eot"}
HASH_LENGTH = 8

_CSS_REF = re.compile(r"""(url\(\s*["']?|@import\s+["'])([^"')\s]+)""")


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
    candidates = sorted(
        p.relative_to(folder).as_posix() for p in assets.rglob("*") if p.is_file() and p.suffix.lower() in FINGERPRINTED
    )
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
    if split is None:  # cannot happen: the pattern matches every string
        return url
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
        return match.group(1) + _renamed_url(
            url, relative, checker, lambda t: final(t) if _fingerprintable(t) else None
        )

    return _CSS_REF.sub(replace, text)


def _fingerprintable(relative: str) -> bool:
    return relative.startswith(ASSETS + "/") and posixpath.splitext(relative)[1].lower() in FINGERPRINTED
