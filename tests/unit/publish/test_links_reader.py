"""The link checker reads a page's links from libxml2's tree (the one the EU audit uses too);
what it finds must be what the start-tag scanner finds, which reads markup libxml2 refuses."""

from generator.eu.audit import parse_document
from generator.publish import links

PAGE = b"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta property="og:image" content="https://example.org/share.png"><meta id="not-a-place">
<link rel="stylesheet" href="/assets/site.css"><link rel="preconnect" href="https://cdn.example.org">
<title>A &amp; B <a href="/in-title/"></title></head>
<body><a id="top-link" href="/en/?a=1&amp;b=2">x</a><a name="named">n</a>
<!-- <a href="/commented-out/">c</a> --><script>var s = "<a href='/in-script/'>";</script>
<img srcset="/a.png 1x, /b.png 2x" alt=""><svg><use xlink:href="/sprite.svg#i"></use></svg>
<form action="/search/"><input name="q" id="q"></form><p id="para">text</p></body></html>"""


def _found(parsed):
    return sorted(parsed.ids), sorted((r.url, r.tag, r.attribute, r.resource) for r in parsed.references)


def test_the_tree_reader_finds_what_the_scanner_finds():
    from_tree = links.parse_html(PAGE)
    assert _found(from_tree) == _found(links._scan_html(PAGE))
    ids, references = _found(from_tree)
    assert ids == ["named", "para", "q", "top-link"]  # a <meta>'s id names no place
    urls = [url for url, *_ in references]
    assert "/en/?a=1&b=2" in urls and "/sprite.svg#i" in urls and "/b.png" in urls
    assert "/search/" in urls  # a form without an id: the scanner once skipped its action
    assert not {"/commented-out/", "/in-script/", "/in-title/", "https://cdn.example.org"} & set(urls)


def test_a_page_parsed_once_reads_the_same_as_a_page_parsed_again():
    assert _found(links.parse_html(PAGE, parse_document(PAGE))) == _found(links.parse_html(PAGE))


def test_a_reference_has_the_line_of_its_tag():
    page = links.parse_html(b"<html><body>\n\n<a href='/x/'>x</a></body></html>")
    assert [(r.url, r.line) for r in page.references] == [("/x/", 3)]


def test_markup_libxml2_refuses_is_read_as_text_and_cached_links_round_trip():
    assert parse_document(b"") is None
    assert _found(links.parse_html(b"")) == ([], [])
    page = links.parse_html(PAGE)
    assert _found(links.from_plain(links.plain(page))) == _found(page)
