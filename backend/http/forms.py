"""Reading HTML form posts into the same msgspec structs the JSON API validates: plain
fields, answers, a finding with its screenshots, a tester profile."""

from __future__ import annotations

import re
from typing import Annotated, Any, TypeVar

import msgspec
from litestar import Request
from litestar.datastructures import FormMultiDict, UploadFile

from backend.errors import Malformed
from backend.http.sessions import settings_of
from backend.screenshots.images import CleanImage, Rectangle
from backend.services.findings import MAX_SCREENSHOTS, clean_all
from backend.services.journeys import QuestionView
from campaigns.findings import FindingInput
from campaigns.profiles import CONSENT_VERSION, ProfileInput

T = TypeVar("T", bound=msgspec.Struct)

_PATH = re.compile(r" - at `\$\.(?P<field>[\w.\[\]]+)`$")


def error_field(error: msgspec.ValidationError) -> str | None:
    """The field path msgspec names (`devices[0].os`), or None."""
    match = _PATH.search(str(error))
    return match["field"] if match else None


def describe_validation_error(error: msgspec.ValidationError) -> str:
    """msgspec's "Expected ... - at `$.password`" as "password: expected ..."."""
    text = str(error)
    match = _PATH.search(text)
    if not match:
        return text
    message = text[: match.start()]
    return f"{match['field']}: {message[:1].lower()}{message[1:]}"


def read_form(form: dict[str, str], struct: type[T]) -> T:
    """Convert form fields to `struct`; blank fields count as absent.

    Fields the struct does not declare (`_csrf_token`, `next`) are left out rather than
    refused: a page posts them for its own sake. Raises msgspec.ValidationError.
    """
    fields = {
        name: value
        for name, value in form.items()
        if name in struct.__struct_fields__ and isinstance(value, str) and value.strip()
    }
    return msgspec.convert(fields, struct, strict=False)


_WHOLE = {"rating", "nps", "seq"}


def _typed(kind: str, raw: str) -> Any:
    """Form text as the answer type, leaving anything unparsable for the checks to refuse."""
    try:
        if kind in _WHOLE:
            return int(raw)
        if kind == "number":
            return float(raw.replace(",", "."))
    except ValueError:
        return raw
    if kind == "yes_no":
        return {"yes": True, "no": False}.get(raw, raw)
    return raw


def answers_from_form(form: FormMultiDict, questions: list[QuestionView]) -> dict[str, Any]:
    """The answers given in the form; a question left blank is left out."""
    answers: dict[str, Any] = {}
    for question in questions:
        field = f"q.{question.id}"
        if question.kind == "multi_choice":
            picks = [value for value in form.getall(field, []) if isinstance(value, str)]
            if picks:
                answers[question.id] = picks
            continue
        raw = form.get(field)
        if isinstance(raw, str) and raw.strip():
            answers[question.id] = _typed(question.kind, raw.strip())
    return answers


class BlurArea(msgspec.Struct, forbid_unknown_fields=True):
    """A rectangle to blur on one of the uploaded screenshots (0 is the first)."""

    screenshot: Annotated[int, msgspec.Meta(ge=0)]
    x: Annotated[int, msgspec.Meta(ge=0)]
    y: Annotated[int, msgspec.Meta(ge=0)]
    width: Annotated[int, msgspec.Meta(ge=1)]
    height: Annotated[int, msgspec.Meta(ge=1)]

    def rectangle(self) -> Rectangle:
        """The area without the screenshot index."""
        return Rectangle(x=self.x, y=self.y, width=self.width, height=self.height)


def text_fields(form: FormMultiDict) -> dict[str, str]:
    """A multipart form's text fields, without its files: what to give back when refused."""
    return {key: value for key, value in form.items() if isinstance(value, str)}


async def read_finding_form(request: Request) -> tuple[FindingInput, list[CleanImage]]:
    """The finding's fields and its cleaned screenshots from a multipart form; 4xx saying
    what is wrong before anything is stored."""
    form = await request.form()
    try:
        finding = read_form(text_fields(form), FindingInput)
    except msgspec.ValidationError as error:
        raise Malformed("form.invalid", describe_validation_error(error)) from error
    return finding, await read_screenshots(request, form)


async def read_screenshots(request: Request, form: FormMultiDict) -> list[CleanImage]:
    """A multipart form's screenshots, cleaned, with the areas its `blur` field asks to blur;
    4xx saying what is wrong before anything is stored."""
    try:
        blur = msgspec.json.decode(form.get("blur") or "[]", type=list[BlurArea])
    except (msgspec.ValidationError, msgspec.DecodeError) as error:
        raise Malformed("form.invalid", describe_validation_error(error)) from error
    files = [f for f in form.getall("screenshots", []) if isinstance(f, UploadFile) and f.filename]
    if len(files) > MAX_SCREENSHOTS:
        raise Malformed(
            "finding.too_many_screenshots",
            "At most {limit} screenshots per finding",
            limit=MAX_SCREENSHOTS,
        )
    areas: dict[int, list[Rectangle]] = {}
    for area in blur:
        if area.screenshot >= len(files):
            raise Malformed(
                "finding.blur_unknown_screenshot",
                "blur names screenshot {index}, not sent",
                index=area.screenshot,
            )
        areas.setdefault(area.screenshot, []).append(area.rectangle())
    return await clean_all(
        [await f.read() for f in files], areas, settings_of(request).max_upload_bytes
    )


def profile_from_form(form: dict[str, Any]) -> ProfileInput:
    """The profile form's fields as the API's ProfileInput; raises msgspec.ValidationError."""
    fields = {
        "country": form.get("country", "").strip().upper(),
        "locale": form.get("locale", "").strip(),
        "languages": [
            part.strip().lower() for part in form.get("languages", "").split(",") if part.strip()
        ],
        "age_band": form.get("age_band") or None,
        "devices": [
            {
                "kind": form.get("device_kind", ""),
                "os": form.get("device_os", "").strip(),
                "os_version": form.get("device_os_version", "").strip(),
                "browser": form.get("device_browser", "").strip(),
            }
        ],
        "consent_version": CONSENT_VERSION if form.get("consent") else None,
    }
    return msgspec.convert(fields, ProfileInput)


def local_path(target: str | None) -> str:
    """Only same-site paths are followed after sign-in, so `next` cannot send users away."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"
