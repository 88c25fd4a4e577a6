"""The `parcours` command: serve, migrate, manage users, campaigns and reports."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import msgspec
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from backend.db.migrate import MigrationError, migrate
from backend.demo.seed import seed_demo
from backend.errors import DomainError
from backend.files import whole_file
from backend.mail.sender import run_sender, send_due
from backend.mail.smtp import SmtpUrlError, smtp_server
from backend.screenshots.store import FileStore
from backend.services.accounts import Password, create_account, organization_named
from backend.services.campaign_store import create_campaign
from backend.services.campaigns import campaign_by_id_or_name
from backend.services.report_export import export_workbook
from backend.services.tracker_export import TrackerFormat, tracker_csv
from backend.settings import load_settings
from campaigns.loading import format_of, load_file, warnings_for
from campaigns.problems import DefinitionError
from campaigns.schema import CampaignDefinition, question_mix
from campaigns.vocabulary import Role
from frontend.catalogs import LANGUAGES, SOURCE_LANGUAGE


def _fail(message: str) -> int:
    print(f"parcours: {message}", file=sys.stderr)
    return 1


def _migrate(_: argparse.Namespace) -> int:
    try:
        asyncio.run(migrate())
    except MigrationError as error:
        return _fail(f"migration failed: {error}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = load_settings()
    # SQLite lives beside the single server, so it can migrate itself; PostgreSQL may sit
    # behind several instances and is migrated once, explicitly, with `parcours migrate`.
    if not settings.uses_postgres and (status := _migrate(args)):
        return status
    where = "PostgreSQL" if settings.uses_postgres else f"SQLite at {settings.sqlite_path}"
    print(f"Parcours on http://{args.host}:{args.port} ({where})")
    uvicorn.run(
        "backend.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=True,
    )
    return 0


@contextmanager
def _progress_bar(description: str) -> Iterator[Callable[[int, int], None]]:
    """A bar on stderr, fed with (done, total); it disappears when the work is done."""
    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


def _demo(args: argparse.Namespace) -> int:
    settings = load_settings()
    if status := _migrate(args):
        return status
    # The campaign's ad link must open in the visitor's browser, which cannot reach 0.0.0.0.
    host = "localhost" if args.host in ("0.0.0.0", "::") else args.host  # noqa: S104
    url = f"http://{host}:{args.port}"
    with _progress_bar("Testers walking the demo journey") as advance:
        store = FileStore(settings.screenshots_dir)
        accounts = asyncio.run(seed_demo(store, settings.public_url or url, advance))
    os.environ["PARCOURS_DEMO"] = "1"
    print(
        f"\nDemo ready: {url}/campaigns/{accounts.campaign_id}/report\n"
        f"  client   {accounts.client}\n"
        f"  manager  {accounts.manager}\n"
        f"  tester   {accounts.tester}\n"
        f"  password {accounts.password} (all three)\n"
    )
    return 0 if args.seed_only else _serve(args)


def _read_password() -> str:
    if password := os.environ.get("PARCOURS_PASSWORD"):
        return password
    if not sys.stdin.isatty():
        raise ValueError("set PARCOURS_PASSWORD or run in a terminal to be asked for one")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Repeat it: "):
        raise ValueError("the two passwords differ")
    return first


def _create_user(args: argparse.Namespace) -> int:
    try:
        password = msgspec.convert(_read_password(), Password)
    except msgspec.ValidationError as error:
        return _fail(f"password: {str(error).lower()}")
    except ValueError as error:
        return _fail(str(error))
    try:
        user_id = asyncio.run(
            create_account(args.email, password, args.name, Role(args.role), args.organization)
        )
    except DomainError as error:
        return _fail(error.message)
    print(f"Created {args.role} {args.email.strip().lower()} (id {user_id})")
    return 0


def _read_definition(path: Path) -> CampaignDefinition | None:
    """The definition in the file, or None after printing its problems to stderr."""
    try:
        definition = load_file(path)
    except OSError as error:
        _fail(f"cannot read {path}: {error.strerror}")
        return None
    except DefinitionError as error:
        print(error, file=sys.stderr)
        return None
    for warning in warnings_for(definition, path.read_text(encoding="utf-8"), format_of(path.name)):
        print(f"warning: {warning.describe(str(path))}", file=sys.stderr)
    return definition


def _validate(args: argparse.Namespace) -> int:
    definition = _read_definition(args.file)
    if definition is None:
        return 1
    qualitative, quantitative = question_mix(definition)
    locales = ", ".join(f"{t.locale} (quota {t.quota})" for t in definition.target.locales)
    print(
        f"{args.file}: valid. {len(definition.use_cases)} use cases, "
        f"{sum(len(u.steps) for u in definition.use_cases)} steps; per tester "
        f"{qualitative} qualitative and {quantitative} quantitative questions; {locales}"
    )
    return 0


def _import_campaign(args: argparse.Namespace) -> int:
    definition = _read_definition(args.file)
    if definition is None:
        return 1

    async def store() -> int | None:
        organization_id = await organization_named(args.organization)
        if organization_id is None:
            return None
        return await create_campaign(definition, organization_id, created_by=None)

    campaign_id = asyncio.run(store())
    if campaign_id is None:
        return _fail(f"no organization named {args.organization!r}; its client signs up first")
    print(f"Imported {definition.name!r} as draft campaign {campaign_id}")
    return 0


def _export_report(args: argparse.Namespace) -> int:
    target: Path = args.output
    if target.suffix.lower() != ".xlsx":
        return _fail(f"{target}: the report is an Excel workbook; name it something.xlsx")
    if not target.parent.is_dir():
        return _fail(f"{target.parent}: no such folder")
    settings = load_settings()

    async def export(progress: Callable[[int, int], None]) -> str | None:
        campaign = await campaign_by_id_or_name(args.campaign)
        if campaign is None:
            return None
        await export_workbook(
            campaign["id"],
            target,
            FileStore(settings.screenshots_dir),
            args.base_url or settings.site_url,
            progress,
            args.language,
        )
        return campaign["name"]

    with _progress_bar("Writing the report") as advance:
        name = asyncio.run(export(advance))
    if name is None:
        return _fail(f"no campaign {args.campaign!r}; give its id or its exact name")
    print(f"Wrote the report of {name!r} to {target}")
    return 0


def _export_findings(args: argparse.Namespace) -> int:
    target: Path = args.output
    if not target.parent.is_dir():
        return _fail(f"{target.parent}: no such folder")
    settings = load_settings()

    async def export() -> str | None:
        campaign = await campaign_by_id_or_name(args.campaign)
        if campaign is None:
            return None
        with (
            whole_file(target, ".csv") as temporary,
            temporary.open("w", encoding="utf-8", newline="") as out,
        ):
            async for chunk in tracker_csv(
                campaign["id"], TrackerFormat(args.format), args.base_url or settings.site_url
            ):
                out.write(chunk)
        return campaign["name"]

    name = asyncio.run(export())
    if name is None:
        return _fail(f"no campaign {args.campaign!r}; give its id or its exact name")
    print(f"Wrote the accepted findings of {name!r} to {target} ({args.format})")
    return 0


def _worker(args: argparse.Namespace) -> int:
    settings = load_settings()
    if not settings.smtp_url:
        return _fail("PARCOURS_SMTP_URL is not set: say where e-mail goes, as in smtp://host:587")
    try:
        server = smtp_server(settings.smtp_url)
    except SmtpUrlError as error:
        return _fail(str(error))
    if args.once:
        sent = asyncio.run(send_due(server, settings))
        print(f"Sent {sent} e-mail(s)")
        return 0
    print(f"Sending the outbox through {server.host}:{server.port}; Ctrl+C stops")
    with suppress(KeyboardInterrupt):
        asyncio.run(run_sender(server, settings))
    return 0


def _add_base_url(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--base-url",
        help="where the server is reached, for the links (default: PARCOURS_PUBLIC_URL, "
        "else http://127.0.0.1:8000)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    parser = argparse.ArgumentParser(prog="parcours", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the web server (migrates SQLite first)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(run=_serve)

    commands.add_parser("migrate", help="apply database migrations").set_defaults(run=_migrate)

    demo = commands.add_parser("demo", help="seed a demo campaign, print sign-ins, and serve")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--workers", type=int, default=1)
    demo.add_argument("--seed-only", action="store_true", help="seed and print, do not serve")
    demo.set_defaults(run=_demo)

    user = commands.add_parser(
        "create-user", help="create a user; the password comes from PARCOURS_PASSWORD or a prompt"
    )
    user.add_argument("--email", required=True)
    user.add_argument("--name", required=True)
    user.add_argument("--role", choices=[role.value for role in Role], default=Role.manager.value)
    user.add_argument("--organization", help="the new organization of a client")
    user.set_defaults(run=_create_user)

    validate = commands.add_parser("validate", help="check a campaign definition file")
    validate.add_argument("file", type=Path)
    validate.set_defaults(run=_validate)

    importer = commands.add_parser("import-campaign", help="store a definition file as a draft")
    importer.add_argument("file", type=Path)
    importer.add_argument("--organization", required=True, help="the client organization's name")
    importer.set_defaults(run=_import_campaign)

    export = commands.add_parser("export-report", help="write a campaign's Excel report")
    export.add_argument("campaign", help="the campaign's id or exact name")
    export.add_argument("-o", "--output", type=Path, required=True, help="the .xlsx file")
    _add_base_url(export)
    export.add_argument(
        "--language",
        choices=list(LANGUAGES),
        default=SOURCE_LANGUAGE,
        help="the language the workbook is written in (default: English)",
    )
    export.set_defaults(run=_export_report)

    findings = commands.add_parser(
        "export-findings", help="write a campaign's accepted findings as CSV for a tracker"
    )
    findings.add_argument("campaign", help="the campaign's id or exact name")
    findings.add_argument("-o", "--output", type=Path, required=True, help="the .csv file")
    findings.add_argument(
        "--format",
        choices=[form.value for form in TrackerFormat],
        default=TrackerFormat.generic.value,
        help="generic (every field, formula-safe) or jira (for Jira's CSV importer)",
    )
    _add_base_url(findings)
    findings.set_defaults(run=_export_findings)

    worker = commands.add_parser(
        "worker",
        help="send the e-mail outbox (for installs where the web servers do not, with "
        "PARCOURS_MAIL_SENDER=0)",
    )
    worker.add_argument("--once", action="store_true", help="send what is due, then stop")
    worker.set_defaults(run=_worker)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `parcours` console script."""
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
