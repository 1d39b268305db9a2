"""Shared fixtures: the real site built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build.pipeline import build

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The shipped content/ built into a temporary folder (the real site, as CI publishes it)."""
    output = tmp_path_factory.mktemp("built") / "site"
    build(ROOT / "site_config.yml", output)
    return output


@pytest.fixture
def site_src(tmp_path) -> Path:
    from tests.tools.sites import make_site

    return make_site(tmp_path)
