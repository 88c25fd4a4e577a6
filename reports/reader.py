"""Who reads the workbook: the words of their language, the labels of the vocabulary's values
in it, and how they write a date. The backend fills it from the interface's catalogs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


def _same(message: str) -> str:
    return message


@dataclass(frozen=True, slots=True)
class Reader:
    """`text` translates a marked message, `label` names a vocabulary value (`post_purchase`);
    the formats are Excel number formats for date and date-and-time cells."""

    text: Callable[[str], str] = _same
    label: Callable[[str], str] = _same
    date_format: str = "yyyy-mm-dd"
    datetime_format: str = "yyyy-mm-dd hh:mm"
