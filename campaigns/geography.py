"""Countries, languages and locales as CLDR knows them (through Babel)."""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError


@cache
def _english() -> Locale:
    return Locale("en")


def is_country(code: str) -> bool:
    """Whether `code` is an ISO 3166-1 alpha-2 country code, such as FR."""
    return len(code) == 2 and code.isalpha() and code.isupper() and code in _english().territories


def is_language(code: str) -> bool:
    """Whether `code` is a language CLDR knows, such as fr or de."""
    return code.islower() and code in _english().languages


def locale_problem(tag: str) -> str | None:
    """Why `tag` is not a usable BCP 47 locale (language-REGION), or None if it is."""
    language, _, region = tag.partition("-")
    if not region:
        return f"{tag!r} needs a region, such as {tag}-{tag.upper()}"
    if not is_language(language):
        return f"{language!r} is not a known language code"
    if not is_country(region):
        return f"{region!r} is not an ISO 3166 country code"
    try:
        Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError):
        return f"{tag!r} is not a locale we can display"
    return None
