"""HTTP errors the backend raises beyond Litestar's own, and database error recognition."""

from __future__ import annotations

from litestar.exceptions import ClientException
from litestar.status_codes import HTTP_409_CONFLICT, HTTP_422_UNPROCESSABLE_ENTITY


class ConflictException(ClientException):
    """409: the request clashes with what is stored (a taken email, a launched campaign)."""

    status_code = HTTP_409_CONFLICT


def is_unique_violation(error: BaseException) -> bool:
    """Whether a database error is a unique-constraint clash, on SQLite or PostgreSQL."""
    name = type(error).__name__
    text = str(error)
    return name == "UniqueViolationError" or (
        name == "IntegrityError" and "UNIQUE constraint failed" in text
    )


class UnprocessableException(ClientException):
    """422: well-formed input that breaks a rule (a definition problem, an invalid answer)."""

    status_code = HTTP_422_UNPROCESSABLE_ENTITY
