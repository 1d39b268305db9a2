"""Raw HTML in Markdown: the allow-list sanitizer (nh3), refuse mode, escaping, rel=noopener."""

from __future__ import annotations

import re

import pytest

from generator.errors import ContentError
from generator.render.markdown import MarkdownRenderer
from generator.render.sanitize import add_noopener, raw_html_in, sanitize_html
from tests.tools.sites import make_site, run_cli, write

# -- the allow-list ---------------------------------------------------------------------

ATTACKS = [
    "<script>alert(1)</script>",
    '<SCRIPT SRC="https://evil.example/x.js"></SCRIPT>',
    '<img src="x.png" onerror="alert(1)">',
    '<b onclick="alert(1)" onmouseover="alert(2)">bold</b>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="jav&#x61;script:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<iframe src="https://evil.example/"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<svg onload="alert(1)"><script>alert(1)</script></svg>',
    "<math><mtext><script>alert(1)</script></mtext></math>",
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<form action="https://evil.example/"><input name="password"></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<p><a href="#" onfocus="alert(1)" autofocus>x</a></p>',
    "<template><script>alert(1)</script></template>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
]


@pytest.mark.parametrize("html", ATTACKS)
def test_attacks_leave_nothing_that_runs(html):
    clean = sanitize_html(html).lower()
    for bad in (
        "<script",
        "javascript:",
        "vbscript:",
        "data:text",
        "onerror",
        "onclick",
        "onload",
        "onfocus",
        "onmouseover",
        "<iframe",
        "<object",
        "<embed",
        "<svg",
        "<style",
        "style=",
        "<form",
        "<input",
        "<meta",
        "<base",
        "<link",
        "evil.example/x.js",
    ):
        assert bad not in clean, f"{bad!r} survived in {clean!r}"


def test_harmless_markup_is_kept():
    html = (
        '<h2 id="goals">Goals</h2><p><abbr title="European Regional Development Fund">ERDF</abbr> '
        'CO<sub>2</sub> m<sup>2</sup> <em>e</em> <strong>s</strong> <a href="../about/">about</a> '
        '<a href="mailto:info@example.org">mail</a></p><ul><li>one</li></ul><img src="/assets/x.png" alt="x">'
    )
    assert sanitize_html(html) == html


def test_table_alignment_becomes_a_class_because_inline_styles_are_blocked():
    html = '<table><thead><tr><th style="text-align: right;">a</th></tr></thead></table>'
    assert sanitize_html(html) == '<table><thead><tr><th class="align-right">a</th></tr></thead></table>'
    assert "class" not in sanitize_html('<td class="evil">x</td>')


def test_external_links_get_noopener_and_internal_links_do_not():
    clean = sanitize_html(
        '<a href="https://example.org/">e</a> <a href="//example.org/">p</a> '
        '<a href="/en/about/">i</a> <a href="#x">f</a> <a href="mailto:a@b.c">m</a>'
    )
    assert clean.count('rel="noopener"') == 2
    assert '<a href="https://example.org/" rel="noopener">' in clean
    assert '<a href="//example.org/" rel="noopener">' in clean
    assert '<a href="/en/about/">' in clean and '<a href="#x">' in clean and '<a href="mailto:a@b.c">' in clean


def test_rel_from_the_editor_is_replaced():
    assert sanitize_html('<a href="https://x.org" rel="opener">x</a>') == '<a href="https://x.org" rel="noopener">x</a>'


def test_noopener_copes_with_a_greater_than_sign_inside_an_attribute():
    assert (
        add_noopener('<a href="https://x.org" title="a &gt; b">x</a>')
        == '<a href="https://x.org" title="a &gt; b" rel="noopener">x</a>'
    )
    assert (
        add_noopener('<a href="https://x.org" title="a > b">x</a>')
        == '<a href="https://x.org" title="a > b" rel="noopener">x</a>'
    )


# -- through the Markdown renderer ------------------------------------------------------


def test_markdown_links_to_javascript_are_removed_even_though_they_are_not_raw_html():
    html = MarkdownRenderer().render("[click](javascript:alert(1)) and [ok](https://example.org/)")
    assert "javascript" not in html
    assert '<a href="https://example.org/" rel="noopener">ok</a>' in html


def test_sanitize_mode_keeps_the_text_and_drops_the_danger():
    html = MarkdownRenderer("sanitize").render('Hello <span onclick="steal()">world</span>\n\n<script>x()</script>\n')
    assert "world" in html and "onclick" not in html and "<script" not in html and "x()" not in html


def test_heading_anchors_survive_sanitizing():
    assert '<h2 id="goals-and-results">Goals and results</h2>' in MarkdownRenderer().render("## Goals and results\n")


# -- refuse mode ------------------------------------------------------------------------

BODY = """
## About

The project ran from 2010.
It had <b>three</b> goals.

<div onclick="x()">block</div>
"""


def test_refuse_mode_names_the_file_and_the_line_of_the_html(tmp_path):
    source = tmp_path / "content" / "en" / "about.md"
    with pytest.raises(ContentError) as caught:
        MarkdownRenderer("refuse", root=tmp_path).render(BODY, source, first_line=5)
    (problem,) = caught.value.problems
    # The body starts on line 5 of the file; <b> is on the body's 5th line.
    assert str(problem).startswith("content/en/about.md:9: raw HTML is not allowed here — found '<b>'")
    assert "raw_html: sanitize" in str(problem)


def test_refuse_mode_reports_a_block_of_html(tmp_path):
    with pytest.raises(ContentError) as caught:
        MarkdownRenderer("refuse", root=tmp_path).render("Text.\n\n<div>\nblock\n</div>\n", tmp_path / "p.md", 4)
    assert str(caught.value.problems[0]).startswith("p.md:6: raw HTML is not allowed here — found '<div>'")


@pytest.mark.parametrize(
    "text",
    [
        "Plain **Markdown** with [a link](https://example.org/) and an image ![x](/assets/x.png).",
        "Code is not HTML: `<b>bold</b>` and\n\n    <div>indented code</div>\n",
        "Entities are text: &amp; &copy; &lt;b&gt;",
        "A comment for editors <!-- not shown --> is removed, not refused.",
        "An autolink <https://example.org/> and an address <info@example.org>.",
        "Maths: 3 < 4 and 5 > 2.",
    ],
)
def test_refuse_mode_accepts_what_is_not_raw_html(text):
    MarkdownRenderer("refuse").render(text)


def test_raw_html_in_ignores_entities_and_comments():
    assert raw_html_in(["&amp;", "<!-- c -->", "<b>", "</b>", "<div>x</div>\n"]) == ["<b>", "</b>", "<div>x</div>\n"]


def test_refuse_mode_stops_the_build_with_file_and_line(tmp_path):
    root = make_site(tmp_path)
    config = root / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "markdown: {raw_html: refuse}\n", encoding="utf-8")
    write(
        root / "content/en/about.md",
        "---\ntitle: About\nsummary: About the site.\n---\n\n## About\n\nOur <marquee>news</marquee>.\n",
    )
    result = run_cli(root, "build")
    assert result.returncode == 1
    assert "content/en/about.md:8: raw HTML is not allowed here — found '<marquee>'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "site").exists()


def test_sanitize_mode_builds_and_publishes_only_safe_html(tmp_path):
    root = make_site(tmp_path)
    write(
        root / "content/en/about.md",
        '---\ntitle: About\nsummary: About the site.\n---\n\nOur <b onclick="x()">news</b> <script>alert(1)</script>\n',
    )
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stderr
    html = (root / "site/en/about/index.html").read_text(encoding="utf-8")
    assert "Our <b>news</b>" in html
    assert "onclick" not in html and "alert(1)" not in html


POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'"
)


# -- template output is escaped ---------------------------------------------------------


def test_titles_and_summaries_are_escaped_in_every_template(tmp_path):
    root = make_site(tmp_path)
    write(
        root / "content/en/about.md",
        '---\ntitle: "<script>alert(1)</script> & co"\nsummary: "\\" onmouseover=\\"alert(2)"\n---\n\nText.\n',
    )
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stderr
    for path in sorted((root / "site").rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html, path
        assert '" onmouseover="alert(2)' not in html, path
    about = (root / "site/en/about/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in about
    assert 'content="&#34; onmouseover=&#34;alert(2)"' in about


def test_every_page_carries_a_csp_without_inline_script(tmp_path):
    root = make_site(tmp_path)
    assert run_cli(root, "build").returncode == 0
    pages = sorted((root / "site").rglob("*.html"))
    assert pages
    for path in pages:
        html = path.read_text(encoding="utf-8")
        (policy,) = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert policy.startswith("default-src 'self'; script-src 'self'"), path
        # The search page may add WebAssembly; nothing may allow inline code or eval.
        assert policy.replace(" 'wasm-unsafe-eval'", "") == POLICY, path
        assert "'unsafe-inline'" not in html and "'unsafe-eval'" not in html, path
        # Nothing inline that the policy would block.
        assert "<script>" not in html and "<style" not in html and " style=" not in html, path
        assert " onclick=" not in html and " onload=" not in html, path
