"""The content loader walks each language folder with `os.scandir`: it must find what the
folder holds, in the same order and with the same refusals as a walk with pathlib would."""

from __future__ import annotations

from pathlib import Path

from generator.errors import Problems
from generator.load.config import load_config
from generator.load.content import NoCache, load_content
from tests.tools.sites import make_site, write


def _load(root: Path):
    problems = Problems(root=root)
    loaded = load_config(root / "site_config.yml", problems)
    content = load_content(loaded, problems, NoCache())
    return content, [f"{p.path}: {p.message}" for p in problems.items]


def test_pages_are_found_in_path_order_and_files_in_hidden_or_nested_folders_are_reported(tmp_path):
    root = make_site(tmp_path)
    about = (root / "content/en/about.md").read_text(encoding="utf-8")
    for name in ("zz-last", "a-b", "a"):
        write(root / f"content/en/{name}.md", about)
    write(root / "content/en/.drafts/idea.md", about)  # a hidden folder is walked, not skipped
    write(root / "content/en/deep/er/page.md", about)
    write(root / "content/en/.notes.md", about)  # a dot file is ignored

    content, problems = _load(root)

    slugs = [slug for kind, slug in content.pages["en"] if kind == "page"]
    # In the order of the file names ("a-b.md" before "a.md"), as a sorted pathlib walk has it.
    assert slugs == sorted(slugs, key=lambda slug: slug + ".md")
    assert {"a", "a-b", "zz-last", "about"} <= set(slugs)
    assert "content/en/.drafts/idea.md: eupages reads only Markdown pages here" in problems
    assert "content/en/deep/er/page.md: eupages reads only Markdown pages here" in problems
    assert not any(".notes.md" in problem for problem in problems)
    assert len(problems) == 2, problems


def test_a_page_inside_a_projects_folder_of_a_language_is_a_project_page(tmp_path):
    root = make_site(tmp_path)
    content, problems = _load(root)
    assert problems == []
    project_pages = [slug for kind, slug in content.pages["en"] if kind == "project"]
    assert project_pages == sorted(content.records)
    page = content.pages["en"][("project", project_pages[0])]
    assert page.source == root / "content/en/projects" / f"{project_pages[0]}.md"
