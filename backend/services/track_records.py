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

    @property
    def decided(self) -> int:
        """How many of the tester's findings a manager has decided on."""
        return self.accepted + self.rejected + self.duplicate

    @property
    def acceptance(self) -> float | None:
        """The share of decided findings that were accepted; None before any decision."""
        return self.accepted / self.decided if self.decided else None


async def track_records(finding_ids: list[int]) -> dict[int, TrackRecord]:
    """The track record of each finding's tester, by finding; managers' eyes only."""
    testers = {
        row["id"]: row["tester"]
        for row in await Finding.select(
            Finding.id, Finding.participation.tester.as_alias("tester")
        ).where(Finding.id.is_in([*finding_ids, -1]))
    }
    records = await tester_records(list(set(testers.values())))
    return {finding_id: records[tester] for finding_id, tester in testers.items()}


async def tester_records(tester_ids: list[int]) -> dict[int, TrackRecord]:
    """The track record of each tester (user id), in one query."""
    records = {tester: TrackRecord() for tester in tester_ids}
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
    return records
