"""The language switcher: one form in every page's footer."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, post
from litestar.datastructures import Cookie
from litestar.params import URLEncodedBody
from litestar.response import Redirect

from backend.http.forms import local_path
from backend.http.i18n import LANGUAGE_COOKIE
from backend.http.sessions import cookies_secure
from backend.language import supported
from backend.services.accounts import choose_language

_YEAR = 365 * 24 * 3600


@post("/language", include_in_schema=False, exclude_from_auth=False)
async def switch_language(request: Request, data: URLEncodedBody[dict[str, Any]]) -> Response:
    """Remember the chosen language (on the account when signed in) and go back."""
    back = local_path(data.get("next"))
    language = supported(str(data.get("language", "")))
    if language is None:
        return Redirect(back)
    if request.user is not None:
        await choose_language(request.user.id, language)
    cookie = Cookie(
        key=LANGUAGE_COOKIE,
        value=language,
        max_age=_YEAR,
        path="/",
        samesite="lax",
        secure=cookies_secure(request),
    )
    return Redirect(back, cookies=[cookie])
