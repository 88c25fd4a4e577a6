"""Accepted findings for an issue tracker: a formula-safe generic CSV and a CSV Jira's
importer takes as it is, by API, from the findings page and from the command line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from httpx import AsyncClient

from backend.tables import Finding
from reports.tracker import jira_summary
from tests.helpers import csrf_headers, signed_up, signed_up_tester
from tests.test_cli import _parcours

pytestmark = pytest.mark.anyio


async def _accept(manager: AsyncClient, finding: int) -> None:
    decided = await manager.patch(
        f"/api/v1/findings/{finding}",
        json={"review": "accepted"},
        headers=await csrf_headers(manager),
    )
    assert decided.status_code == 200, decided.text


def _names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


async def _prepared(filed) -> tuple[AsyncClient, AsyncClient, int, list[int]]:
    """The major finding retitled to start with a formula and accepted; the minor left new."""
    client, manager, campaign, (major, minor) = filed
    await Finding.update(
        {
            Finding.title: '=HYPERLINK("http://evil")',
            Finding.steps_to_reproduce: "1. Open the menu\n2. Tap Pay",
            Finding.expected_result: "The card form",
            Finding.actual_result: "-1 items in the basket",
        }
    ).where(Finding.id == major)
    await _accept(manager, major)
    return client, manager, campaign, [major, minor]


async def test_the_jira_csv_maps_every_column_jira_imports(filed) -> None:
    _client, manager, campaign, (major, _minor) = await _prepared(filed)

    response = await manager.get(f"/api/v1/campaigns/{campaign}/findings.csv?format=jira")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "findings-jira" in response.headers["content-disposition"]
    header, *rows = _rows(response.text)
    assert header == [
        "Summary",
        "Description",
        "Priority",
        "Labels",
        "Labels",
        "Labels",
        "Issue Type",
    ]
    assert len(rows) == 1, "accepted findings only"
    summary, description, priority, *labels, kind = rows[0]
    assert summary == 'HYPERLINK("http://evil")', "trimmed, not quote-prefixed"
    assert priority == "High", "major"
    stored = await Finding.select(Finding.stage, Finding.locale).where(Finding.id == major).first()
    assert labels == [stored["stage"], stored["locale"], "usability"]
    assert kind == "Bug"
    assert "h3. Steps to reproduce\n1. Open the menu\n2. Tap Pay" in description
    assert "h3. Expected result\nThe card form" in description
    assert "h3. Actual result\n-1 items in the basket" in description
    assert "* Locale: " in description
    assert f"/campaigns/{campaign}/findings?finding={major}" in description


async def test_the_generic_csv_never_starts_a_cell_with_a_formula(filed) -> None:
    client, _manager, campaign, (major, _minor) = await _prepared(filed)

    response = await client.get(f"/api/v1/campaigns/{campaign}/findings.csv")

    header, *rows = _rows(response.text)
    row = dict(zip(header, rows[0], strict=True))
    assert response.status_code == 200, "the campaign's client exports too"
    assert row["ID"] == str(major)
    assert row["Title"] == '\'=HYPERLINK("http://evil")'
    assert row["Actual result"] == "'-1 items in the basket"
    assert row["Severity"] == "major"
    assert row["Reports"] == "1"
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in rows[0])


async def test_priorities_follow_severity_and_summaries_lose_every_trigger() -> None:
    assert jira_summary("  =+-@ Pay fails") == "Pay fails"
    assert jira_summary("@@@") == "Untitled finding"
    assert len(jira_summary("x" * 400)) == 255


async def test_others_cannot_export(filed, browsers, other_client: AsyncClient) -> None:
    _client, manager, campaign, _ = await _prepared(filed)
    await signed_up(other_client, "ceo@rival.test", role="client", organization="Rival")
    tester = await signed_up_tester(browsers(), "other@example.org")
    url = f"/api/v1/campaigns/{campaign}/findings.csv"

    assert (await other_client.get(url)).status_code == 404
    assert (await tester.get(url)).status_code == 403
    assert (await manager.get(url, params={"format": "excel"})).status_code == 400


async def test_the_findings_page_links_both_exports(filed) -> None:
    _client, manager, campaign, _ = await _prepared(filed)

    page = await manager.get(f"/campaigns/{campaign}/findings")

    assert f'href="/api/v1/campaigns/{campaign}/findings.csv"' in page.text
    assert f'href="/api/v1/campaigns/{campaign}/findings.csv?format=jira"' in page.text


async def test_the_command_line_writes_the_csv_whole(filed, tmp_path: Path) -> None:
    _client, _manager, campaign, (_major, _) = await _prepared(filed)
    target = tmp_path / "jira.csv"

    done = await _parcours("export-findings", str(campaign), "-o", str(target), "--format", "jira")
    missing = await _parcours("export-findings", "nothing", "-o", str(tmp_path / "x.csv"))

    assert done.returncode == 0, done.stderr
    assert _rows(target.read_text())[1][2] == "High"
    assert missing.returncode == 1
    assert b"no campaign 'nothing'" in missing.stderr
    assert _names(tmp_path) == ["jira.csv"], "nothing half-written"
