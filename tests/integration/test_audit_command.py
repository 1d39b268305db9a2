"""`eupages audit FOLDER` on the shipped site as built, and on copies of it tampered with by
hand: each tampering fails, naming the page, and nothing else does."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EPOCH = "1796083200"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def shipped_site(target: Path) -> Path:
    """The shipped configuration, content and theme, copied so that the build's cache is its own
    (the repository's .eupages-cache may be in use by another build at the same time)."""
    target.mkdir(parents=True)
    shutil.copy2(ROOT / "site_config.yml", target / "site_config.yml")
    for folder in ("content", "theme", "schemas"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, target / folder)
    return target


def build(target: Path, *args: str) -> Path:
    source = shipped_site(target.parent / "src")
    result = run("build", "-o", str(target), "--no-search", *args, cwd=source)
    assert result.returncode == 0, result.stderr
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("audit") / "site")


def eu_pages(site: Path) -> list[str]:
    return sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if 'class="eu-funding' in path.read_text(encoding="utf-8")
    )


@pytest.fixture(scope="module")
def victim(built: Path) -> str:
    """One EU project page of the shipped site, the one every tampering is done to."""
    pages = [page for page in eu_pages(built) if "/projects/" in page]
    assert pages, "the shipped site has no EU-funded project page"
    return (
        "pl/projects/creative-metropoles/index.html"
        if "pl/projects/creative-metropoles/index.html" in pages
        else pages[0]
    )


def test_the_shipped_site_passes(built: Path) -> None:
    result = run("audit", str(built))
    assert result.returncode == 0, result.stdout + result.stderr
    pages = len(list(built.rglob("*.html")))
    assert f"eupages: no problems found; {pages} pages audited, {len(eu_pages(built))} with EU funding" in result.stdout
    assert len(eu_pages(built)) >= 5


def test_the_shipped_site_built_for_a_sub_path_passes(tmp_path: Path) -> None:
    output = build(tmp_path / "site", "--base-url", "https://example.org/repo/")
    assert '"/repo/assets/' in (output / "en/index.html").read_text(encoding="utf-8")
    result = run("audit", str(output))
    assert result.returncode == 0, result.stdout + result.stderr


# --- tampered copies --------------------------------------------------------------------------


def copy(built: Path, tmp_path: Path) -> Path:
    """A copy of the built site made of hard links (fast); `tamper` unlinks what it changes."""
    target = tmp_path / "tampered"
    shutil.copytree(built, target, copy_function=os.link)
    return target


def tamper(site: Path, page: str, change) -> None:
    path = site / page
    html = path.read_text(encoding="utf-8")
    new = change(html)
    assert new != html, "the tampering changed nothing: the markup it expects has moved"
    path.unlink()  # never write through the hard link into the built site
    path.write_text(new, encoding="utf-8")


def svg_emblem(html: str) -> str:
    match = re.search(r'<svg class="eu-emblem".*?</svg>', html, re.S)
    assert match, "no inline SVG emblem on the page"
    return match.group(0)


def size_attrs(emblem: str) -> tuple[str, float]:
    match = re.search(r'width="([\d.]+)" height="([\d.]+)"', emblem)
    assert match
    return match.group(0), float(match.group(2))


def one_star(html: str) -> str:
    emblem = svg_emblem(html)
    return html.replace(emblem, re.sub(r'd="(M[^Z]*Z)[^"]*"', r'd="\1"', emblem))


def squashed(html: str) -> str:
    emblem = svg_emblem(html)
    attrs, height = size_attrs(emblem)
    return html.replace(emblem, emblem.replace(attrs, f'width="{2 * height:g}" height="{height:g}"'))


def red_shape(html: str) -> str:
    emblem = svg_emblem(html)
    return html.replace(
        emblem, emblem.replace("</svg>", '<rect x="100" y="60" width="70" height="60" fill="#E30613"/></svg>')
    )


def tiny(html: str) -> str:
    emblem = svg_emblem(html)
    attrs, _ = size_attrs(emblem)
    return html.replace(emblem, emblem.replace(attrs, 'width="18" height="12"'))


def statement_in_footer(html: str) -> str:
    match = re.search(r'<p class="eu-statement">.*?</p>', html, re.S)
    assert match
    html = html.replace(match.group(0), "")
    return html.replace("</footer>", match.group(0) + "</footer>")


def png_emblem(html: str) -> str:
    emblem = svg_emblem(html)
    attrs, _ = size_attrs(emblem)
    return html.replace(
        emblem, f'<img class="eu-emblem" src="/assets/eu-flag.png" {attrs} alt="Flaga Unii Europejskiej">'
    )


def big_logo_after_block(html: str) -> str:
    return html.replace(
        "</section>", '</section>\n<img src="/assets/partner.png" width="240" height="80" alt="Partner">', 1
    )


def statement_styles(html: str) -> str:
    return html.replace("</head>", '<link rel="stylesheet" href="/assets/css/override.css">\n</head>')


def undeclared_brand_logo(html: str) -> str:
    brand = '<img class="eu-brand-logo" src="/assets/interreg.svg" width="150" height="50" alt="Interreg">'
    return html.replace(svg_emblem(html), brand)


OVERRIDE = ".eu-funding .eu-statement { font-family: Ubuntu, sans-serif; font-style: italic; }\n"
EXTRA_FILES = {
    "assets/eu-flag.png": PNG,
    "assets/partner.png": PNG,
    "assets/css/override.css": OVERRIDE.encode(),
    "assets/interreg.svg": b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 3 1"><rect width="3" height="1"/></svg>',
}

TAMPERINGS = [
    pytest.param(one_star, ["the EU emblem has 1 star, not twelve"], id="one-star"),
    pytest.param(squashed, ["not 3:2: it is squashed or stretched"], id="squashed"),
    pytest.param(red_shape, ["the EU emblem is drawn in #e30613", "the EU emblem has 2 rectangles"], id="red-shape"),
    pytest.param(tiny, ["the EU emblem is 12 px high, less than the minimum of 38 CSS px"], id="18x12"),
    pytest.param(statement_in_footer, ["has no .eu-statement (one is outside the block)"], id="statement-in-footer"),
    pytest.param(
        png_emblem, ["is a PNG image: cannot verify the emblem's construction — use the SVG emblem"], id="png-emblem"
    ),
    pytest.param(
        big_logo_after_block, ["logo /assets/partner.png is 240×80 px, larger than the EU emblem"], id="big-logo"
    ),
    pytest.param(statement_styles, ["names sans-serif", "the statement is set in italics"], id="sans-serif-italic"),
    pytest.param(undeclared_brand_logo, ["has no EU emblem"], id="undeclared-brand-logo"),
]


@pytest.mark.parametrize(("change", "expected"), TAMPERINGS)
def test_each_tampering_fails_naming_the_page(built: Path, victim: str, tmp_path: Path, change, expected) -> None:
    site = copy(built, tmp_path)
    for name, data in EXTRA_FILES.items():
        (site / name).write_bytes(data)
    tamper(site, victim, change)
    result = run("audit", str(site))
    assert result.returncode == 1, result.stdout + result.stderr
    problems = [line for line in result.stdout.splitlines() if ": notice: " not in line]
    assert problems, result.stdout
    for line in problems:
        assert line.startswith(f"{victim}: ") and " — " in line, line  # only the tampered page, with a fix
    for fragment in expected:
        assert any(fragment in line for line in problems), (fragment, problems)
    assert re.search(r"eupages: \d+ problems? found", result.stderr)


def test_the_declared_brand_form_passes(built: Path, victim: str, tmp_path: Path) -> None:
    site = copy(built, tmp_path)
    (site / "assets/interreg.svg").write_bytes(EXTRA_FILES["assets/interreg.svg"])

    def declared(html: str) -> str:
        html = undeclared_brand_logo(html).replace(
            'class="eu-brand-logo"', 'class="eu-brand-logo" data-eu-emblem="included"'
        )
        return html.replace('class="eu-statement"', 'class="eu-statement eu-statement--hidden"', 1)

    tamper(site, victim, declared)
    result = run("audit", str(site))
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_missing_folder_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    result = run("audit", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert result.stderr.startswith("eupages: ") and "is not a folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_browser_without_playwright_says_what_to_install(built: Path, monkeypatch, capsys) -> None:
    from generator.cli import main

    monkeypatch.setitem(sys.modules, "playwright", None)
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)
    assert main(["audit", str(built), "--browser"]) == 1
    err = capsys.readouterr().err
    assert "install the test extra: pip install eupages[test]" in err and "Traceback" not in err
