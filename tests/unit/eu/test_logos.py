"""Programme and partner logos beside the EU emblem: which are shown, and the built-page check."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from generator.eu.audit import check_page, parse_page
from generator.eu.emblem import emblem_svg
from generator.eu.rules import LogoView, logo_asset_path, logo_views


def logo(file: str, width: float = 60, height: float = 40, alt=None):
    return SimpleNamespace(file=file, width=width, height=height, alt=alt)


def site(tmp_path: Path) -> tuple[Path, Path]:
    static = tmp_path / "theme" / "static"
    (static / "logos").mkdir(parents=True)
    return tmp_path, static


def test_asset_path_is_relative_to_the_static_folder(tmp_path: Path) -> None:
    root, static = site(tmp_path)
    assert logo_asset_path("theme/static/logos/a.svg", root, static) == "logos/a.svg"
    assert logo_asset_path("logos/a.svg", root, static) is None
    assert logo_asset_path("theme/static/../../a.svg", root, static) is None


def test_no_logos_configured_means_none_shown(tmp_path: Path) -> None:
    root, static = site(tmp_path)
    assert logo_views(lang="en", site_root=root, static_root=static, partner_names=["Acme AB"], partner_logos={}) == ()


def test_programme_logo_first_then_partners_by_any_spelling(tmp_path: Path) -> None:
    root, static = site(tmp_path)
    views = logo_views(
        lang="sv",
        site_root=root,
        static_root=static,
        programme_logo=logo("theme/static/logos/p.svg", alt={"en": "P logo", "sv": "P-logotyp"}),
        programme_name={"en": "Programme", "sv": "Programmet"},
        partner_names=[{"en": "Town of X", "sv": "X stad"}, "Acme AB", "No Logo Ltd"],
        partner_logos={
            "Town of X": logo("theme/static/logos/x.svg", 72, 48),
            "Acme AB": logo("theme/static/logos/acme.svg", 30.7, 20.2),
        },
    )
    assert views == (
        LogoView("logos/p.svg", 60, 40, "P-logotyp"),
        LogoView("logos/x.svg", 72, 48, "X stad"),  # alt: the name in the page's language
        LogoView("logos/acme.svg", 30, 20, "Acme AB"),  # sizes rounded down, never up
    )


def test_programme_name_is_the_alt_without_alt_text(tmp_path: Path) -> None:
    root, static = site(tmp_path)
    views = logo_views(
        lang="pl",
        site_root=root,
        static_root=static,
        programme_logo=logo("theme/static/logos/p.svg"),
        programme_name={"en": "Programme", "pl": "Program"},
    )
    assert [v.alt for v in views] == ["Program"]


def test_the_same_file_is_shown_once(tmp_path: Path) -> None:
    root, static = site(tmp_path)
    shared = logo("theme/static/logos/p.svg")
    views = logo_views(
        lang="en",
        site_root=root,
        static_root=static,
        programme_logo=shared,
        programme_name="P",
        partner_names=["A"],
        partner_logos={"A": shared},
    )
    assert len(views) == 1


# --- the check of built pages -------------------------------------------------------

EMBLEM = emblem_svg(48, title="Flag of the European Union", title_id="t")


def page(logos: str) -> str:
    return (
        '<!doctype html><html lang="en"><body><section class="eu-funding" aria-label="EU">'
        f'{EMBLEM}<p class="eu-statement"><span>European Union</span></p></section>'
        f'<p class="eu-logos">{logos}</p></body></html>'
    )


def test_parser_reads_emblem_and_logo_sizes() -> None:
    facts = parse_page(page('<img class="eu-logo" src="/a.svg" width="60" height="40" alt="A">'))
    assert facts.emblem_sizes == [(72.0, 48.0)]
    assert facts.logos == [("/a.svg", 60.0, 40.0)]


def test_logos_no_larger_than_the_emblem_pass() -> None:
    html = page('<img class="eu-logo" src="/a.svg" width="72" height="48" alt="A">')
    assert check_page("p.html", html, "en", True, ["European Union"]) == []


def test_larger_logo_is_a_problem_naming_file_and_sizes() -> None:
    html = page('<img class="eu-logo" src="/assets/logos/big.svg" width="200" height="100" alt="B">')
    assert check_page("p.html", html, "en", True, ["European Union"]) == [
        "p.html: logo /assets/logos/big.svg is 200×100 px, larger than the EU emblem (72×48 px)"
    ]


def test_logo_without_size_is_a_problem() -> None:
    html = page('<img class="eu-logo" src="/a.svg" alt="A">')
    problems = check_page("p.html", html, "en", True, ["European Union"])
    assert len(problems) == 1 and "has no width and height" in problems[0]
