"""Interface strings the Python side chooses (menus, titles of generated pages, statuses).

Marked with gettext_noop so scripts/catalogues extracts them and `eupages check` requires
a translation of each in every catalogue (see generator/catalogues.py).
"""

from __future__ import annotations

from generator.values import gettext_noop

# The ways into the portfolio: menu label, index page title, term page title pattern.
FACET_LABELS = {
    "programme": (gettext_noop("Programmes"), gettext_noop("Projects by programme"),
                  gettext_noop("Programme: %(name)s")),
    "country": (gettext_noop("Countries"), gettext_noop("Projects by partner country"),
                gettext_noop("Partner country: %(name)s")),
    "partner": (gettext_noop("Partners"), gettext_noop("Projects by partner organisation"),
                gettext_noop("Partner: %(name)s")),
    "status": (gettext_noop("Status"), gettext_noop("Projects by status"),
               gettext_noop("Status: %(name)s")),
}

STATUS_LABELS = {
    "ongoing": gettext_noop("Ongoing"),
    "planned": gettext_noop("Not yet started"),
    "completed": gettext_noop("Completed"),
    "not-stated": gettext_noop("Not stated"),
}

SEARCH = gettext_noop("Search")

ALL = tuple(m for labels in FACET_LABELS.values() for m in labels) + tuple(STATUS_LABELS.values()) + (SEARCH,)
