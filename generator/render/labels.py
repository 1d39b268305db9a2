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

# A project's status as its source states it (the record's `status`).
STATUS_LABELS = {
    "planned": gettext_noop("Planned"),
    "approved": gettext_noop("Approved"),
    "ongoing": gettext_noop("Ongoing"),
    "implemented": gettext_noop("Implemented"),
    "not-stated": gettext_noop("Not stated"),
}

# Where the build day falls in the period the source gives: a calculation, shown as one.
PERIOD_STATE_LABELS = {
    "not-started": gettext_noop("the period has not begun (calculated from the dates)"),
    "running": gettext_noop("the period is under way (calculated from the dates)"),
    "ended": gettext_noop("the period has ended (calculated from the dates)"),
}

# The kinds of source document (the record's `source.kind`).
SOURCE_KIND_LABELS = {
    "proposal": gettext_noop("a proposal"),
    "decision": gettext_noop("a decision"),
    "application": gettext_noop("an application"),
    "project-description": gettext_noop("a project description"),
    "summary": gettext_noop("a project summary"),
}

# The facts a record may mark as inferred, as the page names them.
INFERRED_FACT_LABELS = {
    "programme": gettext_noop("Programme"),
    "programming_period": gettext_noop("Programming period"),
    "fund": gettext_noop("EU fund"),
    "period": gettext_noop("Period"),
    "partners": gettext_noop("Partners"),
    "budget": gettext_noop("Budget"),
}

SEARCH = gettext_noop("Search")
