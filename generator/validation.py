"""Turn pydantic's validation errors into editor-friendly `file:line` problems."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.errors import Problems
from generator.yaml_source import YamlDocument

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], doc: YamlDocument, path: Path, problems: Problems, what: str) -> M | None:
    """Validate `doc` against `model`; on failure add one problem per error and return None."""
    if not isinstance(doc.data, dict):
        problems.add(path, 1, f"this {what} is empty or not a list of 'field: value' lines",
                     "see docs/content-model.md for an example")
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as err:
        for error in _relevant(err.errors()):
            loc = tuple(p for p in error["loc"] if not _is_union_branch(p))
            message, hint = explain(error, model)
            problems.add(path, doc.line_of(loc), message, hint)
        return None


def _relevant(errors: list[dict]) -> list[dict]:
    """For `funding: {…} | none`, an editor who wrote fields meant the fields: drop the
    "could also be 'none'" complaint when the same value also failed as a group of fields."""
    nested = {tuple(e["loc"][:i]) for e in errors for i, p in enumerate(e["loc"]) if _is_model_branch(p)}
    return [e for e in errors
            if not (e["type"] == "literal_error" and tuple(e["loc"][:-1]) in nested and _is_union_branch(e["loc"][-1]))]


def _is_model_branch(part: Any) -> bool:
    return isinstance(part, str) and part[:1].isupper()


def explain(error: dict, model: type[BaseModel]) -> tuple[str, str]:
    """Say what is wrong and what to type, in the terms of the file the editor has open."""
    loc = [p for p in error["loc"] if not _is_union_branch(p)]
    field = ".".join(str(p) for p in loc) or "(top)"
    name = str(loc[-1]) if loc else field
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        allowed = allowed_fields(model, loc[:-1])
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        if close:
            return f"unknown field '{name}'", f"did you mean '{close[0]}'?"
        return f"unknown field '{name}'", f"remove it; the fields allowed here are: {', '.join(sorted(allowed))}"
    if kind == "missing":
        return f"the field '{field}' is missing", f"add '{name}:' (see docs/content-model.md)"
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        return f"'{field}' must be a date, not {_show(value)}", "write it as YYYY-MM-DD, e.g. 2010-10-01"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"'{field}' must be a whole number, not {_show(value)}", "write digits only, e.g. 36"
    if kind in ("decimal_parsing", "decimal_type", "float_parsing", "float_type"):
        return f"'{field}' must be a number, not {_show(value)}", "write digits with a dot for decimals and no spaces, e.g. 264145.00"
    if kind in ("string_type",):
        return f"'{field}' must be text, not {_show(value)}", "put the value in double quotes"
    if kind in ("bool_parsing", "bool_type"):
        return f"'{field}' must be true or false, not {_show(value)}", "write true or false"
    if kind in ("list_type",):
        return f"'{field}' must be a list", "write each item on its own line starting with '- '"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"'{field}' must be a group of 'name: value' fields, not {_show(value)}", "indent the fields under it by two spaces"
    if kind in ("literal_error", "enum"):
        expected = ctx.get("expected", "")
        return f"'{field}' cannot be {_show(value)}", f"use one of: {expected}"
    if kind == "value_error":
        message = str(ctx.get("error", error["msg"]))
        text, _, hint = message.partition(" — ")
        return f"'{field}': {text}", hint or "see docs/content-model.md"
    if kind.startswith("greater_than") or kind.startswith("less_than"):
        return f"'{field}' is out of range: {error['msg'].lower()}", "check the figure against the source document"
    if kind in ("string_pattern_mismatch",):
        return f"'{field}' has the wrong form: {_show(value)}", f"it must match {ctx.get('pattern', '')}"
    return f"'{field}': {error['msg']}", "see docs/content-model.md"


def _is_union_branch(part: Any) -> bool:
    # pydantic puts the tried union member ("str", "dict[str,str]", "function-after[...]") in loc.
    return isinstance(part, str) and (
        "[" in part or part[:1].isupper() or part in ("str", "int", "date", "decimal", "float", "bool", "none", "literal['none']")
        or part.startswith("function-")
    )


def allowed_fields(model: type[BaseModel], loc: list) -> list[str]:
    """Field names valid at `loc`, for "did you mean" suggestions."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        current = _model_in(fields[part].annotation)
        if current is None:
            return []
    fields = getattr(current, "model_fields", {})
    return [f.alias or name for name, f in fields.items()]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """Find the model class inside Optional[...] / list[...] / unions."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, (dict, list)):
        return "a " + ("group of fields" if isinstance(value, dict) else "list")
    return repr(value) if value is not None else "empty"
