"""The campaign builder, as a browser without JavaScript uses it: the form read back from the
page and sent again, edits stored as the definition, problems kept beside their field with
nothing typed lost, items added, moved and removed, a save on an older version refused, and
only wording after launch."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import msgspec
import pytest
import yaml
from httpx import AsyncClient, Response

from backend.tables import Campaign
from campaigns.templates import template_definition
from tests.helpers import csrf_headers, form_token, launched_campaign, signed_up, signed_up_tester

pytestmark = pytest.mark.anyio


class _Form(HTMLParser):
    """The builder form's fields as a browser would send them (buttons aside)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._in_form = False
        self._select: str | None = None
        self._first_option: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and a.get("id") == "builder":
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "select" and a.get("name") and "disabled" not in a:
            self._select, self._first_option = a["name"], None
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a.get("value", "")
                self.fields.setdefault(self._select, self._first_option)
            if "selected" in a:
                self.fields[self._select] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self.fields[self._textarea] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea] += data


def _fields(page: Response) -> dict[str, str]:
    assert page.status_code in (200, 409), page.text
    parser = _Form()
    parser.feed(page.text)
    return parser.fields


async def _draft(client: AsyncClient, template: str = "retail") -> int:
    token = await form_token(client, "/campaigns/new")
    made = await client.post(
        "/campaigns/new/template", data={"_csrf_token": token, "template": template}
    )
    return int(made.headers["location"].split("/")[2])


async def _stored(client: AsyncClient, campaign_id: int) -> dict[str, Any]:
    return yaml.safe_load(
        (await client.get(f"/api/v1/campaigns/{campaign_id}/definition.yaml")).text
    )


@pytest.fixture
async def acme(client: AsyncClient) -> AsyncClient:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    return client


@pytest.mark.parametrize("template", ["payments", "retail", "telecom"])
async def test_the_form_sent_back_unchanged_keeps_the_definition(
    acme: AsyncClient, template: str
) -> None:
    campaign_id = await _draft(acme, template)
    before = await _stored(acme, campaign_id)

    saved = await acme.post(
        f"/campaigns/{campaign_id}/build",
        data=_fields(await acme.get(f"/campaigns/{campaign_id}/build")),
    )

    assert saved.status_code == 200
    assert 'id="saved"' in saved.text
    assert 'id="translations"' in saved.text
    after = await _stored(acme, campaign_id)
    original = msgspec.to_builtins(template_definition(template))
    original["description"] = original["description"].strip()
    assert after == {**before, "description": before["description"].strip()}
    assert after["use_cases"] == original["use_cases"]


async def test_an_edit_is_stored_and_a_problem_keeps_what_was_typed(acme: AsyncClient) -> None:
    campaign_id = await _draft(acme)
    url = f"/campaigns/{campaign_id}/build"
    fields = _fields(await acme.get(url))
    fields["use_cases[0].steps[0].instruction.fr-FR"] = "Ouvrez le lien de la publicité."

    edited = await acme.post(url, data=fields)
    fields = _fields(edited)
    for locale in ("en-GB", "fr-FR", "de-DE"):
        fields[f"use_cases[0].steps[1].instruction.{locale}"] = ""
    fields["name"] = "Northwind, second try"
    broken = await acme.post(url, data=fields)
    reopened = await acme.get(url)
    stored = await _stored(acme, campaign_id)

    assert stored["use_cases"][0]["steps"][0]["instruction"]["fr-FR"] == (
        "Ouvrez le lien de la publicité."
    )
    assert broken.status_code == 200
    assert 'id="f-use_cases-0-steps-1-instruction-error"' in broken.text
    assert "1 thing to fix" in broken.text
    assert "Journey 1 / Step 2 / Instruction</a>: Required: fill this in" in broken.text
    assert 'value="Northwind, second try"' in reopened.text, "the working copy is kept"
    assert 'id="f-use_cases-0-steps-1-instruction-error"' in reopened.text
    assert stored["name"] == "Northwind Shoes — from ad to return", "the last valid version"
    assert stored["use_cases"][0]["steps"][1]["instruction"]["en-GB"]


async def test_items_are_added_moved_and_removed_without_javascript(acme: AsyncClient) -> None:
    campaign_id = await _draft(acme)
    url = f"/campaigns/{campaign_id}/build"
    fields = _fields(await acme.get(url))
    steps = len((await _stored(acme, campaign_id))["use_cases"][1]["steps"])

    added = await acme.post(url, data={**fields, "op": "add:step:use_cases[1].steps"})
    fields = _fields(added)
    new = f"use_cases[1].steps[{steps}]"
    for locale, text in (("en-GB", "Rate us"), ("fr-FR", "Notez-nous"), ("de-DE", "Bewerten")):
        fields[f"{new}.instruction.{locale}"] = text
    filled = await acme.post(url, data={**fields, "op": f"up:{new}"})
    after_move = await _stored(acme, campaign_id)
    fields = _fields(filled)
    removed = await acme.post(url, data={**fields, "op": "remove:use_cases[0]"})
    after_remove = await _stored(acme, campaign_id)

    assert "Step added: write its instruction" in added.text
    assert f'id="f-use_cases-1-steps-{steps}-instruction-error"' in added.text
    assert [s["instruction"]["en-GB"] for s in after_move["use_cases"][1]["steps"]][-2] == (
        "Rate us"
    )
    assert removed.status_code == 200
    assert [u["id"] for u in after_remove["use_cases"]] == ["join_club"]
    dropped = await acme.post(url, data={**_fields(removed), "op": "to:use_cases[0].steps[1]:0"})
    after_drop = await _stored(acme, campaign_id)
    assert dropped.status_code == 200
    assert [s["id"] for s in after_remove["use_cases"][0]["steps"]] == ["step_2", "join"]
    assert [s["id"] for s in after_drop["use_cases"][0]["steps"]] == ["join", "step_2"]


async def test_a_save_on_an_older_version_is_refused_with_the_current_one(
    acme: AsyncClient,
) -> None:
    campaign_id = await _draft(acme)
    url = f"/campaigns/{campaign_id}/build"
    mine = _fields(await acme.get(url))
    theirs = dict(mine)
    theirs["incentive"] = "A 30 EUR voucher"
    mine["incentive"] = "A 20 EUR voucher"

    first = await acme.post(url, data=theirs)
    second = await acme.post(url, data=mine)
    autosaved = await acme.post(f"{url}/autosave", data=mine)

    assert first.status_code == 200
    assert second.status_code == 409
    assert "Someone saved this campaign since you opened it" in second.text
    assert 'value="A 30 EUR voucher"' in second.text, "their version is shown"
    assert "A 20 EUR voucher" in second.text, "mine is kept to copy back"
    assert autosaved.status_code == 409
    assert (await _stored(acme, campaign_id))["incentive"] == "A 30 EUR voucher"


async def test_autosave_answers_the_revision_and_the_problems(acme: AsyncClient) -> None:
    campaign_id = await _draft(acme)
    url = f"/campaigns/{campaign_id}/build"
    fields = _fields(await acme.get(url))
    fields["name"] = ""

    answer = await acme.post(f"{url}/autosave", data=fields)

    assert answer.status_code == 200
    body = answer.json()
    assert body["revision"] == int(fields["revision"]) + 1
    assert [problem["path"] for problem in body["problems"]] == ["name"]
    row = await Campaign.select(Campaign.working, Campaign.revision).first()
    assert row["revision"] == body["revision"]
    assert row["working"] is not None


async def test_after_launch_only_wording_changes(acme: AsyncClient) -> None:
    campaign_id = await launched_campaign(acme)
    url = f"/campaigns/{campaign_id}/build"
    page = await acme.get(url)
    fields = _fields(page)
    fields["incentive"] = "A bigger voucher"

    wording = await acme.post(url, data=fields)
    fields = _fields(wording)
    fields["target.locales[0].quota"] = "99"
    structure = await acme.post(url, data=fields)

    assert "locked after launch" in page.text
    assert 'value="add:step' not in page.text, "no structural buttons"
    assert (await _stored(acme, campaign_id))["incentive"] == "A bigger voucher"
    assert "only wording can change now" in structure.text
    assert (await _stored(acme, campaign_id))["target"]["locales"][0]["quota"] != 99


async def test_nobody_else_opens_the_builder(acme: AsyncClient, browsers) -> None:
    campaign_id = await _draft(acme)
    rival = browsers()
    await signed_up(rival, "cfo@rival.test", role="client", organization="Rival")
    tester = await signed_up_tester(browsers(), "tess@example.org")
    url = f"/campaigns/{campaign_id}/build"

    assert (await rival.get(url)).status_code == 404
    posted = await rival.post(
        url, data={"name": "Hijacked", "revision": "0"}, headers=await csrf_headers(rival)
    )
    assert posted.status_code == 404
    assert (await tester.get(url)).status_code == 403
    assert (await _stored(acme, campaign_id))["name"] != "Hijacked"


async def test_each_locale_says_which_texts_fall_back(acme: AsyncClient) -> None:
    campaign_id = await _draft(acme)
    url = f"/campaigns/{campaign_id}/build"
    fields = _fields(await acme.get(url))
    fields["use_cases[0].title.de-DE"] = ""

    page = await acme.post(url, data=fields)
    german = page.text[page.text.index("German (Germany)</th>") :]

    assert 'href="#f-use_cases-0-title">Journey 1 / Title</a>' in german.split("</tr>")[0]
    assert "Nothing: every text is translated" in page.text, "fr-FR is complete"


async def test_a_step_is_previewed_as_a_tester_in_a_chosen_locale_sees_it(
    acme: AsyncClient,
) -> None:
    campaign_id = await _draft(acme)
    url = f"/campaigns/{campaign_id}/build/preview"
    first = await acme.get(url)
    step = await acme.get(url, params={"locale": "fr-FR"})
    nowhere = await acme.get(url, params={"locale": "xx-YY", "step": "999999"})

    assert first.status_code == 200
    assert 'class="phone-frame" lang="en-GB"' in first.text
    assert "Step 1 of 7" in first.text
    assert 'class="phone-frame" lang="fr-FR"' in step.text
    assert "Ouvrez le lien de la publicité envoyé, comme si vous l&#39;aviez vu sur Instagram." in (
        step.text
    )
    assert "<fieldset disabled" in step.text, "nothing can be sent from a preview"
    assert nowhere.status_code == 200, "an unknown locale or step shows the first"


async def test_problems_speak_the_readers_language(acme: AsyncClient) -> None:
    campaign_id = await _draft(acme)
    url = f"/campaigns/{campaign_id}/build"
    fields = _fields(await acme.get(url))
    fields["target.locales[0].quota"] = "0"

    french = await acme.post(url, data=fields, headers={"accept-language": "fr-FR"})

    assert "le quota de en-GB doit être d’au moins 1 testeur, pas 0" in french.text
    assert "must be at least 1 tester" not in french.text


async def test_a_default_locale_no_tester_reads_in_keeps_its_texts(acme: AsyncClient) -> None:
    campaign_id = await _draft(acme)
    url = f"/campaigns/{campaign_id}/build"

    removed = await acme.post(
        url, data={**_fields(await acme.get(url)), "op": "remove:target.locales[0]"}
    )
    again = await acme.post(url, data=_fields(removed))
    stored = await _stored(acme, campaign_id)

    assert again.status_code == 200
    assert [target["locale"] for target in stored["target"]["locales"]] == ["fr-FR", "de-DE"]
    assert stored["default_locale"] == "en-GB"
    assert (
        stored["use_cases"][0]["title"]["en-GB"]
        == "Buy trainers you saw in an ad, then return them"
    )
