"""Review pages: a campaign's findings with filters; managers decide with plain forms."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Template

from backend.errors import DomainError, Invalid, NotFound
from backend.http.choices import locale_name
from backend.http.errors import status_of, translated
from backend.http.flash import notice, redirect_with
from backend.http.forms import describe_validation_error, local_path, read_form
from backend.http.guards import role_in, signed_in_user
from backend.http.labels import N_, label
from backend.http.rendering import page
from backend.services.access import visible_campaign
from backend.services.conversations import conversation, write_message
from backend.services.finding_list import (
    FindingFilters,
    duplicate_candidates,
    facet_counts,
    finding_counts,
    finding_facets,
    finding_row,
    list_findings,
)
from backend.services.finding_order import FindingSort
from backend.services.issues import group_into_issue, issue_candidates, issue_of
from backend.services.review import review_finding, review_findings, review_trails
from backend.services.track_records import track_records
from campaigns.review import RejectReason, ReviewDecision
from campaigns.vocabulary import FindingKind, ReviewState, Role, Severity, Stage


class ReviewPages(Controller):
    """Managers review; the campaign's client reads the same list without the forms."""

    path = "/campaigns/{campaign_id:int}/findings"
    include_in_schema = False
    guards = (role_in(Role.manager, Role.client),)

    @get("/")
    async def list_page(self, request: Request, campaign_id: FromPath[int]) -> Template:
        """The findings, newest first, narrowed by the filter form."""
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return await _list_page(request, campaign_id, here)

    @post("/{finding_id:int}/review", guards=[role_in(Role.manager)])
    async def decide(
        self,
        request: Request,
        campaign_id: FromPath[int],
        finding_id: FromPath[int],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Response:
        """Apply the decision and return to the list, or show the list with what went wrong."""
        back = _back(data, campaign_id)
        try:
            try:
                decision = read_form(data, ReviewDecision)
            except msgspec.ValidationError as error:
                raise Invalid("form.invalid", describe_validation_error(error)) from error
            await review_finding(signed_in_user(request), finding_id, decision)
        except NotFound:
            raise
        except DomainError as error:
            return await _list_page(
                request, campaign_id, back, translated(error), status_of(error), finding_id
            )
        return redirect_with(
            request,
            await _after_decision(request, campaign_id, back, finding_id),
            notice(N_("Decision saved on finding #{finding}"), finding=finding_id),
        )

    @post("/{finding_id:int}/messages", guards=[role_in(Role.manager)])
    async def write(
        self,
        request: Request,
        campaign_id: FromPath[int],
        finding_id: FromPath[int],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Response:
        """Write to the finding's tester without deciding anything; the text is kept when
        the message is refused."""
        back = _back(data, campaign_id)
        body = str(data.get("body") or "")
        try:
            await write_message(signed_in_user(request), finding_id, body)
        except NotFound:
            raise
        except DomainError as error:
            return await _list_page(
                request, campaign_id, back, translated(error), status_of(error), finding_id, body
            )
        message = notice(N_("Message sent to the tester"), finding=finding_id)
        return redirect_with(request, _showing(back, campaign_id, finding_id), message)

    @post("/{finding_id:int}/issue", guards=[role_in(Role.manager)])
    async def group(
        self,
        request: Request,
        campaign_id: FromPath[int],
        finding_id: FromPath[int],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Response:
        """Group the finding under another locale's finding as one issue, or take it out."""
        back = _back(data, campaign_id)
        leave = bool(data.get("leave"))
        lead = str(data.get("issue_of") or "")
        try:
            if not leave and not lead.isdigit():
                raise Invalid("issue.none_chosen", "Choose the finding of the other locale first")
            await group_into_issue(
                signed_in_user(request), campaign_id, finding_id, None if leave else int(lead)
            )
        except NotFound:
            raise
        except DomainError as error:
            return await _list_page(
                request, campaign_id, back, translated(error), status_of(error), finding_id
            )
        if leave:
            message = notice(N_("Taken out of its issue"), finding=finding_id)
        else:
            text = N_("Grouped into one issue with finding #{lead}")
            message = notice(text, finding=finding_id, lead=int(lead))
        return redirect_with(request, _showing(back, campaign_id, finding_id), message)

    @post("/bulk", guards=[role_in(Role.manager)])
    async def decide_many(
        self, request: Request, campaign_id: FromPath[int], data: URLEncodedBody[dict[str, Any]]
    ) -> Response:
        """Accept or reject the selected findings, all or none, and return to the list."""
        back = _back(data, campaign_id)
        selected = data.get("finding") or []
        try:
            try:
                ids = [
                    int(value) for value in ([selected] if isinstance(selected, str) else selected)
                ]
            except ValueError as error:
                raise Invalid(
                    "form.invalid", "The selection names findings by their numbers"
                ) from error
            # One form holds both buttons; the reason list only counts for "Reject".
            fields = {k: v for k, v in data.items() if k != "reason"}
            if data.get("review") == ReviewState.rejected:
                fields["reason"] = data.get("reason")
            try:
                decision = read_form(fields, ReviewDecision)
            except msgspec.ValidationError as error:
                raise Invalid("form.invalid", describe_validation_error(error)) from error
            count = await review_findings(signed_in_user(request), campaign_id, ids, decision)
        except DomainError as error:
            return await _list_page(request, campaign_id, back, translated(error), status_of(error))
        message = notice(N_("Decision saved for every selected finding ({count})"), count=count)
        return redirect_with(request, back, message)


def _back(data: dict[str, Any], campaign_id: int) -> str:
    """The list a decision was made from; never a POST address, which a browser cannot GET
    (a later decision would land on "405 Method Not Allowed")."""
    back = local_path(data.get("next"))
    if not back.startswith(f"/campaigns/{campaign_id}/findings") or "/review" in back:
        return f"/campaigns/{campaign_id}/findings"
    return back


async def _after_decision(request: Request, campaign_id: int, back: str, finding_id: int) -> str:
    """Where a decision leads: the same finding, or the next one of the list when the
    manager chose to move on (the same finding when none is left)."""
    shown = finding_id
    if parse_qs(urlsplit(back).query).get("then", [""])[-1] == "next":
        filters, _ = _filters(back)
        following = await list_findings(
            signed_in_user(request),
            campaign_id,
            msgspec.structs.replace(filters, before=finding_id),
            limit=1,
        )
        shown = following[0].id if following else finding_id
    return _showing(back, campaign_id, shown)


def _showing(back: str, campaign_id: int, finding_id: int) -> str:
    """The list at `back` with `finding_id` shown beside it (the duplicate search cleared),
    scrolled to its row."""
    query = {k: v[-1] for k, v in parse_qs(urlsplit(back).query).items() if k != "dup_q"}
    return f"{_address(campaign_id, {**query, 'finding': str(finding_id)})}#finding-{finding_id}"


def _filters(here: str) -> tuple[FindingFilters, dict[str, str]]:
    """Filters from the list address's query; unknown values are dropped, not refused."""
    query = parse_qs(urlsplit(here).query)
    chosen = {k: v[-1] for k, v in query.items() if v and v[-1] and k in FILTERS}
    try:
        return msgspec.convert(chosen, FindingFilters, strict=False), chosen
    except msgspec.ValidationError:
        return FindingFilters(), {}


FILTERS = ("stage", "locale", "severity", "kind", "review", "use_case", "sort", "before")
# What else the address keeps: the finding shown beside the list, where a decision leads,
# and the duplicate picker's search.
VIEW = ("finding", "then", "dup_q")
# Findings per page: enough to work through, short enough to load at once on a phone.
PAGE_SIZE = 25


def _address(campaign_id: int, query: dict[str, str]) -> str:
    """The list's address with these filters (and page), as a link."""
    suffix = f"?{urlencode(query)}" if query else ""
    return f"/campaigns/{campaign_id}/findings{suffix}"


def _selected(here: str) -> tuple[int | None, dict[str, str]]:
    """The finding shown beside the list, and the view settings the address holds."""
    query = parse_qs(urlsplit(here).query)
    view = {k: v[-1] for k, v in query.items() if v and v[-1] and k in VIEW}
    finding = view.get("finding", "")
    return (int(finding) if finding.isdigit() else None), view


async def _list_page(
    request: Request,
    campaign_id: int,
    here: str,
    error: str | None = None,
    status_code: int = 200,
    error_for: int | None = None,
    typed_message: str = "",
) -> Template:
    """The list at `here` (its address with filters), where every form returns to, with the
    chosen finding in full beside it and its conversation."""
    user = signed_in_user(request)
    campaign = await visible_campaign(user, campaign_id)
    filters, chosen = _filters(here)
    selected_id, view = _selected(here)
    if error_for is not None:
        selected_id = error_for
    page_rows = await list_findings(user, campaign_id, filters, limit=PAGE_SIZE + 1)
    shown = page_rows[:PAGE_SIZE]
    matching, total = await finding_counts(
        user, campaign_id, msgspec.structs.replace(filters, before=None)
    )
    kept = {name: value for name, value in chosen.items() if name != "before"}
    selected = await finding_row(user, campaign_id, selected_id) if selected_id else None
    shown_ids = [f.id for f in shown] + ([selected.id] if selected else [])
    facets = await finding_facets(campaign_id)
    listing = {**chosen, **{k: v for k, v in view.items() if k == "then"}}
    context = {
        "campaign": campaign,
        "findings": shown,
        "selected": selected,
        "trails": await review_trails(user, shown_ids),
        "messages": await conversation(user, selected.id) if selected else [],
        "typed_message": typed_message,
        "total": total,
        "matching": matching,
        "counts": await facet_counts(campaign_id, filters),
        "chosen": chosen,
        "view": view,
        "here": here,
        # The list without a finding chosen, and each finding's own address in it.
        "listing": _address(campaign_id, listing),
        "select": lambda finding_id: (
            _address(campaign_id, {**listing, "finding": str(finding_id)})
            + f"#finding-{finding_id}"
        ),
        "then_toggle": _address(
            campaign_id,
            {
                **listing,
                **({"finding": str(selected_id)} if selected_id else {}),
                "then": "stay" if view.get("then") == "next" else "next",
            },
        ),
        "first_page": _address(campaign_id, kept) if "before" in chosen else None,
        "next_page": _address(campaign_id, {**kept, "before": str(shown[-1].id)})
        if len(page_rows) > PAGE_SIZE
        else None,
        "choices": {
            "stage": [(s.value, label(s.value)) for s in Stage],
            "locale": [(value, locale_name(value)) for value in facets.locales],
            "severity": [(s.value, label(s.value)) for s in Severity],
            "kind": [(k.value, label(k.value)) for k in FindingKind],
            "review": [(r.value, label(r.value)) for r in ReviewState],
            "use_case": facets.use_cases,
        },
        "sorts": [(s.value, label(f"sort_{s.value}")) for s in FindingSort],
        "reasons": [r.value for r in RejectReason],
        "severities": [s.value for s in Severity],
        "can_decide": user.role is Role.manager,
        "issue": await issue_of(selected.id) if selected else None,
        "issue_candidates": await issue_candidates(campaign_id, selected.id)
        if selected and user.role is Role.manager and selected.review == ReviewState.accepted
        else [],
        "candidates": await duplicate_candidates(campaign_id, selected, view.get("dup_q", ""))
        if selected and user.role is Role.manager
        else [],
        # What the tester's other findings came to: for managers only, never for clients.
        "records": await track_records(shown_ids) if user.role is Role.manager else {},
        "error": error,
        "error_for": error_for,
    }
    return await page(request, "findings.html", context, status_code)
