"""The Excel report, read back with openpyxl: sheets, numbers, safe cells, no personal data."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from httpx import AsyncClient
from openpyxl import Workbook, load_workbook
from PIL import Image

from backend.tables import Campaign
from tests.helpers import (
    accepted_journey,
    created_campaign,
    csrf_headers,
    signed_up,
    signed_up_manager,
)
from tests.seeding import seed_friction, two_stage_definition
from tests.test_cli import _parcours

pytestmark = pytest.mark.anyio

SHEETS = [
    "Overview",
    "Friction heatmap",
    "Completion",
    "Findings",
    "Questions",
    "Answers",
    "Testers",
]
EVIL = '=HYPERLINK("http://evil")'


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (390, 844), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def _files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def _cells(book: Workbook) -> list[Any]:
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


async def _report_of(client: AsyncClient, campaign_id: int) -> tuple[Workbook, bytes]:
    response = await client.get(f"/api/v1/campaigns/{campaign_id}/report.xlsx")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert ".xlsx" in response.headers["content-disposition"]
    return load_workbook(io.BytesIO(response.content)), response.content


async def test_heatmap_sheet_equals_the_json_report(client: AsyncClient) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    campaign = await created_campaign(client, two_stage_definition())
    await seed_friction(campaign["id"])
    report = (await client.get(f"/api/v1/campaigns/{campaign['id']}/report")).json()

    book, _ = await _report_of(client, campaign["id"])

    assert book.sheetnames == SHEETS
    sheet = book["Friction heatmap"]
    header = [cell.value for cell in sheet[1] if cell.value is not None]
    assert header == ["Stage", *report["friction"]["locales"]]
    stages = len(report["friction"]["cells"]) // len(report["friction"]["locales"])
    assert stages == 2, "the campaign's own two stages"
    grid = {
        (row[0].value, header[column]): row[column].value
        for row in sheet.iter_rows(min_row=2, max_row=1 + stages)
        for column in range(1, len(header))
    }
    stage_names = {"awareness": "Awareness", "purchase": "Purchase"}
    assert grid == {
        (stage_names[c["stage"]], c["locale"]): c["index"] for c in report["friction"]["cells"]
    }
    assert grid["Awareness", "en-GB"] == 16.0
    assert "B2:C3" in {str(rule.sqref) for rule in sheet.conditional_formatting}
    assert any(report["friction"]["formula"] == cell.value for cell in sheet["A"])
    findings = book["Findings"]
    titles = [row[12] for row in findings.iter_rows(min_row=2, values_only=True)]
    assert sorted(titles) == sorted(
        f"{severity} on {stage}"
        for severity, stage in [
            ("major", "awareness"),
            ("minor", "awareness"),
            ("critical", "awareness"),
            ("critical", "awareness"),
            ("major", "awareness"),
            ("cosmetic", "purchase"),
            ("critical", "awareness"),
        ]
    )
    assert findings.freeze_panes == "A2"
    assert findings.auto_filter.ref == "A1:Y8"


async def test_user_text_stays_text_and_no_tester_identity_leaks(
    client: AsyncClient, browsers
) -> None:
    tester = browsers()
    journey = await accepted_journey(client, tester)
    step = journey["use_cases"][0]["steps"][0]["id"]
    filed = await tester.post(
        f"/api/v1/participations/{journey['participation_id']}/steps/{step}/findings",
        data={
            "title": EVIL,
            "description": "@SUM(1+1)\x07 and a bell",
            "kind": "usability",
            "severity": "major",
            "_csrf_token": tester.cookies["csrftoken"],
        },
        files=[("screenshots", ("pay.png", _png(), "image/png"))],
        headers=await csrf_headers(tester),
    )
    assert filed.status_code == 201, filed.text
    finding = filed.json()
    manager = await signed_up_manager(browsers())
    decided = await manager.patch(
        f"/api/v1/findings/{finding['id']}",
        json={"review": "accepted"},
        headers=await csrf_headers(manager),
    )
    assert decided.status_code == 200, decided.text

    campaign = await Campaign.select(Campaign.id).first()
    book, raw = await _report_of(manager, campaign["id"])

    row = next(book["Findings"].iter_rows(min_row=2, max_row=2))
    assert row[12].value == EVIL
    assert row[12].data_type == "s", "a title must never become a formula"
    assert row[12].quotePrefix, "Excel shows it as typed text"
    assert row[13].value == "@SUM(1+1) and a bell", "control characters are dropped"
    assert row[13].data_type == "s"
    assert row[17].value == "Accepted"
    shot = finding["screenshots"][0]["url"]
    assert row[23].hyperlink.target.endswith(shot)
    assert len(book["Findings"]._images) == 1, "the thumbnail is embedded"
    assert not [cell.coordinate for cell in _cells(book) if cell.data_type == "f"]
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"tess@example.org" not in everything
    assert b"Tess" not in everything
    testers = list(book["Testers"].iter_rows(min_row=2, values_only=True))
    assert len(testers) == 1
    assert testers[0][0].startswith("T-")
    assert testers[0][4] == "Accepted"
    overview = [row for row in book["Overview"].iter_rows(values_only=True) if row[0]]
    assert overview[0][0] == "Pay by phone"


async def test_export_report_command_writes_the_workbook(
    client: AsyncClient, tmp_path: Path
) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    campaign = await created_campaign(client, two_stage_definition())
    await seed_friction(campaign["id"])
    target = tmp_path / "acme.xlsx"

    result = await _parcours("export-report", str(campaign["id"]), "-o", str(target))

    assert result.returncode == 0, result.stderr
    assert b"Wrote the report" in result.stdout
    book = load_workbook(target)
    assert book.sheetnames == SHEETS
    assert book["Friction heatmap"]["B2"].value == 16.0
    assert _files(tmp_path) == ["acme.xlsx"], "no temporary file left behind"


async def test_export_report_command_refuses_bad_input(client: AsyncClient, tmp_path: Path):
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    await created_campaign(client)

    missing = await _parcours("export-report", "No such campaign", "-o", str(tmp_path / "r.xlsx"))
    wrong = await _parcours("export-report", "1", "-o", str(tmp_path / "r.csv"))

    assert missing.returncode == 1
    assert b"no campaign 'No such campaign'" in missing.stderr
    assert wrong.returncode == 1
    assert b"name it something.xlsx" in wrong.stderr
    assert _files(tmp_path) == []
