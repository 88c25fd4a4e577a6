"""Messages the domain gives people, kept as an English template and its parameters so that
the web layer can render them in the reader's language."""

from __future__ import annotations


class Message:
    """An English template with its parameters; `str()` gives the English text."""

    __slots__ = ("params", "template")

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params

    def __str__(self) -> str:
        return self.template.format(**self.params) if self.params else self.template

    def __repr__(self) -> str:
        return f"Message({str(self)!r})"
