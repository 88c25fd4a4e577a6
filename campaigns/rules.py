"""Rules a well-typed definition must still meet, and warnings about fallback translations."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from campaigns.problems import (
    ENDS_TOO_EARLY,
    ID_REUSED,
    LOCALE_REPEATED,
    MAX_PICKS_OVER,
    MAX_UNDER_MIN,
    MIN_OVER_MAX,
    NO_DEFAULT_TEXT,
    NO_LOCALE,
    NO_STEP,
    NO_USE_CASE,
    NOT_A_WEB_ADDRESS,
    QUOTA_TOO_SMALL,
    TOO_FEW_OPTIONS,
    TOO_MANY_QUESTIONS,
    TOO_MANY_STEPS,
    Problem,
)
from campaigns.schema import (
    MAX_QUESTIONS,
    MAX_STEPS,
    CampaignDefinition,
    MultiChoiceQuestion,
    NumberQuestion,
    Question,
    RatingQuestion,
    SingleChoiceQuestion,
    all_questions,
    kind_of,
)
from campaigns.text import Localized, as_locales, language_of, pick_locale


def check_rules(definition: CampaignDefinition) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings). Errors make the definition unusable; warnings are shown, not fatal."""
    if errors := list(_limits(definition)):
        # Past the limits, checking every field would itself be the cost to avoid.
        return errors, []
    errors = [
        *_links(definition),
        *_structure(definition),
        *_unique_ids(definition),
        *_question_rules(definition),
        *_target_rules(definition),
        *_default_texts(definition),
    ]
    return errors, list(_fallbacks(definition))


def _limits(definition: CampaignDefinition) -> Iterator[Problem]:
    steps = sum(len(use_case.steps) for use_case in definition.use_cases)
    if steps > MAX_STEPS:
        yield Problem("use_cases", TOO_MANY_STEPS.format(steps=steps, limit=MAX_STEPS))
    questions = len(all_questions(definition))
    if questions > MAX_QUESTIONS:
        yield Problem(
            "questions", TOO_MANY_QUESTIONS.format(questions=questions, limit=MAX_QUESTIONS)
        )


def _links(definition: CampaignDefinition) -> Iterator[Problem]:
    """Links open in the tester's browser: web addresses only, never `javascript:` or files."""
    places = [
        (f"use_cases[{u}].link", use_case.link) for u, use_case in enumerate(definition.use_cases)
    ]
    places += [
        (f"use_cases[{u}].steps[{s}].link", step.link)
        for u, use_case in enumerate(definition.use_cases)
        for s, step in enumerate(use_case.steps)
    ]
    for path, link in places:
        if link is None:
            continue
        for locale, url in as_locales(link.url, definition.default_locale).items():
            parsed = urlsplit(url.strip())
            if parsed.scheme not in ("http", "https") or not parsed.netloc:
                where = f"{path}.url" + (f".{locale}" if isinstance(link.url, dict) else "")
                yield Problem(where, NOT_A_WEB_ADDRESS.format(url=url))


def _structure(definition: CampaignDefinition) -> Iterator[Problem]:
    if not definition.use_cases:
        yield Problem("use_cases", NO_USE_CASE)
    for u, use_case in enumerate(definition.use_cases):
        if not use_case.steps:
            yield Problem(f"use_cases[{u}].steps", NO_STEP.format(use_case=use_case.id))
    if definition.starts_on and definition.ends_on and definition.ends_on < definition.starts_on:
        yield Problem("ends_on", ENDS_TOO_EARLY.format(starts_on=definition.starts_on))


def _duplicates(ids: list[tuple[str, str]], what: str) -> Iterator[Problem]:
    """A problem at each repeat of an id, naming where it was first used."""
    first: dict[str, str] = {}
    for path, key in ids:
        if key in first:
            yield Problem(path, ID_REUSED.format(what=what, key=key, first=first[key]))
        else:
            first[key] = path


def _unique_ids(definition: CampaignDefinition) -> Iterator[Problem]:
    yield from _duplicates(
        [(f"use_cases[{u}].id", use_case.id) for u, use_case in enumerate(definition.use_cases)],
        "use case",
    )
    for u, use_case in enumerate(definition.use_cases):
        steps = [
            (f"use_cases[{u}].steps[{s}].id", step.id) for s, step in enumerate(use_case.steps)
        ]
        yield from _duplicates(steps, "step")
    questions = [(f"{path}.id", question.id) for path, question in all_questions(definition)]
    yield from _duplicates(questions, "question")


def _question_rules(definition: CampaignDefinition) -> Iterator[Problem]:
    for path, question in all_questions(definition):
        yield from _one_question(path, question)


def _one_question(path: str, question: Question) -> Iterator[Problem]:
    if isinstance(question, SingleChoiceQuestion | MultiChoiceQuestion):
        if len(question.options) < 2:
            yield Problem(
                f"{path}.options",
                TOO_FEW_OPTIONS.format(kind=kind_of(question), count=len(question.options)),
            )
        options = [(f"{path}.options[{i}].id", o.id) for i, o in enumerate(question.options)]
        yield from _duplicates(options, "option")
    if isinstance(question, MultiChoiceQuestion):
        most = question.max_picks if question.max_picks is not None else len(question.options)
        if most > len(question.options):
            yield Problem(
                f"{path}.max_picks",
                MAX_PICKS_OVER.format(most=most, count=len(question.options)),
            )
        if question.min_picks > most:
            yield Problem(f"{path}.min_picks", MIN_OVER_MAX.format(most=most))
    if (
        isinstance(question, NumberQuestion)
        and question.min is not None
        and question.max is not None
        and question.min >= question.max
    ):
        yield Problem(f"{path}.max", MAX_UNDER_MIN.format(max=question.max, min=question.min))


def _target_rules(definition: CampaignDefinition) -> Iterator[Problem]:
    target = definition.target
    if not target.locales:
        yield Problem("target.locales", NO_LOCALE)
    seen: dict[str, int] = {}
    for i, locale in enumerate(target.locales):
        if locale.quota < 1:
            yield Problem(
                f"target.locales[{i}].quota",
                QUOTA_TOO_SMALL.format(locale=locale.locale, quota=locale.quota),
            )
        if locale.locale in seen:
            yield Problem(
                f"target.locales[{i}].locale",
                LOCALE_REPEATED.format(
                    locale=locale.locale, first=f"target.locales[{seen[locale.locale]}]"
                ),
            )
        seen.setdefault(locale.locale, i)


def localized_texts(definition: CampaignDefinition) -> Iterator[tuple[str, Localized]]:
    """Every translatable text of the definition with its path."""
    for u, use_case in enumerate(definition.use_cases):
        base = f"use_cases[{u}]"
        for name in ("title", "persona", "scenario"):
            if (text := getattr(use_case, name)) is not None:
                yield f"{base}.{name}", text
        for s, step in enumerate(use_case.steps):
            yield f"{base}.steps[{s}].instruction", step.instruction
            if step.expected_outcome is not None:
                yield f"{base}.steps[{s}].expected_outcome", step.expected_outcome
    for path, question in all_questions(definition):
        yield f"{path}.text", question.text
        for i, option in enumerate(getattr(question, "options", [])):
            yield f"{path}.options[{i}].label", option.label
        if isinstance(question, NumberQuestion) and question.unit is not None:
            yield f"{path}.unit", question.unit
        if isinstance(question, RatingQuestion) and question.labels:
            yield f"{path}.labels.low", question.labels.low
            yield f"{path}.labels.high", question.labels.high


def _default_texts(definition: CampaignDefinition) -> Iterator[Problem]:
    default = definition.default_locale
    for path, text in localized_texts(definition):
        texts = as_locales(text, default)
        if not texts.get(default, "").strip():
            written = ", ".join(sorted(texts)) or "none"
            yield Problem(path, NO_DEFAULT_TEXT.format(default=default, written=written))


def _fallbacks(definition: CampaignDefinition) -> Iterator[Problem]:
    """One warning per target locale whose language some texts lack."""
    default = definition.default_locale
    for target in definition.target.locales:
        if language_of(target.locale) == language_of(default):
            continue
        missing = [
            path
            for path, text in localized_texts(definition)
            if pick_locale(text, target.locale, default) == default
        ]
        if missing:
            shown = ", ".join(missing[:3]) + (
                f" and {len(missing) - 3} more" if len(missing) > 3 else ""
            )
            yield Problem(
                "target.locales",
                f"{len(missing)} texts have no {language_of(target.locale)} translation; "
                f"testers in {target.locale} will read them in {default}: {shown}",
            )
