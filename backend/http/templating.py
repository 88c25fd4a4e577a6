"""Jinja filters the pages use."""

from __future__ import annotations

from litestar.plugins.jinja import JinjaTemplateEngine
from markupsafe import Markup

from backend.http.charts import binned, diverging, nps_bar
from backend.http.choices import locale_name
from backend.http.labels import label
from backend.language import (
    date_text,
    gettext,
    ngettext,
    number_text,
    page_language,
    percent_text,
)
from campaigns.problems import template_of
from campaigns.text import Localized, localize
from frontend.catalogs import LANGUAGES


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


def field_id(path: str) -> str:
    """An element id for a form field named by its document path (`use_cases[0].title` →
    `f-use_cases-0-title`): the id a problem's link and message point at."""
    return "f-" + path.replace(".", "-").replace("[", "-").replace("]", "")


def _invalid(path: str, problems: dict[str, list[str]]) -> Markup:
    """The attributes that tie a field to its problem, when it has one."""
    if not problems.get(path):
        return Markup("")
    return Markup(' aria-invalid="true" aria-describedby="{}-error"').format(field_id(path))


def problem_text(message: str) -> str:
    """A definition problem in the reader's language, where it was made from a template."""
    if found := template_of(message):
        template, values = found
        return gettext(template).format(**values)
    return message


def add_filters(engine: JinjaTemplateEngine) -> None:
    """Register gettext, the filters and the page's language on the app's Jinja environment."""
    environment = engine.engine
    environment.add_extension("jinja2.ext.i18n")
    environment.install_gettext_callables(gettext, ngettext, newstyle=True)
    environment.filters.update(
        t=_text,
        words=_words,
        heat=_heat,
        label=label,
        # Messages made elsewhere (notices, formulas): translated, never %-formatted.
        tr=gettext,
        date=date_text,
        number=number_text,
        percent=percent_text,
        locale_name=locale_name,
        field_id=field_id,
        problem=problem_text,
        invalid=_invalid,
    )
    environment.globals.update(
        page_language=page_language,
        languages=LANGUAGES,
        diverging=diverging,
        nps_bar=nps_bar,
        binned=binned,
    )
