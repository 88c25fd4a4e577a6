"""Seed the demo: Northwind's retail campaign walked by two dozen testers in three locales.

Everything goes through the same services the web app uses, so the demo data obeys the
same rules (quotas, answer checks, screenshot cleaning, review trail) as real data.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import anyio.to_thread
import msgspec

from backend import clock
from backend.auth.identity import CurrentUser
from backend.demo.screens import phone_screen
from backend.demo.texts import (
    FRICTION,
    HOTSPOTS,
    PEOPLE,
    REPORT,
    SHOP,
    SHOP_PATH,
    TITLES,
    WORDS,
)
from backend.screenshots.images import clean_image
from backend.screenshots.store import FileStore
from backend.services.accounts import create_account, organization_named
from backend.services.campaign_store import create_campaign
from backend.services.campaigns import change_status, first_campaign_of
from backend.services.findings import report_finding
from backend.services.issues import group_into_issue
from backend.services.journeys import QuestionView, journey
from backend.services.participations import AnswersSave, save_answers, submit
from backend.services.profiles import save_profile
from backend.services.recruitment import accept, invitations_of, recruit
from backend.services.review import review_finding
from backend.services.step_saves import StepSave, save_step
from campaigns.findings import FindingInput
from campaigns.loading import load_file
from campaigns.profiles import CONSENT_VERSION, Device, ProfileInput
from campaigns.review import RejectReason, ReviewDecision
from campaigns.schema import CampaignDefinition, Link
from campaigns.text import short_label
from campaigns.vocabulary import Role, StepStatus, TokenKind

EXAMPLES = Path(__file__).resolve().parents[2] / "campaigns" / "examples"
ORGANIZATION = "Northwind Shoes"
PASSWORD = "parcours-demo"  # noqa: S105 - printed by `parcours demo` for visitors
CLIENT = "client@demo.parcours.test"
MANAGER = "manager@demo.parcours.test"
TESTER = "tester@demo.parcours.test"
TESTERS_PER_LOCALE = 8
MAX_BYTES = 10 * 1024 * 1024
# The demo stands this many days into a four-week campaign: recruiting is done, most testers
# have walked, and review is under way.
DAYS_IN = 18
CAMPAIGN_DAYS = 28


class DemoAccounts(msgspec.Struct):
    """The sign-ins the demo prints."""

    client: str
    manager: str
    tester: str
    password: str
    campaign_id: int


async def seed_demo(
    store: FileStore,
    site: str,
    progress: Callable[[int, int], None] | None = None,
    seed: int = 7,
) -> DemoAccounts:
    """Create the demo once; later runs find it and change nothing.

    `site` is where the demo is served, for the campaign's link to the demo shop;
    `progress(done, total)` hears about each tester who has walked the journey.
    """
    campaign_id = await first_campaign_of(ORGANIZATION)
    if campaign_id is None:
        rng = random.Random(seed)  # noqa: S311 - demo data
        campaign_id = await _create(store, site, rng, progress or _quiet)
    return DemoAccounts(CLIENT, MANAGER, TESTER, PASSWORD, campaign_id)


def _quiet(done: int, total: int) -> None:
    """No progress to show."""


def _as_user(user_id: int, email: str, role: Role, organization_id: int | None) -> CurrentUser:
    return CurrentUser(user_id, email, email, role, organization_id, TokenKind.session)


async def _create(
    store: FileStore, site: str, rng: random.Random, progress: Callable[[int, int], None]
) -> int:
    client_id = await create_account(CLIENT, PASSWORD, "Chloé Martin", Role.client, ORGANIZATION)
    org_id = await organization_named(ORGANIZATION)
    client = _as_user(client_id, CLIENT, Role.client, org_id)
    manager_id = await create_account(MANAGER, PASSWORD, "Priya Manager", Role.manager, None)
    manager = _as_user(manager_id, MANAGER, Role.manager, None)
    start = clock.today() - dt.timedelta(days=DAYS_IN)
    retail = msgspec.structs.replace(
        _to_the_demo_shop(load_file(EXAMPLES / "retail.yaml"), site),
        starts_on=start,
        ends_on=start + dt.timedelta(days=CAMPAIGN_DAYS),
    )
    campaign_id = await create_campaign(retail, org_id, client_id)
    await create_campaign(load_file(EXAMPLES / "payments.yaml"), org_id, client_id)

    testers = []
    for locale, (country, names) in PEOPLE.items():
        for name in names[:TESTERS_PER_LOCALE]:
            email = f"{name.lower().replace('é', 'e')}.{country.lower()}@demo.parcours.test"
            testers.append(await _tester(email, name, country, locale, rng))
    with _standing_at(_on_day(start, 0, 9 * 60)):
        await change_status(client, campaign_id, "launch")
    # The visitor's own tester signs up today: invited, free to accept and walk the journey.
    await _tester(TESTER, "Sam Tester", "GB", "en-GB", rng)
    await recruit(campaign_id)

    filed: list[tuple[int, str, str]] = []
    for index, tester in enumerate(testers):
        walk_all = index % 8 != 7  # one tester per locale stops half-way
        # Testers answer over the first ten days, each at an hour of their own.
        begins = _on_day(start, 1 + index % 10, rng.randint(8 * 60, 21 * 60))
        filed += await _walk(tester, campaign_id, store, rng, walk_all, begins)
        progress(index + 1, len(testers))
    with _standing_at(_on_day(start, 12, 9 * 60)):
        await _review(manager, campaign_id, filed, rng)
    return campaign_id


def _to_the_demo_shop(definition: CampaignDefinition, site: str) -> CampaignDefinition:
    """The example's ad link, pointed at the shop page the demo serves in each locale."""
    base = f"{site.rstrip('/')}{SHOP_PATH}"
    use_cases = []
    for use_case in definition.use_cases:
        steps = [
            msgspec.structs.replace(
                step,
                link=Link(
                    url={locale: f"{base}/{locale}/trail-runner" for locale in SHOP},
                    label=step.link.label,
                ),
            )
            if step.link
            else step
            for step in use_case.steps
        ]
        use_cases.append(msgspec.structs.replace(use_case, steps=steps))
    return msgspec.structs.replace(definition, use_cases=use_cases)


def _on_day(start: dt.date, day: int, minute: int) -> dt.datetime:
    """A moment `day` days into the campaign, `minute` minutes after midnight UTC."""
    midnight = dt.datetime.combine(start + dt.timedelta(days=day), dt.time(), tzinfo=dt.UTC)
    return midnight + dt.timedelta(minutes=minute)


@contextmanager
def _standing_at(moment: dt.datetime) -> Iterator[None]:
    """Let the services' clock stand at a past moment, then return to the real time."""
    clock.set_now(moment)
    try:
        yield
    finally:
        clock.set_now(None)


async def _tester(
    email: str, name: str, country: str, locale: str, rng: random.Random
) -> CurrentUser:
    user_id = await create_account(email, PASSWORD, name, Role.tester, None)
    device = rng.choice(
        [Device(kind="phone", os="iOS"), Device(kind="phone", os="Android")] * 3
        + [Device(kind="desktop", os="Windows")]
    )
    await save_profile(
        user_id,
        ProfileInput(
            country=country,
            locale=locale,
            languages=[locale[:2]],
            devices=[device],
            consent_version=CONSENT_VERSION,
        ),
    )
    return _as_user(user_id, email, Role.tester, None)


async def _walk(
    tester: CurrentUser,
    campaign_id: int,
    store: FileStore,
    rng: random.Random,
    walk_all: bool,
    begins: dt.datetime,
) -> list[tuple[int, str, str]]:
    """Accept, walk every step (filing findings on the way), answer, and submit, taking
    minutes per step from `begins`, as a person would."""
    with _standing_at(begins):
        return await _walk_from(tester, campaign_id, store, rng, walk_all, begins)


async def _walk_from(
    tester: CurrentUser,
    campaign_id: int,
    store: FileStore,
    rng: random.Random,
    walk_all: bool,
    moment: dt.datetime,
) -> list[tuple[int, str, str]]:
    invitation = next(i for i in await invitations_of(tester) if i.campaign_id == campaign_id)
    pid, locale = invitation.id, invitation.locale
    await accept(tester, pid)
    view = await journey(tester, pid)
    steps = [step for use_case in view.use_cases for step in use_case.steps]
    if not walk_all:
        steps = steps[: len(steps) // 2]
    filed = []
    for step in steps:
        hurt = HOTSPOTS.get((locale, step.stage), 0.25)
        status = StepStatus.blocked if rng.random() < hurt / 4 else StepStatus.completed
        answers = {q.id: _answer(q, locale, rng, hurt) for q in step.questions}
        seconds = rng.randint(40, 420)
        moment += dt.timedelta(seconds=seconds + rng.randint(10, 90))
        clock.set_now(moment)
        await save_step(tester, pid, step.id, StepSave(status, seconds, answers))
        if rng.random() < hurt:
            # Writing a report with a screenshot takes a few minutes.
            moment += dt.timedelta(minutes=rng.randint(2, 6))
            clock.set_now(moment)
            problem = rng.randrange(len(FRICTION[step.stage]))
            english, kind, severity = FRICTION[step.stage][problem]
            title = TITLES[english].get(locale, english)
            description, expected = REPORT[locale]
            shot = phone_screen(step.stage, problem, locale, rng) if rng.random() < 0.7 else None
            images = [await anyio.to_thread.run_sync(clean_image, shot, MAX_BYTES)] if shot else []
            finding = await report_finding(
                tester,
                pid,
                step.id,
                FindingInput(
                    title=title,
                    kind=kind,
                    severity=severity,
                    emotion=rng.choice([-2, -2, -1, -1, 0]),
                    description=description.format(step=short_label(step.instruction, 12)),
                    steps_to_reproduce=f"1. {step.instruction}\n2. {title}",
                    expected_result=expected,
                    actual_result=title,
                ),
                images,
                store,
            )
            filed.append((finding.id, english, locale))
    if not walk_all:
        return filed
    clock.set_now(moment + dt.timedelta(minutes=rng.randint(3, 9)))
    closing = [*view.questions, *(q for use_case in view.use_cases for q in use_case.questions)]
    await save_answers(
        tester, pid, AnswersSave({q.id: _answer(q, locale, rng, 0.25) for q in closing})
    )
    await submit(tester, pid)
    return filed


def _answer(question: QuestionView, locale: str, rng: random.Random, hurt: float) -> Any:
    """A plausible answer; testers in a painful locale and stage answer lower."""
    low = hurt > 0.4
    match question.kind:
        case "text":
            return rng.choice(WORDS.get(locale, WORDS["en-GB"]))
        case "rating":
            scale = question.scale or 5
            return max(1, min(scale, rng.randint(2, scale) - (1 if low else 0)))
        case "nps":
            return rng.choice([3, 5, 6, 7, 8] if low else [6, 7, 8, 9, 9, 10])
        case "seq":
            return rng.randint(2, 5) if low else rng.randint(4, 7)
        case "single_choice":
            return rng.choice(question.options).id
        case "multi_choice":
            most = question.max_picks or len(question.options)
            picks = rng.randint(question.min_picks or 1, most)
            return [option.id for option in rng.sample(question.options, picks)]
        case "yes_no":
            return rng.random() > (0.5 if low else 0.2)
        case _:
            lowest, highest = question.min or 0, question.max or 10
            return rng.randint(int(lowest), int(highest))


async def _review(
    manager: CurrentUser, campaign_id: int, filed: list[tuple[int, str, str]], rng: random.Random
) -> None:
    """Accept the first report of each problem per locale, fold repeats in as duplicates,
    leave a few new, rejected or waiting for the tester, and group the same problem accepted
    in several locales into one issue."""
    originals: dict[tuple[str, str], int] = {}
    for finding_id, problem, locale in filed:
        original = originals.get((problem, locale))
        roll = rng.random()
        if original is not None and roll < 0.8:
            decision = ReviewDecision(review="duplicate", duplicate_of=original)
        elif roll < 0.7:
            decision = ReviewDecision(review="accepted")
            originals.setdefault((problem, locale), finding_id)
        elif roll < 0.8:
            decision = ReviewDecision(review="rejected", reason=RejectReason.not_reproducible)
        elif roll < 0.88:
            decision = ReviewDecision(
                review="needs_info", note="Which browser and app version were you using?"
            )
        else:
            continue
        await review_finding(manager, finding_id, decision)
    leads: dict[str, int] = {}
    for (problem, _), finding_id in originals.items():
        lead = leads.setdefault(problem, finding_id)
        if lead != finding_id:
            await group_into_issue(manager, campaign_id, finding_id, lead)
