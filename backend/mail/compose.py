"""E-mail written from templates in the recipient's language: a subject, a plain-text part
and an HTML part, from `frontend/templates/mail/<kind>.txt` and `.html`."""

from __future__ import annotations

from functools import cache
from typing import Any

import msgspec
from jinja2 import Environment, FileSystemLoader, select_autoescape

from backend.http.choices import locale_name
from backend.language import gettext, ngettext, speaking, supported
from campaigns.words import human
from frontend import TEMPLATES_DIR
from frontend.catalogs import SOURCE_LANGUAGE, direction


class Mail(msgspec.Struct, frozen=True):
    """A message ready for the outbox."""

    subject: str
    text: str
    html: str


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR / "mail"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.add_extension("jinja2.ext.i18n")
    environment.install_gettext_callables(gettext, ngettext, newstyle=True)
    environment.filters["locale_name"] = locale_name
    environment.filters["label"] = lambda value: human(value, gettext)
    return environment


def compose(kind: str, language: str, **context: Any) -> Mail:
    """The `kind` of message in `language`; each text template sets its `subject`."""
    environment = _environment()
    language = supported(language) or SOURCE_LANGUAGE
    with speaking(language):
        text = environment.get_template(f"{kind}.txt").make_module(context)
        html = environment.get_template(f"{kind}.html").render(
            **context, subject=text.subject, lang=language, dir=direction(language)
        )
        return Mail(subject=" ".join(str(text.subject).split()), text=str(text).strip(), html=html)
