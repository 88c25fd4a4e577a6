"""The journey map: feelings per stage and locale from findings' moods and SEQ answers, with
Student's t intervals, over the friction of the same cells; drawn on the dashboard."""

from __future__ import annotations

import pytest
from httpx import AsyncClient

from backend.tables import Answer, Finding, Participation, Question, Step
from reports.journey_map import mean_interval, t_quantile
from tests.helpers import created_campaign, signed_up
from tests.seeding import seed_friction, two_stage_definition


def test_intervals_by_student_t_computed_by_hand() -> None:
    # Values 1, 1, 3, 3: mean 2, sample sd √(4/3) = 1.1547, standard error 0.5774,
    # t(0.975, 3 df) = 3.182: 2 ± 1.837.
    interval = mean_interval({1.0: 2, 3.0: 2})
    single = mean_interval({-2.0: 1})

    assert interval is not None
    assert (interval.n, interval.mean, interval.low, interval.high) == (4, 2.0, 0.16, 3.84)
    assert single is not None
    assert (single.mean, single.low, single.high) == (-2.0, None, None), "no interval from one"
    assert mean_interval({}) is None
    assert (t_quantile(1), t_quantile(9), t_quantile(40), t_quantile(500)) == (
        12.706,
        2.262,
        2.042,
        1.98,
    )


@pytest.mark.anyio
async def test_the_map_reads_moods_and_ease_per_stage_and_locale(client: AsyncClient) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    definition = two_stage_definition()
    definition["use_cases"][0]["steps"][1]["questions"] = [
        {"id": "pay_ease", "kind": "seq", "text": {"en-GB": "How easy?", "fr-FR": "Facile ?"}}
    ]
    campaign = await created_campaign(client, definition)
    await seed_friction(campaign["id"])
    # fr-FR awareness: the accepted major -2, the accepted minor -1, the unreviewed major 0;
    # the rejected and the duplicate criticals (+2) are left out.
    for title, review, emotion in (
        ("major on awareness", "accepted", -2),
        ("minor on awareness", "accepted", -1),
        ("major on awareness", "new", 0),
        ("critical on awareness", "rejected", 2),
        ("critical on awareness", "duplicate", 2),
        ("cosmetic on purchase", "accepted", -1),
    ):
        await Finding.update({Finding.emotion: emotion}).where(
            (Finding.title == title) & (Finding.review == review) & (Finding.locale == "fr-FR")
        )
    # fr-FR purchase: SEQ answers 7 and 4 read as +2 and 0, beside the cosmetic's -1.
    question = (
        await Question.select(Question.id, Question.step).where(Question.key == "pay_ease").first()
    )
    french = await Participation.select(Participation.id).where(Participation.locale == "fr-FR")
    await Answer.insert(
        *(
            Answer(
                participation=row["id"],
                question=question["id"],
                step=question["step"],
                campaign=campaign["id"],
                locale="fr-FR",
                number=value,
            )
            for row, value in zip(french, (7.0, 4.0), strict=True)
        )
    )

    report = (await client.get(f"/api/v1/campaigns/{campaign['id']}/report")).json()
    page = (await client.get(f"/campaigns/{campaign['id']}/report")).text

    journey = report["journey"]
    points = {(p["stage"], p["locale"]): p for p in journey["points"]}
    stages = await Step.select(Step.stage, Step.touchpoint).where(Step.campaign == campaign["id"])
    assert journey["stages"] == [
        {"stage": "awareness", "touchpoints": [stages[0]["touchpoint"]]},
        {"stage": "purchase", "touchpoints": [stages[1]["touchpoint"]]},
    ]
    # -2, -1, 0: mean -1, sd 1, t(2 df) 4.303 × 1/√3 = 2.484.
    assert points["awareness", "fr-FR"]["feeling"] == {
        "n": 3,
        "mean": -1.0,
        "low": -3.48,
        "high": 1.48,
    }
    assert points["awareness", "fr-FR"]["friction"] == 3.0
    assert points["awareness", "fr-FR"]["testers"] == 2
    assert points["awareness", "fr-FR"]["thin"] is True, "2 testers: fewer than 5"
    assert points["purchase", "fr-FR"]["feeling"]["n"] == 3
    assert points["purchase", "fr-FR"]["feeling"]["mean"] == 0.33
    assert points["purchase", "en-GB"]["feeling"] is None, "nobody reached it"
    assert points["awareness", "en-GB"]["feeling"]["low"] is None, "one observation"
    assert "Student's t" in journey["method"]
    assert '<title id="jm-title">' in page
    assert "The journey map as a table" in page
    assert ">3.0 · 2 testers</text>" in page
    base = f"/campaigns/{campaign['id']}/findings"
    map_part = page[page.index('<figure class="journey-map">') : page.index("</figure>")]
    assert f'<a href="{base}?stage=awareness&amp;locale=fr-FR">' in map_part, (
        "a point opens its findings"
    )
    assert (
        f'<a href="{base}?stage=awareness&amp;locale=fr-FR&amp;review=accepted&amp;sort=severity">'
        in map_part
    ), "the friction beneath opens the accepted findings"
    assert f"{base}?stage=purchase&amp;locale=en-GB" not in map_part, "nobody reached it"
