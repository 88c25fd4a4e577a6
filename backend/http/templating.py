"""Jinja filters the pages use."""

from __future__ import annotations

from litestar.plugins.jinja import JinjaTemplateEngine

from campaigns.text import Localized, localize


def _text(text: Localized | None, locale: str, default_locale: str | None = None) -> str:
    """`{{ step.instruction | t(locale, default) }}`: the text a reader in `locale` sees."""
    if text is None:
        return ""
    return localize(text, locale, default_locale or locale)


def _words(value: str) -> str:
    """`post_purchase` → `post purchase`, for vocabulary shown to people."""
    return value.replace("_", " ")


def _heat(index: float | None, highest: float) -> str:
    """The colour-scale step (heat-0 to heat-4) of a friction index against the highest."""
    if index is None:
        return "heat-none"
    if highest <= 0:
        return "heat-0"
    return f"heat-{min(4, int(index / highest * 5))}"


def add_filters(engine: JinjaTemplateEngine) -> None:
    """Register the filters on the app's Jinja environment."""
    engine.engine.filters.update(t=_text, words=_words, heat=_heat)
