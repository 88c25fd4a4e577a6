"""The top issues' ranking, against a count by hand over every finding: grouping only the
findings that issues and duplicates concern must rank exactly as grouping them all."""

from __future__ import annotations

import random
from collections import defaultdict

import pytest

from backend.services.top_points import top_points
from backend.tables import Campaign, Finding, Participation, Step
from reports.friction import SEVERITY_WEIGHTS
from reports.top import Ranked, ranked_first
from tests.helpers import accepted_journey

pytestmark = pytest.mark.anyio


def test_singles_rank_by_weight_then_id_among_the_grouped() -> None:
    weights = {"critical": 8, "minor": 2}
    grouped = [Ranked(7, 2, 16), Ranked(3, 1, 2)]
    singles = [(9, "critical"), (2, "minor"), (4, "critical")]

    ranked = ranked_first(grouped, singles, weights, 4)

    assert ranked == [Ranked(7, 2, 16), Ranked(4, 1, 8), Ranked(9, 1, 8), Ranked(2, 1, 2)]


def _by_hand(findings: list[dict], locale: str | None) -> list[tuple[int, int, int]]:
    """Every accepted finding (of the locale) scored as the rank formula says, grouped."""
    folded: dict[int, int] = defaultdict(int)
    for f in findings:
        if f["duplicate_of"] is not None:
            folded[f["duplicate_of"]] += 1
    groups: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for f in findings:
        if f["review"] != "accepted" or (locale and f["locale"] != locale):
            continue
        reports = 1 + folded[f["id"]]
        group = groups[f["issue_of"] or f["id"]]
        group[0] += reports
        group[1] += SEVERITY_WEIGHTS[f["severity"]] * reports
    ranked = sorted(groups.items(), key=lambda item: (-item[1][1], item[0]))
    return [(id, reports, score) for id, (reports, score) in ranked]


async def test_top_points_match_a_count_by_hand(client, browsers) -> None:
    await accepted_journey(client, browsers())
    campaign = (await Campaign.select(Campaign.id).first())["id"]
    step = await Step.select(Step.id, Step.stage, Step.use_case).first()
    participation = (await Participation.select(Participation.id).first())["id"]
    rng = random.Random(3)  # noqa: S311 - repeatable data, not secrets
    rows = await Finding.insert(
        *(
            Finding(
                campaign=campaign,
                participation=participation,
                use_case=step["use_case"],
                step=step["id"],
                stage=step["stage"],
                locale=rng.choice(["en-GB", "fr-FR"]),
                country="FR",
                title=f"Problem {n}",
                kind="usability",
                severity=rng.choice([s.value for s in SEVERITY_WEIGHTS]),
                reported_severity="minor",
                review=rng.choice(["accepted"] * 4 + ["new", "rejected", "duplicate"]),
            )
            for n in range(120)
        )
    )
    ids = [row["id"] for row in rows]
    # Duplicates folded into some findings, and issues led by others.
    for duplicate in rng.sample(ids, 25):
        await Finding.update({Finding.duplicate_of: rng.choice(ids[:15])}).where(
            Finding.id == duplicate
        )
    leads = ids[15:20]
    for member in rng.sample(ids[20:], 20):
        await Finding.update({Finding.issue_of: rng.choice(leads)}).where(Finding.id == member)
    findings = await Finding.select(
        Finding.id,
        Finding.review,
        Finding.locale,
        Finding.severity,
        Finding.duplicate_of,
        Finding.issue_of,
    )

    for locale in (None, "en-GB", "fr-FR"):
        for limit in (1, 10, 40):
            top = await top_points(campaign, limit, locale)
            found = [(p.finding_id, p.reports, p.score) for p in top.points]
            assert found == _by_hand(findings, locale)[:limit], (locale, limit)
