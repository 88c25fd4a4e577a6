"""DESIGN.md: dependencies point one way, backend → campaigns, reports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {"litestar", "piccolo", "backend", "httpx", "uvicorn", "jinja2"}


def _imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", ["campaigns", "reports"])
def test_domain_packages_stay_free_of_web_and_orm_code(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imported_roots(path) & FORBIDDEN)
        for path in (ROOT / package).rglob("*.py")
        if _imported_roots(path) & FORBIDDEN
    }

    assert offenders == {}
