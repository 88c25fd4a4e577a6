"""Files written whole or not at all: written beside their target, then renamed over it."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def whole_file(target: Path, suffix: str = "") -> Iterator[Path]:
    """A temporary path in the target's folder to write; renamed to `target` when the block
    ends, removed if it raises, so a reader never sees half a file."""
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=suffix)
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
