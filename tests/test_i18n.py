"""Every interface in the reader's language: complete catalogs, no unmarked template text,
negotiation (own setting, else the browser's languages, else English), right-to-left."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from httpx import AsyncClient

from frontend import TEMPLATES_DIR
from frontend.catalogs import KEYWORDS, LANGUAGES, LOCALE_DIR, SOURCE_LANGUAGE, po_path
from tests.helpers import csrf_headers, form_token, signed_up

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = [language for language in LANGUAGES if language != SOURCE_LANGUAGE]
# Words that are the same in the translation as in English, legitimately.
SAME_EVERYWHERE = {
    "%(seconds)s s",
    "{question}: {reason}",
    "Chat",
    "Computer",
    "Tablet",
    "Persona:",
    "Project manager",
    "project manager",
    "Browser",
    "Account",
    "Password",
    "Scenario:",
    "Screenshot",
    "Quota",
    "Tester",
    "Options",
    "Option %(number)s",
    "Question %(number)s",
    "Details",
    "Label",
    "tester",
    "Testers",
    "Version",
    "Website",
    "E-mail",
    "Post",
    "No",
    "Client",
    "Content",
    "Rapport",
    "Report",
    "Questions",
    "Navigation",
    "Median",
    "Type",
    "Interface",
    "Stage",
    "(optional)",
    "Campagnes",
    "score %(score)s",
    "Screenshots",
    "Use case",
    "Error %(code)s",
    "Use cases",
    "Invitations",
    "Description",
    "Option",
    "Product",
    "Score",
    "n",
    "Question",
}
_PLACEHOLDERS = re.compile(r"%\((\w+)\)[sd]|\{(\w+)(?:![rsa])?(?::[^}]*)?\}")


def _placeholders(text: str) -> set[str]:
    return {a or b for a, b in _PLACEHOLDERS.findall(text)}


def _extracted(target: Path) -> set[str]:
    """What the code marks for translation today, extracted afresh into `target`."""
    subprocess.run(
        [
            str(Path(sys.executable).parent / "pybabel"),
            "extract",
            "-F",
            "frontend/babel.cfg",
            *(f"-k{keyword}" for keyword in KEYWORDS),
            "--omit-header",
            "-o",
            str(target),
            ".",
        ],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    with target.open("rb") as source:
        catalog = read_po(source)
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The messages in the code."""
    return _extracted(tmp_path_factory.mktemp("catalog") / "messages.pot")


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_is_complete_and_faithful(language: str, marked: set[str]) -> None:
    with po_path(language).open("rb") as source:
        catalog = read_po(source, locale=language)
    messages = {(m.id if isinstance(m.id, str) else m.id[0]): m for m in catalog if m.id}

    assert marked - set(messages) == set(), "messages missing from the catalog"
    problems = []
    for key, message in messages.items():
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        english = message.id if isinstance(message.id, tuple) else (message.id,)
        if message.fuzzy:
            problems.append(f"fuzzy: {key}")
        if not all(forms):
            problems.append(f"untranslated: {key}")
            continue
        if not isinstance(message.id, tuple) and forms[0] == key and key not in SAME_EVERYWHERE:
            problems.append(f"copies the English: {key}")
        wanted = set().union(*(_placeholders(text) for text in english))
        for form in forms:
            found = _placeholders(form)
            # A plural form may spell its number out ("two answers"), never drop the rest.
            required = wanted - {"num"} if isinstance(message.id, tuple) else wanted
            if not required <= found or not found <= wanted:
                problems.append(f"placeholders {sorted(found)} ≠ {sorted(wanted)}: {form}")
    assert problems == []


def test_no_catalog_keeps_messages_the_code_no_longer_has(marked: set[str]) -> None:
    for language in TRANSLATED:
        with po_path(language).open("rb") as source:
            catalog = read_po(source, locale=language)
        kept = {(m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}
        assert kept - marked == set(), language


_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_TAG = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S)
_ATTRIBUTE = re.compile(r'\b(?:aria-label|alt|title|placeholder)="([^"]*)"')
# Text any language shows as it is.
_UNIVERSAL = re.compile(r"^[\s·/…%()\-\u2013\u2014:#,.\d←→+]*(Parcours|n)?$")


@pytest.mark.parametrize("template", sorted(TEMPLATES_DIR.glob("*.html")), ids=lambda p: p.name)
def test_every_template_text_is_marked_for_translation(template: Path) -> None:
    source = template.read_text()
    unmarked = [
        text.strip()
        for text in _TAG.sub("\n", _JINJA.sub("\n", source)).split("\n")
        if text.strip() and not _UNIVERSAL.match(text.strip())
    ]
    unmarked += [
        value
        for value in _ATTRIBUTE.findall(source)
        if "{{" not in value and not _UNIVERSAL.match(value)
    ]

    assert unmarked == []


@pytest.mark.anyio
async def test_the_sign_in_page_follows_the_browsers_language(client: AsyncClient) -> None:
    french = await client.get("/login", headers={"accept-language": "fr-CH, de;q=0.8, en;q=0.5"})
    german = await client.get("/login", headers={"accept-language": "es;q=0.1, de-AT"})
    unknown = await client.get("/login", headers={"accept-language": "sw, tlh"})

    assert '<html lang="fr" dir="ltr">' in french.text
    assert "Se connecter" in french.text
    assert "Sign in" not in french.text
    assert '<html lang="de" dir="ltr">' in german.text
    assert "Anmelden" in german.text
    assert '<html lang="en" dir="ltr">' in unknown.text


@pytest.mark.anyio
async def test_arabic_reads_right_to_left(client: AsyncClient) -> None:
    page = await client.get("/signup", headers={"accept-language": "ar-SA"})

    assert '<html lang="ar" dir="rtl">' in page.text
    assert "إنشاء حساب" in page.text


@pytest.mark.anyio
async def test_a_persons_own_language_wins_and_the_switcher_sets_it(client: AsyncClient) -> None:
    await signed_up(client, "tess@example.org")
    switched = await client.post(
        "/language",
        data={"language": "ja", "next": "/", "_csrf_token": client.cookies["csrftoken"]},
    )

    home = await client.get("/", headers={"accept-language": "de"})
    error = await client.get("/api/v1/participations/999", headers={"accept-language": "de"})

    assert switched.status_code in (302, 303)
    assert '<html lang="ja" dir="ltr">' in home.text
    assert "マイジャーニー" in home.text
    assert error.json()["detail"] == "参加 999 はありません"


@pytest.mark.anyio
async def test_the_switcher_works_before_signing_in(client: AsyncClient) -> None:
    await client.get("/login")
    await client.post(
        "/language",
        data={"language": "nl", "next": "/login", "_csrf_token": client.cookies["csrftoken"]},
    )

    page = await client.get("/login", headers={"accept-language": "fr"})

    assert '<html lang="nl"' in page.text
    assert "Inloggen" in page.text


@pytest.mark.anyio
async def test_api_errors_speak_the_readers_language(client: AsyncClient) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")

    german = await client.get("/api/v1/campaigns/4242", headers={"accept-language": "de-DE"})
    weak = await client.post(
        "/api/v1/auth/signup",
        json={"email": "x@y.test", "password": "1234567890", "name": "X", "role": "tester"},
        headers={**await csrf_headers(client), "accept-language": "es"},
    )

    assert german.status_code == 404
    assert german.json()["detail"] == "Keine Kampagne 4242"
    assert weak.json()["detail"].startswith("Esta contraseña es demasiado fácil de adivinar")


def test_catalogs_sit_where_the_packaging_ships_them() -> None:
    assert all(po_path(language).is_relative_to(LOCALE_DIR) for language in TRANSLATED)


@pytest.mark.anyio
async def test_a_testers_language_defaults_from_the_profile_locale(client: AsyncClient) -> None:
    await signed_up(client, "tess@example.org")
    before = await client.get("/", headers={"accept-language": "en"})

    fields = {"country": "DE", "locale": "de-DE", "device_kind": "phone", "device_os": "iOS"}
    token = await form_token(client, "/profile")
    saved = await client.post("/profile", data={**fields, "consent": "yes", "_csrf_token": token})
    after = await client.get("/", headers={"accept-language": "en"})

    assert saved.status_code in (302, 303), saved.text
    assert '<html lang="en"' in before.text
    assert '<html lang="de"' in after.text
    assert "Meine Journeys" in after.text
