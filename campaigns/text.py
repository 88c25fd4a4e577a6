"""Texts written per locale, and which one a tester in a given locale reads."""

from __future__ import annotations

from typing import Annotated

import msgspec

# Longer than any instruction or question a tester reads on a phone.
MAX_TEXT = 10_000
MAX_TRANSLATIONS = 50
Text = Annotated[str, msgspec.Meta(max_length=MAX_TEXT)]
# A text is either one string (in the campaign's default locale) or one per BCP 47 locale.
Localized = Text | Annotated[dict[str, Text], msgspec.Meta(max_length=MAX_TRANSLATIONS)]


def as_locales(text: Localized, default_locale: str) -> dict[str, str]:
    """The text as a locale → string mapping."""
    return {default_locale: text} if isinstance(text, str) else dict(text)


def language_of(locale: str) -> str:
    """The language subtag of a BCP 47 locale: `fr` for `fr-FR`."""
    return locale.split("-", 1)[0].lower()


def pick_locale(text: Localized, locale: str, default_locale: str) -> str | None:
    """Which of the text's locales a reader in `locale` sees: the same locale, else the same
    language, else the default; None when the text has none of those."""
    texts = as_locales(text, default_locale)
    if locale in texts:
        return locale
    language = language_of(locale)
    same_language = sorted(key for key in texts if language_of(key) == language)
    if same_language:
        return same_language[0]
    return default_locale if default_locale in texts else None


def localize(text: Localized, locale: str, default_locale: str) -> str:
    """The text a reader in `locale` sees (empty if even the default is missing)."""
    chosen = pick_locale(text, locale, default_locale)
    return as_locales(text, default_locale)[chosen] if chosen else ""


def short_label(text: str, words: int = 6) -> str:
    """The first `words` words of a text, with an ellipsis when it goes on: a label for a step
    that has no short title of its own."""
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def step_label(title: Localized | None, instruction: Localized, locale: str, default: str) -> str:
    """A step's short label in `locale`: its title, else its instruction's first words."""
    if title:
        return localize(title, locale, default)
    return short_label(localize(instruction, locale, default))
