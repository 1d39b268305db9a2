"""`_headers` for Netlify, Cloudflare Pages and similar hosts: security headers and caching."""

from __future__ import annotations

from pathlib import Path

from generator.publish.assets import ASSETS
from generator.render.environment import CSP

# A header can say more than a <meta> tag: frame-ancestors only works as a header.
FRAME_ANCESTORS = "frame-ancestors 'none'"
HEADER_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'") + "; " + FRAME_ANCESTORS
# For every address. The Content-Security-Policy is given per page instead (see headers_file).
SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    (
        "Permissions-Policy",
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=(), interest-cohort=()",
    ),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300, must-revalidate"


def headers_file(folder: Path, renamed: dict[str, str]) -> str:
    """The `_headers` text: paths are as the host sees them (the output folder is its root).

    Hosts apply every rule that matches an address, and two values of one header add up (two
    Cache-Controls contradict each other), and some allow only about a hundred rules. So:
    `/*` holds what is the same everywhere, including one Content-Security-Policy header;
    fingerprinted files get a year of caching one by one (there are a few dozen); everything
    else is covered by one short-cache rule per top-level folder or file. That includes the
    project pages' share images (`<lang>/projects/<slug>/share.png`): their address stays when
    their content changes, so they are cached briefly like the page they belong to.

    The CSP header allows WebAssembly ('wasm-unsafe-eval', which Pagefind's search needs);
    a browser enforces the header and each page's own <meta> policy together, so every page
    but the search pages stays as strict as its <meta> tag.
    """
    lines = [
        "# Written by eupages. Hosts such as Netlify and Cloudflare Pages read this file;",
        "# GitHub Pages ignores it (its headers are fixed).",
        "/*",
    ]
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


def write_headers(folder: Path, renamed: dict[str, str]) -> None:
    (folder / "_headers").write_text(headers_file(folder, renamed), encoding="utf-8")
