"""Cells made from user text, written so that a spreadsheet never runs them as formulas."""

from __future__ import annotations

import datetime as dt
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

# Excel, LibreOffice and Sheets start a formula (or DDE call) on these; see OWASP's
# "CSV injection". A tab or carriage return is stripped by some importers, exposing the rest.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def naive(value: Any) -> Any:
    """Excel has no time zones: an aware datetime becomes naive UTC (the headers say so)."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def safe(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    """The value ready for `sheet.append`: risky text becomes a quote-prefixed string cell."""
    if not isinstance(value, str):
        return naive(value)
    if ILLEGAL_CHARACTERS_RE.search(value):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not value.startswith(FORMULA_TRIGGERS):
        return value
    cell = WriteOnlyCell(sheet, value)
    # Assigning text that starts with "=" makes openpyxl write a formula; forcing the type
    # writes a plain string, and quotePrefix is what Excel itself sets for a typed apostrophe.
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell
