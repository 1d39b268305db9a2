"""Share images of the real site: every project page in every language has one, the EU emblem
is on the EU-funded projects' cards and nowhere else, and an image is rendered again only when
what it shows changed."""

from __future__ import annotations

import fnmatch
import html
import re
from pathlib import Path

import pytest
from PIL import Image

from generator.build.pipeline import build
from generator.eu.emblem import BLUE, YELLOW
from generator.publish.headers import SHORT
from tests.tools.sites import ROOT, copy_real_site

LANGS = ("en", "sv", "no", "pl", "lt")
PROJECTS = sorted(path.stem for path in (ROOT / "content/projects").glob("*.yml"))
NOT_EU_FUNDED = "unesco-creative-cities-ostersund"
BASE_URL = "https://example.github.io/repo/"

# The emblem is 144 × 96 px on a card; its twelve stars (radius 96/18) cover about 400 px.
EMBLEM_BLUE_PIXELS = 144 * 96 - 600
EMBLEM_YELLOW_PIXELS = 200


@pytest.fixture(scope="module")
def real_site(tmp_path_factory):
    root = copy_real_site(tmp_path_factory.mktemp("share") / "src")
    result = build(root / "site_config.yml", root / "site", base_url=BASE_URL, search=False)
    return root, result


def meta(page: str, key: str) -> str | None:
    found = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', page)
    return html.unescape(found.group(1)) if found else None


def image_of(output: Path, lang: str, slug: str) -> tuple[str, Path]:
    page = (output / lang / "projects" / slug / "index.html").read_text(encoding="utf-8")
    url = meta(page, "og:image")
    assert url is not None and url.startswith(BASE_URL), f"{lang}/{slug}: og:image {url!r}"
    return page, output / url[len(BASE_URL) :]


def colour_count(path: Path, colour: str, tolerance: int = 12) -> int:
    """Pixels within `tolerance` (per channel) of `colour`."""
    target = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    with Image.open(path) as image:
        colours = image.convert("RGB").getcolors(maxcolors=image.width * image.height)
    return sum(n for n, rgb in colours if all(abs(a - b) <= tolerance for a, b in zip(rgb, target, strict=True)))


@pytest.mark.parametrize("lang", LANGS)
def test_every_project_page_has_its_1200x630_share_image_in_its_head(real_site, lang):
    root, _ = real_site
    for slug in PROJECTS:
        page, path = image_of(root / "site", lang, slug)
        assert path == root / "site" / lang / "projects" / slug / "share.png"
        with Image.open(path) as image:
            assert (image.format, image.size) == ("PNG", (1200, 630))
        assert (meta(page, "og:image:width"), meta(page, "og:image:height")) == ("1200", "630")
        assert meta(page, "og:image:type") == "image/png"
        assert meta(page, "twitter:card") == "summary_large_image"
        title = re.search(r'<meta property="og:title" content="([^"]*)">', page).group(1)
        assert meta(page, "og:image:alt").startswith(html.unescape(title) + " — ")


@pytest.mark.parametrize("lang", LANGS)
def test_the_emblem_is_on_every_eu_funded_card_and_not_on_the_unesco_networks(real_site, lang):
    root, _ = real_site
    for slug in PROJECTS:
        _, path = image_of(root / "site", lang, slug)
        blue, yellow = colour_count(path, BLUE), colour_count(path, YELLOW)
        if slug == NOT_EU_FUNDED:
            assert (blue, yellow) == (0, 0), f"{lang}/{slug} shows the EU's colours without EU money"
        else:
            assert blue >= EMBLEM_BLUE_PIXELS and yellow >= EMBLEM_YELLOW_PIXELS, f"{lang}/{slug}: {blue}, {yellow}"


def test_the_eu_cards_alt_text_carries_the_statement_in_the_pages_language(real_site):
    root, _ = real_site
    page, _ = image_of(root / "site", "lt", "urban-creative-poles")
    assert "Europos Sąjunga, Europos regioninės plėtros fondas" in meta(page, "og:image:alt")
    page, _ = image_of(root / "site", "lt", NOT_EU_FUNDED)
    assert "Europos Sąjunga" not in meta(page, "og:image:alt")


def test_the_build_reports_what_the_images_cost(real_site):
    _, result = real_site
    share = result.share_images
    assert share.rendered == len(LANGS) * len(PROJECTS) and share.reused == 0
    assert 0 < share.ms_per_image < 5000


def test_a_host_caches_a_share_image_briefly_by_one_rule(real_site):
    root, _ = real_site
    rules: list[tuple[str, list[str]]] = []
    for line in (root / "site/_headers").read_text(encoding="utf-8").splitlines():
        if line.startswith("/"):
            rules.append((line, []))
        elif line.strip() and rules:
            rules[-1][1].append(line.strip())
    address = "/sv/projects/creative-metropoles/share.png"
    cache = [
        h
        for pattern, headers in rules
        if fnmatch.fnmatch(address, pattern)
        for h in headers
        if h.startswith("Cache-Control")
    ]
    # Crawlers come back for the same address after a title change, so never "immutable".
    assert cache == [f"Cache-Control: {SHORT}"]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_image_is_rendered_again_only_when_what_it_shows_changed(tmp_path):
    root = copy_real_site(tmp_path / "src")
    config = root / "site_config.yml"
    build(config, search=False)
    site = root / "site"
    before = {path: path.read_bytes() for path in site.glob("*/projects/*/share.png")}
    page = root / "content/sv/projects/creative-metropoles.md"

    # The narrative is not on the card: pages are rendered again, no image is.
    _edit(page, "\n## ", "\nEn ny mening i texten.\n\n## ")
    result = build(config, search=False)
    assert result.rendered > 0
    assert (result.share_images.rendered, result.share_images.reused) == (0, len(before))
    assert {path: path.read_bytes() for path in before} == before
    # Only the edited page's card is made again; the others' keys come from the last build.
    assert result.share_images.cards == 1

    # The title is: that one image, and only it, is new.
    _edit(page, "title: Creative Metropoles", "title: Creative Metropoles i Östersjön")
    result = build(config, search=False)
    assert (result.share_images.rendered, result.share_images.cards) == (1, 1)
    changed = sorted(path.relative_to(site).as_posix() for path in before if path.read_bytes() != before[path])
    assert changed == ["sv/projects/creative-metropoles/share.png"]


def test_a_page_without_its_translation_still_has_a_card_with_the_statement_in_its_language(tmp_path):
    from tests.tools.sites import make_site, run_cli

    root = make_site(tmp_path)  # the project's page is written in English only
    result = run_cli(root, "build", "--no-search")
    assert result.returncode == 0, result.stderr
    assert re.search(r"eupages: share images: 5 rendered \([\d.]+ ms each", result.stdout), result.stdout
    page, path = image_of_site(root / "site", "https://example.org/", "sv")
    assert path.is_file()
    assert meta(page, "og:image:alt") == (
        "Test project — A project for tests. — Europeiska unionen, Europeiska regionala utvecklingsfonden,"
        " Vi investerar i din framtid"
    )


def image_of_site(output: Path, base_url: str, lang: str) -> tuple[str, Path]:
    page = (output / lang / "projects/test-project/index.html").read_text(encoding="utf-8")
    return page, output / meta(page, "og:image")[len(base_url) :]


def test_a_theme_without_the_bold_font_is_told_at_file_level_without_a_traceback(tmp_path):
    from tests.tools.sites import make_site, run_cli

    root = make_site(tmp_path)
    for path in (root / "theme/static/fonts").glob("*-700-normal.woff2"):
        path.unlink()
    result = run_cli(root, "check")
    assert result.returncode == 1
    assert (
        "theme/static/fonts: no Ubuntu font of weight 700 for the share images — add the Ubuntu .woff2 or .ttf"
        " files (regular and bold) to the theme's static/fonts"
    ) in result.stderr
    assert "Traceback" not in result.stderr


BRAND_GREEN = "#00AA44"


def test_an_interreg_brand_programme_shows_its_logo_on_the_card_instead_of_the_emblem(tmp_path):
    from tests.tools.sites import make_site, write

    root = make_site(tmp_path)
    write(
        root / "theme/static/logos/interreg-test.svg",
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100"><rect width="300" height="100" fill="{BRAND_GREEN}"/></svg>',
    )
    config = root / "site_config.yml"
    _edit(config, 'programming_period: "2007-2013"', 'programming_period: "2021-2027"')
    _edit(
        config,
        "    fund: erdf\n",
        "    fund: erdf\n    logo:\n      file: theme/static/logos/interreg-test.svg\n"
        "      width: 150\n      height: 50\n      contains_emblem: true\n",
    )
    _edit(
        root / "content/projects/test-project.yml", 'programming_period: "2007-2013"', 'programming_period: "2021-2027"'
    )
    _edit(
        root / "content/en/projects/test-project.md",
        "summary: A project for tests.\n",
        "summary: A project for tests.\naims: To test things.\nresults: A tested site.\n",
    )
    build(config, search=False)
    page, path = image_of_site(root / "site", "https://example.org/", "pl")
    # The logo at twice its size on the page, like the emblem; no second emblem, no statement beside it.
    assert colour_count(path, BRAND_GREEN, tolerance=4) >= 300 * 100 - 800
    assert colour_count(path, YELLOW) == 0 and colour_count(path, BLUE) == 0
    assert meta(page, "og:image:alt").endswith(" — Współfinansowane przez Unię Europejską")


def test_a_cleaned_font_cache_redraws_no_image(tmp_path):
    import shutil

    from tests.tools.sites import make_site

    root = make_site(tmp_path)
    config = root / "site_config.yml"
    build(config, search=False)
    before = {path: path.read_bytes() for path in (root / "site").glob("*/projects/*/share.png")}
    # The fonts merged for the images are made again from the theme's files, to the same bytes:
    # the images' keys stand, nothing is drawn again.
    shutil.rmtree(root / ".eupages-cache/share-fonts")
    result = build(config, search=False)
    assert (result.share_images.rendered, result.share_images.reused) == (0, len(before))
    assert {path: path.read_bytes() for path in before} == before
    # The fonts are merged again only when an image must be drawn, to the bytes they had.
    _edit(root / "content/en/projects/test-project.md", "title: ", "title: New ")
    assert build(config, search=False).share_images.rendered >= 1
    assert len(list((root / ".eupages-cache/share-fonts").glob("*/ubuntu-*.ttf"))) == 2


def test_the_fonts_are_told_apart_once_and_again_when_a_font_file_changes(tmp_path, monkeypatch):
    from generator.errors import ContentError
    from generator.render import share_image
    from tests.tools.sites import make_site

    root = make_site(tmp_path)
    config = root / "site_config.yml"
    reads = []
    read_fonts = share_image.font_sources
    monkeypatch.setattr(share_image, "font_sources", lambda folder: reads.append(folder) or read_fonts(folder))
    build(config, search=False)
    _edit(root / "content/en/projects/test-project.md", "title: ", "title: New ")
    assert build(config, search=False).share_images.rendered >= 1
    assert len(reads) == 1  # the rebuild drew its image without opening the font files again
    for path in (root / "theme/static/fonts").glob("*-700-normal.woff2"):
        path.unlink()
    with pytest.raises(ContentError, match="no Ubuntu font of weight 700"):
        build(config, search=False)
    assert len(reads) == 2
