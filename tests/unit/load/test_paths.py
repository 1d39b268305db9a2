"""No slug, file name, symbolic link or configured path can make a build read or write outside
its folders; each refusal is a `file[:line]: what — how to fix` problem, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.load.content import SLUG
from generator.model.site import output_path
from generator.publish.staging import StagingArea
from tests.tools.sites import make_site, run_cli, write

# -- the staging folder -----------------------------------------------------------------

ESCAPES = ["../x", "../../etc/passwd", "/etc/passwd", "en/../../x", "en/../../../tmp/x", "..", "/"]


@pytest.mark.parametrize("relative", ESCAPES)
def test_staging_refuses_to_write_outside_its_folder(tmp_path, relative):
    with StagingArea(tmp_path / "site") as staging:
        with pytest.raises(ValueError, match="outside the output folder"):
            staging.safe_path(relative)
        with pytest.raises(ValueError):
            staging.write(relative, b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing written, staging cleaned up


def test_staging_refuses_a_symbolic_link_that_leads_outside(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    with StagingArea(tmp_path / "site") as staging:
        (staging.path / "en").symlink_to(outside, target_is_directory=True)
        with pytest.raises(ValueError, match="outside the output folder"):
            staging.write("en/index.html", b"x")
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("relative", ["index.html", "en/index.html", "en/projects/x/index.html", "assets/css/a.css"])
def test_staging_accepts_paths_inside(tmp_path, relative):
    with StagingArea(tmp_path / "site") as staging:
        assert staging.path in staging.safe_path(relative).parents


@pytest.mark.parametrize(
    "slug", ["../x", "..", "/etc/passwd", "a/b", "a\\b", "x/../../y", "", "-x", "x-", "A", "x y", "x.md", "é"]
)
def test_slug_pattern_refuses_anything_that_is_not_a_plain_name(slug):
    assert not SLUG.match(slug)


@pytest.mark.parametrize("slug", ["../x", "/etc/passwd", "../../../tmp/evil", "../../..", "x/../../../y"])
def test_an_escaping_slug_could_not_be_written_even_if_it_got_past_the_loader(tmp_path, slug):
    """Belt and braces: the loader refuses such slugs; were one to slip through, the page
    would land inside the output folder or not be written at all."""
    site = tmp_path / "a" / "site"
    with StagingArea(site) as staging:
        try:
            staging.write(output_path("page", slug, "en"), b"x")
        except ValueError:
            pass
        written = [p for p in tmp_path.rglob("*") if p.is_file()]
        assert all(staging.path in p.parents for p in written), written


# -- content file names -----------------------------------------------------------------

BAD_NAMES = [
    ("content/en/Bad Name.md", "'Bad Name.md' is not a valid page file name"),
    ("content/en/..hidden-dots.md", None),  # a dot file: ignored, never published
    ("content/en/projects/x..y.md", "'projects/x..y.md' is not a valid page file name"),
    ("content/projects/Test_Project.yml", "'Test_Project.yml' is not a valid file name for a project"),
]


@pytest.mark.parametrize("relative,message", BAD_NAMES)
def test_bad_file_names_are_refused_with_their_path(tmp_path, relative, message):
    root = make_site(tmp_path)
    text = (root / "content/en/about.md").read_text(encoding="utf-8")
    write(root / relative, text)
    result = run_cli(root, "check")
    assert "Traceback" not in result.stderr
    if message is None:
        assert result.returncode == 0, result.stderr
        return
    assert result.returncode == 1
    assert f"{relative}: {message}" in result.stderr


# -- symbolic links in content/ ---------------------------------------------------------


def _secret(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Secret\nsummary: Not for the web.\n---\n\nPASSWORD=hunter2\n", encoding="utf-8")
    return secret


@pytest.mark.parametrize(
    "link,target_kind",
    [
        ("content/en/secret.md", "file"),
        ("content/en/projects/test-project.md", "file"),
        ("content/projects/leak.yml", "file"),
        ("content/en/linked", "folder"),
        ("content/sv", "folder"),
    ],
)
def test_symbolic_links_in_content_are_refused(tmp_path, link, target_kind):
    root = make_site(tmp_path)
    secret = _secret(tmp_path)
    target = secret if target_kind == "file" else secret.parent
    path = root / link
    if path.exists():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target, target_is_directory=target_kind == "folder")
    result = run_cli(root, "build")
    assert result.returncode == 1, result.stdout
    assert (
        f"{link}: symbolic links are not allowed in the content folder — replace the link with the real file or folder"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not (root / "site").exists()


# -- configured folders and files -------------------------------------------------------


@pytest.mark.parametrize("output", ["content", ".", "theme", "content/en"])
def test_the_output_folder_may_not_replace_the_sources(tmp_path, output):
    root = make_site(tmp_path)
    config = root / "site_config.yml"
    text = config.read_text(encoding="utf-8").replace("output: site", f"output: {output}")
    config.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("folders:"))
    result = run_cli(root, "build")
    assert result.returncode == 1
    assert f"site_config.yml:{line}: the output folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert (root / "content/en/about.md").is_file()


def test_an_absolute_logo_path_outside_the_theme_is_refused(tmp_path):
    root = make_site(tmp_path)
    config = root / "site_config.yml"
    text = config.read_text(encoding="utf-8").replace(
        "    fund: erdf\n", "    fund: erdf\n    logo: {file: /etc/hostname, width: 40, height: 20}\n", 1
    )
    config.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "/etc/hostname" in row)
    result = run_cli(root, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"site_config.yml:{line}: " in result.stderr and "/etc/hostname" in result.stderr


def test_a_page_that_links_out_of_the_site_folder_cannot_pull_files_in(tmp_path):
    """A Markdown link or image that climbs out of the site is a broken link, not a copied file."""
    root = make_site(tmp_path)
    write(
        root / "content/en/about.md",
        "---\ntitle: About\nsummary: About the site.\n---\n\n![x](../../../../../etc/hostname)\n",
    )
    result = run_cli(root, "build")
    assert result.returncode == 1
    assert "content/en/about.md:6: broken link '../../../../../etc/hostname'" in result.stderr
    assert not any(p.name == "hostname" for p in tmp_path.rglob("*"))
