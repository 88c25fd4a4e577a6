"""Testers in campaigns: participations, step results and answers.

After a tester's erasure its participation stays with `tester` set to null, so the
campaign's aggregates keep their counts without pointing at a person.
"""

from piccolo.columns import (
    JSON,
    Float,
    ForeignKey,
    Integer,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from backend.tables.accounts import TesterDevice, User
from backend.tables.campaigns import Campaign, Question, Step
from campaigns.vocabulary import ParticipationState, Stage, StepStatus


class Participation(Table):
    """A tester matched to a campaign, from invitation to review."""

    campaign = ForeignKey(Campaign, on_delete=OnDelete.cascade, index=True, null=False)
    tester = ForeignKey(User, on_delete=OnDelete.set_null, null=True, index=True)
    device = ForeignKey(TesterDevice, on_delete=OnDelete.set_null, null=True)
    pseudonym = Varchar(length=32, unique=True)
    locale = Varchar(length=35)
    country = Varchar(length=2)
    device_kind = Varchar(length=16, default="")
    device_os = Varchar(length=40, default="")
    state = Varchar(length=16, choices=ParticipationState, default=ParticipationState.invited)
    invited_at = Timestamptz(default=TimestamptzNow())
    accepted_at = Timestamptz(null=True, default=None)
    started_at = Timestamptz(null=True, default=None)
    submitted_at = Timestamptz(null=True, default=None)
    reviewed_at = Timestamptz(null=True, default=None)


class StepResult(Table):
    """What one tester did on one step.

    One row per (participation, step), so saving a step twice updates instead of doubling.
    """

    participation = ForeignKey(Participation, on_delete=OnDelete.cascade, index=True, null=False)
    step = ForeignKey(Step, on_delete=OnDelete.cascade, index=True, null=False)
    campaign = ForeignKey(Campaign, on_delete=OnDelete.cascade, index=True, null=False)
    # Copied from the step, so the heatmap groups one table by real, indexed columns.
    stage = Varchar(length=16, choices=Stage, default="")
    locale = Varchar(length=35)
    status = Varchar(length=16, choices=StepStatus)
    seconds_spent = Integer(null=True, default=None)
    # What stopped the tester, in their words, when the step was blocked.
    note = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class Answer(Table):
    """One answer of one participation to one question; the value column depends on its kind."""

    participation = ForeignKey(Participation, on_delete=OnDelete.cascade, index=True, null=False)
    question = ForeignKey(Question, on_delete=OnDelete.cascade, index=True, null=False)
    step = ForeignKey(Step, on_delete=OnDelete.cascade, null=True)
    campaign = ForeignKey(Campaign, on_delete=OnDelete.cascade, index=True, null=False)
    locale = Varchar(length=35)
    number = Float(null=True, default=None)
    text = Text(null=True, default=None)
    choices = JSON(null=True, default=None)
    seconds_spent = Integer(null=True, default=None)
    updated_at = Timestamptz(default=TimestamptzNow())
