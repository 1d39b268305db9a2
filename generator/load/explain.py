"""Turn pydantic's validation errors into editor-friendly `file:line` problems."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.errors import Problems
from generator.load.yaml_source import Path_, YamlDocument
from generator.values import Text

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], doc: YamlDocument, path: Path, problems: Problems, what: str) -> M | None:
    """Validate `doc` against `model`; on failure add one problem per error and return None."""
    if not isinstance(doc.data, dict):
        problems.add(
            path,
            1,
            f"this {what} is empty or not a list of 'field: value' lines",
            "see docs/content-model.md for an example",
        )
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as err:
        for errors in _by_place(_misspelt_not_missing(_relevant(err.errors()), model)):
            loc = tuple(_place(errors[0]))
            message, hint = explain_all(errors, model)
            problems.add(path, doc.line_of(loc), message, hint)
        return None


def _misspelt_not_missing(errors: list[ErrorDetails], model: type[BaseModel]) -> list[ErrorDetails]:
    """`sumary: …` is one mistake: say "did you mean 'summary'?" and not also "'summary' is missing"."""
    meant = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            loc = _place(error)
            allowed = allowed_fields(model, loc[:-1])
            close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6) or [
                a for a in allowed if a.casefold() == str(loc[-1]).casefold()
            ]
            if close:
                meant.add(_named(loc[:-1]) + (close[0],))
            for place in _places(model, str(loc[-1])):  # the same field, at the wrong level
                meant.add(tuple(place.split(".")) + (str(loc[-1]),))
    return [e for e in errors if not (e["type"] == "missing" and _named(_place(e)) in meant)]


def _named(loc) -> tuple:
    return tuple(str(p) for p in loc if not isinstance(p, int))


def _by_place(errors: list[ErrorDetails]) -> list[list[ErrorDetails]]:
    """One value that failed every branch of a union (`text or one text per language`, `fields or
    'none'`) is one mistake: group its errors so the editor reads one message, not two."""
    groups: dict[tuple, list[ErrorDetails]] = {}
    for error in errors:
        loc = tuple(_place(error))
        groups.setdefault(loc, []).append(error)
    return list(groups.values())


def explain_all(errors: list[ErrorDetails], model: type[BaseModel]) -> tuple[str, str]:
    """The message for one place; several errors there come from the branches of a union."""
    first = errors[0]
    if len(errors) == 1 or first["type"] == "extra_forbidden":
        return explain(first, model)
    loc = _place(first)
    field = ".".join(str(p) for p in loc) or "(top)"
    name = str(loc[-1]) if loc else field
    value = first.get("input")
    kinds = {e["type"] for e in errors}
    literal = next((e for e in errors if e["type"] == "literal_error"), None)
    if literal is not None and kinds & {"model_type", "model_attributes_type", "dict_type"}:
        expected = (literal.get("ctx") or {}).get("expected", "")
        fields_or = (
            f"write its fields indented under '{name}:' (see docs/content-model.md),"
            f" or write {name}: {expected.strip(chr(39))}"
        )
        if value is None:
            return f"'{field}' is empty", fields_or
        close = _close_choice(value, expected)
        if close:
            return f"'{field}' cannot be {_show(value)}", f"did you mean {close}?"
        return f"'{field}' cannot be {_show(value)}", fields_or
    if value is None:
        return _empty(loc, model)
    if kinds >= {"string_type", "dict_type"}:
        return (
            f"'{field}' must be text, not {_show(value)}",
            f"write the text after '{name}:' (in double quotes), or one line per language below it, e.g. en: …",
        )
    return explain(first, model)


def check_translated(
    texts: Iterable[tuple[Path_, Text]], codes: list[str], doc: YamlDocument, path: Path, problems: Problems
) -> None:
    """Every visitor-facing text (`texts`: (location, text) pairs) in every site language,
    and in no language the site does not have."""
    for loc, text in texts:
        if isinstance(text, str):
            continue  # a proper name, the same in every language
        for code in codes:
            if not text.get(code):
                problems.add(
                    path,
                    doc.line_of(loc),
                    f"'{'.'.join(str(p) for p in loc)}' has no text in '{code}'",
                    f"add a line '{code}: …' with the translation",
                )
        for code in text:
            if code not in codes:
                problems.add(
                    path,
                    doc.line_of(loc + (code,)),
                    f"'{code}' is not a language of this site",
                    f"use one of: {', '.join(codes)}, or add the language under 'languages' in site_config.yml",
                )


def _relevant(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """For `funding: {…} | none`, an editor who wrote fields meant the fields: drop the
    "could also be 'none'" complaint when the same value also failed as a group of fields."""
    nested = {
        tuple(e["loc"][:i])
        for e in errors
        for i, p in enumerate(e["loc"])
        if _is_model_branch(p) and i < len(e["loc"]) - 1
    }
    return [
        e
        for e in errors
        if not (e["type"] == "literal_error" and tuple(e["loc"][:-1]) in nested and _is_union_branch(e["loc"][-1]))
    ]


def _is_model_branch(part: Any) -> bool:
    return isinstance(part, str) and part[:1].isupper()


def explain(error: ErrorDetails, model: type[BaseModel]) -> tuple[str, str]:
    """Say what is wrong and what to type, in the terms of the file the editor has open."""
    loc = _place(error)
    field = ".".join(str(p) for p in loc) or "(top)"
    name = str(loc[-1]) if loc else field
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        return _unknown_field(name, loc, model)
    if kind == "missing":
        under = f" under '{loc[-2]}'" if len(loc) > 1 and isinstance(loc[-2], str) else ""
        return f"the field '{field}' is missing", f"add '{name}:'{under} (see docs/content-model.md)"
    if value is None:
        return _empty(loc, model, kind)
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        return f"'{field}' must be a date, not {_show(value)}", "write it as YYYY-MM-DD, e.g. 2010-10-01"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"'{field}' must be a whole number, not {_show(value)}", "write digits only, e.g. 36"
    if kind in ("decimal_parsing", "decimal_type", "float_parsing", "float_type"):
        return (
            f"'{field}' must be a number, not {_show(value)}",
            "write digits with a dot for decimals and no spaces, e.g. 264145.00",
        )
    if kind in ("string_type",):
        return f"'{field}' must be text, not {_show(value)}", "put the value in double quotes"
    if kind in ("bool_parsing", "bool_type"):
        return (
            f"'{field}' must be true or false, not {_show(value)}",
            "write true or false, in English and without quotes",
        )
    if kind in ("list_type",):
        return f"'{field}' must be a list", "write each item on its own line starting with '- '"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return (
            f"'{field}' must be a group of 'name: value' fields, not {_show(value)}",
            "indent the fields under it by two spaces",
        )
    if kind in ("literal_error", "enum"):
        expected = ctx.get("expected", "")
        close = _close_choice(value, expected)
        return f"'{field}' cannot be {_show(value)}", f"use one of: {expected}" + (
            f" (did you mean {close}?)" if close else ""
        )
    if kind == "value_error":
        message = str(ctx.get("error", error["msg"]))
        text, _, hint = message.partition(" — ")
        return f"'{field}': {text}", hint or "see docs/content-model.md"
    if kind.startswith("greater_than") or kind.startswith("less_than"):
        return f"'{field}' is out of range: {error['msg'].lower()}", "check the figure against the source document"
    if kind in ("string_pattern_mismatch",):
        return f"'{field}' has the wrong form: {_show(value)}", _pattern_hint(ctx.get("pattern", ""), value)
    if kind in ("string_too_short", "too_short") and value in ("", [], {}):
        return _empty(loc, model)
    return f"'{field}': {error['msg']}", "see docs/content-model.md"


def _place(error: ErrorDetails) -> list:
    """The error's location as the editor wrote it: without pydantic's union branch names. The
    last part of an unknown field is the editor's own word, kept even when capitalised."""
    loc = list(error["loc"])
    keep_last = error["type"] == "extra_forbidden" and loc
    stripped = [p for p in (loc[:-1] if keep_last else loc) if not _is_union_branch(p)]
    return stripped + [loc[-1]] if keep_last else stripped


def _is_union_branch(part: Any) -> bool:
    # pydantic puts the tried union member ("str", "dict[str,str]", "function-after[...]") in loc.
    return isinstance(part, str) and (
        "[" in part
        or part[:1].isupper()
        or part in ("str", "int", "date", "decimal", "float", "bool", "none", "literal['none']")
        or part.startswith("function-")
    )


def allowed_fields(model: type[BaseModel], loc: list) -> list[str]:
    """Field names valid at `loc`, for "did you mean" suggestions."""
    current = _model_at(model, loc)
    fields = getattr(current, "model_fields", {}) if current is not None else {}
    return [f.alias or name for name, f in fields.items()]


def _model_at(model: type[BaseModel], loc: list):
    """The model whose fields are written at `loc` (list items and mapping keys skipped)."""
    current: Any = model
    expect_key = False
    for part in loc:
        if isinstance(part, int):
            continue
        if expect_key:  # a key of a mapping such as `programmes: {interreg-ivc: {...}}`
            expect_key = False
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return None
        annotation = fields[part].annotation
        current = model_in(annotation)
        expect_key = _is_mapping(annotation)
        if current is None:
            return None
    return current


def _is_mapping(annotation: Any) -> bool:
    import typing

    if typing.get_origin(annotation) is dict:
        return True
    return any(_is_mapping(arg) for arg in typing.get_args(annotation) if typing.get_origin(arg) is dict)


def _places(model: type[BaseModel], name: str, prefix: tuple = (), seen: frozenset = frozenset()) -> list[str]:
    """Every place in the file where a field called `name` belongs (for misplaced fields)."""
    found: list[str] = []
    if model in seen:
        return found
    for field_name, info in model.model_fields.items():
        here = prefix + (info.alias or field_name,)
        if (info.alias or field_name) == name and prefix:
            found.append(".".join(prefix))
        inner = model_in(info.annotation)
        if inner is not None:
            found += _places(inner, name, here, seen | {model})
    return found


# Fields eupages once read and no longer does, with what to write instead.
RETIRED_FIELDS = {
    "slogan": "every 2007-2013 page now shows the added-value statement the regulation requires (Regulation "
    "(EC) 1828/2006 Art. 9(c)): remove 'slogan', and write 'statement:' with the programme's own wording per "
    "language if its managing authority chose one",
}


def _unknown_field(name: str, loc: list, model: type[BaseModel]) -> tuple[str, str]:
    if name in RETIRED_FIELDS:
        return f"'{name}' is no longer used", RETIRED_FIELDS[name]
    allowed = allowed_fields(model, loc[:-1])
    same = [a for a in allowed if a.casefold() == name.casefold()]
    if same:
        return f"unknown field '{name}'", f"did you mean '{same[0]}'? Field names are written in lower case"
    places = _places(model, name)
    if places:  # a real field, at the wrong level: nearly always an indentation slip
        parent = places[0]
        where = f" under '{_dotted(loc[:-1])}'" if loc[:-1] else " at the top level"
        return (
            f"unknown field '{name}'{where}",
            f"'{name}' belongs under '{parent.rsplit('.', 1)[-1]}': indent it like the other fields of '{parent}'",
        )
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    if close:
        return f"unknown field '{name}'", f"did you mean '{close[0]}'?"
    if not allowed:
        return f"unknown field '{name}'", "remove it (see docs/content-model.md)"
    return f"unknown field '{name}'", f"remove it; the fields allowed here are: {', '.join(sorted(allowed))}"


def _empty(loc: list, model: type[BaseModel], kind: str = "") -> tuple[str, str]:
    """A field written with nothing after its colon: say what belongs there."""
    field = _dotted(loc) or "(top)"
    name = str(loc[-1]) if loc else field
    if kind == "list_type":
        return f"'{field}' is empty", "write each item below it on its own line starting with '- ', or remove the line"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"'{field}' is empty", f"write its fields indented below '{name}:', or remove the line"
    description = _description(model, loc)
    if description and not description[:2].isupper():
        description = description[0].lower() + description[1:]
    what = f" ({description.rstrip('.')})" if description else ""
    return f"'{field}' is empty", f"write its value after '{name}:'{what}, or see docs/content-model.md"


def _description(model: type[BaseModel], loc: list) -> str:
    parent = _model_at(model, [p for p in loc[:-1]]) if loc else None
    if parent is None or not loc or not isinstance(loc[-1], str):
        return ""
    info = parent.model_fields.get(loc[-1])
    return (info.description or "") if info is not None else ""


def _dotted(loc) -> str:
    return ".".join(str(p) for p in loc)


def _close_choice(value: Any, expected: str) -> str | None:
    """'leed' → 'lead', 'ERDF' → 'erdf', 'no' → 'none': the allowed word the editor meant."""
    if not isinstance(value, str) or not expected:
        return None
    choices = re.findall(r"'([^']*)'", expected)
    for choice in choices:
        if choice.casefold() == value.strip().casefold():
            return f"'{choice}'"
    close = difflib.get_close_matches(value.strip().casefold(), choices, n=1, cutoff=0.6)
    return f"'{close[0]}'" if close else None


# Symbols and names editors type for a currency, and the ISO 4217 code they mean.
CURRENCIES = {
    "€": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "evro": "EUR",
    "eurų": "EUR",
    "euras": "EUR",
    "kr": "SEK",
    "sek": "SEK",
    "kronor": "SEK",
    "svenska kronor": "SEK",
    "nok": "NOK",
    "kroner": "NOK",
    "norske kroner": "NOK",
    "zł": "PLN",
    "zl": "PLN",
    "pln": "PLN",
    "złotych": "PLN",
    "zloty": "PLN",
    "lt": "LTL",
    "ltl": "LTL",
    "litas": "LTL",
    "litai": "LTL",
    "litų": "LTL",
    "$": "USD",
    "usd": "USD",
    "£": "GBP",
    "gbp": "GBP",
    "dkk": "DKK",
}

_PATTERN_HINTS = {
    r"^[A-Z]{3}$": "write the three-letter ISO 4217 currency code in capitals, e.g. EUR, SEK, NOK, PLN, LTL",
    r"^[a-z0-9][a-z0-9-]*$": "use lower-case letters, digits and hyphens only, e.g. swedish-budget",
    r"^[a-z]{2,3}$": 'write the two- or three-letter language code in lower case, e.g. en, sv, "no", pl, lt',
    r"^[0-9a-f]{12}$": "write the first 12 characters of the source page's version, e.g. 3f2a9c1e0b7d; "
    "`eupages translations --mark-current FILE` writes it for you",
    r"^https?://": "write the full address, starting with https:// (or http://)",
    r"^https?://[^\s]+/$": "write the full address of the site, starting with https:// and ending with /",
}


def _pattern_hint(pattern: str, value: Any) -> str:
    if pattern == r"^[A-Z]{3}$" and isinstance(value, str):
        code = CURRENCIES.get(value.strip().casefold()) or (
            value.strip().upper() if re.fullmatch(r"[A-Za-z]{3}", value.strip()) else None
        )
        if code:
            return f"write the ISO 4217 code {code}"
    return _PATTERN_HINTS.get(pattern, f"it must match {pattern}")


def model_in(annotation: Any) -> type[BaseModel] | None:
    """Find the model class inside Optional[...] / list[...] / unions."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = model_in(arg)
        if found is not None:
            return found
    return None


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return "a " + ("group of fields" if isinstance(value, dict) else "list")
    return repr(value) if value is not None else "empty"
