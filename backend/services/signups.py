"""Signing up by e-mail: the answer is the same whether or not the address has an account,
and the account exists only once the link sent to the address is followed.

A new address gets a link to finish signing up; an address with an account gets an e-mail
saying so, with the way to sign in or choose a new password. Following the link asks for
the password chosen at sign-up, so a link someone else asked for on your address is of no
use to them or to you.
"""

from __future__ import annotations

import datetime as dt
import secrets

from backend.auth.passwords import hash_password, verify_password
from backend.clock import now
from backend.db.engine import writing_transaction
from backend.errors import NotFound, Refused
from backend.services.accounts import check_signup, store_account
from backend.services.outbox import Recipient, queue_mail, recipients, site_link
from backend.services.tokens import token_digest
from backend.tables import OutboxMessage, PendingSignup, User
from campaigns.vocabulary import Role

SIGNUP_HOURS = 48
# E-mails about one address within an hour, past which no more are sent: enough for a lost
# message or two, too few to flood someone's inbox from the form.
MAX_MAILS_PER_HOUR = 3


async def request_signup(
    email: str,
    password: str,
    name: str,
    role: Role,
    organization: str | None,
    language: str,
) -> str | None:
    """Check the details (4xx naming what is wrong), then e-mail the address a link to finish
    signing up, or, when it has an account, the news that it has one. The link's path when
    one was sent, for a demo without e-mail to show; callers must not tell anyone else."""
    email, organization = await check_signup(email, password, name, role, organization)
    # Hashed either way, so that the answer takes as long for a taken address.
    password_hash = await hash_password(password)
    hour_ago = now() - dt.timedelta(hours=1)
    owner = await User.select(User.id).where(User.email == email).first()
    if owner is not None:
        told = await OutboxMessage.count().where(
            (OutboxMessage.to_address == email)
            & (OutboxMessage.kind == "account_exists")
            & (OutboxMessage.created_at > hour_ago)
        )
        person = (await recipients([owner["id"]])).get(owner["id"])
        if person is not None and told < MAX_MAILS_PER_HOUR:
            async with writing_transaction():
                await queue_mail(
                    person,
                    "account_exists",
                    link=site_link("/login"),
                    reset_link=site_link("/password-reset"),
                )
        return None
    asked = await PendingSignup.count().where(
        (PendingSignup.email == email) & (PendingSignup.created_at > hour_ago)
    )
    if asked >= MAX_MAILS_PER_HOUR:
        return None
    token = secrets.token_urlsafe(32)
    async with writing_transaction():
        await PendingSignup.delete().where(PendingSignup.expires_at < now())
        await PendingSignup.insert(
            PendingSignup(
                email=email,
                name=name.strip(),
                role=role,
                organization=organization,
                password_hash=password_hash,
                token_hash=token_digest(token),
                expires_at=now() + dt.timedelta(hours=SIGNUP_HOURS),
            )
        )
        await queue_mail(
            Recipient(id=None, email=email, name=name.strip(), language=language),
            "signup",
            link=site_link(f"/signup/{token}"),
            hours=SIGNUP_HOURS,
        )
    return f"/signup/{token}"


def unknown_link() -> NotFound:
    """The refusal of a sign-up link that is unknown, used or expired."""
    return NotFound(
        "signup.unknown_link",
        "This link to finish signing up is unknown, used already or expired; sign up again",
    )


async def pending_address(token: str) -> str | None:
    """The address a sign-up link would create an account for, while it works."""
    row = await (
        PendingSignup.select(PendingSignup.email)
        .where(
            (PendingSignup.token_hash == token_digest(token)) & (PendingSignup.expires_at > now())
        )
        .first()
    )
    return row["email"] if row else None


async def finish_signup(token: str, password: str) -> int:
    """Create the account a link was sent for, given the password chosen at sign-up; the
    link and every other pending sign-up of the address stop working. The new user's id."""
    digest = token_digest(token)
    row = await (
        PendingSignup.select()
        .where((PendingSignup.token_hash == digest) & (PendingSignup.expires_at > now()))
        .first()
    )
    if row is None:
        raise unknown_link()
    if not await verify_password(row["password_hash"], password):
        raise Refused(
            "signup.wrong_password",
            "This is not the password chosen when signing up; type the one you chose then",
        )
    async with writing_transaction():
        used = (
            await PendingSignup.delete()
            .where(PendingSignup.token_hash == digest)
            .returning(PendingSignup.id)
        )
        if not used:
            raise unknown_link()
        user_id = await store_account(
            row["email"], row["password_hash"], row["name"], Role(row["role"]), row["organization"]
        )
        await PendingSignup.delete().where(PendingSignup.email == row["email"])
    return user_id
