"""Findings with screenshots: the Pillow pipeline, privacy blur, and who may see them."""

from __future__ import annotations

import io
from typing import Any

import pytest
from httpx import AsyncClient
from litestar import Litestar
from PIL import Image, ImageChops, ImageStat

from backend.tables import Finding, Screenshot, User
from tests.helpers import (
    accepted_journey,
    answer_invitation,
    csrf_headers,
    launched_campaign,
    only_invitation,
    signed_up,
    signed_up_tester,
)

pytestmark = pytest.mark.anyio


def _png(size: tuple[int, int] = (390, 844)) -> bytes:
    """A screenshot-like PNG with sharp detail everywhere: a one-pixel checkerboard."""
    image = Image.new("L", size)
    image.putdata([255 * ((x + y) % 2) for y in range(size[1]) for x in range(size[0])])
    out = io.BytesIO()
    image.convert("RGB").save(out, "PNG")
    return out.getvalue()


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (300, 200), (10, 120, 200))
    exif = image.getexif()
    exif[0x0112] = 6  # "rotate 90°": the stored image must come out upright
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (48.0, 51.0, 24.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


async def _file(
    tester: AsyncClient,
    journey: dict[str, Any],
    files: list[tuple[str, bytes, str]],
    **fields: Any,
):
    step = journey["use_cases"][0]["steps"][0]["id"]
    data = {"title": "Pay button hidden", "kind": "usability", "severity": "major", **fields}
    return await tester.post(
        f"/api/v1/participations/{journey['participation_id']}/steps/{step}/findings",
        data={**data, "_csrf_token": tester.cookies["csrftoken"]},
        files=[("screenshots", file) for file in files],
        headers=await csrf_headers(tester),
    )


@pytest.fixture
async def walking(client: AsyncClient, browsers) -> tuple[AsyncClient, dict[str, Any]]:
    """A tester on an accepted journey of Acme's campaign (client signed in as Acme)."""
    tester = browsers()
    return tester, await accepted_journey(client, tester)


async def test_finding_with_screenshot_is_stored_with_its_context(
    client: AsyncClient, walking, app: Litestar
) -> None:
    tester, journey = walking

    response = await _file(tester, journey, [("home.png", _png(), "image/png")], emotion="-2")

    assert response.status_code == 201, response.text
    finding = response.json()
    assert (finding["stage"], finding["locale"], finding["device"]) == (
        "awareness",
        "fr-FR",
        "phone Android",
    )
    assert finding["emotion"] == -2
    shot = finding["screenshots"][0]
    image = await tester.get(shot["url"])
    thumbnail = await tester.get(shot["thumbnail_url"])
    assert image.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(image.content)).size == (390, 844)
    assert Image.open(io.BytesIO(thumbnail.content)).format == "JPEG"
    assert max(Image.open(io.BytesIO(thumbnail.content)).size) <= 360
    assert (await client.get(shot["url"])).status_code == 200, "the campaign's client sees it"


async def test_stored_jpeg_has_no_exif_and_is_upright(walking, app: Litestar) -> None:
    tester, journey = walking

    response = await _file(tester, journey, [("photo.jpg", _jpeg_with_gps(), "image/jpeg")])

    stored = await Screenshot.select(Screenshot.sha256, Screenshot.width).first()
    on_disk = Image.open(app.state.screenshots.path(stored["sha256"]))
    assert response.status_code == 201
    assert dict(on_disk.getexif()) == {}
    assert on_disk.size == (200, 300)
    assert b"PhoneMaker" not in app.state.screenshots.path(stored["sha256"]).read_bytes()


def _blank(width: int, height: int) -> bytes:
    """A tiny file that decodes to a huge image, as decompression bombs do."""
    out = io.BytesIO()
    Image.new("1", (width, height)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "status", "says"),
    [
        ("notes.png", b"these are my notes, not a picture", 415, "not a PNG, JPEG or WebP"),
        ("cut.png", _png()[:2000], 422, "damaged or truncated"),
        ("bomb.png", _blank(20_000, 20_000), 413, "the limit is 40 megapixels"),
        ("poster.png", _blank(7_000, 7_000), 413, "the limit is 40 megapixels"),
        ("huge.png", b"\x89PNG" + b"\0" * (10 * 1_048_576 + 1), 413, "the limit is 10 MB"),
    ],
    ids=["text-renamed", "truncated", "decompression-bomb", "over-pixel-limit", "oversize"],
)
async def test_bad_uploads_are_refused_and_leave_nothing(
    walking, app: Litestar, name: str, content: bytes, status: int, says: str
) -> None:
    tester, journey = walking
    before = set(app.state.screenshots.files())

    response = await _file(
        tester, journey, [("ok.png", _png(), "image/png"), (name, content, "image/png")]
    )

    assert response.status_code == status
    assert says in response.json()["detail"]
    assert await Finding.count() == 0
    assert await Screenshot.count() == 0
    assert set(app.state.screenshots.files()) == before


def _roughness(image: Image.Image) -> float:
    """Mean difference between neighbouring pixels: high for detail, near 0 for a blur."""
    shifted = ImageChops.offset(image, 1, 0)
    return ImageStat.Stat(ImageChops.difference(image, shifted).convert("L")).mean[0]


async def test_blurred_area_is_smooth_and_the_rest_untouched(walking, app: Litestar) -> None:
    tester, journey = walking
    original = Image.open(io.BytesIO(_png())).convert("RGB")
    box = (40, 100, 240, 180)

    response = await _file(
        tester,
        journey,
        [("card.png", _png(), "image/png")],
        blur='[{"screenshot": 0, "x": 40, "y": 100, "width": 200, "height": 80}]',
    )

    stored = await Screenshot.select(Screenshot.sha256).first()
    result = Image.open(app.state.screenshots.path(stored["sha256"])).convert("RGB")
    assert response.status_code == 201
    inside = result.crop((box[0] + 2, box[1] + 2, box[2] - 2, box[3] - 2))
    assert _roughness(original.crop(box)) > 100
    assert _roughness(inside) < 5
    assert ImageChops.difference(original.crop(box), result.crop(box)).getbbox() is not None
    outside = Image.new("RGB", original.size)
    outside.paste(original)
    outside.paste((0, 0, 0), box)
    result.paste((0, 0, 0), box)
    assert ImageChops.difference(outside, result).getbbox() is None


@pytest.mark.parametrize(
    ("fields", "mentions"),
    [
        ({"kind": "ugly"}, "kind"),
        ({"severity": "meh"}, "severity"),
        ({"emotion": "5"}, "emotion"),
        ({"title": "   "}, "title"),
        ({"blur": '[{"screenshot": 3, "x": 0, "y": 0, "width": 5, "height": 5}]'}, "screenshot 3"),
        ({"blur": "not json"}, "JSON"),
    ],
)
async def test_invalid_finding_fields_are_400(
    walking, fields: dict[str, str], mentions: str
) -> None:
    tester, journey = walking

    response = await _file(tester, journey, [("a.png", _png((50, 50)), "image/png")], **fields)

    assert response.status_code == 400
    assert mentions in response.json()["detail"]
    assert await Finding.count() == 0


async def test_screenshots_are_hidden_from_everyone_else(
    walking, browsers, other_client: AsyncClient
) -> None:
    tester, journey = walking
    shot = (await _file(tester, journey, [("a.png", _png((60, 60)), "image/png")])).json()
    url = shot["screenshots"][0]["url"]
    other_tester = browsers()
    await signed_up_tester(other_tester, "eve@example.org", locale="de-DE", country="DE")
    await signed_up(other_client, "ceo@rival.test", role="client", organization="Rival")
    manager = browsers()
    me = await signed_up(manager, "pm@parcours.test")
    await User.update({User.role: "manager"}).where(User.id == me["id"])

    assert (await other_tester.get(url)).status_code == 404
    assert (await other_client.get(url)).status_code == 404
    assert (await other_tester.get(f"{url}/thumbnail")).status_code == 404
    assert (await manager.get(url)).status_code == 200
    anonymous = browsers()
    assert (await anonymous.get(url)).status_code == 401


async def _two_walkers(client: AsyncClient, browsers) -> list[tuple[AsyncClient, dict]]:
    """Two French testers on the same accepted journey."""
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    testers = [browsers(), browsers()]
    for n, tester in enumerate(testers):
        await signed_up_tester(tester, f"t{n}@example.org")
    await launched_campaign(client)
    walkers = []
    for tester in testers:
        invitation = await only_invitation(tester)
        await answer_invitation(tester, invitation, "accept")
        journey = await tester.get(f"/api/v1/participations/{invitation['id']}")
        walkers.append((tester, journey.json()))
    return walkers


async def test_similar_findings_are_offered_and_me_too_links_them(
    client: AsyncClient, browsers
) -> None:
    (first, first_journey), (second, second_journey) = await _two_walkers(client, browsers)
    hidden = (await _file(first, first_journey, [], title="Pay button hidden by keyboard")).json()
    await _file(first, first_journey, [], title="Prices shown without VAT")
    base = f"/api/v1/participations/{second_journey['participation_id']}/steps"
    step = second_journey["use_cases"][0]["steps"][0]["id"]

    offered = await second.get(
        f"{base}/{step}/findings/similar", params={"title": "keyboard hides the pay button"}
    )
    confirmed = await second.post(
        f"{base}/{step}/findings/{hidden['id']}/me-too", headers=await csrf_headers(second)
    )
    again = await second.get(f"{base}/{step}/findings/similar", params={"title": "pay button"})

    assert [f["title"] for f in offered.json()] == ["Pay button hidden by keyboard"]
    assert confirmed.status_code == 201
    assert confirmed.json()["review"] == "duplicate"
    assert again.json()[0]["confirmations"] == 1
    stored = await Finding.select(Finding.duplicate_of).where(Finding.id == confirmed.json()["id"])
    assert stored == [{"duplicate_of": hidden["id"]}]


async def test_me_too_on_another_campaigns_finding_is_404(
    client: AsyncClient, walking, browsers
) -> None:
    tester, journey = walking
    step = journey["use_cases"][0]["steps"][0]["id"]
    base = f"/api/v1/participations/{journey['participation_id']}/steps/{step}"

    response = await tester.post(
        f"{base}/findings/999999/me-too", headers=await csrf_headers(tester)
    )

    assert response.status_code == 404
    assert await Finding.count() == 0
