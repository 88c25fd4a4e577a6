"""A tester's track record as managers see it: what their findings came to, across campaigns."""

from __future__ import annotations

import msgspec
from piccolo.query.functions.aggregate import Count

from backend.tables import Finding
from campaigns.vocabulary import ReviewState


class TrackRecord(msgspec.Struct):
    """How a tester's findings were decided so far, in every campaign."""

    accepted: int = 0
    rejected: int = 0
    duplicate: int = 0


async def track_records(finding_ids: list[int]) -> dict[int, TrackRecord]:
    """The track record of each finding's tester, by finding; managers' eyes only."""
    testers = {
        row["id"]: row["tester"]
        for row in await Finding.select(
            Finding.id, Finding.participation.tester.as_alias("tester")
        ).where(Finding.id.is_in([*finding_ids, -1]))
    }
    records = {tester: TrackRecord() for tester in set(testers.values())}
    counted = (
        await Finding.select(
            Finding.participation.tester.as_alias("tester"), Finding.review, Count(alias="n")
        )
        .where(Finding.participation.tester.is_in([*records, -1]))
        .group_by(Finding.participation.tester, Finding.review)
    )
    for row in counted:
        if row["review"] in (ReviewState.accepted, ReviewState.rejected, ReviewState.duplicate):
            setattr(records[row["tester"]], row["review"], row["n"])
    return {finding_id: records[tester] for finding_id, tester in testers.items()}
