"""Testers in Lyon, Leipzig, Osaka and Riyadh walk the same campaign on a 390×844 phone, each
in their own language: no English interface text on any page, Arabic right to left with
nothing wider than the screen, and the accessibility checks green in every language."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from httpx import AsyncClient
from playwright.async_api import Page

from bench.load import running_server
from frontend.catalogs import po_path
from tests.browser import PHONE, accessibility_problems, chromium, last_page
from tests.helpers import (
    PASSWORD,
    created_campaign,
    csrf_headers,
    signed_up,
    signup_token,
    small_definition,
)
from tests.test_i18n import SAME_EVERYWHERE

pytestmark = pytest.mark.anyio

TESTERS = {
    "fr-FR": ("FR", "Lea", "Ouvrez l'application et trouvez la facture"),
    "de-DE": ("DE", "Lena", "Öffnen Sie die App und suchen Sie die Rechnung"),
    "ja-JP": ("JP", "Yui", "アプリを開いて請求書を探してください"),
    "ar-SA": ("SA", "Layla", "افتح التطبيق وابحث عن الفاتورة"),
}
# The interface's words as they appear on a page (the catalog's English, placeholders cut).
_ENGLISH_OF: dict[str, set[str]] = {}


def _english_interface(language: str) -> set[str]:
    """English messages whose translation differs, long enough to be recognised in a page."""
    if language not in _ENGLISH_OF:
        with po_path(language).open("rb") as source:
            catalog = read_po(source, locale=language)
        found = set()
        for message in catalog:
            english = message.id if isinstance(message.id, str) else message.id[0]
            if not english or english in SAME_EVERYWHERE or "%" in english or "{" in english:
                continue
            if len(english) >= 8 and english not in str(message.string):
                found.add(english)
        _ENGLISH_OF[language] = found
    return _ENGLISH_OF[language]


def _definition() -> dict[str, Any]:
    """The small campaign in four languages, every text translated."""
    definition = small_definition()
    definition["target"]["countries"] = [country for country, *_ in TESTERS.values()]
    definition["target"]["locales"] = [{"locale": locale, "quota": 1} for locale in TESTERS]
    use_case = definition["use_cases"][0]
    use_case["title"] = {locale: f"{name} · {text}" for locale, (_, name, text) in TESTERS.items()}
    step = use_case["steps"][0]
    step["instruction"] = {locale: text for locale, (_, _, text) in TESTERS.items()}
    step.pop("expected_outcome", None)
    question = step["questions"][0]
    question["text"] = {locale: f"? {text}" for locale, (_, _, text) in TESTERS.items()}
    for option in question.get("options", []):
        option["label"] = {locale: f"{option['id']} · {locale}" for locale in TESTERS}
    definition["questions"][0]["text"] = {
        locale: f"1-5 · {text}" for locale, (_, _, text) in TESTERS.items()
    }
    definition["default_locale"] = "fr-FR"
    for key in ("persona", "scenario"):
        use_case.pop(key, None)
    return copy.deepcopy(definition)


async def _english_left(page: Page, language: str) -> list[str]:
    text = await page.inner_text("body")
    # Whole words only: "Progress" is no leftover inside the French "Progression".
    return sorted(
        english
        for english in _english_interface(language)
        if re.search(rf"(?<!\w){re.escape(english)}(?!\w)", text)
    )


async def _overflow(page: Page) -> int:
    """How far the page reaches past the screen's width, in pixels."""
    return await page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


async def test_testers_walk_in_their_own_language(client: AsyncClient, tmp_path: Path) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    campaign = await created_campaign(client, _definition())
    seen: dict[str, list[str]] = {}
    problems: list[str] = []

    with running_server(tmp_path / "server.log") as (_, base):
        async with chromium() as browser:
            pages = {}
            for locale, (country, name, _) in TESTERS.items():
                language = locale.split("-")[0]
                context = await browser.new_context(
                    viewport=PHONE, is_mobile=True, has_touch=True, locale=locale
                )
                page = await context.new_page()
                pages[locale] = page
                await page.goto(f"{base}/signup")
                assert await page.get_attribute("html", "lang") == language
                seen[f"{locale} signup"] = await _english_left(page, language)
                problems += await accessibility_problems(page)
                await page.check("input[name=role][value=tester]")
                await page.fill("#name", name)
                await page.fill("#email", f"{name.lower()}@example.org")
                await page.fill("#password", PASSWORD)
                await page.click("form.stack button[type=submit]")
                await page.wait_for_selector(".notice[role=status]")
                seen[f"{locale} signup sent"] = await _english_left(page, language)
                await page.goto(
                    f"{base}/signup/{await signup_token(f'{name.lower()}@example.org')}"
                )
                seen[f"{locale} finish signup"] = await _english_left(page, language)
                problems += await accessibility_problems(page)
                await page.fill("#password", PASSWORD)
                await page.click("form.stack button[type=submit]")
                await page.wait_for_url(f"{base}/")
                seen[f"{locale} home"] = await _english_left(page, language)
                await page.click("a[href='/profile']")
                await page.select_option("#country", country)
                await page.select_option("#locale", locale)
                await page.select_option("#device_kind", "phone")
                await page.fill("#device_os", "Android")
                await page.check("input[name=consent]")
                await page.click("form.stack button[type=submit]")
                await page.wait_for_selector(".flash")

            launched = await client.post(
                f"/api/v1/campaigns/{campaign['id']}/launch", headers=await csrf_headers(client)
            )
            assert launched.status_code == 200, launched.text

            for locale, page in pages.items():
                language = locale.split("-")[0]
                await page.goto(f"{base}/")
                await page.click(".card form[action$='/accept'] button")
                await page.wait_for_url(f"{base}/journeys/*")
                overview = page.url
                await page.click("a.button")
                await page.wait_for_selector("#step-form")
                visited = {"home": f"{base}/", "journey": overview, "step": page.url}
                visited["problem"] = page.url + "/finding"
                visited["end"] = overview + "/end"
                for name, url in visited.items():
                    await page.goto(url)
                    assert await page.get_attribute("html", "lang") == language
                    seen[f"{locale} {name}"] = await _english_left(page, language)
                    problems += await accessibility_problems(page)
                    if language == "ar":
                        assert await page.get_attribute("html", "dir") == "rtl"
                    if (wider := await _overflow(page)) > 0:
                        problems.append(f"{locale} {name}: {wider}px wider than the phone")
                await page.goto(visited["step"])
                await last_page(page, f"tester-step-{locale}")

    assert {where: words for where, words in seen.items() if words} == {}
    assert problems == []
