"""The counts the database keeps as rows are written (answers, findings, step results):
whatever writes the rows, each tally equals a GROUP BY over the rows themselves."""

from __future__ import annotations

import random
from typing import Any

import pytest
from httpx import AsyncClient

from backend.db.upserts import upsert
from backend.tables import (
    Answer,
    Campaign,
    Finding,
    Participation,
    Question,
    Step,
    StepResult,
    User,
)
from tests.helpers import accepted_journey, csrf_headers, small_definition

pytestmark = pytest.mark.anyio

# Each tally, its key and counters, and the same figures grouped from its source rows.
_TALLIES = {
    "answer_count": (
        "campaign, question, locale, number",
        "n",
        "COUNT(*) AS n FROM answer WHERE number IS NOT NULL",
    ),
    "friction_count": (
        "campaign, stage, locale, severity, kind",
        "n",
        "COUNT(*) AS n FROM finding WHERE review = 'accepted'",
    ),
    "mood_count": ("campaign, review, stage, locale, emotion", "n", "COUNT(*) AS n FROM finding"),
    "stage_reach": (
        "campaign, stage, locale, participation",
        "n, blocked",
        "COUNT(*) AS n, SUM(CASE WHEN status = 'blocked' THEN 1 ELSE 0 END) AS blocked"
        " FROM step_result",
    ),
    "step_count": (
        "campaign, step, locale, status",
        "n, timed",
        "COUNT(*) AS n, COUNT(seconds_spent) AS timed FROM step_result",
    ),
}


async def _kept() -> dict[str, set[tuple[Any, ...]]]:
    """Every tally's rows as the triggers left them, without the keys that fell to zero."""
    kept = {}
    for table, (key, counters, _) in _TALLIES.items():
        rows = await Answer.raw(f"SELECT {key}, {counters} FROM {table} WHERE n <> 0")  # noqa: S608
        kept[table] = {tuple(row.values()) for row in rows}
    return kept


async def _grouped() -> dict[str, set[tuple[Any, ...]]]:
    """The same figures computed from the rows at this moment."""
    grouped = {}
    for table, (key, _, source) in _TALLIES.items():
        rows = await Answer.raw(f"SELECT {key}, {source} GROUP BY {key}")
        grouped[table] = {tuple(row.values()) for row in rows}
    return grouped


async def _agree() -> None:
    kept, grouped = await _kept(), await _grouped()
    for table in _TALLIES:
        assert kept[table] == grouped[table], table


def _with_step_rating() -> dict[str, Any]:
    definition = small_definition()
    step = definition["use_cases"][0]["steps"][0]
    step["questions"].append({"id": "clear", "kind": "rating", "scale": 5, "text": "Clear?"})
    return definition


async def _clear_statistics(client: AsyncClient, campaign_id: int) -> dict[str, Any]:
    report = (await client.get(f"/api/v1/campaigns/{campaign_id}/report")).json()
    return {
        row["locale"]: row["summary"]
        for row in report["questions"]["statistics"]
        if row["question"] == "clear"
    }


async def test_step_saves_move_the_report_figures(client: AsyncClient, browsers) -> None:
    tester = browsers()
    journey = await accepted_journey(client, tester, _with_step_rating())
    step = journey["use_cases"][0]["steps"][0]["id"]
    url = f"/api/v1/participations/{journey['participation_id']}/steps/{step}"
    campaign_id = (await Campaign.select(Campaign.id).first())["id"]

    async def save(answers: dict[str, Any]) -> None:
        body = {"status": "completed", "answers": {"found": "home", **answers}}
        response = await tester.put(url, json=body, headers=await csrf_headers(tester))
        assert response.status_code == 200, response.text

    await save({"clear": 2})
    assert _summary(await _clear_statistics(client, campaign_id)) == (1, 2.0)
    # Saved again with the same answer (an autosave), then changed: still one tester.
    await save({"clear": 2})
    await save({"clear": 5})
    figures = await _clear_statistics(client, campaign_id)
    assert _summary(figures) == (1, 5.0)
    assert figures["fr-FR"]["distribution"] == {"5": 1}
    assert figures["en-GB"]["n"] == 0
    # Cleared: the answer is gone, and so is its count.
    await save({})
    assert _summary(await _clear_statistics(client, campaign_id)) == (0, None)
    await _agree()


def _summary(figures: dict[str, Any]) -> tuple[int, float | None]:
    """(n, mean) of all locales, which must be those of the tester's fr-FR."""
    assert figures["all"]["n"] == figures["fr-FR"]["n"]
    return figures["all"]["n"], figures["all"]["mean"]


async def test_counts_follow_every_kind_of_write(client: AsyncClient, browsers) -> None:
    await accepted_journey(client, browsers(), _with_step_rating())
    campaign_id = (await Campaign.select(Campaign.id).first())["id"]
    questions = [
        row["id"]
        for row in await Question.select(Question.id).where(Question.campaign == campaign_id)
    ]
    rng = random.Random(7)  # noqa: S311 - repeatable data, not secrets
    users = await User.insert(
        *(User(email=f"t{n}@e.test", name="T", password_hash="!", role="tester") for n in range(12))
    )
    participations = [
        row["id"]
        for row in await Participation.insert(
            *(
                Participation(
                    campaign=campaign_id,
                    tester=user["id"],
                    pseudonym=f"T-{n}",
                    locale=rng.choice(["en-GB", "fr-FR"]),
                    country="FR",
                    state="in_progress",
                )
                for n, user in enumerate(users)
            )
        )
    ]
    locale_of = {
        row["id"]: row["locale"]
        for row in await Participation.select(Participation.id, Participation.locale)
    }
    step = await Step.select(Step.id, Step.stage, Step.use_case).first()

    def answers(values: list[float | None]) -> list[tuple[Any, ...]]:
        return [
            (p, q, campaign_id, locale_of[p], rng.choice(values), None)
            for p in participations
            for q in questions
            if rng.random() < 0.7
        ]

    def results(statuses: list[str], seconds: list[int | None]) -> list[tuple[Any, ...]]:
        return [
            (p, step["id"], step["stage"], campaign_id, locale_of[p], rng.choice(statuses), s)
            for p in participations
            if rng.random() < 0.8
            for s in [rng.choice(seconds)]
        ]

    # Many-row upserts as the step saves write them: new rows, changed ones, the same values
    # again, and numbers replaced by nothing (a choice or text question's shape).
    for values, statuses, seconds in (
        ([1, 2, 3], ["completed"], [30, None]),
        ([2, 3, 4, None], ["completed", "blocked"], [30, 45]),
        ([4.5, 0, None], ["skipped", "blocked"], [None]),
        ([3], ["completed"], [12]),
    ):
        await upsert(
            Answer,
            ("participation", "question", "campaign", "locale", "number", "text"),
            answers(values),
            conflict=("participation", "question"),
            update=("number", "text"),
        )
        await upsert(
            StepResult,
            ("participation", "step", "stage", "campaign", "locale", "status", "seconds_spent"),
            results(statuses, seconds),
            conflict=("participation", "step"),
            update=("status", "seconds_spent"),
        )
        await _agree()
    await Finding.insert(
        *(
            Finding(
                campaign=campaign_id,
                participation=p,
                use_case=step["use_case"],
                step=step["id"],
                stage=step["stage"],
                locale=locale_of[p],
                country="FR",
                title="Slow",
                kind=rng.choice(["bug", "usability"]),
                severity=rng.choice(["major", "minor"]),
                reported_severity="minor",
                emotion=rng.randint(-2, 2),
                review=rng.choice(["new", "accepted", "rejected"]),
            )
            for p in participations
            for _ in range(3)
        )
    )
    kept = await _kept()
    assert all(kept.values()), "every tally counts something"
    await _agree()

    # Reviews, corrections and erasures of every kind, through the ORM and in raw SQL.
    findings = [row["id"] for row in await Finding.select(Finding.id)]
    await Finding.update({Finding.review: "accepted"}).where(Finding.id.is_in(findings[::2]))
    await Finding.update({Finding.severity: "critical", Finding.emotion: -2}).where(
        Finding.id.is_in(findings[::3])
    )
    await Finding.raw("UPDATE finding SET review = 'duplicate' WHERE id % 5 = 0")
    await Finding.raw("DELETE FROM finding WHERE id % 7 = 0")
    await Answer.raw("UPDATE answer SET number = number + 1 WHERE id % 3 = 0")
    await Answer.raw("UPDATE answer SET locale = {} WHERE id % 5 = 0", "de-DE")
    await Answer.raw("DELETE FROM answer WHERE id % 4 = 0")
    await StepResult.raw("UPDATE step_result SET status = 'blocked' WHERE id % 3 = 0")
    await StepResult.raw("UPDATE step_result SET seconds_spent = NULL WHERE id % 4 = 0")
    await StepResult.raw("DELETE FROM step_result WHERE id % 5 = 0")
    await _agree()

    # A participation deleted takes its rows with it by cascade; a campaign, everything.
    await Participation.delete().where(Participation.id == participations[0])
    await _agree()
    await Campaign.delete().where(Campaign.id == campaign_id)
    assert await _kept() == {table: set() for table in _TALLIES}
    await _agree()
