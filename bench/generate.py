"""A large, realistic campaign written straight into the database, seeded for repeatability.

    python -m bench.generate [--testers 2000] [--findings 100000] [--seed 1]

The campaign itself goes through the app's own `create_campaign`; testers, participations,
step results, answers, findings and screenshots are bulk-inserted (see bench/bulk.py).
Two runs with the same seed write the same rows.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import time
from typing import Any

import msgspec

from backend.auth.passwords import hash_password
from backend.db.engine import current_engine
from backend.db.migrate import migrate
from backend.demo.screens import phone_screen
from backend.screenshots.images import clean_image
from backend.screenshots.store import FileStore
from backend.services.campaign_store import create_campaign
from backend.settings import load_settings
from backend.tables import Campaign, Organization, Question, Step
from bench.bulk import BulkWriter
from campaigns.schema import CampaignDefinition
from campaigns.vocabulary import FindingKind, Severity, Stage

LOCALES = ["en-GB", "fr-FR", "de-DE", "es-ES", "it-IT", "nl-NL", "pl-PL", "pt-PT"]
USE_CASES, STEPS = 10, 8
PASSWORD = "bench-password"  # noqa: S105 - the generated testers' shared, published password
_SEVERITIES = [Severity.critical, Severity.major, Severity.major, Severity.minor, Severity.minor]
_SEVERITIES += [Severity.minor, Severity.cosmetic]
_REVIEWS = ["accepted"] * 11 + ["rejected"] * 3 + ["duplicate"] * 3 + ["new"] * 3
_TITLES = [
    "Pay button hidden behind the keyboard",
    "Price changes between basket and checkout",
    "Error message only in English",
    "Postcode field rejects spaces",
    "Page freezes after choosing a delivery slot",
    "Voucher code field missing on mobile",
    "Confirmation e-mail never arrives",
    "=SUM(A1:A9) shown in the product name",
]
Row = tuple[Any, ...]
Walked = dict[int, list[dict[str, Any]]]
_WORDS = [
    "the",
    "page",
    "was",
    "slow",
    "and",
    "the",
    "button",
    "did",
    "not",
    "react",
    "so",
    "I",
    "tried",
    "again",
    "later",
]


def definition(name: str) -> CampaignDefinition:
    """10 use cases of 8 steps over the six stages; 23 questions per use case."""
    stages = list(Stage)
    use_cases = []
    for u in range(USE_CASES):
        steps = []
        for s in range(STEPS):
            steps.append(
                {
                    "id": f"s{s + 1}",
                    "stage": stages[min(len(stages) - 1, s * len(stages) // STEPS)].value,
                    "touchpoint": "mobile_app" if s % 2 else "website",
                    "instruction": f"Use case {u + 1}, step {s + 1}: do what a customer does.",
                    "questions": [
                        {"id": f"u{u}s{s}_rating", "kind": "rating", "text": "How clear?"},
                        {"id": f"u{u}s{s}_ease", "kind": "seq", "text": "How easy?"},
                    ],
                }
            )
        use_cases.append(
            {
                "id": f"uc{u + 1}",
                "title": f"Journey {u + 1}",
                "steps": steps,
                "questions": [
                    {"id": f"u{u}_liked", "kind": "text", "text": "What did you like?"},
                    {"id": f"u{u}_hurt", "kind": "text", "text": "What hurt?"},
                    {"id": f"u{u}_nps", "kind": "nps", "text": "Recommend?"},
                    {
                        "id": f"u{u}_channel",
                        "kind": "single_choice",
                        "text": "Where would you buy?",
                        "options": [{"id": o, "label": o} for o in ("web", "app", "store")],
                    },
                    {
                        "id": f"u{u}_extras",
                        "kind": "multi_choice",
                        "text": "What would help?",
                        "options": [{"id": o, "label": o} for o in ("chat", "faq", "video")],
                    },
                    {"id": f"u{u}_again", "kind": "yes_no", "text": "Again?"},
                    {"id": f"u{u}_minutes", "kind": "number", "text": "Minutes?", "min": 0},
                ],
            }
        )
    document = {
        "name": name,
        "default_locale": "en-GB",
        "target": {
            "countries": [locale[-2:] for locale in LOCALES],
            "locales": [{"locale": locale, "quota": 250} for locale in LOCALES],
            "devices": [{"kind": "phone"}],
        },
        "use_cases": use_cases,
    }
    return msgspec.convert(document, CampaignDefinition)


class Generated(msgspec.Struct):
    """What a run wrote."""

    campaign_id: int
    testers: int
    step_results: int
    answers: int
    findings: int
    screenshots: int
    seconds: float


async def generate(testers: int, findings: int, seed: int, screenshots: int) -> Generated:
    """Write one campaign with its crowd; returns the counts."""
    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 - test data
    now = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
    await migrate()
    organization = (
        await Organization.select(Organization.id).where(Organization.name == "Bench Co").first()
        or (await Organization.insert(Organization(name="Bench Co")))[0]
    )
    name = f"Bench {testers} testers, {findings} findings, seed {seed}"
    campaign_id = await create_campaign(definition(name), organization["id"], None)
    await Campaign.update({Campaign.status: "running", Campaign.launched_at: now}).where(
        Campaign.id == campaign_id
    )
    steps = await (
        Step.select(Step.id, Step.use_case, Step.stage)
        .where(Step.campaign == campaign_id)
        .order_by(Step.id)
    )
    questions = await (
        Question.select(Question.id, Question.key, Question.kind, Question.step, Question.use_case)
        .where(Question.campaign == campaign_id)
        .order_by(Question.id)
    )
    password_hash = await hash_password(PASSWORD)
    store = FileStore(load_settings().screenshots_dir)
    counts: dict[str, int] = {}
    async with BulkWriter(current_engine()) as bulk:
        user_id = await bulk.next_id("parcours_user")
        participation_id = await bulk.next_id("participation")
        users, participations = [], []
        for n in range(testers):
            locale = LOCALES[n % len(LOCALES)]
            users.append(
                (
                    user_id + n,
                    f"bench{campaign_id}-{n}@bench.test",
                    f"Bench tester {n}",
                    password_hash,
                    "tester",
                    True,
                    now,
                )
            )
            state = "in_progress" if n % 10 == 9 else "submitted"
            participations.append(
                (
                    participation_id + n,
                    campaign_id,
                    user_id + n,
                    f"B{campaign_id}-{n:05d}",
                    locale,
                    locale[-2:],
                    "phone",
                    rng.choice(["iOS", "Android"]),
                    state,
                    now,
                    now,
                    now,
                    now if state == "submitted" else None,
                )
            )
        await bulk.insert(
            "parcours_user",
            ("id", "email", "name", "password_hash", "role", "is_active", "created_at"),
            users,
        )
        await bulk.insert(
            "participation",
            (
                "id",
                "campaign",
                "tester",
                "pseudonym",
                "locale",
                "country",
                "device_kind",
                "device_os",
                "state",
                "invited_at",
                "accepted_at",
                "started_at",
                "submitted_at",
            ),
            participations,
        )
        walked = {
            p[0]: steps if p[8] == "submitted" else steps[: len(steps) // 2] for p in participations
        }
        counts["step_results"] = await _step_results(
            bulk, campaign_id, participations, walked, rng, now
        )
        counts["answers"] = await _answers(
            bulk, campaign_id, participations, walked, questions, rng, now
        )
        finding_ids = await _findings(bulk, campaign_id, participations, walked, findings, rng, now)
        counts["screenshots"] = await _screenshots(bulk, store, finding_ids, screenshots, rng, now)
    return Generated(
        campaign_id=campaign_id,
        testers=testers,
        step_results=counts["step_results"],
        answers=counts["answers"],
        findings=len(finding_ids),
        screenshots=counts["screenshots"],
        seconds=round(time.perf_counter() - started, 1),
    )


async def _step_results(
    bulk: BulkWriter,
    campaign_id: int,
    participations: list[Row],
    walked: Walked,
    rng: random.Random,
    now: dt.datetime,
) -> int:
    first = await bulk.next_id("step_result")
    rows = []
    for p in participations:
        for step in walked[p[0]]:
            roll = rng.random()
            status = "blocked" if roll < 0.04 else "skipped" if roll < 0.08 else "completed"
            rows.append(
                (
                    first + len(rows),
                    p[0],
                    step["id"],
                    step["stage"],
                    campaign_id,
                    p[4],
                    status,
                    rng.randint(5, 300),
                    now,
                    now,
                )
            )
    await bulk.insert(
        "step_result",
        (
            "id",
            "participation",
            "step",
            "stage",
            "campaign",
            "locale",
            "status",
            "seconds_spent",
            "created_at",
            "updated_at",
        ),
        rows,
    )
    return len(rows)


def _value(kind: str, rng: random.Random) -> tuple[Any, Any, Any]:
    """(number, text, choices) for one answer of the kind."""
    match kind:
        case "rating":
            return rng.randint(1, 5), None, None
        case "seq":
            return rng.randint(1, 7), None, None
        case "nps":
            return rng.randint(0, 10), None, None
        case "yes_no":
            return rng.randint(0, 1), None, None
        case "number":
            return rng.randint(0, 60), None, None
        case "single_choice":
            return None, None, msgspec.json.encode([rng.choice(["web", "app", "store"])]).decode()
        case "multi_choice":
            picks = rng.sample(["chat", "faq", "video"], rng.randint(1, 3))
            return None, None, msgspec.json.encode(picks).decode()
        case _:
            return None, " ".join(rng.choices(_WORDS, k=rng.randint(6, 30))), None


async def _answers(
    bulk: BulkWriter,
    campaign_id: int,
    participations: list[Row],
    walked: Walked,
    questions: list[dict[str, Any]],
    rng: random.Random,
    now: dt.datetime,
) -> int:
    first = await bulk.next_id("answer")
    by_step: dict[int, list[dict[str, Any]]] = {}
    by_use_case: dict[int, list[dict[str, Any]]] = {}
    for q in questions:
        if q["step"] is not None:
            by_step.setdefault(q["step"], []).append(q)
        else:
            by_use_case.setdefault(q["use_case"], []).append(q)
    rows = []
    for p in participations:
        use_cases = []
        for step in walked[p[0]]:
            for q in by_step.get(step["id"], []):
                rows.append(
                    (
                        first + len(rows),
                        p[0],
                        q["id"],
                        step["id"],
                        campaign_id,
                        p[4],
                        *_value(q["kind"], rng),
                        now,
                    )
                )
            if step["use_case"] not in use_cases:
                use_cases.append(step["use_case"])
        for use_case in use_cases:
            for q in by_use_case.get(use_case, []):
                rows.append(
                    (
                        first + len(rows),
                        p[0],
                        q["id"],
                        None,
                        campaign_id,
                        p[4],
                        *_value(q["kind"], rng),
                        now,
                    )
                )
    columns = (
        "id",
        "participation",
        "question",
        "step",
        "campaign",
        "locale",
        "number",
        "text",
        "choices",
        "updated_at",
    )
    for start in range(0, len(rows), 50_000):
        await bulk.insert("answer", columns, rows[start : start + 50_000])
    return len(rows)


async def _findings(
    bulk: BulkWriter,
    campaign_id: int,
    participations: list[Row],
    walked: Walked,
    total: int,
    rng: random.Random,
    now: dt.datetime,
) -> list[int]:
    first = await bulk.next_id("finding")
    accepted_on: dict[int, int] = {}
    rows = []
    for n in range(total):
        p = participations[n % len(participations)]
        step = rng.choice(walked[p[0]])
        severity = rng.choice(_SEVERITIES)
        review = rng.choice(_REVIEWS)
        finding_id = first + n
        duplicate_of = None
        if review == "duplicate":
            duplicate_of = accepted_on.get(step["id"])
            if duplicate_of is None:
                review = "new"
        if review == "accepted":
            accepted_on.setdefault(step["id"], finding_id)
        description = " ".join(rng.choices(_WORDS, k=rng.randint(10, 40)))
        rows.append(
            (
                finding_id,
                campaign_id,
                p[0],
                step["use_case"],
                step["id"],
                step["stage"],
                p[4],
                p[5],
                p[6],
                p[7],
                f"{rng.choice(_TITLES)} #{n}",
                description,
                "",
                "",
                "",
                rng.choice(list(FindingKind)).value,
                severity.value,
                severity.value,
                rng.randint(-2, 1),
                review,
                "not_reproducible" if review == "rejected" else None,
                duplicate_of,
                now,
                now,
            )
        )
    columns = (
        "id",
        "campaign",
        "participation",
        "use_case",
        "step",
        "stage",
        "locale",
        "country",
        "device_kind",
        "device_os",
        "title",
        "description",
        "steps_to_reproduce",
        "expected_result",
        "actual_result",
        "kind",
        "severity",
        "reported_severity",
        "emotion",
        "review",
        "review_reason",
        "duplicate_of",
        "created_at",
        "updated_at",
    )
    for start in range(0, len(rows), 50_000):
        await bulk.insert("finding", columns, rows[start : start + 50_000])
    return [row[0] for row in rows]


async def _screenshots(
    bulk: BulkWriter,
    store: FileStore,
    finding_ids: list[int],
    total: int,
    rng: random.Random,
    now: dt.datetime,
) -> int:
    """A few dozen distinct phone screens, cleaned by the app's pipeline, shared by rows."""
    images = []
    for n in range(min(40, total)):
        clean = await asyncio.to_thread(
            clean_image,
            phone_screen(list(Stage)[n % len(Stage)], n, "en-GB", rng),
            10 * 1024 * 1024,
        )
        store.put(clean.sha256, clean.data)
        store.put(clean.thumbnail_sha256, clean.thumbnail)
        images.append(clean)
    first = await bulk.next_id("screenshot")
    chosen = rng.sample(finding_ids, min(total, len(finding_ids)))
    rows = []
    for n, finding_id in enumerate(sorted(chosen)):
        image = images[n % len(images)]
        rows.append(
            (
                first + n,
                finding_id,
                image.sha256,
                image.thumbnail_sha256,
                image.media_type,
                image.width,
                image.height,
                len(image.data),
                now,
            )
        )
    await bulk.insert(
        "screenshot",
        (
            "id",
            "finding",
            "sha256",
            "thumbnail_sha256",
            "media_type",
            "width",
            "height",
            "size_bytes",
            "created_at",
        ),
        rows,
    )
    return len(rows)


def main() -> None:
    """Command line: generate one campaign and print what was written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--testers", type=int, default=2000)
    parser.add_argument("--findings", type=int, default=100_000)
    parser.add_argument("--screenshots", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    result = asyncio.run(generate(args.testers, args.findings, args.seed, args.screenshots))
    print(msgspec.json.encode(result).decode())


if __name__ == "__main__":
    main()
