"""Screenshot upload path against bare Pillow on the same phone-sized images."""

from __future__ import annotations

import io
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from backend.demo.screens import phone_screen
from backend.screenshots.images import THUMBNAIL_SIZE, clean_image
from backend.screenshots.store import FileStore

PHONE = (1170, 2532)


def phone_images() -> dict[str, bytes]:
    """A 1170×2532 app screen as PNG and as JPEG (with EXIF to strip), like phones send."""
    screen = Image.open(io.BytesIO(phone_screen("purchase", 0, "en-GB", random.Random(3))))  # noqa: S311
    big = screen.resize(PHONE, Image.Resampling.LANCZOS)
    png, jpeg = io.BytesIO(), io.BytesIO()
    big.save(png, "PNG")
    exif = big.getexif()
    exif[0x010F] = "PhoneMaker"
    big.save(jpeg, "JPEG", quality=90, exif=exif)
    return {"PNG": png.getvalue(), "JPEG": jpeg.getvalue()}


def _median_seconds(work: Callable[[], object], repeat: int) -> float:
    work()  # warm-up: imports, codecs
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bare_pillow(data: bytes, fmt: str) -> None:
    """Open, re-encode in the same format and quality, make the same JPEG thumbnail."""
    image = Image.open(io.BytesIO(data))
    image.load()
    image.save(io.BytesIO(), fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    thumb = image.copy()
    thumb.thumbnail(THUMBNAIL_SIZE)
    thumb.save(io.BytesIO(), "JPEG", quality=80)


def compare(repeat: int = 7) -> dict[str, dict[str, float]]:
    """Per image format: median seconds of our path and of bare Pillow."""
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        store = FileStore(Path(folder))

        def ours(data: bytes) -> None:
            clean = clean_image(data, 50 * 1024 * 1024)
            store.put(clean.sha256, clean.data)
            store.put(clean.thumbnail_sha256, clean.thumbnail)
            # Content addressing would skip the second write of the same image.
            store.delete(clean.sha256)
            store.delete(clean.thumbnail_sha256)

        for fmt, data in phone_images().items():
            results[fmt] = {
                "ours": _median_seconds(lambda data=data: ours(data), repeat),
                "bare": _median_seconds(lambda data=data, fmt=fmt: bare_pillow(data, fmt), repeat),
            }
    return results
