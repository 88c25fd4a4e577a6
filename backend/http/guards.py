"""Route guards: who may call what. Anonymous callers get 401, wrong roles 403."""

from __future__ import annotations

from collections.abc import Callable

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from backend.auth.identity import CurrentUser
from campaigns.vocabulary import Role

Guard = Callable[[ASGIConnection, BaseRouteHandler], None]


def signed_in_user(connection: ASGIConnection) -> CurrentUser:
    """The caller, or a 401 telling them to sign in."""
    user = connection.scope.get("user")
    if user is None:
        raise NotAuthorizedException("Sign in first (session cookie or 'Authorization: Bearer')")
    return user


def signed_in(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """Any signed-in user."""
    signed_in_user(connection)


def role_in(*roles: Role) -> Guard:
    """A guard that admits only the given roles."""
    names = " or ".join(role.value for role in roles)

    def guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        user = signed_in_user(connection)
        if user.role not in roles:
            raise PermissionDeniedException(f"Only a {names} may do this; you are a {user.role}")

    return guard
