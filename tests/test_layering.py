"""DESIGN.md's layers, enforced: dependencies point one way (backend → campaigns, reports);
http/ parses and renders, services/ queries, and nothing below http/ knows the web."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {"litestar", "piccolo", "backend", "httpx", "uvicorn", "jinja2"}
# Generated migrations are data, not code anyone reads for the layering.
MAX_LINES = 400


def _imports(path: Path) -> set[str]:
    """Every module the file imports, absolute and dotted."""
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


def _roots(path: Path) -> set[str]:
    return {module.split(".")[0] for module in _imports(path)}


def _python_files(*folders: str) -> list[Path]:
    return [
        path
        for folder in folders
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "migrations" not in path.parts
    ]


@pytest.mark.parametrize("package", ["campaigns", "reports"])
def test_domain_packages_stay_free_of_web_and_orm_code(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(_roots(path) & FORBIDDEN)
        for path in _python_files(package)
        if _roots(path) & FORBIDDEN
    }

    assert offenders == {}


def test_http_imports_neither_tables_nor_piccolo() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            module
            for module in _imports(path)
            if module.startswith(("backend.tables", "piccolo", "backend.db"))
        )
        for path in _python_files("backend/http")
    }

    assert {path: modules for path, modules in offenders.items() if modules} == {}


def test_only_services_and_the_database_layer_import_tables() -> None:
    allowed = ("backend/services/", "backend/tables/", "backend/db/")
    offenders = [
        str(path.relative_to(ROOT))
        for path in _python_files("backend")
        if any(module.startswith("backend.tables") for module in _imports(path))
        and not str(path.relative_to(ROOT)).startswith(allowed)
    ]

    assert offenders == []


def test_no_module_outside_the_migrations_is_over_400_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): lines
        for path in _python_files("backend", "campaigns", "reports", "frontend")
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    }

    assert long == {}


def test_services_auth_and_the_cli_load_without_litestar() -> None:
    modules = [
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for path in _python_files("backend/services", "backend/auth")
        if path.name != "__init__.py"
    ] + ["backend.cli", "backend.errors", "backend.demo.seed"]
    probe = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'litestar'))\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )

    assert result.stdout.strip() == "[]"
