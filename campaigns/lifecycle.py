"""Campaign lifecycle: draft → recruiting → running → closed → archived, and what may change."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from campaigns.schema import CampaignDefinition
from campaigns.vocabulary import CampaignStatus, ParticipationState

_TRANSITIONS: dict[str, tuple[set[CampaignStatus], CampaignStatus]] = {
    "launch": ({CampaignStatus.draft}, CampaignStatus.recruiting),
    "start": ({CampaignStatus.recruiting}, CampaignStatus.running),
    "close": ({CampaignStatus.recruiting, CampaignStatus.running}, CampaignStatus.closed),
    "archive": ({CampaignStatus.closed}, CampaignStatus.archived),
}

# Keys whose values are wording, not structure: a launched campaign may still fix them.
_TEXT_KEYS = frozenset(
    {
        "name",
        "product",
        "description",
        "incentive",
        "title",
        "persona",
        "scenario",
        "instruction",
        "expected_outcome",
        "text",
        "label",
        "labels",
        "unit",
        # The address of what is tested may move (a new build), and so may its credentials.
        "link",
    }
)


class LifecycleError(ValueError):
    """An action the campaign's current status does not allow."""


def next_status(status: CampaignStatus, action: str) -> CampaignStatus:
    """The status after `action`, or LifecycleError saying why it cannot happen now."""
    allowed, target = _TRANSITIONS[action]
    if status not in allowed:
        names = " or ".join(sorted(allowed))
        raise LifecycleError(f"Cannot {action} a {status} campaign; only a {names} one")
    return target


def due_action(
    status: CampaignStatus, starts_on: dt.date | None, ends_on: dt.date | None, today: dt.date
) -> str | None:
    """What the calendar asks of a campaign today: `close` once its end date has passed,
    `start` once its start date has come, else None."""
    if (
        status in (CampaignStatus.recruiting, CampaignStatus.running)
        and ends_on
        and ends_on < today
    ):
        return "close"
    if status is CampaignStatus.recruiting and starts_on and starts_on <= today:
        return "start"
    return None


def is_editable(status: CampaignStatus) -> bool:
    """Whether steps, questions and targets may still change (only before launch)."""
    return status is CampaignStatus.draft


def structural_change(old: CampaignDefinition, new: CampaignDefinition) -> str | None:
    """The first field path where `new` changes more than wording, or None."""
    return _first_difference(
        _skeleton(msgspec.to_builtins(old)), _skeleton(msgspec.to_builtins(new)), ""
    )


def _skeleton(document: Any) -> Any:
    if isinstance(document, dict):
        return {k: _skeleton(v) for k, v in document.items() if k not in _TEXT_KEYS}
    if isinstance(document, list):
        return [_skeleton(item) for item in document]
    return document


def _first_difference(old: Any, new: Any, path: str) -> str | None:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            child = f"{path}.{key}" if path else key
            if (found := _first_difference(old.get(key), new.get(key), child)) is not None:
                return found
        return None
    if isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            return path
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            if (found := _first_difference(a, b, f"{path}[{index}]")) is not None:
                return found
        return None
    return None if old == new else path


def merge_patch(document: Any, patch: Any) -> Any:
    """RFC 7386 JSON merge patch: objects merge, null removes, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    merged = dict(document) if isinstance(document, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged


# Campaigns testers can still join and walk.
OPEN_STATUSES = (CampaignStatus.recruiting, CampaignStatus.running)
# Participations that count against a locale's quota: everyone who said yes.
FILLING_STATES = (
    ParticipationState.accepted,
    ParticipationState.in_progress,
    ParticipationState.submitted,
    ParticipationState.approved,
)
# Participations that hold a place while recruiting: open invitations too.
HOLDING_STATES = (ParticipationState.invited, *FILLING_STATES)


def time_left(starts_on: dt.date | None, ends_on: dt.date | None, today: dt.date) -> float | None:
    """The share of the campaign's days still ahead (1 before the start, 0 after the end);
    None without both dates."""
    if starts_on is None or ends_on is None or ends_on <= starts_on:
        return None
    ahead = (ends_on - today).days / (ends_on - starts_on).days
    return min(1.0, max(0.0, ahead))


def falls_behind(submitted: int, quota: int, left: float | None) -> bool:
    """A locale at risk of missing its quota: under half of it submitted with under a quarter
    of the time left."""
    return left is not None and left < 0.25 and submitted < quota / 2
