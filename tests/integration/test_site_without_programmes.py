"""A portfolio needs no programmes: a site whose projects name none still builds, and no page
links to a programme listing that does not exist."""

from __future__ import annotations

from tests.tools.sites import run_cli


def test_a_site_without_programmes_builds_without_dead_links(site_src):
    record = site_src / "content/projects/test-project.yml"
    text = record.read_text(encoding="utf-8")
    text = text.replace("programme: test-programme\n", "")
    text = text.replace(
        'funding:\n  fund: erdf\n  programming_period: "2007-2013"\n  co_financing_rate: 85\n', "funding: none\n"
    )
    text = text.replace("  eu_contribution:\n    - {amount: 217833.25, currency: EUR}\n", "")
    record.write_text(text, encoding="utf-8")

    result = run_cli(site_src, "build", "--no-search")
    assert result.returncode == 0, result.stderr
    search = (site_src / "site/en/search/index.html").read_text(encoding="utf-8")
    assert "/en/programmes/" not in search
    assert "/en/countries/" in search
    assert not (site_src / "site/en/programmes").exists()
