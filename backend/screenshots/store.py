"""Content-addressed files under the data directory, written whole or not at all."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from backend.files import whole_file

_DIGEST = re.compile(r"^[0-9a-f]{64}$")


class FileStore:
    """Files named by their sha256, in two-letter fan-out folders."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        """Where the file with this digest lives."""
        if not _DIGEST.match(sha256):
            raise ValueError(f"not a sha256 digest: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def put(self, sha256: str, data: bytes) -> bool:
        """Store the bytes unless already there; True if this call wrote them.

        Written to a temporary file in the same folder, flushed, then renamed: a crash leaves
        either the whole file or only a temporary one, never a half-written screenshot.
        """
        target = self.path(sha256)
        if target.exists():
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        with whole_file(target) as temporary, temporary.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        return True

    def read(self, sha256: str) -> bytes:
        """The stored bytes."""
        return self.path(sha256).read_bytes()

    def delete(self, sha256: str) -> None:
        """Remove the file if present."""
        self.path(sha256).unlink(missing_ok=True)

    def sweep(self, referenced: set[str], older_than_seconds: float) -> list[Path]:
        """Delete files no row refers to, and temporary leftovers; returns what went.

        A process killed mid-upload leaves a temporary file, or a renamed file whose rows
        were never committed. Only files older than the grace period go, so an upload that
        another server instance is committing right now keeps its file.
        """
        cutoff = time.time() - older_than_seconds
        removed = []
        for path in self.files():
            stale = path.name.startswith(".tmp-") or path.name not in referenced
            if stale and path.stat().st_mtime <= cutoff:
                path.unlink(missing_ok=True)
                removed.append(path)
        return removed

    def files(self) -> list[Path]:
        """Every stored file (temporary ones included), for audits and tests."""
        return (
            [path for path in self.root.rglob("*") if path.is_file()] if self.root.exists() else []
        )
