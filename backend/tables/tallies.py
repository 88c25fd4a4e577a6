"""Counts the database keeps as rows change, so reports read a few rows instead of scanning.

Triggers (backend/db/tallies.py, started by migrations) keep them whatever writes the
counted rows: step saves, the end-of-journey answers, reviews, bulk loads, cascading deletes.
"""

from piccolo.columns import Float, ForeignKey, Integer, OnDelete, Varchar
from piccolo.table import Table

from backend.tables.campaigns import Campaign, Question, Step
from backend.tables.participations import Participation


class AnswerCount(Table):
    """How many testers of a locale gave one value to one numeric question (rating, NPS,
    SEQ, number, yes/no): every statistic of those questions is computed from these."""

    campaign = ForeignKey(Campaign, on_delete=OnDelete.cascade, null=False)
    question = ForeignKey(Question, on_delete=OnDelete.cascade, null=False)
    locale = Varchar(length=35)
    number = Float()
    # Can fall to 0 when the last such answer changes or goes; readers skip those rows.
    n = Integer(default=0)


class FrictionCount(Table):
    """Accepted findings per stage, locale, severity and kind: the heatmap's findings."""

    campaign = ForeignKey(Campaign, on_delete=OnDelete.cascade, null=False)
    stage = Varchar(length=16)
    locale = Varchar(length=35)
    severity = Varchar(length=16)
    kind = Varchar(length=16)
    n = Integer(default=0)


class MoodCount(Table):
    """Findings per review state, stage, locale and emotion: the journey map's moods."""

    campaign = ForeignKey(Campaign, on_delete=OnDelete.cascade, null=False)
    review = Varchar(length=16)
    stage = Varchar(length=16)
    locale = Varchar(length=35)
    emotion = Integer(default=0)
    n = Integer(default=0)


class StageReach(Table):
    """Each tester's step results at a stage, and how many were blocked: who reached a
    stage, in which locale, and the heatmap's blocked steps."""

    campaign = ForeignKey(Campaign, on_delete=OnDelete.cascade, null=False)
    stage = Varchar(length=16)
    locale = Varchar(length=35)
    participation = ForeignKey(Participation, on_delete=OnDelete.cascade, null=False)
    n = Integer(default=0)
    blocked = Integer(default=0)


class StepCount(Table):
    """Step results per step, locale and status, and how many of them were timed: the
    completion funnel."""

    campaign = ForeignKey(Campaign, on_delete=OnDelete.cascade, null=False)
    step = ForeignKey(Step, on_delete=OnDelete.cascade, null=False)
    locale = Varchar(length=35)
    status = Varchar(length=16)
    n = Integer(default=0)
    timed = Integer(default=0)
