"""Geometry of the dashboard's question charts, drawn as inline SVG by the templates:
diverging bars for scales (disagreeing to the left of the middle, agreeing to the right) and
stacked detractor / passive / promoter bars for NPS."""

from __future__ import annotations

import math
from collections.abc import Mapping

import msgspec

from reports.headline import nps_split


class Segment(msgspec.Struct):
    """One coloured piece of a bar, in a 0-100 wide box."""

    x: float
    width: float
    label: str
    share: float
    tone: str


def diverging(distribution: Mapping[str, int], low: int, high: int) -> list[Segment]:
    """A scale's answers as a bar centred on the scale's middle: the shares below it extend
    to the left, those above to the right, a middle answer straddles the centre."""
    counts = {int(float(value)): count for value, count in distribution.items()}
    total = sum(counts.values())
    if not total:
        return []
    middle = (low + high) / 2
    shares = {value: counts.get(value, 0) / total for value in range(low, high + 1)}
    left = sum(share for value, share in shares.items() if value < middle)
    left += shares.get(int(middle), 0) / 2 if middle.is_integer() else 0
    x = 50 - 50 * left
    segments = []
    for value, share in shares.items():
        distance = (value - middle) / (high - middle)
        # Three shades a side: a 7-point scale uses each, a 5-point one the stronger two.
        level = math.ceil(abs(distance) * 3 - 1e-9)
        tone = "mid" if level == 0 else f"{'neg' if distance < 0 else 'pos'}-{level}"
        segments.append(Segment(round(x, 2), round(50 * share, 2), str(value), share, tone))
        x += 50 * share
    return segments


def nps_bar(distribution: Mapping[str, int]) -> list[Segment]:
    """Detractors, passives and promoters side by side across the whole width."""
    split = nps_split({float(value): count for value, count in distribution.items()})
    if split is None:
        return []
    x, segments = 0.0, []
    for tone, share in (
        ("detractors", split.detractors),
        ("passives", split.passives),
        ("promoters", split.promoters),
    ):
        segments.append(Segment(round(x, 2), round(100 * share, 2), tone, share, tone))
        x += 100 * share
    return segments


class Bin(msgspec.Struct):
    """A range of answers, low to high inclusive, and how many fell in it."""

    low: float
    high: float
    count: int


# More distinct values than this are drawn as ranges: a bar per value stops being readable.
MAX_BARS = 12


def binned(distribution: Mapping[str, int], bins: int = 10) -> list[Bin]:
    """Answers to a number question as a bar per value while they are few, else as `bins`
    ranges of equal width (whole numbers when the answers are), empty ranges included."""
    counts = {float(value): count for value, count in distribution.items()}
    if not counts:
        return []
    if len(counts) <= MAX_BARS:
        return [Bin(value, value, count) for value, count in sorted(counts.items())]
    low, high = min(counts), max(counts)
    width = (high - low) / bins
    if all(value.is_integer() for value in counts):
        width = max(1.0, math.ceil(width))
    edges = [low + width * n for n in range(bins)]
    ranges = [Bin(edge, edge + width, 0) for edge in edges if edge <= high]
    for value, count in counts.items():
        index = min(int((value - low) // width), len(ranges) - 1)
        ranges[index].count += count
    whole = all(value.is_integer() for value in counts)
    for piece in ranges:
        # Whole-number answers read as "10 to 19", not "10 to 20".
        piece.high = min(piece.high - 1 if whole else piece.high, high)
    return ranges
