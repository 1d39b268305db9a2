"""Interface strings the Python side chooses (menus, titles of generated pages, statuses).

Marked with gettext_noop so scripts/catalogues extracts them and `eupages check` requires
a translation of each in every catalogue (see generator/load/catalogues.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.values import gettext_noop


@dataclass(frozen=True)
class FacetLabels:
    """The msgids of one way into the portfolio."""

    menu: str  # the menu link, e.g. "Programmes"
    index_title: str  # the index page's title, e.g. "Projects by programme"
    term_title: str  # a term page's title, with %(name)s, e.g. "Programme: %(name)s"


FACET_LABELS = {
    "programme": FacetLabels(
        gettext_noop("Programmes"), gettext_noop("Projects by programme"), gettext_noop("Programme: %(name)s")
    ),
    "country": FacetLabels(
        gettext_noop("Countries"),
        gettext_noop("Projects by partner country"),
        gettext_noop("Partner country: %(name)s"),
    ),
    "partner": FacetLabels(
        gettext_noop("Partners"), gettext_noop("Projects by partner organisation"), gettext_noop("Partner: %(name)s")
    ),
    "status": FacetLabels(gettext_noop("Status"), gettext_noop("Projects by status"), gettext_noop("Status: %(name)s")),
}

STATUS_LABELS = {
    "ongoing": gettext_noop("Ongoing"),
    "planned": gettext_noop("Not yet started"),
    "completed": gettext_noop("Completed"),
    "not-stated": gettext_noop("Not stated"),
}

SEARCH = gettext_noop("Search")
