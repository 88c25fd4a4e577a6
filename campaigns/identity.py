"""Names that identify someone: e-mail addresses and organization names, folded so that
look-alikes (full-width letters, decomposed accents, case) meet as one, and refused when they
hide characters or mix alphabets to pass for another."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


class IdentityError(ValueError):
    """Why a name cannot identify anyone, in words a person can act on."""


def _hidden(text: str) -> str | None:
    """The first invisible, control or direction-changing character, named."""
    for char in text:
        if unicodedata.category(char) in ("Cf", "Cc", "Co", "Cn"):
            return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"
    return None


def _script(char: str) -> str | None:
    """The alphabet a letter belongs to (the first word of its Unicode name); None for
    digits, punctuation and other characters every alphabet shares."""
    if not char.isalpha():
        return None
    return unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]


def _mixed(word: str) -> bool:
    return len({script for char in word if (script := _script(char))}) > 1


def _check(text: str, what: str) -> None:
    if hidden := _hidden(text):
        raise IdentityError(f"The {what} holds an invisible or control character ({hidden})")
    for word in re.split(r"[\s@.\-_+]+", text):
        if _mixed(word):
            raise IdentityError(f"The {what} mixes alphabets in '{word}'; write it in one alphabet")


def fold_email(text: str) -> str:
    """The address as stored and compared: NFKC, case-folded, trimmed. Never refuses, so a
    sign-in with a look-alike finds the account it imitates, or none."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


def checked_email(text: str) -> str:
    """The folded address, or IdentityError when it hides characters or mixes alphabets."""
    folded = fold_email(text)
    if any(char.isspace() for char in folded):
        raise IdentityError("An e-mail address holds no spaces")
    _check(folded, "e-mail address")
    return folded


def checked_name(text: str) -> str:
    """An organization name as shown: NFKC, single spaces, trimmed; IdentityError when it
    hides characters or mixes alphabets within a word."""
    name = _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    _check(name, "organization name")
    return name


def name_key(name: str) -> str:
    """What two organization names must differ in to be two organizations."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", name)).strip().casefold()
