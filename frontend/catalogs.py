"""The interface's message catalogs: one gettext catalog per language, compiled from the
`.po` files at start-up, so what is served is never staler than what is in the repository."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).parent / "locale"
SOURCE_LANGUAGE = "en"
# The interface languages, each named in itself, in the order the switcher lists them.
LANGUAGES = {
    "en": "English",
    "fr": "Français",
    "de": "Deutsch",
    "es": "Español",
    "it": "Italiano",
    "nl": "Nederlands",
    "pt": "Português",
    "ja": "日本語",
    "ar": "العربية",
}
RIGHT_TO_LEFT = frozenset({"ar"})
# What pybabel extracts: gettext calls and N_ markers, the English message (the second
# argument) of every domain error raised, and the reasons an answer is refused.
_DOMAIN_ERRORS = ("NotFound", "Conflict", "Refused", "Invalid", "Malformed", "TooLarge")
KEYWORDS = (
    "_",
    "N_",
    "gettext",
    "ngettext:1,2",
    "AnswerError",
    *(f"{error}:2" for error in (*_DOMAIN_ERRORS, "Unsupported", "Throttled")),
)


def po_path(language: str) -> Path:
    """Where the language's catalog is kept."""
    return LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"


@cache
def translations(language: str) -> NullTranslations:
    """The language's compiled catalog; English (the source) passes messages through."""
    if language == SOURCE_LANGUAGE or language not in LANGUAGES:
        return NullTranslations()
    with po_path(language).open("rb") as source:
        catalog = read_po(source, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def direction(language: str) -> str:
    """`rtl` or `ltr`, for `<html dir>`."""
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"
