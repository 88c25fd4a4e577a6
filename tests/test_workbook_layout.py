"""The demo's workbook as a project manager hands it over: a Completion sheet equal to the
report, every sheet set up to print, charts beside or below their tables and never over
one, question texts as chart titles; and LibreOffice converts it to a PDF of at most 30
pages."""

from __future__ import annotations

import io
import math
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import anyio.to_thread
import pytest
from openpyxl import load_workbook

from backend.tables import Campaign
from tests.helpers import login
from tests.test_cli import _parcours

pytestmark = pytest.mark.anyio

# EMU per default row (15 pt) and per character of column width (about 7 px at 96 dpi).
_ROW_EMU = 190_500
_CHAR_EMU = 66_675
_NS = {
    "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}


@pytest.fixture
async def demo_workbook(client, tmp_path: Path) -> Path:
    """The demo campaign's workbook, exported by the command line."""
    seeded = await _parcours("demo", "--seed-only")
    assert seeded.returncode == 0, seeded.stderr
    campaign = (await Campaign.select(Campaign.id).order_by(Campaign.id).first())["id"]
    target = tmp_path / "demo.xlsx"
    result = await _parcours("export-report", str(campaign), "-o", str(target))
    assert result.returncode == 0, result.stderr
    return target


def _xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    return ElementTree.fromstring(archive.read(name))  # noqa: S314 - a file we just wrote


def _targets(archive: zipfile.ZipFile, rels: str) -> dict[str, str]:
    """Relationship id → the part it points to, as a path inside the archive."""
    if rels not in archive.namelist():
        return {}
    return {
        rel.get("Id", ""): "xl/"
        + rel.get("Target", "").replace("../", "").lstrip("/").removeprefix("xl/")
        for rel in _xml(archive, rels)
    }


def _charts(path: Path) -> dict[str, list[tuple[int, int, int, int, str]]]:
    """Per sheet name, each chart's anchor (0-based column and row), size in EMU and title."""
    found: dict[str, list[tuple[int, int, int, int, str]]] = {}
    relation = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    with zipfile.ZipFile(path) as archive:
        names = re.findall(
            r'<(?:\w+:)?sheet [^>]*name="([^"]+)"', archive.read("xl/workbook.xml").decode()
        )
        for index, name in enumerate(names, 1):
            for drawing in _targets(archive, f"xl/worksheets/_rels/sheet{index}.xml.rels").values():
                if "/drawings/" not in drawing:
                    continue
                charts = _targets(
                    archive, drawing.replace("drawings/", "drawings/_rels/") + ".rels"
                )
                for anchor in _xml(archive, drawing).findall("xdr:oneCellAnchor", _NS):
                    start, extent = anchor.find("xdr:from", _NS), anchor.find("xdr:ext", _NS)
                    graphic = anchor.find(".//c:chart", _NS)
                    if start is None or extent is None or graphic is None:
                        continue
                    chart = archive.read(charts[graphic.get(relation, "")]).decode()
                    found.setdefault(name, []).append(
                        (
                            int(start.findtext("xdr:col", "0", _NS)),
                            int(start.findtext("xdr:row", "0", _NS)),
                            int(extent.get("cx", "0")),
                            int(extent.get("cy", "0")),
                            # The chart's own title comes first; the axes' titles follow.
                            "".join(
                                re.findall(
                                    r"<a:t>([^<]*)</a:t>", re.split(r"</(?:c:)?title>", chart)[0]
                                )
                            ),
                        )
                    )
    return found


async def test_the_demo_workbook_is_ready_to_hand_over(client, demo_workbook: Path) -> None:
    book = load_workbook(demo_workbook)
    charts = _charts(demo_workbook)
    covered: list[str] = []
    for name, placed in charts.items():
        sheet = book[name]
        for col, row, cx, cy, _ in placed:
            widths = [
                (sheet.column_dimensions[chr(65 + c)].width or 13) if c < 26 else 13
                for c in range(col, col + 30)
            ]
            span, columns = 0, 0
            while span < cx and columns < len(widths):
                span += widths[columns] * _CHAR_EMU
                columns += 1
            rows = math.ceil(cy / _ROW_EMU)
            for r in range(row + 1, row + rows + 1):
                for c in range(col + 1, col + columns + 1):
                    if sheet.cell(r, c).value not in (None, ""):
                        covered.append(f"{name}!{sheet.cell(r, c).coordinate} under a chart")
    titles = [title for placed in charts.values() for *_, title in placed]

    assert covered == [], covered[:5]
    assert "checkout_ease" not in titles
    assert "Overall, how easy or difficult was the checkout?" in titles
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert "Northwind" in sheet.oddFooter.left.text, sheet.title
        assert sheet.oddFooter.right.text == "&P / &N"
    assert book["Findings"].print_title_rows == "$1:$1"
    assert charts.get("Friction heatmap"), "the heatmap has its chart"
    assert len(charts.get("Questions", [])) >= 10, "a chart per quantitative question"


@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="converted in the SQLite pass of CI"
)
async def test_libreoffice_prints_the_demo_workbook_on_at_most_30_pages(
    demo_workbook: Path, tmp_path: Path
) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        if os.environ.get("PARCOURS_REQUIRE_OFFICE") == "1":
            pytest.fail("LibreOffice not found; apt-get install -y libreoffice-calc-nogui")
        pytest.skip("LibreOffice not found")
    command = [
        office,
        "--headless",
        f"-env:UserInstallation=file://{tmp_path}/profile",
        "--convert-to",
        "pdf",
        "--outdir",
        str(tmp_path),
        str(demo_workbook),
    ]
    converted = await anyio.to_thread.run_sync(
        lambda: subprocess.run(command, capture_output=True, timeout=180, check=False)
    )
    pdf = tmp_path / "demo.pdf"

    assert converted.returncode == 0, converted.stderr
    assert pdf.exists(), converted.stdout
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    assert 1 <= pages <= 30, f"{pages} pages"


async def test_the_workbook_speaks_the_readers_language(client) -> None:
    seeded = await _parcours("demo", "--seed-only")
    assert seeded.returncode == 0, seeded.stderr
    campaign = (await Campaign.select(Campaign.id).order_by(Campaign.id).first())["id"]
    assert (await login(client, "manager@demo.parcours.test", "parcours-demo")).status_code == 200

    response = await client.get(
        f"/api/v1/campaigns/{campaign}/report.xlsx", headers={"accept-language": "fr-FR"}
    )

    assert response.status_code == 200, response.text
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Vue d’ensemble",
        "Carte des frictions",
        "Taux d’achèvement",
        "Signalements",
        "Questions",
        "Réponses",
        "Testeurs",
    ]
    findings = book["Signalements"]
    header = [cell.value for cell in findings[1]]
    assert header[:4] == ["N°", "Cas d’usage", "Étape", "Étape du parcours"]
    first = {name: cell for name, cell in zip(header, findings[2], strict=False)}
    assert first["Étape du parcours"].value in {"Notoriété", "Considération", "Décision", "Achat"}
    assert first["Signalé le (UTC)"].is_date
    assert first["Signalé le (UTC)"].number_format == "dd/mm/yyyy hh:mm"
    stages = [row[0].value for row in book["Carte des frictions"].iter_rows(min_row=2, max_row=5)]
    assert "Achat" in stages
    assert "purchase" not in stages

    overview = {row[0].value: row for row in book["Vue d’ensemble"].iter_rows() if row[0].value}
    launched = overview["Lancée le (UTC)"][1]
    assert launched.is_date
    assert launched.number_format == "dd/mm/yyyy hh:mm"
    assert overview["Statut de la campagne"][1].value == "En cours"
    explained = list(overview)[list(overview).index("Comment chaque chiffre est calculé") + 1 :]
    for formula in ("NPS", "SUS", "CSAT", "SEQ"):
        assert any(text.startswith(formula) for text in explained), formula
    assert len(explained) >= 10, "friction, blocked rate, completion, task success, …"
    assert not any("testers who reached the step" in text for text in explained), "in French"


async def test_an_english_workbook_writes_dates_as_english_readers_do(client) -> None:
    seeded = await _parcours("demo", "--seed-only")
    assert seeded.returncode == 0, seeded.stderr
    campaign = (await Campaign.select(Campaign.id).order_by(Campaign.id).first())["id"]
    assert (await login(client, "client@demo.parcours.test", "parcours-demo")).status_code == 200

    response = await client.get(f"/api/v1/campaigns/{campaign}/report.xlsx")

    book = load_workbook(io.BytesIO(response.content))
    testers = book["Testers"]
    header = [cell.value for cell in testers[1]]
    accepted = testers.cell(2, header.index("Accepted at (UTC)") + 1)
    assert accepted.is_date
    assert accepted.number_format == "m/d/yyyy h:mm AM/PM"
    assert testers.cell(2, header.index("State") + 1).value in {
        "Submitted",
        "In progress",
        "Approved",
    }
