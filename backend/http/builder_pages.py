"""The campaign builder's page: every field of the definition in one form that works without
JavaScript (adding, removing and moving items are buttons of the form), checked on each
save with the problems beside their fields; builder.js autosaves as the client types."""

from __future__ import annotations

from typing import Any

import yaml
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import FormMultiDict
from litestar.params import FromPath
from litestar.response import Template
from litestar.status_codes import HTTP_409_CONFLICT
from markupsafe import Markup

from backend.errors import NotFound
from backend.http.choices import locale_choices, locale_name
from backend.http.errors import translated
from backend.http.guards import role_in, signed_in_user
from backend.http.labels import N_, label
from backend.http.rendering import page
from backend.http.templating import problem_text
from backend.language import gettext, speaking
from backend.services.access import visible_campaign
from backend.services.builder import BuilderState, SaveRefused, builder_state, save_document
from backend.services.journeys import locate_step, preview_journey
from backend.services.reports import campaign_locales
from campaigns.flat import append, list_at, move, move_to, parse_path, remove, unflatten
from campaigns.problems import MISSING_FIELD, Problem, template_of
from campaigns.vocabulary import DeviceKind, QuestionKind, Role, Stage, Touchpoint

# Form fields that are not part of the document.
_CONTROL = ("_csrf_token", "revision", "op")
# Lists typed as one comma-separated field.
_COMMA_LISTS = ("target.countries",)
_DEVICE_OS = ".os"


class BuilderPages(Controller):
    """/campaigns/{id}/build for the organization's clients and the managers."""

    path = "/campaigns/{campaign_id:int}/build"
    include_in_schema = False
    guards = (role_in(Role.client, Role.manager),)

    @get("/")
    async def open(self, request: Request, campaign_id: FromPath[int]) -> Template:
        """The builder, on the working copy if one is kept, else the definition."""
        state = await builder_state(signed_in_user(request), campaign_id)
        return await _builder_page(request, state)

    @post("/")
    async def save(self, request: Request, campaign_id: FromPath[int]) -> Template:
        """Save the form, after the add, remove or move its button asked for, and show the
        builder again with what still needs doing."""
        form = await request.form()
        document = document_from_form(form)
        notice = _apply(document, str(form.get("op") or ""))
        try:
            state = await save_document(
                signed_in_user(request), campaign_id, document, _revision(form)
            )
        except SaveRefused as refused:
            return await _builder_page(request, refused.current, refused, document)
        return await _builder_page(request, state, saved=notice or N_("Saved"))

    @get("/preview")
    async def preview(self, request: Request, campaign_id: FromPath[int]) -> Template:
        """A step as a tester in the chosen locale sees it, on a phone-sized frame."""
        await visible_campaign(signed_in_user(request), campaign_id)
        locales = await campaign_locales(campaign_id)
        chosen = request.query_params.get("locale") or ""
        view = await preview_journey(campaign_id, chosen if chosen in locales else locales[0])
        steps = [step.id for use_case in view.use_cases for step in use_case.steps]
        if not steps:
            raise NotFound("preview.no_step", "This campaign has no step to preview yet")
        wanted = request.query_params.get("step") or ""
        step_id = int(wanted) if wanted.isdigit() and int(wanted) in steps else steps[0]
        use_case, step, number, total = locate_step(view, step_id)
        shown = {"j": view, "use_case": use_case, "step": step, "number": number, "total": total}
        # The frame speaks the tester's language, as the tester's own page would.
        with speaking(view.locale):
            frame = request.app.template_engine.get_template("_preview_frame.html").render(
                **shown, step_heading="h2"
            )
        context = {
            **shown,
            "campaign_id": campaign_id,
            "locales": locales,
            "frame": Markup(frame),  # noqa: S704 - rendered by our autoescaping engine
        }
        return await page(request, "preview.html", context)

    @post("/autosave", status_code=200)
    async def autosave(self, request: Request, campaign_id: FromPath[int]) -> Response:
        """What builder.js sends as the client types: saved as the form would be, answered
        with the new revision and the problems left (409 when someone saved meanwhile)."""
        form = await request.form()
        try:
            state = await save_document(
                signed_in_user(request), campaign_id, document_from_form(form), _revision(form)
            )
        except SaveRefused as refused:
            body = {"detail": translated(refused), "revision": refused.current.revision}
            return Response(body, status_code=HTTP_409_CONFLICT)
        return Response(
            {
                "revision": state.revision,
                "problems": [
                    {"path": _field_of(problem), "message": _message(problem)}
                    for problem in state.problems
                ],
                "saved": gettext(N_("Saved")),
            }
        )


def document_from_form(form: FormMultiDict) -> dict[str, Any]:
    """The definition document the builder's fields describe. Lists typed as one field
    separated by commas (countries, a device's systems) become items of their own first."""
    fields: dict[str, str] = {}
    for key, value in form.items():
        if key in _CONTROL:
            continue
        text = str(value)
        if key in _COMMA_LISTS or (key.startswith("target.devices[") and key.endswith(_DEVICE_OS)):
            items = [item.strip() for item in text.split(",") if item.strip()]
            upper = key in _COMMA_LISTS
            fields |= {
                f"{key}[{n}]": item.upper() if upper else item for n, item in enumerate(items)
            }
        else:
            fields[key] = text
    return unflatten(fields)


def _revision(form: FormMultiDict) -> int:
    text = str(form.get("revision") or "")
    return int(text) if text.isdigit() else -1


def _unused(items: list[Any], stem: str) -> str:
    taken = {item.get("id") for item in items if isinstance(item, dict)}
    number = len(items) + 1
    while f"{stem}_{number}" in taken:
        number += 1
    return f"{stem}_{number}"


def _new_item(kind: str, items: list[Any], detail: str) -> Any:
    """A new, empty item of the list: its required texts left for the client to write."""
    if kind == "use_case":
        step = {"id": "step_1", "stage": Stage.awareness.value, "touchpoint": "website"}
        return {"id": _unused(items, "journey"), "steps": [step]}
    if kind == "step":
        stage = items[-1].get("stage", Stage.awareness.value) if items else Stage.awareness.value
        return {"id": _unused(items, "step"), "stage": stage, "touchpoint": "website"}
    if kind == "question":
        question: dict[str, Any] = {"id": _unused(items, "question"), "kind": detail}
        if detail in (QuestionKind.single_choice, QuestionKind.multi_choice):
            question["options"] = [{"id": "option_1"}, {"id": "option_2"}]
        return question
    if kind == "option":
        return {"id": _unused(items, "option")}
    if kind == "locale":
        return {"quota": 10}
    return {"kind": "phone"}


_ADDED = {
    "use_case": N_("Journey added: give it a title and say what testers do"),
    "step": N_("Step added: write its instruction"),
    "question": N_("Question added: write its text"),
    "option": N_("Option added: write its label"),
    "locale": N_("Locale added: choose it and set its quota"),
    "device": N_("Device added"),
}


def _apply(document: dict[str, Any], op: str) -> str | None:
    """Apply the button pressed: `add:<kind>:<list path>[:<question kind>]`,
    `up:<item path>`, `down:<item path>`, `remove:<item path>`, or the drop of a dragged
    item, `to:<item path>:<index>`; what to say about it."""
    verb, _, rest = op.partition(":")
    if verb == "add":
        kind, _, rest = rest.partition(":")
        list_path, _, detail = rest.partition(":")
        if kind not in _ADDED:
            return None
        items = list_at(document, list_path)
        if items is not None and append(document, list_path, _new_item(kind, items, detail)):
            return _ADDED[kind]
        return None
    if verb in ("up", "down") and move(document, rest, -1 if verb == "up" else 1):
        return N_("Moved")
    item, _, index = rest.rpartition(":")
    if verb == "to" and index.isdigit() and move_to(document, item, int(index)):
        return N_("Moved")
    if verb == "remove" and remove(document, rest):
        return N_("Removed")
    return None


# How the builder names the parts of a problem's path, as its labels do.
_ITEMS = {
    "use_cases": N_("Journey %(number)s"),
    "steps": N_("Step %(number)s"),
    "questions": N_("Question %(number)s"),
    "options": N_("Option %(number)s"),
    "locales": N_("Locale %(number)s"),
    "devices": N_("Device %(number)s"),
}
_FIELDS = {
    "name": N_("Campaign name"),
    "id": N_("Key"),
    "title": N_("Title"),
    "instruction": N_("Instruction"),
    "expected_outcome": N_("Expected outcome"),
    "text": N_("Question"),
    "label": N_("Label"),
    "stage": N_("Journey stage"),
    "touchpoint": N_("Touchpoint"),
    "quota": N_("Testers wanted"),
    "locale": N_("Locale"),
    "default_locale": N_("Default locale (texts fall back to it)"),
    "persona": N_("Persona: who the tester plays"),
    "scenario": N_("Scenario: what they set out to do"),
    "url": N_("Link to what is tested"),
    "unit": N_("Unit"),
}


def _where(field: str) -> str:
    """A problem's place as the reader finds it: `Journey 1 / Step 2 / Instruction`."""
    names: list[str] = []
    parts = parse_path(field)
    for part, following in zip(parts, [*parts[1:], None], strict=True):
        if isinstance(part, int):
            continue
        if isinstance(following, int) and part in _ITEMS:
            names.append(gettext(_ITEMS[part]) % {"number": following + 1})
        elif part in _FIELDS:
            names.append(gettext(_FIELDS[part]))
    return " / ".join(names) or gettext(N_("The campaign"))


def _message(problem: Problem) -> str:
    """A missing field is said plainly; other problems as `parcours validate` words them."""
    if _missing(problem):
        return gettext(N_("Required: fill this in"))
    return problem_text(problem.message)


def _missing(problem: Problem) -> str | None:
    """The field a problem says is missing, if that is what it says."""
    found = template_of(problem.message)
    return found[1]["name"] if found and found[0] == MISSING_FIELD else None


def _field_of(problem: Problem) -> str:
    """The field a problem belongs beside: a missing field's own, not its parent's."""
    if name := _missing(problem):
        return f"{problem.path}.{name}" if problem.path else name
    return problem.path


async def _builder_page(
    request: Request,
    state: BuilderState,
    refused: SaveRefused | None = None,
    mine: dict[str, Any] | None = None,
    saved: str | None = None,
) -> Template:
    document = state.document
    # Texts are written in the default locale first, then in each target locale.
    default = document.get("default_locale") or ""
    targets = [
        target["locale"]
        for target in document.get("target", {}).get("locales", [])
        if isinstance(target, dict) and target.get("locale")
    ]
    locales = [locale for locale in dict.fromkeys([default, *targets]) if locale] or ["en-GB"]
    problems: dict[str, list[str]] = {}
    for problem in state.problems:
        problems.setdefault(_field_of(problem), []).append(_message(problem))
    context = {
        "state": state,
        "d": document,
        "locales": list(dict.fromkeys(locales)),
        "problems": problems,
        "where": _where,
        "all_problems": [
            (_field_of(problem), _where(_field_of(problem)), _message(problem))
            for problem in state.problems
        ],
        "kinds": [kind.value for kind in QuestionKind],
        "kind_options": [(kind.value, label(kind.value)) for kind in QuestionKind],
        "stage_options": [(stage.value, label(stage.value)) for stage in Stage],
        "device_options": [(kind.value, label(kind.value)) for kind in DeviceKind],
        "touchpoint_options": [(point.value, label(point.value)) for point in Touchpoint],
        "locale_options": [(tag, locale_name(tag)) for tag in locales],
        "locale_choices": locale_choices(),
        "saved": gettext(saved) if saved and not refused else None,
        "refused": translated(refused) if refused else None,
        "mine": yaml.safe_dump(mine, allow_unicode=True, sort_keys=False) if mine else None,
    }
    status = HTTP_409_CONFLICT if refused else 200
    return await page(request, "builder.html", context, status)
