"""Phone-sized screenshots drawn with Pillow, so demo findings have something to show."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw

SIZE = (390, 844)
_BRAND = [(11, 92, 173), (17, 80, 44), (140, 13, 13), (92, 64, 0)]


def phone_screen(title: str, rng: random.Random) -> bytes:
    """A PNG that looks like a shop app screen: a bar, product tiles, a button, a caption."""
    image = Image.new("RGB", SIZE, (246, 247, 249))
    draw = ImageDraw.Draw(image)
    brand = rng.choice(_BRAND)
    draw.rectangle((0, 0, SIZE[0], 64), fill=brand)
    draw.text((16, 24), "northwind.shop", fill=(255, 255, 255))
    for row in range(3):
        for column in range(2):
            left, top = 16 + column * 187, 88 + row * 190
            shade = rng.randint(190, 235)
            draw.rounded_rectangle(
                (left, top, left + 171, top + 170), radius=10, fill=(shade, shade, shade)
            )
            draw.text((left + 10, top + 146), f"Runner {rng.randint(10, 99)}", fill=(40, 40, 40))
    draw.rounded_rectangle((16, 680, 374, 736), radius=10, fill=brand)
    draw.text((150, 700), "Add to basket", fill=(255, 255, 255))
    # The friction point, circled the way testers mark their screenshots.
    x, y = rng.randint(40, 300), rng.randint(120, 600)
    draw.ellipse((x - 36, y - 36, x + 36, y + 36), outline=(220, 30, 30), width=5)
    draw.rectangle((0, 770, SIZE[0], SIZE[1]), fill=(255, 255, 255))
    draw.text((16, 790), title[:60], fill=(27, 31, 36))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
