"""Lists people choose from instead of typing codes: locales and countries, named in the
reader's language and sorted the way they read."""

from __future__ import annotations

from functools import cache

from babel import Locale, localedata

from backend.language import current_language


@cache
def _locale_choices(language: str) -> tuple[tuple[str, str], ...]:
    reader = Locale.parse(language)
    found = []
    for identifier in localedata.locale_identifiers():
        parts = identifier.split("_")
        if len(parts) != 2 or len(parts[1]) != 2 or len(parts[0]) > 3:
            continue
        name = Locale.parse(identifier).get_display_name(reader) or identifier
        found.append((identifier.replace("_", "-"), name[:1].upper() + name[1:]))
    return tuple(sorted(found, key=lambda choice: choice[1].casefold()))


@cache
def _country_choices(language: str) -> tuple[tuple[str, str], ...]:
    territories = Locale.parse(language).territories
    countries = [(code, name) for code, name in territories.items() if len(code) == 2]
    return tuple(sorted(countries, key=lambda choice: choice[1].casefold()))


def locale_choices() -> tuple[tuple[str, str], ...]:
    """(BCP 47 tag, "French (France)") for every language-and-country Babel knows."""
    return _locale_choices(current_language())


def country_choices() -> tuple[tuple[str, str], ...]:
    """(ISO 3166 code, "France") for every country."""
    return _country_choices(current_language())


@cache
def _locale_names(language: str) -> dict[str, str]:
    return dict(_locale_choices(language))


def locale_name(tag: str) -> str:
    """`fr-BE` as the reader names it ("French (Belgium)"); unknown tags stay as they are."""
    return _locale_names(current_language()).get(tag, tag)
