"""Uploaded images made safe: real PNG/JPEG/WebP only, bounded, upright, blurred where asked,
re-encoded from bare pixels so no metadata (EXIF, GPS, text chunks, ICC) survives."""

from __future__ import annotations

import hashlib
import io
import warnings
from typing import Annotated

import msgspec
from PIL import Image, ImageFilter, ImageOps, UnidentifiedImageError

from backend.errors import Invalid, TooLarge, Unsupported

ACCEPTED = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
# A phone screenshot is 3-4 megapixels; 40 leaves room for tablets and desktops while
# refusing the billion-pixel images that decompression bombs expand into.
MAX_PIXELS = 40_000_000
THUMBNAIL_SIZE = (360, 360)


class Rectangle(msgspec.Struct, forbid_unknown_fields=True):
    """An area to blur, in pixels of the upright image."""

    x: Annotated[int, msgspec.Meta(ge=0)]
    y: Annotated[int, msgspec.Meta(ge=0)]
    width: Annotated[int, msgspec.Meta(ge=1)]
    height: Annotated[int, msgspec.Meta(ge=1)]


class CleanImage(msgspec.Struct, frozen=True):
    """A screenshot ready to store, with its thumbnail."""

    data: bytes
    sha256: str
    media_type: str
    width: int
    height: int
    thumbnail: bytes
    thumbnail_sha256: str


def _open(data: bytes) -> Image.Image:
    """Open, verify and fully decode, refusing anything that is not a sound, bounded image."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data), formats=list(ACCEPTED))
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise TooLarge(
                    "screenshot.too_many_pixels",
                    "The image is {width}x{height} pixels; the limit is {megapixels} megapixels",
                    width=width,
                    height=height,
                    megapixels=MAX_PIXELS // 1_000_000,
                )
            probe.verify()
            image = Image.open(io.BytesIO(data), formats=list(ACCEPTED))
            image.load()
    except TooLarge:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise TooLarge(
            "screenshot.bomb",
            "The image expands to too many pixels to be a screenshot (the limit is "
            "{megapixels} megapixels)",
            megapixels=MAX_PIXELS // 1_000_000,
        ) from error
    except UnidentifiedImageError as error:
        raise Unsupported(
            "screenshot.not_an_image", "This is not a PNG, JPEG or WebP image"
        ) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise Invalid(
            "screenshot.damaged", "The image is damaged or truncated ({reason})", reason=str(error)
        ) from error
    return image


def _blur(image: Image.Image, rectangles: list[Rectangle]) -> Image.Image:
    """Blur each rectangle so heavily that nothing in it can be read back."""
    for rect in rectangles:
        box = (
            min(rect.x, image.width),
            min(rect.y, image.height),
            min(rect.x + rect.width, image.width),
            min(rect.y + rect.height, image.height),
        )
        if box[2] <= box[0] or box[3] <= box[1]:
            raise Invalid(
                "screenshot.blur_outside",
                "The blur rectangle at ({x}, {y}) lies outside the {width}x{height} image",
                x=rect.x,
                y=rect.y,
                width=image.width,
                height=image.height,
            )
        region = image.crop(box)
        radius = max(12, min(region.size) // 3)
        # Shrinking first destroys fine detail (digits, letters) that a blur alone can leave.
        small = region.resize((max(1, region.width // 16), max(1, region.height // 16)))
        smooth = small.resize(region.size, Image.Resampling.BILINEAR).filter(
            ImageFilter.GaussianBlur(radius)
        )
        image.paste(smooth, box[:2])
    return image


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        (image if image.mode == "RGB" else image.convert("RGB")).save(out, "JPEG", quality=90)
    elif fmt == "WEBP":
        image.save(out, "WEBP", quality=90)
    else:
        image.save(out, "PNG")
    return out.getvalue()


def thumbnail_of(image: Image.Image) -> bytes:
    """A JPEG at most THUMBNAIL_SIZE, resized straight from the image without a full copy."""
    scale = min(THUMBNAIL_SIZE[0] / image.width, THUMBNAIL_SIZE[1] / image.height, 1)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    small = image.resize(size, Image.Resampling.BICUBIC, reducing_gap=2.0)
    out = io.BytesIO()
    (small if small.mode == "RGB" else small.convert("RGB")).save(out, "JPEG", quality=80)
    return out.getvalue()


def clean_image(data: bytes, max_bytes: int, blur: list[Rectangle] | None = None) -> CleanImage:
    """Check, straighten, blur and re-encode an upload; a domain error says why not."""
    if len(data) > max_bytes:
        raise TooLarge(
            "screenshot.too_big",
            "The screenshot is {size:.1f} MB; the limit is {limit:.0f} MB",
            size=len(data) / 1_048_576,
            limit=max_bytes / 1_048_576,
        )
    image = _open(data)
    fmt = image.format or "PNG"
    ImageOps.exif_transpose(image, in_place=True)
    mode = "RGBA" if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info else "RGB"
    pixels = image if image.mode == mode else image.convert(mode)
    # A new image holding only the pixels leaves every metadata block of the upload behind,
    # whatever a Pillow version's encoder would otherwise copy over from the image's info.
    bare = Image.new(mode, pixels.size)
    bare.paste(pixels)
    bare = _blur(bare, blur or [])
    encoded = _encode(bare, fmt)
    thumbnail = thumbnail_of(bare)
    return CleanImage(
        data=encoded,
        sha256=hashlib.sha256(encoded).hexdigest(),
        media_type=ACCEPTED[fmt],
        width=bare.width,
        height=bare.height,
        thumbnail=thumbnail,
        thumbnail_sha256=hashlib.sha256(thumbnail).hexdigest(),
    )
