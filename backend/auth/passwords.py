"""Argon2id password hashing (verification costs the same whether or not the user exists),
and the strength a new password must have."""

from __future__ import annotations

import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

_hasher = PasswordHasher()
# Verified against when the email is unknown, so timing does not reveal which emails exist.
_UNKNOWN_USER_HASH = _hasher.hash("parcours-unknown-user")


async def hash_password(password: str) -> str:
    """An argon2id hash, computed off the event loop (it takes tens of milliseconds)."""
    return await anyio.to_thread.run_sync(_hasher.hash, password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether the password matches; None stands for an unknown user and never matches."""

    def verify() -> bool:
        try:
            return _hasher.verify(password_hash or _UNKNOWN_USER_HASH, password)
        except (VerificationError, InvalidHashError):
            return False

    matched = await anyio.to_thread.run_sync(verify)
    return matched and password_hash is not None


# zxcvbn's scale: 3 is "safely unguessable: moderate protection from offline slow-hash
# scenario" (about 10^10 guesses), which argon2 makes very slow indeed.
MIN_STRENGTH = 3
# zxcvbn refuses longer input (it slows down past it); such a password is long enough anyway.
_JUDGED_CHARACTERS = 72


def password_weakness(password: str, *personal: str) -> str | None:
    """Why the password is too easy to guess, or None. zxcvbn knows common passwords, words,
    names, keyboard patterns, dates and repeats; `personal` (e-mail, name, organization) counts
    as known to an attacker."""
    hints = [part for text in personal if text for part in (text, *text.replace("@", " ").split())]
    result = zxcvbn(password[:_JUDGED_CHARACTERS], user_inputs=hints)
    if result["score"] >= MIN_STRENGTH:
        return None
    warning = result["feedback"]["warning"] or "it is built from guessable parts"
    return warning.rstrip(".")
