"""The Litestar application factory."""

from __future__ import annotations

import asyncio

from litestar import Litestar, Router
from litestar.config.csrf import CSRFConfig
from litestar.exceptions import HTTPException
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template import TemplateConfig
from piccolo.engine.postgres import PostgresEngine

import backend.db  # noqa: F401 - sets PICCOLO_CONF before Piccolo looks for it
from backend.db.engine import ParcoursSQLiteEngine, current_engine, prepare_engine
from backend.errors import DomainError
from backend.http.auth import AuthController, update_password
from backend.http.auth_pages import AuthPages
from backend.http.builder_pages import BuilderPages
from backend.http.campaign_pages import CampaignPages
from backend.http.campaigns import CampaignController
from backend.http.conversation_pages import ConversationPages
from backend.http.conversations import ConversationController
from backend.http.demo_shop import demo_shop
from backend.http.errors import domain_error, http_error, server_error
from backend.http.favicon import favicon
from backend.http.follow_up_pages import FollowUpPages
from backend.http.follow_ups import FollowUpController
from backend.http.headers import SecurityHeadersMiddleware
from backend.http.health import health
from backend.http.home_pages import HomePages
from backend.http.i18n import LanguageMiddleware
from backend.http.invitation_pages import InvitationPages
from backend.http.invitations import InvitationController
from backend.http.language import switch_language
from backend.http.limits import ids_in_range, not_utf8, too_deep
from backend.http.me import read_me
from backend.http.middleware import CookieCSRFMiddleware, TokenAuthenticationMiddleware
from backend.http.organization import read_organization
from backend.http.outbox_pages import outbox_page
from backend.http.participation_pages import FindingPages, ParticipationPages
from backend.http.participations import FindingUploadController, ParticipationController
from backend.http.privacy import erase_me, export_me
from backend.http.profile import read_profile, write_mail_choice, write_profile
from backend.http.profile_pages import ProfilePages
from backend.http.report_pages import ReportPages, SharedReportPages
from backend.http.reports import ReportController
from backend.http.review import ReviewController
from backend.http.review_pages import ReviewPages
from backend.http.screenshots import ScreenshotController
from backend.http.templating import add_filters
from backend.http.tester_pages import TesterPages
from backend.http.tracker import findings_csv
from backend.http.users import list_users
from backend.mail.sender import run_sender
from backend.mail.smtp import smtp_server
from backend.screenshots.store import FileStore
from backend.services.campaigns import follow_the_calendar
from backend.services.findings import MAX_SCREENSHOTS, sweep_screenshots
from backend.settings import load_settings
from campaigns.loading import MAX_DEFINITION_BYTES
from frontend import STATIC_DIR, TEMPLATES_DIR

# Paths that need neither a user nor a CSRF check; skipping them saves a database round trip.
_UNGUARDED_PATHS = ["/static/", "/schema", "/health"]


def create_app() -> Litestar:
    """Build the app from the environment's settings and the configured database engine."""
    settings = load_settings()
    engine = current_engine()

    async def start_database() -> None:
        await prepare_engine(engine)
        if isinstance(engine, PostgresEngine):
            await engine.start_connection_pool()

    async def catch_up_with_the_calendar() -> None:
        # Campaigns whose start or end date passed while the server was down.
        await follow_the_calendar()

    async def sweep_orphans() -> None:
        # Files left by uploads that a crash cut short, before this start.
        await sweep_screenshots(FileStore(settings.screenshots_dir), settings.orphan_grace_seconds)

    # Checked at start-up, so a mistyped PARCOURS_SMTP_URL stops the server with its reason.
    smtp = smtp_server(settings.smtp_url) if settings.smtp_url else None
    senders: list[asyncio.Task[None]] = []

    async def start_mail_sender() -> None:
        # Without SMTP the messages wait in the outbox, listed on the managers' page.
        if smtp is not None and settings.mail_sender:
            senders.append(asyncio.create_task(run_sender(smtp, settings)))

    async def stop_mail_sender() -> None:
        for task in senders:
            task.cancel()
        await asyncio.gather(*senders, return_exceptions=True)

    async def stop_database() -> None:
        if isinstance(engine, PostgresEngine):
            await engine.close_connection_pool()
        if isinstance(engine, ParcoursSQLiteEngine):
            await engine.close_connections()

    csrf = CSRFConfig(
        secret=settings.secret_key,
        cookie_secure=settings.secure_cookies or (settings.public_url or "").startswith("https:"),
        cookie_samesite="lax",
        exclude=_UNGUARDED_PATHS,
    )
    app = Litestar(
        route_handlers=[
            health,
            read_me,
            read_organization,
            list_users,
            AuthController,
            update_password,
            CampaignController,
            InvitationController,
            ParticipationController,
            ScreenshotController,
            ReviewController,
            ReportController,
            FollowUpController,
            ConversationController,
            ReviewPages,
            TesterPages,
            outbox_page,
            findings_csv,
            read_profile,
            export_me,
            erase_me,
            write_profile,
            write_mail_choice,
            HomePages,
            switch_language,
            favicon,
            AuthPages,
            CampaignPages,
            BuilderPages,
            ReportPages,
            SharedReportPages,
            InvitationPages,
            ProfilePages,
            ParticipationPages,
            # Up to five screenshots of the configured size, plus the finding's text fields.
            Router(
                "/",
                route_handlers=[
                    FindingUploadController,
                    FindingPages,
                    FollowUpPages,
                    ConversationPages,
                ],
                request_max_body_size=settings.max_upload_bytes * MAX_SCREENSHOTS + 1_048_576,
            ),
            create_static_files_router(
                path="/static", directories=[STATIC_DIR], include_in_schema=False
            ),
            *([demo_shop] if settings.demo else []),
        ],
        middleware=[
            SecurityHeadersMiddleware,
            DefineMiddleware(CookieCSRFMiddleware, config=csrf),
            DefineMiddleware(TokenAuthenticationMiddleware, exclude=_UNGUARDED_PATHS),
            LanguageMiddleware,
        ],
        exception_handlers={
            DomainError: domain_error,
            RecursionError: too_deep,
            UnicodeDecodeError: not_utf8,
            HTTPException: http_error,
            Exception: server_error,
        },
        template_config=TemplateConfig(
            directory=TEMPLATES_DIR, engine=JinjaTemplateEngine, engine_callback=add_filters
        ),
        openapi_config=OpenAPIConfig(title="Parcours", version="0.1.0", path="/schema"),
        # JSON, forms and campaign files: a campaign definition is the largest (1 MB).
        request_max_body_size=MAX_DEFINITION_BYTES + 65_536,
        before_request=ids_in_range,
        on_startup=[start_database, catch_up_with_the_calendar, sweep_orphans, start_mail_sender],
        on_shutdown=[stop_mail_sender, stop_database],
    )
    app.state.settings = settings
    app.state.screenshots = FileStore(settings.screenshots_dir)
    return app
