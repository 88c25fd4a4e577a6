"""Reading HTML form posts into the same msgspec structs the JSON API validates."""

from __future__ import annotations

import re
from typing import TypeVar

import msgspec

T = TypeVar("T", bound=msgspec.Struct)

_PATH = re.compile(r" - at `\$\.(?P<field>[\w.\[\]]+)`$")


def describe_validation_error(error: msgspec.ValidationError) -> str:
    """msgspec's "Expected ... - at `$.password`" as "password: expected ..."."""
    text = str(error)
    match = _PATH.search(text)
    if not match:
        return text
    message = text[: match.start()]
    return f"{match['field']}: {message[:1].lower()}{message[1:]}"


def read_form(form: dict[str, str], struct: type[T]) -> T:
    """Convert form fields to `struct`; blank fields count as absent, `_csrf_token` is dropped.

    Raises msgspec.ValidationError with the first problem.
    """
    fields = {
        name: value
        for name, value in form.items()
        if name != "_csrf_token" and isinstance(value, str) and value.strip()
    }
    return msgspec.convert(fields, struct, strict=False)
