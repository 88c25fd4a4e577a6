"""Campaign definitions stored as rows, and rebuilt from them."""

from __future__ import annotations

from typing import Any

import msgspec

from backend.clock import now
from backend.db.engine import writing_transaction
from backend.tables import Campaign, CampaignLocale, Question, Step, UseCase
from campaigns.schema import CampaignDefinition, Link, all_questions, kind_of
from campaigns.schema import Question as QuestionDefinition
from campaigns.text import Localized, localize, step_label

# Fields every question has; the rest of a question's definition lives in its `config`.
_QUESTION_COLUMNS = {"id", "kind", "text", "required", "measure"}
_CAMPAIGN_FIELDS = (
    "name",
    "product",
    "description",
    "incentive",
    "default_locale",
    "starts_on",
    "ends_on",
)


def _json(text: Localized | None) -> str | None:
    """A text for a JSON column; Piccolo takes a bare str as already-encoded JSON."""
    return None if text is None else msgspec.json.encode(text).decode()


def _link(link: Link | None) -> str | None:
    """A link for a JSON column, without its empty parts."""
    return None if link is None else msgspec.json.encode(link).decode()


def _campaign_columns(definition: CampaignDefinition) -> dict[str, Any]:
    target = definition.target
    return {
        **{field: getattr(definition, field) for field in _CAMPAIGN_FIELDS},
        "countries": list(target.countries),
        "devices": msgspec.to_builtins(target.devices),
    }


def _question_row(
    question: QuestionDefinition,
    position: int,
    campaign_id: int,
    use_case_id: int | None = None,
    step_id: int | None = None,
) -> Question:
    document = msgspec.to_builtins(question)
    return Question(
        campaign=campaign_id,
        use_case=use_case_id,
        step=step_id,
        key=question.id,
        position=position,
        kind=kind_of(question),
        required=question.required,
        measure=getattr(question, "measure", None),
        text=_json(question.text),
        config={k: v for k, v in document.items() if k not in _QUESTION_COLUMNS},
    )


async def _insert_journey(campaign_id: int, definition: CampaignDefinition) -> None:
    """Locales, use cases, steps and questions of a campaign whose row exists."""
    await CampaignLocale.insert(
        *(
            CampaignLocale(campaign=campaign_id, locale=target.locale, quota=target.quota)
            for target in definition.target.locales
        )
    )
    questions = [_question_row(q, i, campaign_id) for i, q in enumerate(definition.questions)]
    for u, use_case in enumerate(definition.use_cases):
        use_case_id = (
            await UseCase.insert(
                UseCase(
                    campaign=campaign_id,
                    key=use_case.id,
                    position=u,
                    title=_json(use_case.title),
                    persona=_json(use_case.persona),
                    scenario=_json(use_case.scenario),
                    link=_link(use_case.link),
                )
            )
        )[0]["id"]
        questions += [
            _question_row(q, i, campaign_id, use_case_id) for i, q in enumerate(use_case.questions)
        ]
        for s, step in enumerate(use_case.steps):
            step_id = (
                await Step.insert(
                    Step(
                        campaign=campaign_id,
                        use_case=use_case_id,
                        key=step.id,
                        position=s,
                        stage=step.stage,
                        touchpoint=step.touchpoint,
                        instruction=_json(step.instruction),
                        title=_json(step.title),
                        expected_outcome=_json(step.expected_outcome),
                        link=_link(step.link),
                    )
                )
            )[0]["id"]
            questions += [
                _question_row(q, i, campaign_id, use_case_id, step_id)
                for i, q in enumerate(step.questions)
            ]
    if questions:
        await Question.insert(*questions)


async def create_campaign(
    definition: CampaignDefinition, organization_id: int, created_by: int | None
) -> int:
    """Store a new draft campaign; all of it or, on any failure, none of it."""
    async with writing_transaction():
        campaign_id = (
            await Campaign.insert(
                Campaign(
                    organization=organization_id,
                    created_by=created_by,
                    **_campaign_columns(definition),
                )
            )
        )[0]["id"]
        await _insert_journey(campaign_id, definition)
    return campaign_id


async def replace_definition(campaign_id: int, definition: CampaignDefinition) -> None:
    """Swap a draft's whole definition for a new one."""
    async with writing_transaction():
        await Campaign.update({**_campaign_columns(definition), "updated_at": now()}).where(
            Campaign.id == campaign_id
        )
        await Question.delete().where(Question.campaign == campaign_id)
        await UseCase.delete().where(UseCase.campaign == campaign_id)
        await CampaignLocale.delete().where(CampaignLocale.campaign == campaign_id)
        await _insert_journey(campaign_id, definition)


async def update_texts(campaign_id: int, definition: CampaignDefinition) -> None:
    """Rewrite only the texts of a launched campaign whose structure is unchanged."""
    async with writing_transaction():
        await Campaign.update(
            {
                Campaign.name: definition.name,
                Campaign.product: definition.product,
                Campaign.description: definition.description,
                Campaign.incentive: definition.incentive,
                Campaign.updated_at: now(),
            }
        ).where(Campaign.id == campaign_id)
        use_case_ids = {
            row["key"]: row["id"]
            for row in await UseCase.select(UseCase.key, UseCase.id).where(
                UseCase.campaign == campaign_id
            )
        }
        for use_case in definition.use_cases:
            await UseCase.update(
                {
                    UseCase.title: _json(use_case.title),
                    UseCase.persona: _json(use_case.persona),
                    UseCase.scenario: _json(use_case.scenario),
                    UseCase.link: _link(use_case.link),
                }
            ).where((UseCase.campaign == campaign_id) & (UseCase.key == use_case.id))
            for step in use_case.steps:
                await Step.update(
                    {
                        Step.instruction: _json(step.instruction),
                        Step.title: _json(step.title),
                        Step.expected_outcome: _json(step.expected_outcome),
                        Step.link: _link(step.link),
                    }
                ).where((Step.use_case == use_case_ids[use_case.id]) & (Step.key == step.id))
        for _, question in all_questions(definition):
            row = _question_row(question, 0, campaign_id)
            await Question.update({Question.text: row.text, Question.config: row.config}).where(
                (Question.campaign == campaign_id) & (Question.key == question.id)
            )


async def stored_definition(campaign_id: int) -> CampaignDefinition:
    """The campaign's definition, rebuilt from its rows."""
    campaign = (
        await Campaign.select(
            *(getattr(Campaign, field) for field in _CAMPAIGN_FIELDS),
            Campaign.countries,
            Campaign.devices,
        )
        .where(Campaign.id == campaign_id)
        .output(load_json=True)
        .first()
    )
    locales = (
        await CampaignLocale.select(CampaignLocale.locale, CampaignLocale.quota)
        .where(CampaignLocale.campaign == campaign_id)
        .order_by(CampaignLocale.id)
    )
    use_cases = await (
        UseCase.select()
        .where(UseCase.campaign == campaign_id)
        .order_by(UseCase.position)
        .output(load_json=True)
    )
    steps = await (
        Step.select()
        .where(Step.campaign == campaign_id)
        .order_by(Step.position)
        .output(load_json=True)
    )
    questions = await (
        Question.select()
        .where(Question.campaign == campaign_id)
        .order_by(Question.position)
        .output(load_json=True)
    )

    def questions_of(use_case_id: int | None, step_id: int | None) -> list[dict[str, Any]]:
        return [
            _question_document(row)
            for row in questions
            if row["use_case"] == use_case_id and row["step"] == step_id
        ]

    document = {
        **{field: campaign[field] for field in _CAMPAIGN_FIELDS},
        "target": {
            "locales": locales,
            "countries": campaign["countries"],
            "devices": campaign["devices"],
        },
        "questions": questions_of(None, None),
        "use_cases": [
            {
                "id": use_case["key"],
                "title": use_case["title"],
                "persona": use_case["persona"],
                "scenario": use_case["scenario"],
                "link": use_case["link"],
                "questions": questions_of(use_case["id"], None),
                "steps": [
                    {
                        "id": step["key"],
                        "stage": step["stage"],
                        "touchpoint": step["touchpoint"],
                        "instruction": step["instruction"],
                        "title": step["title"],
                        "expected_outcome": step["expected_outcome"],
                        "link": step["link"],
                        "questions": questions_of(use_case["id"], step["id"]),
                    }
                    for step in steps
                    if step["use_case"] == use_case["id"]
                ],
            }
            for use_case in use_cases
        ],
    }
    return msgspec.convert(document, CampaignDefinition)


def _question_document(row: dict[str, Any]) -> dict[str, Any]:
    document = {
        "id": row["key"],
        "kind": row["kind"],
        "text": row["text"],
        "required": row["required"],
        **row["config"],
    }
    if row["measure"] is not None:
        document["measure"] = row["measure"]
    return document


def question_from_row(row: dict[str, Any]) -> QuestionDefinition:
    """A question's definition from its row (selected with load_json)."""
    return msgspec.convert(_question_document(row), QuestionDefinition)


async def step_titles(campaign_id: int) -> dict[int, tuple[str, str]]:
    """Each step's use-case title and short label, in the campaign's default locale."""
    rows = await (
        Step.select(
            Step.id,
            Step.title,
            Step.instruction,
            Step.use_case.title.as_alias("use_case_title"),
            Step.campaign.default_locale.as_alias("default_locale"),
        )
        .where(Step.campaign == campaign_id)
        .output(load_json=True)
    )
    return {
        row["id"]: (
            localize(row["use_case_title"], row["default_locale"], row["default_locale"]),
            step_label(
                row["title"], row["instruction"], row["default_locale"], row["default_locale"]
            ),
        )
        for row in rows
    }
