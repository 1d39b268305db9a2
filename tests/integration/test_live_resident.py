"""The live preview builds in one process with the parse cache kept in memory: an edit is
read again, nothing else is, and the site it publishes is the one `eupages build` makes."""

from __future__ import annotations

import io

from generator.build import cache as build_cache
from generator.build.pipeline import build
from generator.commands import live
from generator.load import content as content_loader
from tests.tools.sites import make_site


def test_the_preview_reads_only_the_edited_file_and_publishes_what_a_build_would(tmp_path, monkeypatch):
    root = make_site(tmp_path)
    config = root / "site_config.yml"
    read = []
    real_read_page = content_loader.read_page
    monkeypatch.setattr(
        content_loader, "read_page", lambda path, *args: read.append(path.name) or real_read_page(path, *args)
    )
    opened = []

    class CountedCache(build_cache.ParseCache):
        def __init__(self, *args):
            opened.append(args)
            super().__init__(*args)

    monkeypatch.setattr(build_cache, "ParseCache", CountedCache)
    out, err = io.StringIO(), io.StringIO()
    site = live.LiveSite(config, out=out, err=err)
    assert site.rebuild().ok, err.getvalue()
    assert sorted(read) == ["about.md", "index.md", "test-project.md"]

    read.clear()
    about = root / "content/en/about.md"
    about.write_text(about.read_text(encoding="utf-8").replace("About.", "About, edited in the preview."))
    assert site.rebuild("content/en/about.md changed").ok, err.getvalue()
    assert read == ["about.md"]  # the other pages came from the cache in memory
    assert "About, edited in the preview." in (root / "site/en/about/index.html").read_text(encoding="utf-8")

    read.clear()
    about.write_text("---\ntitle: [unclosed\n---\n")
    broken = site.rebuild("content/en/about.md changed")
    assert not broken.ok and "content/en/about.md" in err.getvalue()
    about.write_text("---\ntitle: About again\nsummary: Back.\n---\n\nBack in the preview.\n")
    assert site.rebuild("content/en/about.md changed").ok, err.getvalue()
    assert read == ["about.md", "about.md"]
    assert len(opened) == 1  # every build of the preview (pages, then search) used the cache read once

    # A clean build of the same sources, elsewhere, writes the same pages.
    clean = build(config, tmp_path / "clean", search=False)
    for relative in ("en/about/index.html", "en/projects/test-project/index.html", "sv/index.html"):
        assert (root / "site" / relative).read_bytes() == (clean.output / relative).read_bytes(), relative
