"""Runtime configuration, read once from the environment."""

from __future__ import annotations

import os
from pathlib import Path

import msgspec


class Settings(msgspec.Struct, frozen=True):
    """Where data lives and how the service behaves."""

    data_dir: Path
    database_url: str | None
    max_upload_bytes: int
    session_days: int
    secure_cookies: bool
    public_url: str | None
    secret_key: str
    orphan_grace_seconds: float
    # `parcours demo` also serves the demo campaign's shop page.
    demo: bool = False
    # Where e-mail goes (smtp:// or smtps://, with credentials); None keeps it in the outbox.
    smtp_url: str | None = None
    mail_from: str = "Parcours <parcours@localhost>"
    # The first retry of a failed delivery waits this long, each next one twice as long.
    mail_retry_seconds: float = 30.0
    # The server sends the outbox itself unless `parcours worker` does it (set to False).
    mail_sender: bool = True

    @property
    def site_url(self) -> str:
        """Where people reach the site, for links in e-mail."""
        return (self.public_url or "http://127.0.0.1:8000").rstrip("/")

    @property
    def uses_postgres(self) -> bool:
        """Whether DATABASE_URL selects PostgreSQL instead of the embedded SQLite."""
        return bool(self.database_url)

    @property
    def screenshots_dir(self) -> Path:
        """Where screenshot files are stored, content-addressed."""
        return self.data_dir / "screenshots"

    @property
    def sqlite_path(self) -> Path:
        """The SQLite database file inside the data directory."""
        return self.data_dir / "parcours.sqlite"


def _secret_key(data_dir: Path) -> str:
    """The CSRF signing secret: from the environment, else one kept in the data directory."""
    if key := os.environ.get("PARCOURS_SECRET_KEY"):
        return key
    path = data_dir / "secret.key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(os.urandom(32).hex())
    return path.read_text().strip()


def load_settings() -> Settings:
    """Build the settings from PARCOURS_* variables and DATABASE_URL."""
    data_dir = Path(os.environ.get("PARCOURS_DATA_DIR", "./var")).resolve()
    return Settings(
        data_dir=data_dir,
        database_url=os.environ.get("DATABASE_URL") or None,
        max_upload_bytes=int(os.environ.get("PARCOURS_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)),
        session_days=int(os.environ.get("PARCOURS_SESSION_DAYS", 14)),
        secure_cookies=os.environ.get("PARCOURS_SECURE_COOKIES", "0") == "1",
        public_url=os.environ.get("PARCOURS_PUBLIC_URL") or None,
        secret_key=_secret_key(data_dir),
        orphan_grace_seconds=float(os.environ.get("PARCOURS_ORPHAN_GRACE_SECONDS", 900)),
        demo=os.environ.get("PARCOURS_DEMO", "0") == "1",
        smtp_url=os.environ.get("PARCOURS_SMTP_URL") or None,
        mail_from=os.environ.get("PARCOURS_MAIL_FROM") or "Parcours <parcours@localhost>",
        mail_retry_seconds=float(os.environ.get("PARCOURS_MAIL_RETRY_SECONDS", 30)),
        mail_sender=os.environ.get("PARCOURS_MAIL_SENDER", "1") != "0",
    )
