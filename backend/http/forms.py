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
    """Convert form fields to `struct`; blank fields count as absent.

    Fields the struct does not declare (`_csrf_token`, `next`) are left out rather than
    refused: a page posts them for its own sake. Raises msgspec.ValidationError.
    """
    fields = {
        name: value
        for name, value in form.items()
        if name in struct.__struct_fields__ and isinstance(value, str) and value.strip()
    }
    return msgspec.convert(fields, struct, strict=False)
