"""The example campaigns shipped with Parcours, offered as templates to start a new one from."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import msgspec

from campaigns.loading import load_definition
from campaigns.schema import CampaignDefinition

_EXAMPLES = files("campaigns") / "examples"


class CampaignTemplate(msgspec.Struct, frozen=True):
    """A shipped example by name and purpose, with how much it holds."""

    key: str
    name: str
    purpose: str
    use_cases: int
    steps: int
    locales: list[str]


@cache
def templates() -> list[CampaignTemplate]:
    """Every shipped example, by name."""
    found = []
    for key in sorted(_keys()):
        definition = template_definition(key)
        found.append(
            CampaignTemplate(
                key=key,
                name=definition.name,
                purpose=" ".join(definition.description.split()),
                use_cases=len(definition.use_cases),
                steps=sum(len(use_case.steps) for use_case in definition.use_cases),
                locales=[target.locale for target in definition.target.locales],
            )
        )
    return sorted(found, key=lambda template: template.name)


def template_definition(key: str) -> CampaignDefinition:
    """The example named `key` (a file stem of campaigns/examples); KeyError if none."""
    if key not in _keys():
        raise KeyError(key)
    text = (_EXAMPLES / f"{key}.yaml").read_text(encoding="utf-8")
    return load_definition(text, "yaml", f"{key}.yaml")


def _keys() -> set[str]:
    return {
        entry.name.removesuffix(".yaml")
        for entry in _EXAMPLES.iterdir()
        if entry.name.endswith(".yaml")
    }
