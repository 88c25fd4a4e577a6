"""Findings, their screenshots, the conversation about each and the trail of review actions.

Stage, locale and country are copied onto each finding when it is filed, so the friction
report groups one table by real, indexed columns.
"""

from piccolo.columns import (
    Boolean,
    ForeignKey,
    Integer,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from backend.tables.accounts import User
from backend.tables.campaigns import Campaign, Step, UseCase
from backend.tables.participations import Participation
from campaigns.vocabulary import FindingKind, ReviewState, Severity, Stage


class Finding(Table):
    """A friction point reported on a step, reviewed by a manager."""

    campaign = ForeignKey(Campaign, on_delete=OnDelete.cascade, index=True, null=False)
    participation = ForeignKey(Participation, on_delete=OnDelete.cascade, index=True, null=False)
    use_case = ForeignKey(UseCase, on_delete=OnDelete.cascade, null=False)
    step = ForeignKey(Step, on_delete=OnDelete.cascade, index=True, null=False)
    stage = Varchar(length=16, choices=Stage, index=True)
    locale = Varchar(length=35, index=True)
    country = Varchar(length=2)
    device_kind = Varchar(length=16, default="")
    device_os = Varchar(length=40, default="")
    title = Varchar(length=200)
    description = Text(default="")
    steps_to_reproduce = Text(default="")
    expected_result = Text(default="")
    actual_result = Text(default="")
    kind = Varchar(length=16, choices=FindingKind, index=True)
    severity = Varchar(length=16, choices=Severity, index=True)
    reported_severity = Varchar(length=16, choices=Severity)
    emotion = Integer(default=0)
    review = Varchar(length=16, choices=ReviewState, default=ReviewState.new, index=True)
    review_reason = Varchar(length=40, null=True, default=None)
    duplicate_of = ForeignKey("self", on_delete=OnDelete.set_null, null=True, index=True)
    # The same problem seen in another locale: grouped under this lead finding into one issue,
    # while it keeps counting in its own locale (unlike a duplicate, folded into its original).
    issue_of = ForeignKey("self", on_delete=OnDelete.set_null, null=True, index=True)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class FindingMessage(Table):
    """One message of the conversation about a finding, between the project managers and the
    tester who filed it."""

    finding = ForeignKey(Finding, on_delete=OnDelete.cascade, index=True, null=False)
    # The side stays known when an erased author's row is gone.
    author = ForeignKey(User, on_delete=OnDelete.set_null, null=True)
    from_manager = Boolean(default=False)
    body = Text(default="")
    # A manager's question that put the finding in `needs_info`, and the tester's resend.
    asks = Boolean(default=False)
    resent = Boolean(default=False)
    created_at = Timestamptz(default=TimestamptzNow())


class Screenshot(Table):
    """An image attached to a finding; the files live content-addressed in the data directory."""

    finding = ForeignKey(Finding, on_delete=OnDelete.cascade, null=True, index=True)
    # Set for a screenshot that came with a message of the conversation.
    message = ForeignKey(FindingMessage, on_delete=OnDelete.set_null, null=True, default=None)
    uploaded_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, index=True)
    sha256 = Varchar(length=64, index=True)
    thumbnail_sha256 = Varchar(length=64)
    media_type = Varchar(length=32)
    width = Integer()
    height = Integer()
    size_bytes = Integer()
    created_at = Timestamptz(default=TimestamptzNow())


class ReviewEvent(Table):
    """One review action on a finding: who did what, when, and from which state."""

    finding = ForeignKey(Finding, on_delete=OnDelete.cascade, index=True, null=False)
    actor = ForeignKey(User, on_delete=OnDelete.set_null, null=True)
    action = Varchar(length=32)
    from_review = Varchar(length=16, choices=ReviewState)
    to_review = Varchar(length=16, choices=ReviewState)
    from_severity = Varchar(length=16, null=True, default=None)
    to_severity = Varchar(length=16, null=True, default=None)
    reason = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
