"""Labels in the reader's language for the web layer: `campaigns.words` holds the table."""

from __future__ import annotations

from backend.language import gettext
from campaigns.words import N_, human

__all__ = ["N_", "label"]


def label(value: object) -> str:
    """The value as people read it, in the request's language."""
    return human(value, gettext)
