"""The link check follows a page's og:image to its share image."""

from __future__ import annotations

from generator.publish.links import LinkChecker

BASE = "https://example.org/repo/"
PAGE = "en/projects/x/index.html"


def page(image: str) -> bytes:
    return (
        "<!doctype html><html><head>"
        f'<meta property="og:image" content="{image}">'
        '<meta property="og:image:width" content="1200">'
        '<meta property="og:image:alt" content="A card">'
        '<meta name="twitter:card" content="summary_large_image">'
        "</head><body></body></html>"
    ).encode()


def test_a_missing_share_image_is_a_broken_link():
    checker = LinkChecker({PAGE: page(BASE + "en/projects/x/share.png")}, BASE)
    broken = checker.check_html(PAGE)
    assert [(b.url, b.reason) for b in broken] == [
        (BASE + "en/projects/x/share.png", "there is no page or file at /repo/en/projects/x/share.png")
    ]


def test_a_share_image_that_exists_is_fine_and_the_size_tags_are_not_addresses():
    files = {PAGE: page(BASE + "en/projects/x/share.png"), "en/projects/x/share.png": b""}
    assert LinkChecker(files, BASE).check_html(PAGE) == []


def test_a_share_image_outside_the_base_path_is_reported():
    checker = LinkChecker({PAGE: page("https://example.org/share.png")}, BASE)
    assert "leads outside the site's base path /repo/" in checker.check_html(PAGE)[0].reason
