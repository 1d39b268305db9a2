"""`eupages new project SLUG` and `eupages new page NAME`: start content from a commented template.

What the templates do, and why: every field is written out with a comment that says what it
is and gives an example, but the values an editor must supply are left *empty* rather than
filled with made-up examples. An example value that happens to be valid would be published
as if it were a fact (a budget, an EU fund, a partner) the day someone forgets to replace it;
an empty value cannot be: `eupages check`, `eupages build` and the live preview all stop with
"'funding.fund' is empty — write its value after 'fund:' (the EU fund, e.g. erdf, …)" at the
right line until it is filled. Optional fields are also left empty, which
eupages reads as "the source does not say". Blocks that few projects need (budget, links)
are written as comments to uncomment.

The pages: one original in the default language and one translation stub per other language
(with `translated_from`). A stub stops the build until it has a title and a summary; when no
translation is coming soon, deleting it lets the site show the original page in its place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale

from generator.errors import Problems
from generator.load.config import load_config
from generator.model.portfolio import RESERVED_SLUGS
from generator.values import SLUG, page_file


class ScaffoldError(Exception):
    """Nothing was created; the message says why and what to do."""


@dataclass
class Created:
    kind: str
    name: str
    root: Path
    default: str
    files: list[tuple[Path, str]] = field(default_factory=list)  # (path, what it is)


def create(config_path: Path, kind: str, name: str) -> Created:
    loaded = _config(config_path)
    _check_name(kind, name)
    config = loaded.config
    content = loaded.folder("content")
    default = config.default_language
    created = Created(kind, name, loaded.root, default)
    plan: list[tuple[Path, str, str]] = []
    if kind == "project":
        plan.append(
            (
                content / "projects" / f"{name}.yml",
                _record(name, config, content),
                "the facts: fill in what the source states",
            )
        )
    for lang in config.languages:
        relative = page_file(kind, name)
        path = content / lang.code / relative
        english = _language_name(lang.locale)
        if lang.code == default:
            text = _page(kind, name, lang.code, english, None, relative, config)
            what = f"the {english} page (the original)"
        else:
            text = _page(kind, name, lang.code, english, default, relative, config)
            what = f"the {english} translation, to be translated"
        plan.append((path, text, what))
    existing = [path for path, _text, _what in plan if path.exists()]
    if existing:
        shown = ", ".join(_shown(p, loaded.root) for p in existing)
        raise ScaffoldError(
            f"{shown} already exist{'s' if len(existing) == 1 else ''}; nothing was created"
            f" — edit the existing file{'s' if len(existing) != 1 else ''}, or choose another name"
        )
    written: list[Path] = []
    try:
        for path, text, what in plan:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8", newline="\n") as out:  # never overwrite, even in a race
                out.write(text)
            written.append(path)
            created.files.append((path, what))
    except OSError as err:
        for path in written:
            path.unlink(missing_ok=True)
        raise ScaffoldError(
            f"could not write {_shown(Path(err.filename or ''), loaded.root)}: {err.strerror}; nothing was created"
        ) from None
    return created


def summary(created: Created) -> str:
    thing = f"the project '{created.name}'" if created.kind == "project" else f"the page '{created.name}'"
    width = max(len(_shown(p, created.root)) for p, _ in created.files)
    lines = [f"eupages: created {len(created.files)} files for {thing}:"]
    lines += [f"  {_shown(p, created.root):<{width}}  {what}" for p, what in created.files]
    lines += [
        "Next: fill in the empty fields (the comment beside each says what belongs there and gives an example).",
        "`eupages check`, or the preview (./scripts/serve), lists what is still missing, file and line.",
        "A translation that is not coming soon can be deleted: the site shows the original page in its place.",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------


def _config(config_path: Path):
    problems = Problems(root=config_path.resolve().parent)
    loaded = load_config(config_path, problems)
    if loaded is None:
        first = str(problems.items[0]) if problems.items else str(config_path)
        raise ScaffoldError(f"cannot read the site configuration: {first}")
    return loaded


def _reserved() -> frozenset[str]:
    return frozenset(RESERVED_SLUGS) | {"index"}


def _check_name(kind: str, name: str) -> None:
    what = "a project's slug" if kind == "project" else "a page's name"
    example = "creative-metropoles" if kind == "project" else "contact"
    if not SLUG.match(name):
        suggestion = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        hint = f", e.g. {suggestion}" if suggestion and SLUG.match(suggestion) else f", e.g. {example}"
        raise ScaffoldError(
            f"'{name}' cannot be {what}: it becomes part of the page's address, so use only"
            f" lower-case letters, digits and single hyphens{hint}"
        )
    if kind == "page" and name in _reserved():
        raise ScaffoldError(
            f"'{name}' cannot be a page's name: the site already uses that address"
            f" ({', '.join(sorted(_reserved()))}); choose another name"
        )


def _language_name(locale: str) -> str:
    try:
        return Locale.parse(locale).get_language_name("en") or locale
    except (ValueError, TypeError):  # pragma: no cover - the configuration validated the locale
        return locale


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _texts(codes: list[str]) -> str:
    return "{" + ", ".join(f'{_key(c)}: "…"' for c in codes) + "}"


def _key(code: str) -> str:
    return f'"{code}"' if code in ("no", "yes", "on", "off", "y", "n") else code


def _record(slug: str, config, content: Path) -> str:
    programmes = ", ".join(config.programmes) or "(none is defined yet in site_config.yml)"
    schema = Path("../../schemas/project.schema.json")
    return f"""\
# yaml-language-server: $schema={schema.as_posix()}
# Project record: the facts about '{slug}' that are the same in every language.
# Write only what the source document states, and leave a value empty where the source
# says nothing. `eupages check` (or the preview, ./scripts/serve) lists the values that are
# still required, with their line. Lines starting with # are notes; they are never published.
# Every field is explained in docs/content-model.md and in the editors' guide.

acronym:                  # optional: the short name, e.g. UCP
official_name:            # optional: the name exactly as the source writes it, in double quotes
programme:                # optional: the programme's key in site_config.yml: {programmes}
reference:                # optional: the programme's project number, in double quotes, e.g. "3025"
approved:                 # optional: the date the project was approved, e.g. 2010-09-17
case_number:              # optional: the source document's case (diary) number, e.g. "RUN/572/2020"
status:                   # optional: as the source states it: planned, approved, ongoing or implemented

period:                   # optional: when the project ran, as far as the source says
  start:                  # optional: a date (2010-10-01), a month (2010-10) or a year (2010)
  end:                    # optional: written like start, e.g. 2013-09-30
  duration_months:        # optional: the length in months as the source states it, e.g. 36

funding:                  # required: the EU funding. A project without EU funding: replace
                          #   these four lines by the single line  funding: none
  fund:                   # required: the fund, e.g. erdf; several as a list: [erdf, enpi]
  programming_period:     # required: "2007-2013", "2014-2020" or "2021-2027", in double quotes
  co_financing_rate:      # optional: the EU share in per cent, e.g. 85

# budget:                 # optional: to use it, delete the "# " at the start of these lines
#   total:                # one line per currency the source states
#     - {{amount: 264145.00, currency: EUR}}
#   eu_contribution:      # the EU's part, one line per currency
#     - {{amount: 217833.25, currency: EUR}}
# Budget tables and partners' own contributions are described in docs/content-model.md.

partners:                 # one block per organisation: copy the four lines for the next one
  - name:                 # required: the name as the organisation writes it, in double quotes
    city:                 # optional, e.g. Klaipėda
    country:              # required: the two-letter ISO code, e.g. SE, NO, PL, LT, DE
    role: partner         # lead, partner or associated

# links:                  # optional: web pages about the project; delete the "# " to use it
#   - url: https://example.org/
#     label: {_texts(config.codes)}

source:                   # required: the document these facts come from
  file:                   # required: its file name, e.g. 004_0242fb906ba2e26b.txt
  title:                  # optional: what the document is, e.g. "Project summary"
  kind:                   # required: proposal, decision, application, project-description or summary
  date:                   # optional: the document's date, as it states it, e.g. 2020-11-20

# inferred:               # optional: facts the source does not state, each with the reason shown
#   - fact: programme     #   programme, programming_period, fund, period, partners or budget
#     reason: {_texts(config.codes)}
"""


def _page(kind: str, name: str, code: str, language: str, source_lang: str | None, relative: str, config) -> str:
    subject = "the project's name" if kind == "project" else "the page's title"
    lines = ["---"]
    if source_lang is None:
        thing = f"the project '{name}'" if kind == "project" else f"the page '{name}'"
        lines.append(f"# The {language} page of {thing}: the original that translations are made from.")
    else:
        source_name = _language_name(config.language(source_lang).locale)
        lines += [
            f"# The {language} translation of content/{source_lang}/{relative}: translate its title,",
            "# summary and text. Until this page has a title and a summary, `eupages check` reports",
            f"# it; if no translation is coming soon, delete this file and the site shows the {source_name}",
            "# page here instead.",
        ]
    lines += [
        f"title:            # required: {subject} as readers of {language} should see it",
        "summary:          # required: one sentence that says what "
        + ("the project did" if kind == "project" else "the page is about")
        + " (for lists, search and link previews)",
    ]
    if kind == "page":
        lines += [
            "menu: main       # where the link to this page appears: main (top menu), footer, or none",
            "order: 100       # its place among those links: smaller numbers come first",
        ]
    if source_lang is not None:
        lines += [
            "# When the translation is finished, run",
            f"#   eupages translations --mark-current content/{code}/{relative}",
            "# It records which version of the original you translated, so that eupages can tell you",
            "# when the original changes.",
            "translated_from:",
            f"  lang: {_key(source_lang)}",
        ]
    lines += [
        "# Below the closing '---' comes the text, in Markdown. Headings start with '##' (the title",
        "# is the page's only '#' heading).",
    ]
    if kind == "project":
        lines += [
            "# Money, dates, partners and budgets are not typed here: the page shows them from",
            f"# content/projects/{name}.yml, in the reader's language.",
        ]
    lines += ["---", ""]
    return "\n".join(lines)
