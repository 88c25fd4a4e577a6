"""Error responses: JSON for the API, a page (or a sign-in redirect) for the HTML side."""

from __future__ import annotations

import logging

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException, SerializationException
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    HTTP_415_UNSUPPORTED_MEDIA_TYPE,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_429_TOO_MANY_REQUESTS,
    HTTP_500_INTERNAL_SERVER_ERROR,
)

from backend.errors import (
    Conflict,
    DomainError,
    Invalid,
    Malformed,
    NotFound,
    Refused,
    Throttled,
    TooLarge,
    Unsupported,
)
from backend.language import gettext
from campaigns.messages import Message

logger = logging.getLogger("parcours")

_MACHINE_PREFIXES = ("/api/", "/health", "/schema")


def _wantserror_body(request: Request) -> bool:
    return request.url.path.startswith(_MACHINE_PREFIXES)


def error_body(
    status_code: int, detail: str, extra: object = None, headers: dict[str, str] | None = None
) -> Response:
    """The API's error response: `{"status_code", "detail", "extra"}`."""
    return Response(
        {"status_code": status_code, "detail": detail, "extra": extra},
        status_code=status_code,
        media_type=MediaType.JSON,
        headers=headers,
    )


# The one place where a domain refusal becomes an HTTP status; subclasses before their base.
_STATUS: dict[type[DomainError], int] = {
    TooLarge: HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    Unsupported: HTTP_415_UNSUPPORTED_MEDIA_TYPE,
    NotFound: HTTP_404_NOT_FOUND,
    Conflict: HTTP_409_CONFLICT,
    Refused: HTTP_403_FORBIDDEN,
    Throttled: HTTP_429_TOO_MANY_REQUESTS,
    Invalid: HTTP_422_UNPROCESSABLE_ENTITY,
    Malformed: HTTP_400_BAD_REQUEST,
}


def status_of(error: DomainError) -> int:
    """The HTTP status of a domain error."""
    return next(status for kind, status in _STATUS.items() if isinstance(error, kind))


def translated(error: DomainError | Message) -> str:
    """The message in the reader's language, its parameters (themselves messages, perhaps)
    filled in."""
    template = gettext(error.template)
    if not error.params:
        return template
    return template.format(
        **{
            name: translated(value) if isinstance(value, Message) else value
            for name, value in error.params.items()
        }
    )


def as_http(error: DomainError) -> HTTPException:
    """The domain error as the HTTP exception that carries it, for handlers that re-raise."""
    headers = {"retry-after": str(error.retry_after)} if isinstance(error, Throttled) else None
    return HTTPException(
        status_code=status_of(error),
        detail=translated(error),
        extra=error.extra,
        headers=headers,
    )


def domain_error(request: Request, error: DomainError) -> Response:
    """A refused request: the API's error body, or the error page."""
    return http_error(request, as_http(error))


def http_error(request: Request, error: HTTPException) -> Response:
    """{"status_code", "detail", "extra"} for the API; pages redirect 401s to sign-in."""
    detail = error.detail
    if isinstance(error.__cause__, SerializationException):
        # Litestar passes the decoder's words on bare ("Input data was truncated").
        detail = f"The request body is not valid JSON ({detail}); check its syntax"
    if error.status_code == HTTP_413_REQUEST_ENTITY_TOO_LARGE and detail == _LITESTAR_413:
        detail = _too_large(request)
    if _wantserror_body(request):
        return error_body(error.status_code, detail, error.extra, error.headers)
    if isinstance(error, NotAuthorizedException):
        return Redirect(f"/login?next={request.url.path}")
    return Template(
        "error.html",
        context={"status_code": error.status_code, "detail": detail},
        status_code=error.status_code,
        headers=error.headers,
    )


_LITESTAR_413 = "Request Entity Too Large"


def _too_large(request: Request) -> str:
    """Litestar's bare 413, with the limit of the route that refused it."""
    limit = request.route_handler.resolve_request_max_body_size()
    if not limit:
        return "The request is too large"
    return f"The request is larger than this address takes ({limit / 1_048_576:.1f} MB at most)"


def server_error(request: Request, error: Exception) -> Response:
    """Log the failure and answer without leaking internals."""
    logger.exception("Unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    detail = "Something went wrong on our side. Please try again in a moment."
    if _wantserror_body(request):
        return error_body(HTTP_500_INTERNAL_SERVER_ERROR, detail, None)
    return Template(
        "error.html",
        context={"status_code": HTTP_500_INTERNAL_SERVER_ERROR, "detail": detail},
        status_code=HTTP_500_INTERNAL_SERVER_ERROR,
    )
