"""Creating accounts and checking credentials; shared by the JSON API, the pages and the CLI."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from backend.auth.passwords import hash_password, password_weakness, verify_password
from backend.db.engine import writing_transaction
from backend.errors import Conflict, Invalid, Malformed, Refused, is_unique_violation
from backend.services.throttle import record_failure, refuse_if_throttled
from backend.services.tokens import revoke_all_but
from backend.tables.accounts import Organization, User
from campaigns.identity import IdentityError, checked_email, checked_name, fold_email, name_key
from campaigns.vocabulary import Role

Email = Annotated[str, msgspec.Meta(max_length=320, pattern=r"^\s*[^@\s]+@[^@\s]+\.[^@\s]+\s*$")]
# Argon2 hashes any length, but an unbounded password is a cheap way to burn server CPU.
Password = Annotated[str, msgspec.Meta(min_length=10, max_length=1024)]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=r"\S")]


class SignupRequest(msgspec.Struct, forbid_unknown_fields=True):
    """Self-service sign-up; managers are created with `parcours create-user`."""

    email: Email
    password: Password
    name: Name
    role: Literal["client", "tester"]
    organization: Name | None = None


class LoginRequest(msgspec.Struct, forbid_unknown_fields=True):
    """Email and password."""

    email: Annotated[str, msgspec.Meta(max_length=320)]
    password: Annotated[str, msgspec.Meta(max_length=1024)]


def _checked_identity(email: str, organization: str | None) -> tuple[str, str | None]:
    try:
        return checked_email(email), checked_name(organization) if organization else None
    except IdentityError as error:
        raise Invalid("account.identity", str(error)) from error


def check_password_strength(password: str, *personal: str) -> None:
    """Invalid (422) naming why, when the password is too easy to guess."""
    if weakness := password_weakness(password, *personal):
        raise Invalid(
            "account.weak_password",
            "This password is too easy to guess ({weakness}); use a longer phrase of "
            "unrelated words",
            weakness=weakness,
        )


async def create_account(
    email: str, password: str, name: str, role: Role, organization: str | None
) -> int:
    """Store a new user at once (operators and the demo make accounts this way; people sign
    up through `signups`); the user's id."""
    email, organization = await check_signup(email, password, name, role, organization)
    return await store_account(email, await hash_password(password), name, role, organization)


async def check_signup(
    email: str, password: str, name: str, role: Role, organization: str | None
) -> tuple[str, str | None]:
    """4xx naming what is wrong with a new account's details, else the address folded and
    the organization's name as it will be stored.

    Clients found a new organization by name: joining an existing one by typing its name
    would let anyone into any company's campaigns.
    """
    email, organization = _checked_identity(email, organization)
    if role is Role.client and not organization:
        raise Malformed(
            "account.organization_missing", "A client account needs an organization name"
        )
    if role is not Role.client and organization:
        raise Malformed(
            "account.organization_unexpected",
            "A {role} account does not belong to an organization",
            role=role.value,
        )
    check_password_strength(password, email, name, organization or "")
    if organization and await Organization.exists().where(
        Organization.name_key == name_key(organization)
    ):
        raise _organization_taken(organization)
    return email, organization


def _organization_taken(organization: str) -> Conflict:
    return Conflict(
        "account.organization_taken",
        "The organization {organization!r} already exists; ask one of its members for access",
        organization=organization,
    )


async def store_account(
    email: str, password_hash: str, name: str, role: Role, organization: str | None
) -> int:
    """Store a checked new user (and, for a client, its new organization); the user's id."""
    try:
        async with writing_transaction():
            if await User.exists().where(User.email == email):
                raise Conflict(
                    "account.email_taken",
                    "An account with the email {email} already exists; sign in instead",
                    email=email,
                )
            organization_id = None
            if organization:
                key = name_key(organization)
                if await Organization.exists().where(Organization.name_key == key):
                    raise _organization_taken(organization)
                rows = await Organization.insert(Organization(name=organization, name_key=key))
                organization_id = rows[0]["id"]
            rows = await User.insert(
                User(
                    email=email,
                    name=name.strip(),
                    password_hash=password_hash,
                    role=role,
                    organization=organization_id,
                )
            )
    except Exception as error:
        # Two sign-ups racing past the existence check meet at the unique index.
        if is_unique_violation(error):
            raise Conflict(
                "account.just_taken", "That email or organization was just taken"
            ) from error
        raise
    return rows[0]["id"]


async def choose_language(user_id: int, language: str) -> None:
    """The interface language the person chose."""
    await User.update({User.language: language}).where(User.id == user_id)


async def organization_named(name: str) -> int | None:
    """The id of the organization with exactly this name, or None."""
    row = await Organization.select(Organization.id).where(Organization.name == name).first()
    return row["id"] if row else None


async def check_credentials(email: str, password: str) -> int | None:
    """The id of the active user with these credentials, or None."""
    row = (
        await User.select(User.id, User.password_hash)
        .where((User.email == fold_email(email)) & (User.is_active == True))  # noqa: E712
        .first()
    )
    matched = await verify_password(row["password_hash"] if row else None, password)
    return row["id"] if matched and row else None


async def change_password(
    user_id: int, current_password: str, new_password: str, keep_token: str | None
) -> None:
    """Replace the password after checking the current one, and end every other session and
    API token (a thief's among them); `keep_token` is the caller's own."""
    row = await User.select(User.email, User.name).where(User.id == user_id).first()
    if await check_credentials(row["email"], current_password) != user_id:
        raise Refused("account.wrong_password", "The current password is wrong; nothing changed")
    check_password_strength(new_password, row["email"], row["name"])
    password_hash = await hash_password(new_password)
    async with writing_transaction():
        await User.update({User.password_hash: password_hash}).where(User.id == user_id)
        await revoke_all_but(user_id, keep_token)


async def sign_in(email: str, password: str, address: str) -> int | None:
    """The user these credentials belong to, or None; Throttled (429) while the account or
    the address has failed too often lately. Only failures count."""
    account = fold_email(email)
    await refuse_if_throttled(account, address)
    user_id = await check_credentials(account, password)
    if user_id is None:
        await record_failure(account, address)
    return user_id
