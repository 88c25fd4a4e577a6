"""The workbook's reader built from the interface's catalogs: their words, the vocabulary's
labels and Excel date formats that follow how their language writes a date."""

from __future__ import annotations

import re

from babel import Locale, UnknownLocaleError

from campaigns.words import human
from frontend.catalogs import SOURCE_LANGUAGE, translations
from reports.reader import Reader

# CLDR pattern letters and what Excel's number formats write for them. Years are always
# four digits (a report outlives its century's doubt); CLDR's "a" is the AM/PM marker.
_EXCEL_FIELDS = {
    "y": lambda n: "yyyy",
    "M": lambda n: "mm" if n > 1 else "m",
    "d": lambda n: "dd" if n > 1 else "d",
    "H": lambda n: "hh" if n > 1 else "h",
    "h": lambda n: "hh" if n > 1 else "h",
    "m": lambda n: "mm",
    "a": lambda n: "AM/PM",
}
_TOKENS = re.compile(r"([A-Za-z])\1*|.")


def excel_format(pattern: str) -> str:
    """A CLDR date or time pattern as an Excel number format; letters Excel has no use for
    and invisible marks (Arabic's right-to-left marks) are left out."""
    parts = []
    for match in _TOKENS.finditer(pattern):
        token = match.group(0)
        if token[0].isascii() and token[0].isalpha():
            field = _EXCEL_FIELDS.get(token[0])
            if field:
                parts.append(field(len(token)))
        elif token.isspace():
            parts.append(" ")
        elif token.isascii():
            parts.append(token)
    return "".join(parts).strip()


def workbook_reader(language: str) -> Reader:
    """The reader of `language`, English where the language is not one of the interface's."""
    catalog = translations(language)
    try:
        locale = Locale.parse(language)
    except (ValueError, UnknownLocaleError):
        locale = Locale.parse(SOURCE_LANGUAGE)
    date = excel_format(locale.date_formats["short"].pattern)
    time = excel_format(locale.time_formats["short"].pattern)
    return Reader(
        text=catalog.gettext,
        label=lambda value: human(value, catalog.gettext),
        date_format=date,
        datetime_format=f"{date} {time}",
    )
