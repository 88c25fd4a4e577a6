"""A friction point as a tester reports it."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Annotated, TypeVar

import msgspec

from campaigns.vocabulary import FindingKind, Severity

LongText = Annotated[str, msgspec.Meta(max_length=5000)]


class FindingInput(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """What the tester tells about one friction point; device and locale come from the
    participation, stage and touchpoint from the step."""

    title: Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=r"\S")]
    kind: FindingKind
    severity: Severity
    emotion: Annotated[int, msgspec.Meta(ge=-2, le=2)] = 0
    description: LongText = ""
    steps_to_reproduce: LongText = ""
    expected_result: LongText = ""
    actual_result: LongText = ""


def _words(text: str) -> set[str]:
    return {word for word in re.findall(r"\w+", text.casefold()) if len(word) > 2}


def search_score(search: str, title: str) -> float:
    """How well a title answers a search, 0 to 1: each searched word found in it, or a word
    of it spelled nearly the same ("futer" finds "footer")."""
    wanted = re.findall(r"\w+", search.casefold())
    words = re.findall(r"\w+", title.casefold())
    if not wanted or not words:
        return 0.0
    text = title.casefold()
    found = [
        1.0
        if word in text
        else max(difflib.SequenceMatcher(None, word, other).ratio() for other in words)
        for word in wanted
    ]
    return sum(found) / len(found)


FOUND_ENOUGH = 0.7


def title_similarity(a: str, b: str) -> float:
    """How alike two finding titles are, 0 to 1: shared words, or shared spelling for
    short titles and typos."""
    words_a, words_b = _words(a), _words(b)
    overlap = len(words_a & words_b) / len(words_a | words_b) if words_a and words_b else 0.0
    spelling = difflib.SequenceMatcher(None, a.casefold(), b.casefold()).ratio()
    return max(overlap, spelling)


SIMILAR_ENOUGH = 0.5


Item = TypeVar("Item")


def most_similar(
    title: str, candidates: Iterable[tuple[str, Item]], limit: int
) -> list[tuple[float, Item]]:
    """The candidates (title, item) whose titles are similar enough to `title`, best first."""
    scored = [(title_similarity(title, other), item) for other, item in candidates]
    return sorted(
        (pair for pair in scored if pair[0] >= SIMILAR_ENOUGH), key=lambda pair: -pair[0]
    )[:limit]
