"""sitemap.xml: every real page with its language alternates (fallbacks are left out)."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from generator.model import Site


def sitemap_xml(site: Site) -> bytes:
    config = site.config
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for ref in site.all_pages:
        if ref.fallback:
            continue
        present = site.translations[ref.key]
        lines.append("  <url>")
        lines.append(f"    <loc>{escape(site.absolute_url(ref.kind, ref.slug, ref.lang))}</loc>")
        for code in present:
            href = site.absolute_url(ref.kind, ref.slug, code)
            lines.append(f'    <xhtml:link rel="alternate" hreflang="{config.language(code).html_lang}" href={quoteattr(href)}/>')
        lines.append(f'    <xhtml:link rel="alternate" hreflang="x-default" href={quoteattr(config.base_url)}/>')
        lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots_txt(site: Site) -> bytes:
    return f"User-agent: *\nAllow: /\nSitemap: {site.config.base_url}sitemap.xml\n".encode("utf-8")
