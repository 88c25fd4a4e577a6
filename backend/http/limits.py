"""What the web layer refuses before any handler runs: ids no database can hold, bodies that
nest without end, bytes that are not UTF-8."""

from __future__ import annotations

from litestar import Request, Response
from litestar.status_codes import HTTP_400_BAD_REQUEST

from backend.errors import NotFound
from backend.http.errors import error_body
from campaigns.ids import MAX_ID


async def ids_in_range(request: Request) -> None:
    """A path id beyond what the database stores names nothing: 404, not an overflow."""
    for value in request.path_params.values():
        if isinstance(value, int) and not -MAX_ID - 1 <= value <= MAX_ID:
            raise NotFound(
                "path.id_out_of_range", "Nothing has the number {value} here", value=value
            )


def too_deep(_: Request, __: RecursionError) -> Response:
    """JSON or form data nested deeper than any real request."""
    return error_body(
        HTTP_400_BAD_REQUEST, "The request body is nested too deeply; send a flatter document"
    )


def not_utf8(_: Request, __: UnicodeDecodeError) -> Response:
    """A body or form field whose bytes are not UTF-8 text."""
    return error_body(
        HTTP_400_BAD_REQUEST, "The request body is not UTF-8 text; send it encoded as UTF-8"
    )
