"""Validation errors in plain words: what is wrong with a value and what is allowed instead.

pydantic says "Extra inputs are not permitted"; a clinician editing a YAML file needs to
read "unknown key 'colour' (allowed: id, name, ...)". `plain` turns one pydantic error
(a dict from ValidationError.errors()) into such a message; the caller adds file, line and
the dotted field name.
"""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel

_ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _models_in(annotation: Any) -> list[Any]:
    """The annotation itself and the types inside it (list[X], dict[K, X], X | None ...)."""
    out = [annotation]
    for arg in typing.get_args(annotation):
        out += _models_in(arg)
    return out


def _model_at(model: Any, loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that validates the mapping at `loc` inside `model`, if known."""
    current: Any = model
    skip = False  # the next part is an index or key into a list or dict of models
    for part in loc:
        if skip:
            skip = False
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        if not isinstance(part, str) or part not in current.model_fields:
            return None
        annotation = current.model_fields[part].annotation
        found = _models_in(annotation)
        skip = any(typing.get_origin(t) in (list, tuple, dict) for t in found)
        inner = [t for t in found if isinstance(t, type) and issubclass(t, BaseModel)]
        current = inner[0] if inner else None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def allowed_keys(model: Any, loc: tuple[Any, ...]) -> list[str]:
    """The keys the mapping at `loc` may hold, in the order the model declares them."""
    found = _model_at(model, loc) if model is not None else None
    return list(found.model_fields) if found is not None else []


def _shown(value: Any) -> str:
    text = str(value)
    return f"'{text[:40]}...'" if len(text) > 40 else f"'{text}'"


def plain(err: Any, model: Any = None) -> str:
    """One pydantic error in plain words, naming what is allowed where that is known."""
    kind, loc, ctx = err["type"], tuple(err["loc"]), err.get("ctx") or {}
    given = err.get("input")
    if kind == "extra_forbidden":
        keys = allowed_keys(model, loc[:-1])
        known = f" (allowed: {', '.join(keys)})" if keys else ""
        return f"unknown key '{loc[-1]}'{known}"
    if kind == "missing":
        return "is required but missing"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        keys = allowed_keys(model, loc)
        known = f" ({', '.join(keys)})" if keys else ""
        return f"must be a mapping of keys{known}, not {_shown(given)}"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == _ID_PATTERN:
        return (f"{_shown(given)} is not an id: use lower-case letters, digits and single "
                "hyphens, like 'cat-cow'")
    if kind == "literal_error":
        return f"{_shown(given)} is not allowed; use one of: {ctx.get('expected')}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{_shown(given)} is not a whole number"
    if kind in ("bool_type", "bool_parsing"):
        return f"{_shown(given)} is not true or false"
    if kind in ("string_type",):
        if isinstance(given, int | float) and not isinstance(given, bool):
            # YAML reads 5550142 or 2026 as a number: in quotes it stays text.
            return f"must be text, not {_shown(given)}; put it in quotes: \"{given}\""
        return f"must be text, not {_shown(given)}"
    if kind in ("list_type", "tuple_type"):
        return f"must be a list (one '- item' a line), not {_shown(given)}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"{_shown(given)} is not a date like 2026-03-31"
    if kind in ("less_than_equal", "less_than", "greater_than_equal", "greater_than"):
        limit = {"less_than_equal": f"at most {ctx.get('le')}", "less_than": f"below {ctx.get('lt')}",
                 "greater_than_equal": f"at least {ctx.get('ge')}",
                 "greater_than": f"above {ctx.get('gt')}"}[kind]
        return f"must be {limit}, not {_shown(given)}"
    if kind == "too_short":
        return f"must have at least {ctx.get('min_length')} item(s)"
    if kind == "too_long":
        return f"may have at most {ctx.get('max_length')} items"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return (f"is {len(str(given))} characters long; at most {ctx.get('max_length')} "
                "are allowed")
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    return str(err["msg"])


__all__ = ["allowed_keys", "plain"]
