"""The reader's language, without the web: a context variable every message, date and
number follows, set per request by the HTTP layer and per recipient for e-mail."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

from frontend.catalogs import LANGUAGES, SOURCE_LANGUAGE, direction, translations

_current: ContextVar[str] = ContextVar("language", default=SOURCE_LANGUAGE)


def current_language() -> str:
    """The language of the request being served."""
    return _current.get()


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Render in `language` inside the block (an e-mail in its recipient's language)."""
    token = _current.set(supported(language) or SOURCE_LANGUAGE)
    try:
        yield
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    """The message in the reader's language."""
    return translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural message for `count`, in the reader's language."""
    return translations(current_language()).ngettext(singular, plural, count)


_ = gettext


def supported(tag: str | None) -> str | None:
    """The interface language for a BCP 47 tag (`fr-BE` → `fr`), or None."""
    if not tag:
        return None
    language = tag.replace("_", "-").split("-", 1)[0].lower()
    return language if language in LANGUAGES else None


def from_accept_language(header: str) -> str | None:
    """The best interface language the browser accepts, by its q-values."""
    weighted = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        if (language := supported(tag.strip())) and quality > 0:
            weighted.append((-quality, position, language))
    return min(weighted)[2] if weighted else None


def _locale() -> Locale:
    return _parsed(current_language())


@functools.cache
def _parsed(language: str) -> Locale:
    try:
        return Locale.parse(language)
    except (ValueError, UnknownLocaleError):
        return Locale.parse(SOURCE_LANGUAGE)


def date_text(value: dt.date | dt.datetime | None, style: str = "medium") -> str:
    """A date (or date and time) as the reader writes it."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return format_datetime(value, style, locale=_locale())
    return format_date(value, style, locale=_locale())


def number_text(value: Any, digits: int = 1) -> str:
    """A number with the reader's separators and `digits` decimals; blank for None."""
    if value is None:
        return ""
    return _decimal(value, digits, current_language())


def percent_text(value: float | None) -> str:
    """A share (0.25) as the reader writes a percentage."""
    return "" if value is None else _percent(value, current_language())


# A dashboard formats thousands of numbers, most of them the same few counts and rates;
# Babel takes tens of microseconds for each, a cache hit well under one.
@functools.lru_cache(maxsize=8192)
def _decimal(value: Any, digits: int, language: str) -> str:
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=_parsed(language))


@functools.lru_cache(maxsize=8192)
def _percent(value: float, language: str) -> str:
    return format_percent(value, locale=_parsed(language))


def page_language() -> dict[str, str]:
    """`lang` and `dir` of the page, and the languages to offer."""
    language = current_language()
    return {"lang": language, "dir": direction(language)}
