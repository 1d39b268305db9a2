"""What the EU audit expects of each project page: the funding block its record calls for,
in the wording of the page's language, with the record it comes from (for `file:line`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from generator.eu.audit import Expectation
from generator.model.site import PageRef, Site, output_path
from generator.render.views import brand_logo_of, funding_block_of, statement_texts


class SourcedExpectation(NamedTuple):
    """An `Expectation` with the record it comes from, for `file:line` reports."""

    expectation: Expectation
    record_path: Path
    line: int | None
    brand_logo: bool = False  # the programme's logo carries the emblem (declared in site_config.yml)


def project_expectations(
    site: Site, translations: Mapping[str, Any], refs: Iterable[PageRef] | None = None
) -> dict[str, SourcedExpectation]:
    """What every project page of a site (or of `refs`: the pages a build renders) should
    show, by output path.

    ``site`` is the site model; ``translations`` maps language codes
    to the gettext translations the renderer uses, so the expected statement is the
    catalogue's wording in the page's language (English msgids when untranslated).
    """
    result: dict[str, SourcedExpectation] = {}
    for ref in site.pages if refs is None else refs:
        if ref.kind != "project":
            continue
        loaded = site.records[ref.slug]
        record = loaded.record
        block = funding_block_of(site, record)
        texts = statement_texts(block, translations[ref.lang].gettext, ref.lang) if block else []
        brand = brand_logo_of(site, record, ref.lang) is not None
        path = output_path(ref.kind, ref.slug, ref.lang)
        line = loaded.lines.get(("funding",)) if loaded.lines else None
        result[path] = SourcedExpectation(
            Expectation(path, ref.lang, record.eu_funded, texts), loaded.source, line, brand
        )
    return result
