"""Organizations, users, their credentials and tester profiles."""

from piccolo.columns import (
    JSON,
    Boolean,
    ForeignKey,
    OnDelete,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from campaigns.vocabulary import Role, TokenKind


class Organization(Table):
    """A client company; owns campaigns."""

    name = Varchar(length=200, unique=True)
    # The name folded (NFKC, case-folded): "ACME", "acme" and its full-width twin are one
    # organization. Unique through organization_name_key_idx, since SQLite cannot add a
    # unique column to an existing table.
    name_key = Varchar(length=200, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class User(Table, tablename="parcours_user"):
    """A person who signs in. Emails are stored lower-cased."""

    email = Varchar(length=320, unique=True)
    name = Varchar(length=200)
    password_hash = Varchar(length=200)
    role = Varchar(length=16, choices=Role, index=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.restrict, null=True)
    is_active = Boolean(default=True)
    # The interface language chosen (en, fr, ...); None follows the browser.
    language = Varchar(length=8, null=True, default=None)
    # E-mail about one's findings (questions, decisions); invitations always go out.
    mail_updates = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())


class AuthToken(Table):
    """A session or API token; only its sha256 is stored, so a leaked table grants nothing."""

    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True, null=False)
    kind = Varchar(length=16, choices=TokenKind)
    token_hash = Varchar(length=64, unique=True)
    label = Varchar(length=100, default="")
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz(null=True, default=None)
    last_used_at = Timestamptz(null=True, default=None)


class TesterProfile(Table):
    """Where a tester lives, what it speaks, and its consent to take part."""

    user = ForeignKey(User, on_delete=OnDelete.cascade, unique=True, null=False)
    country = Varchar(length=2, index=True)
    locale = Varchar(length=35, index=True)
    languages = JSON(default=[])
    age_band = Varchar(length=16, null=True, default=None)
    consent_version = Varchar(length=32, null=True, default=None)
    consented_at = Timestamptz(null=True, default=None)
    updated_at = Timestamptz(default=TimestamptzNow())


class TesterDevice(Table):
    """One device a tester can test on."""

    profile = ForeignKey(TesterProfile, on_delete=OnDelete.cascade, index=True, null=False)
    kind = Varchar(length=16, index=True)
    os = Varchar(length=40)
    os_version = Varchar(length=40, default="")
    browser = Varchar(length=40, default="")


class SignInFailure(Table):
    """A failed sign-in, kept for the throttling window: counted in the database so that
    every server process sees the same count."""

    account = Varchar(length=320, index=True)
    address = Varchar(length=64, index=True)
    failed_at = Timestamptz(default=TimestamptzNow(), index=True)


class PendingSignup(Table):
    """A sign-up waiting for its address to be confirmed through the link e-mailed to it.

    The account exists only once the link is followed with the password chosen here, so a
    sign-up answers the same whether or not the address has an account, and nobody can
    prepare an account on someone else's address for them to confirm.
    """

    email = Varchar(length=320, index=True)
    name = Varchar(length=200)
    role = Varchar(length=16, choices=Role)
    organization = Varchar(length=200, null=True, default=None)
    password_hash = Varchar(length=200)
    token_hash = Varchar(length=64, unique=True)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
