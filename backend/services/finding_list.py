"""The review list: a campaign's findings filtered, ordered and paged, what each filter
holds, one finding in full, and the findings it may be a duplicate of."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from piccolo.query.functions.aggregate import Count

from backend.auth.identity import CurrentUser
from backend.errors import NotFound
from backend.services.access import visible_campaign
from backend.services.campaign_store import step_titles
from backend.services.finding_order import FindingSort, after, in_order
from backend.services.findings import device_label, duplicate_counts, screenshots_by_finding
from backend.tables import Finding, UseCase
from campaigns.findings import FOUND_ENOUGH, most_similar, search_score
from campaigns.text import localize
from campaigns.vocabulary import FindingKind, ReviewState, Severity, Stage


class FindingFilters(msgspec.Struct, kw_only=True):
    """Which findings to list; each filter is optional."""

    stage: Stage | None = None
    locale: str | None = None
    severity: Severity | None = None
    kind: FindingKind | None = None
    review: ReviewState | None = None
    use_case: str | None = None
    sort: FindingSort = FindingSort.newest
    # Keyset paging: only the findings that come after this one in the chosen order.
    before: int | None = None


class ReviewRow(msgspec.Struct):
    """A finding as the review list shows it."""

    id: int
    title: str
    description: str
    steps_to_reproduce: str
    expected_result: str
    actual_result: str
    pseudonym: str
    use_case: str
    step: int
    use_case_title: str
    step_title: str
    stage: str
    touchpoint: str
    locale: str
    country: str
    device: str
    kind: str
    severity: str
    reported_severity: str
    emotion: int
    review: str
    review_reason: str | None
    duplicate_of: int | None
    duplicates: int
    screenshots: int
    screenshot_ids: list[int]
    created_at: dt.datetime


def _filtered(query: Any, campaign_id: int, filters: FindingFilters) -> Any:
    """The query narrowed to the campaign and the filters (paging aside)."""
    query = query.where(Finding.campaign == campaign_id)
    for name in ("stage", "locale", "severity", "kind", "review"):
        if (value := getattr(filters, name)) is not None:
            query = query.where(getattr(Finding, name) == value)
    if filters.use_case is not None:
        query = query.where(Finding.use_case.key == filters.use_case)
    return query


async def finding_counts(
    user: CurrentUser, campaign_id: int, filters: FindingFilters
) -> tuple[int, int]:
    """How many of the campaign's findings the filters hold on every page, and how many it
    has in all."""
    await visible_campaign(user, campaign_id)
    matching = await _filtered(Finding.count(), campaign_id, filters)
    return matching, await _filtered(Finding.count(), campaign_id, FindingFilters())


class Facets(msgspec.Struct):
    """The locales the campaign's findings have, and its use cases (key, title)."""

    locales: list[str]
    use_cases: list[tuple[str, str]]


async def finding_facets(campaign_id: int) -> Facets:
    """The locales and use cases the campaign's findings may have, for the filter lists."""
    locales = await Finding.select(Finding.locale).where(Finding.campaign == campaign_id).distinct()
    use_cases = await (
        UseCase.select(
            UseCase.key,
            UseCase.title,
            UseCase.campaign.default_locale.as_alias("default_locale"),
        )
        .where(UseCase.campaign == campaign_id)
        .order_by(UseCase.id)
        .output(load_json=True)
    )
    return Facets(
        locales=sorted(row["locale"] for row in locales),
        use_cases=[
            (row["key"], localize(row["title"], row["default_locale"], row["default_locale"]))
            for row in use_cases
        ],
    )


async def list_findings(
    user: CurrentUser, campaign_id: int, filters: FindingFilters, limit: int | None = None
) -> list[ReviewRow]:
    """The campaign's findings matching the filters in the chosen order, with duplicate
    counts; at most `limit`, those after `filters.before` when paging."""
    await visible_campaign(user, campaign_id)
    query = _filtered(_review_select(), campaign_id, filters)
    if filters.before is not None:
        query = await after(query, filters.sort, filters.before)
    query = in_order(query, filters.sort)
    return await _review_rows(campaign_id, await (query.limit(limit) if limit else query))


async def finding_row(user: CurrentUser, campaign_id: int, finding_id: int) -> ReviewRow:
    """One of the campaign's findings with everything its tester sent; 404 otherwise."""
    await visible_campaign(user, campaign_id)
    rows = await _review_select().where(
        (Finding.id == finding_id) & (Finding.campaign == campaign_id)
    )
    if not rows:
        raise NotFound("finding.not_found", "No finding {finding_id}", finding_id=finding_id)
    return (await _review_rows(campaign_id, rows))[0]


def _review_select() -> Any:
    return Finding.select(
        Finding.id,
        Finding.title,
        Finding.description,
        Finding.steps_to_reproduce,
        Finding.expected_result,
        Finding.actual_result,
        Finding.participation.pseudonym.as_alias("pseudonym"),
        Finding.use_case.key.as_alias("use_case"),
        Finding.step,
        Finding.stage,
        Finding.step.touchpoint.as_alias("touchpoint"),
        Finding.locale,
        Finding.country,
        Finding.device_kind,
        Finding.device_os,
        Finding.kind,
        Finding.severity,
        Finding.reported_severity,
        Finding.emotion,
        Finding.review,
        Finding.review_reason,
        Finding.duplicate_of,
        Finding.created_at,
    )


async def _review_rows(campaign_id: int, rows: list[dict[str, Any]]) -> list[ReviewRow]:
    ids = [row["id"] for row in rows]
    duplicates = await duplicate_counts(ids)
    shots = await screenshots_by_finding(ids)
    titles = await step_titles(campaign_id)
    return [
        ReviewRow(
            **{k: v for k, v in row.items() if k not in ("device_kind", "device_os")},
            use_case_title=titles[row["step"]][0],
            step_title=titles[row["step"]][1],
            device=device_label(row),
            duplicates=duplicates.get(row["id"], 0),
            screenshots=len(shots.get(row["id"], [])),
            screenshot_ids=[shot["id"] for shot in shots.get(row["id"], [])],
        )
        for row in rows
    ]


# The filters whose options the list counts, each by its column.
_FACETS = {
    "stage": Finding.stage,
    "locale": Finding.locale,
    "severity": Finding.severity,
    "kind": Finding.kind,
    "review": Finding.review,
    "use_case": Finding.use_case.key,
}


async def facet_counts(campaign_id: int, filters: FindingFilters) -> dict[str, dict[str, int]]:
    """For each filter, how many findings each of its options would hold with the other
    filters as they are."""
    counts: dict[str, dict[str, int]] = {}
    for name, column in _FACETS.items():
        others = msgspec.structs.replace(filters, **{name: None}, before=None)
        rows = await _filtered(
            Finding.select(column.as_alias("value"), Count(alias="n")), campaign_id, others
        ).group_by(column)
        counts[name] = {row["value"]: row["n"] for row in rows}
    return counts


class DuplicateCandidate(msgspec.Struct):
    """A finding another one could be folded into, as the duplicate picker shows it."""

    id: int
    title: str
    stage: str
    locale: str
    step_title: str
    screenshot_ids: list[int]
    similarity: float


# How many candidates the duplicate picker offers at once.
CANDIDATES = 8


async def duplicate_candidates(
    campaign_id: int, finding: ReviewRow, search: str = ""
) -> list[DuplicateCandidate]:
    """The findings `finding` (one of the campaign's, as `finding_row` read it for its
    caller) may be a duplicate of: originals on the same step or stage whose titles look like
    its own (the testers' "me too" similarity), or, with `search`, those whose titles hold
    its words, anywhere in the campaign."""
    query = Finding.select(
        Finding.id, Finding.title, Finding.stage, Finding.locale, Finding.step
    ).where(
        (Finding.campaign == campaign_id)
        & (Finding.id != finding.id)
        & Finding.duplicate_of.is_null()
        & (Finding.review != ReviewState.rejected)
    )
    search = search.strip()
    if search:
        rows = await query.order_by(Finding.id, ascending=False)
        scored = [(search_score(search, row["title"]), row) for row in rows]
        chosen = sorted(
            (pair for pair in scored if pair[0] >= FOUND_ENOUGH), key=lambda pair: -pair[0]
        )[:CANDIDATES]
    else:
        rows = await query.where((Finding.step == finding.step) | (Finding.stage == finding.stage))
        chosen = most_similar(finding.title, ((r["title"], r) for r in rows), CANDIDATES)
    return await candidate_views(campaign_id, chosen)


async def candidate_views(
    campaign_id: int, chosen: list[tuple[float, dict[str, Any]]]
) -> list[DuplicateCandidate]:
    """Picker entries from (score, finding row with id, title, stage, locale and step), in
    the order given, each with its screenshots and its step's short label."""
    shots = await screenshots_by_finding([row["id"] for _, row in chosen])
    titles = await step_titles(campaign_id)
    return [
        DuplicateCandidate(
            id=row["id"],
            title=row["title"],
            stage=row["stage"],
            locale=row["locale"],
            step_title=titles[row["step"]][1],
            screenshot_ids=[shot["id"] for shot in shots.get(row["id"], [])],
            similarity=round(score, 2),
        )
        for score, row in chosen
    ]
