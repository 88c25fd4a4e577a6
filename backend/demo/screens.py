"""Phone screenshots of Northwind's shop drawn with Pillow, one screen per journey stage, in
the tester's language, with the problem circled the way testers mark their screenshots."""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from backend.demo.texts import SHOP

SIZE = (390, 844)
BRAND = (17, 80, 44)
INK = (27, 31, 36)
MUTED = (96, 104, 112)
LINE = (214, 218, 222)
PAPER = (255, 255, 255)
DANGER = (190, 24, 24)
MARK = (230, 30, 30)

Box = tuple[int, int, int, int]


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu Sans where the system has it (accents, €, £), else Pillow's own font."""
    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default(size=size)


class _Canvas:
    """A phone screen with the shop's chrome and a few widgets, in one language."""

    def __init__(self, words: dict[str, str]) -> None:
        self.words = words
        self.image = Image.new("RGB", SIZE, PAPER)
        self.draw = ImageDraw.Draw(self.image)

    def text(self, at: tuple[int, int], text: str, size: int = 16, fill=INK) -> Box:
        """Write `text` and return the box it covers."""
        font = _font(size)
        self.draw.text(at, text, font=font, fill=fill)
        left, top, right, bottom = self.draw.textbbox(at, text, font=font)
        return (left, top, right, bottom)

    def paragraph(self, at: tuple[int, int], text: str, size: int = 16, fill=INK) -> Box:
        """Write `text` wrapped to the screen's width and return the box it covers."""
        font, lines = _font(size), [""]
        for word in text.split():
            tried = f"{lines[-1]} {word}".strip()
            if self.draw.textlength(tried, font=font) > SIZE[0] - 2 * at[0] and lines[-1]:
                lines.append(word)
            else:
                lines[-1] = tried
        return self.text(at, "\n".join(lines), size, fill)

    def button(self, box: Box, label: str, fill=BRAND, ink=PAPER) -> Box:
        """A rounded button with its label centred."""
        self.draw.rounded_rectangle(box, radius=10, fill=fill)
        font = _font(17)
        width = self.draw.textlength(label, font=font)
        middle = (box[1] + box[3]) // 2
        self.draw.text(((box[0] + box[2] - width) / 2, middle - 10), label, font=font, fill=ink)
        return box

    def field(self, top: int, label: str, value: str) -> Box:
        """A labelled text field across the screen."""
        self.text((20, top), label, 14, MUTED)
        box = (20, top + 22, 370, top + 66)
        self.draw.rounded_rectangle(box, radius=8, outline=LINE, width=2)
        self.text((32, top + 34), value, 17)
        return box

    def shoe(self, box: Box, colour: tuple[int, int, int]) -> None:
        """A trainer drawn in a product tile."""
        left, top, right, bottom = box
        self.draw.rounded_rectangle(box, radius=12, fill=(238, 241, 239))
        width, height = right - left, bottom - top
        sole = (left + width * 0.12, top + height * 0.66, left + width * 0.9, top + height * 0.76)
        self.draw.rounded_rectangle(sole, radius=8, fill=(60, 60, 60))
        upper = [
            (left + width * 0.14, top + height * 0.66),
            (left + width * 0.2, top + height * 0.36),
            (left + width * 0.42, top + height * 0.3),
            (left + width * 0.62, top + height * 0.5),
            (left + width * 0.88, top + height * 0.56),
            (left + width * 0.9, top + height * 0.66),
        ]
        self.draw.polygon(upper, fill=colour)

    def chrome(self) -> None:
        """The shop's status bar and header."""
        self.draw.rectangle((0, 0, SIZE[0], 28), fill=(245, 245, 245))
        self.text((20, 6), "9:41", 14)
        self.draw.rectangle((0, 28, SIZE[0], 84), fill=BRAND)
        self.text((20, 44), "northwind", 22, PAPER)
        self.text((250, 48), self.words["basket"], 16, PAPER)

    def mark(self, box: Box) -> None:
        """Circle the friction point."""
        left, top, right, bottom = box
        self.draw.ellipse((left - 14, top - 14, right + 14, bottom + 14), outline=MARK, width=5)

    def png(self) -> bytes:
        """The screen as PNG bytes."""
        out = io.BytesIO()
        self.image.save(out, "PNG")
        return out.getvalue()


def _ad(c: _Canvas, rng: random.Random) -> list[Box]:
    c.draw.rectangle((0, 0, SIZE[0], 64), fill=PAPER)
    c.text((20, 20), "Instagram", 22)
    c.draw.ellipse((20, 84, 60, 124), fill=BRAND)
    c.text((72, 86), "northwind", 16)
    c.text((72, 106), c.words["sponsored"], 13, MUTED)
    c.shoe((0, 140, 390, 530), (214, 92, 38))
    button = c.button((20, 546, 370, 592), c.words["shop_now"])
    tagline = c.paragraph((20, 612), c.words["tagline"], 15)
    return [button, tagline]


def _listing(c: _Canvas, rng: random.Random) -> list[Box]:
    c.chrome()
    c.text((20, 100), c.words["nav"], 15, MUTED)
    names = []
    for index in range(4):
        left, top = 20 + (index % 2) * 180, 136 + (index // 2) * 250
        c.shoe((left, top, left + 170, top + 170), rng.choice([(214, 92, 38), (40, 90, 160)]))
        names.append(c.text((left, top + 180), f"Trail Runner {index + 2}", 15))
        c.text((left, top + 202), c.words["price"], 15, MUTED)
    c.draw.rectangle((0, 690, SIZE[0], SIZE[1]), fill=(35, 38, 42))
    c.paragraph((20, 706), c.words["cookies"], 14, PAPER)
    c.button((20, 760, 370, 808), c.words["accept"], PAPER, INK)
    compare = (250, 660, 370, 704)
    c.button(compare, c.words["compare"])
    return [compare, names[1]]


def _product(c: _Canvas, rng: random.Random) -> list[Box]:
    c.chrome()
    c.shoe((0, 84, 390, 404), (214, 92, 38))
    c.text((20, 420), c.words["product"], 24)
    c.text((20, 456), c.words["price"], 20, BRAND)
    c.text((20, 500), c.words["size"], 15, MUTED)

    for index, size in enumerate(c.words["sizes"].split()):
        left = 20 + index * 50
        box = (left, 528, left + 42, 570)
        c.draw.rounded_rectangle(box, radius=8, outline=LINE, width=2)
        c.text((left + 10, 540), size, 15)
    guide = c.text((20, 590), c.words["guide"] + " (US 7-12)", 15, (11, 92, 173))
    c.button((20, 640, 370, 692), c.words["add"])
    c.paragraph((20, 712), c.words["perks"], 13, MUTED)
    return [guide, (20, 528, 370, 570)]


def _checkout(c: _Canvas, rng: random.Random) -> list[Box]:
    c.chrome()
    c.text((20, 100), c.words["product"] + " · " + c.words["price"], 17)
    c.field(140, c.words["card"], "4000 0027 6000 3184")
    postcode = c.field(230, c.words["postcode"], c.words["postcode_example"])
    c.draw.rounded_rectangle((20, 330, 370, 400), radius=8, fill=(253, 236, 236))
    declined = c.paragraph((34, 346), c.words["declined"], 15, DANGER)
    c.button((20, 440, 370, 492), c.words["pay"])
    return [declined, (20, 100, 370, 124), postcode]


def _after_sales(c: _Canvas, rng: random.Random) -> list[Box]:
    c.chrome()
    c.text((20, 104), c.words["order"], 20)
    c.shoe((20, 146, 130, 246), (214, 92, 38))
    c.text((146, 170), c.words["product"], 17)
    c.text((146, 196), c.words["price"], 15, MUTED)
    label = c.button((20, 290, 370, 342), c.words["label"])
    c.text((20, 360), "PDF · A4", 13, MUTED)
    track = c.button((20, 400, 370, 452), c.words["track"], PAPER, BRAND)
    c.draw.rounded_rectangle((20, 400, 370, 452), radius=10, outline=BRAND, width=2)
    c.draw.rectangle((20, 490, 370, 640), outline=LINE, width=2)
    gone = c.text((40, 550), c.words["not_found"], 18, MUTED)
    return [label, (20, 104, 370, 130), track if rng.random() < 0.5 else gone]


def _club(c: _Canvas, rng: random.Random) -> list[Box]:
    c.chrome()
    c.text((20, 104), c.words["club"], 24)
    c.field(150, "E-mail", "runner@example.com")
    first = c.field(240, c.words["birth"], "14/03/1991")
    second = c.field(330, c.words["birth_again"], "")
    c.button((20, 440, 370, 492), c.words["join"])
    points = c.text((20, 520), c.words["points"] + ": —", 17, MUTED)
    return [(first[0], first[1], second[2], second[3]), points]


_SCREENS: dict[str, Callable[[_Canvas, random.Random], list[Box]]] = {
    "awareness": _ad,
    "consideration": _listing,
    "decision": _product,
    "purchase": _checkout,
    "post_purchase": _after_sales,
    "loyalty": _club,
}


def phone_screen(stage: str, problem: int, locale: str, rng: random.Random) -> bytes:
    """A PNG of the shop screen a tester sees at `stage`, with the `problem`-th spot circled."""
    canvas = _Canvas(SHOP.get(locale, SHOP["en-GB"]))
    spots = _SCREENS.get(stage, _product)(canvas, rng)
    canvas.mark(spots[problem % len(spots)])
    return canvas.png()
