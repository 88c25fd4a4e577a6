"""Loading campaign definitions: each rule with a broken definition and the exact error."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from campaigns.loading import load_definition, warnings_for
from campaigns.problems import DefinitionError
from campaigns.schema import question_mix
from tests.helpers import small_definition


def _error(document: dict[str, Any]) -> str:
    with pytest.raises(DefinitionError) as caught:
        load_definition(yaml.safe_dump(document, sort_keys=False), "yaml", "c.yaml")
    return str(caught.value)


def test_valid_definition_loads() -> None:
    definition = load_definition(yaml.safe_dump(small_definition()), "yaml")

    assert definition.use_cases[0].steps[0].stage == "awareness"
    assert question_mix(definition) == (0, 2)


def test_misspelt_stage_names_line_field_and_choices() -> None:
    text = yaml.safe_dump(small_definition(), sort_keys=False).replace("awareness", "purchace")
    with pytest.raises(DefinitionError) as caught:
        load_definition(text, "yaml", "c.yaml")

    expected_line = next(
        number for number, row in enumerate(text.splitlines(), 1) if "purchace" in row
    )
    assert str(caught.value) == (
        f"c.yaml, line {expected_line}, use_cases[0].steps[0].stage: 'purchace' is not one of "
        "awareness, consideration, decision, purchase, post_purchase, loyalty"
    )


def _break(change: str) -> dict[str, Any]:
    document = copy.deepcopy(small_definition())
    use_case = document["use_cases"][0]
    step = use_case["steps"][0]
    choice = step["questions"][0]
    match change:
        case "no use cases":
            document["use_cases"] = []
        case "no steps":
            use_case["steps"] = []
        case "duplicate question id":
            choice["id"] = "ease"
        case "no default text":
            document["questions"][0]["text"] = {"fr-FR": "Était-ce facile ?"}
        case "one option":
            choice["options"] = choice["options"][:1]
        case "zero quota":
            document["target"]["locales"][1]["quota"] = 0
        case "unknown field":
            step["touchpont"] = step.pop("touchpoint")
        case "bad locale":
            document["target"]["locales"][1]["locale"] = "fr_FR"
        case "bad scale":
            document["questions"][0]["scale"] = 10
        case "bad kind":
            document["questions"][0]["kind"] = "stars"
        case "too many picks":
            choice.update(kind="multi_choice", max_picks=3)
        case "duplicate step":
            use_case["steps"].append(copy.deepcopy(step) | {"questions": []})
        case "dates":
            document.update(starts_on="2026-12-10", ends_on="2026-12-01")
    return document


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("no use cases", "use_cases: a campaign needs at least one use case"),
        ("no steps", "use_cases[0].steps: use case 'pay' needs at least one step"),
        (
            "duplicate question id",
            "use_cases[0].steps[0].questions[0].id: question id 'ease' is already used at "
            "questions[0].id",
        ),
        (
            "no default text",
            "questions[0].text: has no text in the default locale en-GB (has: fr-FR)",
        ),
        (
            "one option",
            "use_cases[0].steps[0].questions[0].options: a single_choice question needs at "
            "least 2 options, it has 1",
        ),
        (
            "zero quota",
            "target.locales[1].quota: the quota of fr-FR must be at least 1 tester, not 0",
        ),
        (
            "unknown field",
            "use_cases[0].steps[0].touchpont: unknown field `touchpont` "
            "(did you mean `touchpoint`?)",
        ),
        ("bad locale", "target.locales[1].locale: 'fr_FR' is not valid: expected BCP 47"),
        ("bad scale", "questions[0].scale: 10 is not one of 5, 7"),
        ("bad kind", "questions[0].kind: 'stars' is not one of text, rating, nps, seq"),
        (
            "too many picks",
            "use_cases[0].steps[0].questions[0].max_picks: max_picks is 3 but there are only "
            "2 options",
        ),
        (
            "duplicate step",
            "use_cases[0].steps[1].id: step id 'open' is already used at use_cases[0].steps[0].id",
        ),
        ("dates", "ends_on: ends before the campaign starts (2026-12-10)"),
    ],
)
def test_each_rule_has_its_error(change: str, message: str) -> None:
    assert message in _error(_break(change))


def test_error_lines_point_at_the_field_in_toml() -> None:
    text = """\
name = "Pay"
default_locale = "en-GB"

[target]
locales = [{ locale = "en-GB", quota = 1 }]

[[use_cases]]
id = "pay"
title = "Pay"

[[use_cases.steps]]
id = "open"
stage = "awareness"
touchpoint = "website"
instruction = "Open"

[[use_cases]]
id = "refund"
title = "Refund"

[[use_cases.steps]]
id = "ask"
stage = "post_purchase"
touchpoint = "chat"
instruction = "Ask"

[[use_cases.steps]]
id = "wait"
stage = "post_purchse"
touchpoint = "email"
instruction = "Wait"
"""
    with pytest.raises(DefinitionError) as caught:
        load_definition(text, "toml", "c.toml")

    assert str(caught.value).startswith(
        "c.toml, line 29, use_cases[1].steps[1].stage: 'post_purchse' is not one of"
    )


def test_yaml_keeps_norway_and_no_as_text() -> None:
    document = small_definition()
    document["target"]["countries"] = ["GB", "NO"]
    text = yaml.safe_dump(document).replace("'NO'", "NO")
    assert "- NO" in text

    definition = load_definition(text, "yaml")

    assert definition.target.countries == ["GB", "NO"]


def test_broken_syntax_is_reported_with_its_line() -> None:
    with pytest.raises(DefinitionError) as caught:
        load_definition("name: Pay\ntarget: [\n", "yaml", "c.yaml")

    assert "not valid YAML" in str(caught.value)
    assert caught.value.problems[0].line is not None


def test_missing_translation_is_a_warning_naming_the_fallback() -> None:
    document = small_definition()
    document["use_cases"][0]["title"] = {"en-GB": "Pay a bill"}
    text = yaml.safe_dump(document)

    warnings = warnings_for(load_definition(text, "yaml"), text, "yaml")

    assert [w.message for w in warnings] == [
        "1 texts have no fr translation; testers in fr-FR will read them in en-GB: "
        "use_cases[0].title"
    ]
