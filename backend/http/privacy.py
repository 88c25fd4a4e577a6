"""GDPR endpoints: export everything held about me, erase me."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Request, Response, delete, get
from litestar.params import JSONBody

from backend.errors import Refused
from backend.http.guards import signed_in, signed_in_user
from backend.http.sessions import ERASED_SESSION, close_session
from backend.services.accounts import check_credentials
from backend.services.privacy import PersonalExport, erase_person, export_person


class ErasureRequest(msgspec.Struct, forbid_unknown_fields=True):
    """The password again: one stray request must not wipe an account."""

    password: Annotated[str, msgspec.Meta(max_length=1024)]


@get("/api/v1/me/export", guards=[signed_in], tags=["me"])
async def export_me(request: Request) -> Response[PersonalExport]:
    """Everything held about the caller, as a JSON download."""
    export = await export_person(signed_in_user(request).id)
    return Response(
        export, headers={"content-disposition": 'attachment; filename="parcours-my-data.json"'}
    )


@delete(
    "/api/v1/me",
    guards=[signed_in],
    tags=["me"],
    status_code=204,
    response_cookies=[ERASED_SESSION],
)
async def erase_me(request: Request, data: JSONBody[ErasureRequest]) -> None:
    """Erase the caller's personal data and screenshots; answers and findings stay, anonymous."""
    user = signed_in_user(request)
    if await check_credentials(user.email, data.password) != user.id:
        raise Refused("account.wrong_password", "Wrong password; nothing was erased")
    await erase_person(user.id, request.app.state.screenshots)
    await close_session(request)
