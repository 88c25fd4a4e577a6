"""Forgotten passwords: a single-use link by e-mail that expires, asked for with the same
answer whether or not the address has an account, and every session ended once used."""

from __future__ import annotations

import datetime as dt

from backend.auth.passwords import hash_password
from backend.clock import now
from backend.db.engine import writing_transaction
from backend.errors import NotFound
from backend.services.accounts import check_password_strength
from backend.services.outbox import queue_mail, recipients, site_link
from backend.services.tokens import consume_token, issue_token, resolve_token, revoke_all_but
from backend.tables import AuthToken, User
from campaigns.identity import fold_email
from campaigns.vocabulary import TokenKind

RESET_HOURS = 2
# Links asked for one account within an hour, past which no more are sent: enough for a
# lost e-mail or two, too few to flood someone's inbox from the form.
MAX_RESETS_PER_HOUR = 3


async def request_reset(email: str) -> None:
    """E-mail a link to choose a new password if an active account uses the address; the
    caller says the same thing either way, so the form reveals no account."""
    row = (
        await User.select(User.id)
        .where((User.email == fold_email(email)) & (User.is_active == True))  # noqa: E712
        .first()
    )
    if row is None:
        return
    recent = await AuthToken.count().where(
        (AuthToken.user == row["id"])
        & (AuthToken.kind == TokenKind.password_reset)
        & (AuthToken.created_at > now() - dt.timedelta(hours=1))
    )
    if recent >= MAX_RESETS_PER_HOUR:
        return
    person = (await recipients([row["id"]]))[row["id"]]
    async with writing_transaction():
        token = await issue_token(
            row["id"], TokenKind.password_reset, dt.timedelta(hours=RESET_HOURS), "password reset"
        )
        await queue_mail(
            person,
            "password_reset",
            link=site_link(f"/password-reset/{token}"),
            hours=RESET_HOURS,
        )


def unknown_link() -> NotFound:
    """The refusal of a link that is unknown, used or expired."""
    return NotFound(
        "reset.unknown",
        "This link to choose a new password is unknown, used already or expired; ask for a new one",
    )


async def reset_password(token: str, new_password: str) -> int:
    """Set the new password with a link from `request_reset`, which then stops working, as
    does every session, API token and other link of the account; the account's id."""
    user = await resolve_token(token, TokenKind.password_reset)
    if user is None:
        raise unknown_link()
    check_password_strength(new_password, user.email, user.name)
    password_hash = await hash_password(new_password)
    async with writing_transaction():
        if not await consume_token(token, TokenKind.password_reset):
            raise unknown_link()
        await User.update({User.password_hash: password_hash}).where(User.id == user.id)
        await revoke_all_but(user.id, None)
    return user.id


async def reset_link_works(token: str) -> bool:
    """Whether the link can still be used, to show the form or say why not."""
    return await resolve_token(token, TokenKind.password_reset) is not None
