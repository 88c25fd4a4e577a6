"""What is wrong with a campaign definition, located by field path and, where known, line."""

from __future__ import annotations

import re
from functools import cache

import msgspec

from campaigns.words import N_

# What the rules and the file checks say, as templates: the domain fills them in English,
# and the web layer finds the template behind a message to say it in the reader's language.
TOO_MANY_STEPS = N_("{steps} steps in all; a campaign holds at most {limit}")
TOO_MANY_QUESTIONS = N_("{questions} questions in all; a campaign holds at most {limit}")
NOT_A_WEB_ADDRESS = N_("'{url}' is not a web address (http:// or https://)")
NO_USE_CASE = N_("a campaign needs at least one use case")
NO_STEP = N_("use case '{use_case}' needs at least one step")
ENDS_TOO_EARLY = N_("ends before the campaign starts ({starts_on})")
ID_REUSED = N_("{what} id '{key}' is already used at {first}")
TOO_FEW_OPTIONS = N_("a {kind} question needs at least 2 options, it has {count}")
MAX_PICKS_OVER = N_("max_picks is {most} but there are only {count} options")
MIN_OVER_MAX = N_("min_picks is more than max_picks ({most})")
MAX_UNDER_MIN = N_("max ({max}) must be above min ({min})")
NO_LOCALE = N_("a campaign needs at least one target locale")
QUOTA_TOO_SMALL = N_("the quota of {locale} must be at least 1 tester, not {quota}")
LOCALE_REPEATED = N_("{locale} is already targeted at {first}")
NO_DEFAULT_TEXT = N_("has no text in the default locale {default} (has: {written})")
UNKNOWN_FIELD = N_("unknown field `{name}`")
UNKNOWN_FIELD_NEAR = N_("unknown field `{name}` (did you mean `{close}`?)")
MISSING_FIELD = N_("missing required field `{name}`")
NOT_ONE_OF = N_("{value} is not one of {allowed}")
TOO_LONG = N_("at most {limit} {unit} here")
TOO_LONG_SIZED = N_("at most {limit} {unit} here (there are {size})")
NOT_VALID = N_("{value} is not valid: expected {description}")
ONLY_WORDING = N_("This campaign is {status}: only wording can change now, not {changed}")
TEMPLATES = (
    TOO_MANY_STEPS,
    TOO_MANY_QUESTIONS,
    NOT_A_WEB_ADDRESS,
    NO_USE_CASE,
    NO_STEP,
    ENDS_TOO_EARLY,
    ID_REUSED,
    TOO_FEW_OPTIONS,
    MAX_PICKS_OVER,
    MIN_OVER_MAX,
    MAX_UNDER_MIN,
    NO_LOCALE,
    QUOTA_TOO_SMALL,
    LOCALE_REPEATED,
    NO_DEFAULT_TEXT,
    UNKNOWN_FIELD_NEAR,
    UNKNOWN_FIELD,
    MISSING_FIELD,
    NOT_ONE_OF,
    TOO_LONG_SIZED,
    TOO_LONG,
    NOT_VALID,
    ONLY_WORDING,
)


@cache
def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(
        f"(?P<{part}>.+?)" if index % 2 else re.escape(part) for index, part in enumerate(parts)
    )
    return re.compile(f"^{regex}$", re.DOTALL)


def template_of(message: str) -> tuple[str, dict[str, str]] | None:
    """The template a problem's message was made from, and the values filled in; None for a
    message made otherwise (a parser's own words)."""
    for template in TEMPLATES:
        if found := _pattern(template).match(message):
            return template, found.groupdict()
    return None


class Problem(msgspec.Struct, frozen=True):
    """One error or warning about one field of a definition."""

    path: str
    message: str
    line: int | None = None

    def describe(self, source: str | None = None) -> str:
        """`file, line 42, use_cases[3].steps[2].stage: message`."""
        where = [part for part in (source, self.line and f"line {self.line}") if part]
        field = self.path or "(top level)"
        return ", ".join([*where, f"{field}: {self.message}"])


class DefinitionError(ValueError):
    """A definition that cannot be used, with every problem found."""

    def __init__(self, problems: list[Problem], source: str | None = None) -> None:
        self.problems = problems
        self.source = source
        super().__init__("\n".join(problem.describe(source) for problem in problems))
