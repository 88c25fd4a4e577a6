"""The top issues: accepted findings ranked by severity weight × reports, duplicates folded
in, issues across locales added up."""

from __future__ import annotations

import asyncio
from typing import Any

from backend.db.unions import union_all
from backend.services.campaign_store import step_titles
from backend.services.findings import screenshots_by_finding
from backend.tables import Finding
from campaigns.vocabulary import ReviewState
from reports.friction import SEVERITY_WEIGHTS
from reports.top import RANK_FORMULA, FrictionPoint, Ranked, TopPoints, ranked_first

# Ranked in two parts so that no query groups every accepted finding. The few findings
# that an issue or folded duplicates make more than one report (`_SPECIAL`: issue members,
# issue leads, originals of duplicates) are scored in full and ranked in SQL; every other
# accepted finding is one report worth its severity's weight, so the first few of each
# severity by id that are not special (`_singles`, along finding_single_idx) are all that
# can rank.
_WEIGHT = "CASE finding.severity {} ELSE 0 END".format(
    " ".join(
        f"WHEN '{severity.value}' THEN {weight}" for severity, weight in SEVERITY_WEIGHTS.items()
    )
)
_FOLDED = """
    SELECT duplicate_of, COUNT(*) AS n FROM finding
    WHERE campaign = {} AND duplicate_of IS NOT NULL GROUP BY duplicate_of
"""
_SPECIAL = f"""
    SELECT id FROM finding WHERE campaign = {{}} AND issue_of IS NOT NULL
    UNION SELECT issue_of FROM finding WHERE campaign = {{}} AND issue_of IS NOT NULL
    UNION SELECT duplicate_of FROM ({_FOLDED}) AS originals
"""  # noqa: S608
_TOP = f"""
    SELECT COALESCE(finding.issue_of, finding.id) AS id,
        SUM(1 + COALESCE(folded.n, 0)) AS reports,
        SUM(({_WEIGHT}) * (1 + COALESCE(folded.n, 0))) AS score
    FROM ({_SPECIAL}) AS special
    JOIN finding ON finding.id = special.id
    LEFT JOIN ({_FOLDED}) AS folded ON folded.duplicate_of = finding.id
    WHERE finding.review = {{}} AND ({{}} = '' OR finding.locale = {{}})
    GROUP BY COALESCE(finding.issue_of, finding.id)
    ORDER BY score DESC, id
    LIMIT {{}}
"""  # noqa: S608
TOP_POINTS = 10
_IN_LOCALE = "AND locale = {}"


def _singles(locale: str | None) -> str:
    """The first accepted findings of one severity by id that no issue and no folded
    duplicate concerns (none of `_SPECIAL`), of all locales or of one."""
    return (
        "SELECT id, severity FROM finding"  # noqa: S608 - our own SQL and placeholders
        " WHERE campaign = {} AND review = {} AND issue_of IS NULL AND severity = {}"
        f" AND id NOT IN ({_SPECIAL}) {_IN_LOCALE if locale else ''}"
        " ORDER BY id LIMIT {}"
    )


async def top_points(
    campaign_id: int, limit: int = TOP_POINTS, locale: str | None = None
) -> TopPoints:
    """Accepted findings ranked by severity weight × reports, duplicates folded in; with a
    locale, only that locale's findings count."""
    accepted = ReviewState.accepted.value
    grouped, singles = await asyncio.gather(
        Finding.raw(
            _TOP,
            *(campaign_id,) * 4,
            accepted,
            locale or "",
            locale or "",
            limit,
        ).run(),
        union_all(
            Finding,
            _singles(locale),
            [
                (
                    campaign_id,
                    accepted,
                    severity.value,
                    *(campaign_id,) * 3,
                    *([locale] if locale else []),
                    limit,
                )
                for severity in SEVERITY_WEIGHTS
            ],
        ),
    )
    ranked = ranked_first(
        [Ranked(row["id"], int(row["reports"]), int(row["score"])) for row in grouped],
        [(row["id"], row["severity"]) for row in singles],
        {severity.value: weight for severity, weight in SEVERITY_WEIGHTS.items()},
        limit,
    )
    ids = [point.id for point in ranked]
    # Each issue's locales: its lead's and those of the accepted findings grouped under it.
    issues: dict[int, list[dict[str, Any]]] = {}
    # Two lookups, each by its own index alone: SQLite would scan for the two joined by OR,
    # and, asked for the review too, would read every accepted finding by finding_review.
    leads, members = await asyncio.gather(
        *(
            Finding.select(Finding.id, Finding.issue_of, Finding.locale, Finding.review)
            .where(column.is_in([*ids, -1]))
            .run()
            for column in (Finding.id, Finding.issue_of)
        )
    )
    for row in sorted([*leads, *members], key=lambda row: row["id"]):
        if row["review"] == ReviewState.accepted:
            issues.setdefault(row["issue_of"] or row["id"], []).append(row)
    details = {
        row["id"]: row
        for row in await Finding.select(
            Finding.id,
            Finding.title,
            Finding.use_case.key.as_alias("use_case"),
            Finding.step.key.as_alias("step"),
            Finding.stage,
            Finding.locale,
            Finding.severity,
            Finding.kind,
            Finding.use_case.id.as_alias("use_case_id"),
            Finding.step.id.as_alias("step_id"),
        ).where(Finding.id.is_in([*ids, -1]))
    }
    titles = await step_titles(campaign_id)
    shots = await screenshots_by_finding(ids)
    points = [
        FrictionPoint(
            finding_id=point.id,
            **{
                k: v
                for k, v in details[point.id].items()
                if k not in ("id", "use_case_id", "step_id")
            },
            use_case_title=titles[details[point.id]["step_id"]][0],
            step_title=titles[details[point.id]["step_id"]][1],
            reports=point.reports,
            score=point.score,
            locales=sorted({member["locale"] for member in issues.get(point.id, [])}),
            grouped=[m["id"] for m in issues.get(point.id, []) if m["id"] != point.id],
            screenshot_id=shots[point.id][0]["id"] if point.id in shots else None,
        )
        for point in ranked
    ]
    return TopPoints(formula=RANK_FORMULA, points=points)
