"""The build's notion of "today", reproducible when SOURCE_DATE_EPOCH is set.

Anything on the site that depends on the date (a project's status: ongoing or
completed) asks `build_date()`, never the system clock directly, so that two builds
of the same sources with the same SOURCE_DATE_EPOCH give the same bytes
(https://reproducible-builds.org/specs/source-date-epoch/).
"""

from __future__ import annotations

import datetime as dt
import os

ENV = "SOURCE_DATE_EPOCH"


class BadSourceDateEpoch(ValueError):
    """SOURCE_DATE_EPOCH is set but is not a number of seconds."""

    hint = "set it to a whole number, e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct), or unset it"


def build_date(environ: dict | None = None) -> dt.date:
    """The date of the build in UTC: from SOURCE_DATE_EPOCH when set, else today."""
    env = os.environ if environ is None else environ
    value = env.get(ENV, "").strip()
    if value:
        if not value.isdigit():
            raise BadSourceDateEpoch(
                f"{ENV}={value!r} is not a number of seconds since 1970-01-01 (e.g. $(git log -1 --format=%ct))"
            )
        return dt.datetime.fromtimestamp(int(value), tz=dt.UTC).date()
    return dt.datetime.now(tz=dt.UTC).date()
