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
from backend.screenshots.images import clean_image
from backend.screenshots.store import FileStore
from backend.services.accounts import create_account, organization_named
from backend.services.campaign_store import create_campaign
from backend.services.campaigns import change_status, first_campaign_of
from backend.services.findings import report_finding
from backend.services.journeys import QuestionView, journey
from backend.services.participations import AnswersSave, StepSave, save_answers, save_step, submit
from backend.services.profiles import save_profile
from backend.services.recruitment import accept, invitations_of, recruit
from backend.services.review import review_finding
from campaigns.findings import FindingInput
from campaigns.loading import load_file
from campaigns.profiles import CONSENT_VERSION, Device, ProfileInput
from campaigns.review import RejectReason, ReviewDecision
from campaigns.vocabulary import FindingKind, Role, Severity, StepStatus, TokenKind

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

_PEOPLE = {
    "en-GB": ("GB", ["Amelia", "Oliver", "Isla", "George", "Ava", "Noah", "Freya", "Leo"]),
    "fr-FR": ("FR", ["Camille", "Louis", "Léa", "Hugo", "Chloé", "Jules", "Manon", "Arthur"]),
    "de-DE": ("DE", ["Mia", "Felix", "Hannah", "Lukas", "Lena", "Jonas", "Emilia", "Paul"]),
}
# (title, kind, severity) per stage; some locales hurt more at some stages.
_FRICTION: dict[str, list[tuple[str, FindingKind, Severity]]] = {
    "awareness": [
        ("Ad opens the home page, not the trainers shown", FindingKind.usability, Severity.major),
        ("Ad text cut off on small screens", FindingKind.content, Severity.minor),
    ],
    "consideration": [
        ("Compare button hidden under the cookie banner", FindingKind.usability, Severity.major),
        ("Model names differ between list and detail page", FindingKind.content, Severity.minor),
    ],
    "decision": [
        ("Size guide only in US sizes", FindingKind.localization, Severity.major),
        ("Size chart unreadable on a phone", FindingKind.accessibility, Severity.minor),
    ],
    "purchase": [
        ("Card payment fails after 3-D Secure", FindingKind.payment, Severity.critical),
        ("Delivery cost appears only at the last step", FindingKind.trust, Severity.major),
        ("Postcode field rejects spaces", FindingKind.bug, Severity.major),
    ],
    "post_purchase": [
        ("Return label must be printed; no QR code", FindingKind.usability, Severity.major),
        ("Refund e-mail arrives in English only", FindingKind.localization, Severity.minor),
        ("Tracking link shows a 404 page", FindingKind.bug, Severity.major),
    ],
    "loyalty": [
        ("Club sign-up asks for the birth date twice", FindingKind.usability, Severity.minor),
        ("Points balance not shown in the app", FindingKind.content, Severity.cosmetic),
    ],
}
_HOTSPOTS = {("de-DE", "purchase"): 0.6, ("fr-FR", "post_purchase"): 0.55}
_WORDS = {
    "en-GB": [
        "The return was easy once I found the label, but I would not buy again soon.",
        "Quick refund, I would shop here again.",
        "Having to print a label these days feels old-fashioned.",
    ],
    "fr-FR": [
        "Le retour était compliqué, il faut une imprimante.",
        "Remboursement rapide, je recommanderai.",
        "Je n'ai pas compris où déposer le colis.",
    ],
    "de-DE": [
        "Rücksendung war einfach, aber die Zahlung hat zweimal nicht geklappt.",
        "Schnelle Erstattung, gerne wieder.",
        "Das Etikett musste ich ausdrucken, das ist umständlich.",
    ],
}


class DemoAccounts(msgspec.Struct):
    """The sign-ins the demo prints."""

    client: str
    manager: str
    tester: str
    password: str
    campaign_id: int


# Testers write in their own language: each problem's title, and the frame of its report.
_TITLES: dict[str, dict[str, str]] = {
    "Ad opens the home page, not the trainers shown": {
        "fr-FR": "La pub ouvre l'accueil, pas les baskets montrées",
        "de-DE": "Die Anzeige öffnet die Startseite statt der gezeigten Sneaker",
    },
    "Ad text cut off on small screens": {
        "fr-FR": "Texte de la pub coupé sur petit écran",
        "de-DE": "Anzeigentext auf kleinen Bildschirmen abgeschnitten",
    },
    "Compare button hidden under the cookie banner": {
        "fr-FR": "Bouton Comparer caché sous le bandeau cookies",
        "de-DE": "Vergleichen-Knopf unter dem Cookie-Banner versteckt",
    },
    "Model names differ between list and detail page": {
        "fr-FR": "Noms de modèles différents entre la liste et la fiche",
        "de-DE": "Modellnamen in Liste und Detailseite verschieden",
    },
    "Size guide only in US sizes": {
        "fr-FR": "Guide des tailles uniquement en tailles US",
        "de-DE": "Größentabelle nur in US-Größen",
    },
    "Size chart unreadable on a phone": {
        "fr-FR": "Tableau des tailles illisible sur téléphone",
        "de-DE": "Größentabelle auf dem Handy unlesbar",
    },
    "Card payment fails after 3-D Secure": {
        "fr-FR": "Le paiement par carte échoue après 3-D Secure",
        "de-DE": "Kartenzahlung scheitert nach 3-D Secure",
    },
    "Delivery cost appears only at the last step": {
        "fr-FR": "Frais de livraison affichés seulement à la dernière étape",
        "de-DE": "Versandkosten erst im letzten Schritt sichtbar",
    },
    "Postcode field rejects spaces": {
        "fr-FR": "Le champ code postal refuse les espaces",
        "de-DE": "Postleitzahlfeld lehnt Leerzeichen ab",
    },
    "Return label must be printed; no QR code": {
        "fr-FR": "Étiquette de retour à imprimer, pas de QR code",
        "de-DE": "Rücksendeetikett muss gedruckt werden, kein QR-Code",
    },
    "Refund e-mail arrives in English only": {
        "fr-FR": "L'e-mail de remboursement n'arrive qu'en anglais",
        "de-DE": "Erstattungs-E-Mail kommt nur auf Englisch",
    },
    "Tracking link shows a 404 page": {
        "fr-FR": "Le lien de suivi affiche une page 404",
        "de-DE": "Sendungsverfolgung zeigt eine 404-Seite",
    },
    "Club sign-up asks for the birth date twice": {
        "fr-FR": "L'inscription au club demande deux fois la date de naissance",
        "de-DE": "Club-Anmeldung fragt zweimal nach dem Geburtsdatum",
    },
    "Points balance not shown in the app": {
        "fr-FR": "Le solde de points n'apparaît pas dans l'appli",
        "de-DE": "Punktestand wird in der App nicht angezeigt",
    },
}
# (description, expected result) per locale; {step} is the step as the tester read it.
_REPORT: dict[str, tuple[str, str]] = {
    "en-GB": (
        "At “{step}”: tried twice, same result both times.",
        "To carry on without having to look for a way round it.",
    ),
    "fr-FR": (
        "À l'étape « {step} » : essayé deux fois, même résultat.",
        "Pouvoir continuer sans chercher de solution de contournement.",
    ),
    "de-DE": (
        "Beim Schritt „{step}“: zweimal versucht, gleiches Ergebnis.",
        "Weitermachen können, ohne einen Umweg zu suchen.",
    ),
}


async def seed_demo(
    store: FileStore, progress: Callable[[int, int], None] | None = None, seed: int = 7
) -> DemoAccounts:
    """Create the demo once; later runs find it and change nothing.

    `progress(done, total)` hears about each tester who has walked the journey.
    """
    campaign_id = await first_campaign_of(ORGANIZATION)
    if campaign_id is None:
        campaign_id = await _create(store, random.Random(seed), progress or _quiet)  # noqa: S311 - demo data
    return DemoAccounts(CLIENT, MANAGER, TESTER, PASSWORD, campaign_id)


def _quiet(done: int, total: int) -> None:
    """No progress to show."""


def _as_user(user_id: int, email: str, role: Role, organization_id: int | None) -> CurrentUser:
    return CurrentUser(user_id, email, email, role, organization_id, TokenKind.session)


async def _create(
    store: FileStore, rng: random.Random, progress: Callable[[int, int], None]
) -> int:
    client_id = await create_account(CLIENT, PASSWORD, "Chloé Martin", Role.client, ORGANIZATION)
    org_id = await organization_named(ORGANIZATION)
    client = _as_user(client_id, CLIENT, Role.client, org_id)
    manager_id = await create_account(MANAGER, PASSWORD, "Priya Manager", Role.manager, None)
    manager = _as_user(manager_id, MANAGER, Role.manager, None)
    start = clock.today() - dt.timedelta(days=DAYS_IN)
    retail = msgspec.structs.replace(
        load_file(EXAMPLES / "retail.yaml"),
        starts_on=start,
        ends_on=start + dt.timedelta(days=CAMPAIGN_DAYS),
    )
    campaign_id = await create_campaign(retail, org_id, client_id)
    await create_campaign(load_file(EXAMPLES / "payments.yaml"), org_id, client_id)

    testers = []
    for locale, (country, names) in _PEOPLE.items():
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
        await _review(manager, filed, rng)
    return campaign_id


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
        hurt = _HOTSPOTS.get((locale, step.stage), 0.25)
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
            english, kind, severity = rng.choice(_FRICTION[step.stage])
            title = _TITLES[english].get(locale, english)
            description, expected = _REPORT[locale]
            shot = phone_screen(title, rng) if rng.random() < 0.7 else None
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
                    description=description.format(step=step.instruction[:80]),
                    steps_to_reproduce=f"1. {step.instruction}\n2. {title}",
                    expected_result=expected,
                    actual_result=title,
                ),
                images,
                store,
            )
            filed.append((finding.id, title, locale))
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
            return rng.choice(_WORDS.get(locale, _WORDS["en-GB"]))
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


async def _review(manager: CurrentUser, filed: list[tuple[int, str, str]], rng: random.Random):
    """Accept the first report of each problem per locale, fold repeats in as duplicates,
    and leave a few new, rejected or waiting for the tester."""
    originals: dict[tuple[str, str], int] = {}
    for finding_id, title, locale in filed:
        original = originals.get((title, locale))
        roll = rng.random()
        if original is not None and roll < 0.8:
            decision = ReviewDecision(review="duplicate", duplicate_of=original)
        elif roll < 0.7:
            decision = ReviewDecision(review="accepted")
            originals.setdefault((title, locale), finding_id)
        elif roll < 0.8:
            decision = ReviewDecision(review="rejected", reason=RejectReason.not_reproducible)
        elif roll < 0.88:
            decision = ReviewDecision(
                review="needs_info", note="Which browser and app version were you using?"
            )
        else:
            continue
        await review_finding(manager, finding_id, decision)
