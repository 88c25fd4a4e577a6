"""What the database itself enforces, whatever code writes to it."""

from __future__ import annotations

import pytest

from backend.tables import (
    Campaign,
    Organization,
    Participation,
    Step,
    StepResult,
    UseCase,
    User,
)

pytestmark = pytest.mark.anyio


async def _walkable_step() -> tuple[int, int, int]:
    """A campaign with one step and one participation; returns their ids."""
    organization = (await Organization.insert(Organization(name="Acme")))[0]["id"]
    campaign = (
        await Campaign.insert(
            Campaign(organization=organization, name="Pay", default_locale="fr-FR")
        )
    )[0]["id"]
    use_case = (
        await UseCase.insert(
            UseCase(campaign=campaign, key="pay", position=1, title={"fr-FR": "Payer"})
        )
    )[0]["id"]
    step = (
        await Step.insert(
            Step(
                campaign=campaign,
                use_case=use_case,
                key="open",
                position=1,
                stage="purchase",
                touchpoint="mobile_app",
                instruction={"fr-FR": "Ouvrez l'app"},
            )
        )
    )[0]["id"]
    tester = (
        await User.insert(User(email="t@e.test", name="T", password_hash="x", role="tester"))
    )[0]["id"]
    participation = (
        await Participation.insert(
            Participation(
                campaign=campaign, tester=tester, pseudonym="T-0001", locale="fr-FR", country="FR"
            )
        )
    )[0]["id"]
    return campaign, step, participation


async def test_one_step_result_per_participation_and_step() -> None:
    campaign, step, participation = await _walkable_step()
    await StepResult.insert(
        StepResult(
            participation=participation,
            step=step,
            campaign=campaign,
            locale="fr-FR",
            status="completed",
        )
    )

    with pytest.raises(Exception, match=r"(?i)unique"):
        await StepResult.insert(
            StepResult(
                participation=participation,
                step=step,
                campaign=campaign,
                locale="fr-FR",
                status="blocked",
            )
        )
    assert await StepResult.count() == 1


async def test_foreign_keys_are_enforced() -> None:
    with pytest.raises(Exception, match=r"(?i)foreign key"):
        await UseCase.insert(UseCase(campaign=999_999, key="x", position=1, title={}))


async def test_deleting_a_campaign_removes_its_journey() -> None:
    campaign, _, _ = await _walkable_step()

    await Campaign.delete().where(Campaign.id == campaign)

    assert await Step.count() == 0
    assert await Participation.count() == 0
