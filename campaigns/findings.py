"""A friction point as a tester reports it."""

from __future__ import annotations

from typing import Annotated

import msgspec

from campaigns.vocabulary import FindingKind, Severity

LongText = Annotated[str, msgspec.Meta(max_length=5000)]


class FindingInput(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """What the tester tells about one friction point; device and locale come from the
    participation, stage and touchpoint from the step."""

    title: Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=r"\S")]
    kind: FindingKind
    severity: Severity
    emotion: Annotated[int, msgspec.Meta(ge=-2, le=2)] = 0
    description: LongText = ""
    steps_to_reproduce: LongText = ""
    expected_result: LongText = ""
    actual_result: LongText = ""
