"""Campaigns and their journeys: use cases, steps, questions and locale quotas.

Translatable texts are JSON as the client wrote them: one string in the default locale, or
an object keyed by BCP 47 locale. What reports group by (stage, locale, kind) are real
columns. These rows are the campaign's only copy: its definition is rebuilt from them.
"""

from piccolo.columns import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from backend.tables.accounts import Organization, User
from campaigns.vocabulary import CampaignStatus, QuestionKind, Stage, Touchpoint


class Campaign(Table):
    """One test project of a client organization."""

    organization = ForeignKey(Organization, on_delete=OnDelete.restrict, index=True, null=False)
    created_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True)
    name = Varchar(length=200)
    product = Varchar(length=200, default="")
    description = Text(default="")
    incentive = Varchar(length=200, default="")
    status = Varchar(length=16, choices=CampaignStatus, default=CampaignStatus.draft, index=True)
    default_locale = Varchar(length=35)
    countries = JSON(default=[])
    devices = JSON(default=[])
    starts_on = Date(null=True, default=None)
    ends_on = Date(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    launched_at = Timestamptz(null=True, default=None)
    closed_at = Timestamptz(null=True, default=None)
    # The builder's document while it does not validate yet: kept, so nothing typed is
    # lost; the tables above keep the last valid definition.
    working = JSON(null=True, default=None)
    # Counts the builder's saves, so that a save made on an older version is refused.
    revision = Integer(default=0)


class CampaignLocale(Table):
    """A target locale of a campaign with its tester quota."""

    campaign = ForeignKey(Campaign, on_delete=OnDelete.cascade, index=True, null=False)
    locale = Varchar(length=35)
    quota = Integer()


class UseCase(Table):
    """One journey to walk, with its persona and scenario."""

    campaign = ForeignKey(Campaign, on_delete=OnDelete.cascade, index=True, null=False)
    key = Varchar(length=64)
    position = Integer()
    title = JSON()
    persona = JSON(null=True, default=None)
    scenario = JSON(null=True, default=None)
    # What is under test: a link per locale, and test credentials for accepted testers.
    link = JSON(null=True, default=None)


class Step(Table):
    """One instruction inside a use case; campaign is repeated so reports group without joins."""

    campaign = ForeignKey(Campaign, on_delete=OnDelete.cascade, index=True, null=False)
    use_case = ForeignKey(UseCase, on_delete=OnDelete.cascade, index=True, null=False)
    key = Varchar(length=64)
    position = Integer()
    stage = Varchar(length=16, choices=Stage, index=True)
    touchpoint = Varchar(length=16, choices=Touchpoint)
    instruction = JSON()
    # A short label for reports ("Checkout"), per locale; None falls back to the instruction.
    title = JSON(null=True, default=None)
    expected_outcome = JSON(null=True, default=None)
    link = JSON(null=True, default=None)


class Question(Table):
    """A question attached to the campaign, a use case or a step.

    `config` holds what only some kinds have: scale and end labels, options, picks, bounds.
    """

    campaign = ForeignKey(Campaign, on_delete=OnDelete.cascade, index=True, null=False)
    use_case = ForeignKey(UseCase, on_delete=OnDelete.cascade, null=True, index=True)
    step = ForeignKey(Step, on_delete=OnDelete.cascade, null=True, index=True)
    key = Varchar(length=64)
    position = Integer()
    kind = Varchar(length=16, choices=QuestionKind)
    required = Boolean(default=True)
    measure = Varchar(length=16, null=True, default=None)
    text = JSON()
    config = JSON(default={})
