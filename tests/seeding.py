"""A campaign seeded row by row with known findings in known heatmap cells."""

from __future__ import annotations

import copy

from backend.tables import Finding, Participation, Step, StepResult, User
from tests.helpers import small_definition


def two_stage_definition() -> dict:
    """The small campaign with a second step, at the purchase stage."""
    definition = small_definition()
    step = copy.deepcopy(definition["use_cases"][0]["steps"][0])
    step.update(id="pay", stage="purchase", questions=[])
    definition["use_cases"][0]["steps"].append(step)
    return definition


async def seed_friction(campaign_id: int) -> None:
    """fr-FR: Ana and Ben; en-GB: Cleo.

    Ana: awareness completed, purchase blocked.  Ben: awareness completed only.
    Cleo: awareness blocked.
    Findings: fr-FR awareness accepted major + accepted minor, plus a rejected critical,
    a duplicate critical and an unreviewed major that must not count; fr-FR purchase
    accepted cosmetic; en-GB awareness accepted critical.
    """
    steps = {
        row["stage"]: row
        for row in await Step.select(Step.id, Step.stage, Step.use_case).where(
            Step.campaign == campaign_id
        )
    }
    people = {}
    for name, locale in (("ana", "fr-FR"), ("ben", "fr-FR"), ("cleo", "en-GB")):
        user = await User.insert(
            User(email=f"{name}@e.test", name=name, password_hash="x", role="tester")
        )
        participation = await Participation.insert(
            Participation(
                campaign=campaign_id,
                tester=user[0]["id"],
                pseudonym=f"T-{name}",
                locale=locale,
                country=locale[-2:],
                state="submitted",
            )
        )
        people[name] = (participation[0]["id"], locale)
    for name, stage, status in (
        ("ana", "awareness", "completed"),
        ("ana", "purchase", "blocked"),
        ("ben", "awareness", "completed"),
        ("cleo", "awareness", "blocked"),
    ):
        participation, locale = people[name]
        await StepResult.insert(
            StepResult(
                participation=participation,
                step=steps[stage]["id"],
                stage=stage,
                campaign=campaign_id,
                locale=locale,
                status=status,
            )
        )
    original = None
    for name, stage, severity, review in (
        ("ana", "awareness", "major", "accepted"),
        ("ben", "awareness", "minor", "accepted"),
        ("ana", "awareness", "critical", "rejected"),
        ("ben", "awareness", "critical", "duplicate"),
        ("ben", "awareness", "major", "new"),
        ("ana", "purchase", "cosmetic", "accepted"),
        ("cleo", "awareness", "critical", "accepted"),
    ):
        participation, locale = people[name]
        row = await Finding.insert(
            Finding(
                campaign=campaign_id,
                participation=participation,
                use_case=steps[stage]["use_case"],
                step=steps[stage]["id"],
                stage=stage,
                locale=locale,
                country=locale[-2:],
                title=f"{severity} on {stage}",
                kind="usability",
                severity=severity,
                reported_severity=severity,
                review=review,
                duplicate_of=original if review == "duplicate" else None,
            )
        )
        original = original or row[0]["id"]
