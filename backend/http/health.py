"""Liveness with a database round trip (GET /health), for load balancers and compose."""

from __future__ import annotations

import msgspec
from litestar import Request, Response, get

from backend.http.sessions import settings_of
from backend.services.health import database_answers


class Health(msgspec.Struct):
    """Whether the service and its database answer."""

    status: str
    database: str


@get("/health", tags=["health"], opt={"exclude_from_auth": True})
async def health(request: Request) -> Response[Health]:
    """200 when the database answers, 503 when it does not."""
    database = "postgresql" if settings_of(request).uses_postgres else "sqlite"
    if not await database_answers():
        return Response(Health(status="unavailable", database=database), status_code=503)
    return Response(Health(status="ok", database=database))
