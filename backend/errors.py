"""Domain errors: what services, the CLI and the auth code refuse, free of any web framework.

Each carries a stable code and the parameters of its message, so the message can be rendered
in the reader's language; the web layer maps each kind to an HTTP status in one place
(`backend/http/errors.py`).
"""

from __future__ import annotations


class DomainError(Exception):
    """A refused request, with a message a person can act on."""

    def __init__(self, code: str, message: str, *, extra: object = None, **params: object) -> None:
        self.code = code
        self.template = message
        self.params = params
        self.extra = extra
        super().__init__(message.format(**params) if params else message)

    @property
    def message(self) -> str:
        """The message in English, with its parameters filled in."""
        return str(self)


class NotFound(DomainError):
    """No such object, or not one the caller may see (the two look alike on purpose)."""


class Conflict(DomainError):
    """The request clashes with what is stored (a taken email, a launched campaign)."""


class Refused(DomainError):
    """The caller is known but may not do this (a wrong password on erasure)."""


class Throttled(DomainError):
    """Too many attempts lately; `retry_after` says in how many seconds to try again."""

    def __init__(self, code: str, message: str, *, retry_after: int, **params: object) -> None:
        super().__init__(code, message, **params)
        self.retry_after = retry_after


class Invalid(DomainError):
    """Well-formed input that breaks a rule (a definition problem, an invalid answer)."""


class TooLarge(Invalid):
    """Input over a size limit (a screenshot, a campaign file)."""


class Unsupported(Invalid):
    """Input of a kind we do not take (a text file sent as a screenshot)."""


class Malformed(DomainError):
    """Input that contradicts itself or lacks what the request needs (a client without an
    organization name, a body that is not UTF-8)."""


def is_unique_violation(error: BaseException) -> bool:
    """Whether a database error is a unique-constraint clash, on SQLite or PostgreSQL."""
    name = type(error).__name__
    text = str(error)
    return name == "UniqueViolationError" or (
        name == "IntegrityError" and "UNIQUE constraint failed" in text
    )
