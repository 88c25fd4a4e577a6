"""How much of a campaign each target locale's testers read in their own language."""

from __future__ import annotations

import msgspec

from campaigns.rules import localized_texts
from campaigns.schema import CampaignDefinition
from campaigns.text import language_of, pick_locale


class LocaleCompleteness(msgspec.Struct, frozen=True):
    """One target locale: its texts, how many it has in its own language, and the paths of
    those its testers read in the default locale instead."""

    locale: str
    texts: int
    own: int
    fallbacks: list[str]


def completeness(definition: CampaignDefinition) -> list[LocaleCompleteness]:
    """Each target locale's translation state, in the order the campaign lists them."""
    texts = list(localized_texts(definition))
    default = definition.default_locale
    found = []
    for target in definition.target.locales:
        fallbacks = [
            path
            for path, text in texts
            if language_of(pick_locale(text, target.locale, default) or default)
            != language_of(target.locale)
        ]
        found.append(
            LocaleCompleteness(
                locale=target.locale,
                texts=len(texts),
                own=len(texts) - len(fallbacks),
                fallbacks=fallbacks,
            )
        )
    return found
