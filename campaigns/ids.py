"""Ids of stored things: databases keep them in 64-bit signed integers."""

from __future__ import annotations

from typing import Annotated

import msgspec

# A larger number cannot name anything stored; passing it to the database overflows.
MAX_ID = 2**63 - 1

RowId = Annotated[int, msgspec.Meta(ge=1, le=MAX_ID)]
