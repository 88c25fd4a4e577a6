"""Completion per step: how many reached it, finished it, got blocked, and dropped off."""

from __future__ import annotations

from collections.abc import Mapping

import msgspec

from campaigns.vocabulary import ParticipationState
from campaigns.words import N_

COMPLETION_FORMULA = N_("completion = submitted or approved testers ÷ quota")
# Testers whose walk is done, for the completion against the quota.
DONE_STATES = (ParticipationState.submitted, ParticipationState.approved)

FORMULAS = {
    "task_success": N_("task success = completed ÷ testers who reached the step"),
    "blocked_rate": N_("blocked rate = blocked ÷ testers who reached the step"),
    "drop_off": N_(
        "drop-off = (reached this step minus reached the next step of the use case) "
        "÷ reached this step"
    ),
}


class StepInfo(msgspec.Struct, frozen=True):
    """A step in journey order."""

    id: int
    key: str
    use_case: str
    stage: str
    # What people read: the use case's title and the step's short label.
    use_case_title: str = ""
    title: str = ""


class StepFunnel(msgspec.Struct):
    """One step's completion figures; rates are None where nobody reached the step."""

    step_id: int
    step: str
    use_case: str
    stage: str
    use_case_title: str
    step_title: str
    reached: int
    completed: int
    blocked: int
    skipped: int
    task_success: float | None
    blocked_rate: float | None
    drop_off: float | None
    median_seconds: float | None


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def middle_positions(count: int) -> tuple[int, int]:
    """Where the median of `count` ordered values sits: the 0-based offset of the first
    middle value, and how many values (one for an odd count, two for an even one) to
    average from there."""
    return (count - 1) // 2, 2 - count % 2


def step_funnel(
    steps: list[StepInfo],
    statuses: Mapping[int, Mapping[str, int]],
    medians: Mapping[int, float],
) -> list[StepFunnel]:
    """Figures for each step, given step → status → count and step → median seconds."""
    rows = []
    for index, step in enumerate(steps):
        counts = statuses.get(step.id, {})
        reached = sum(counts.values())
        following = steps[index + 1] if index + 1 < len(steps) else None
        drop_off = None
        if following is not None and following.use_case == step.use_case and reached:
            drop_off = _rate(reached - sum(statuses.get(following.id, {}).values()), reached)
        rows.append(
            StepFunnel(
                step_id=step.id,
                step=step.key,
                use_case=step.use_case,
                stage=step.stage,
                use_case_title=step.use_case_title or step.use_case,
                step_title=step.title or step.key,
                reached=reached,
                completed=counts.get("completed", 0),
                blocked=counts.get("blocked", 0),
                skipped=counts.get("skipped", 0),
                task_success=_rate(counts.get("completed", 0), reached),
                blocked_rate=_rate(counts.get("blocked", 0), reached),
                drop_off=drop_off,
                median_seconds=medians.get(step.id),
            )
        )
    return rows


class CompletionReport(msgspec.Struct):
    """Per step: reached, completed, blocked, drop-off, task success, median time."""

    steps: list[StepFunnel]
    formulas: dict[str, str]


def quota_completion(quota: int, counts: Mapping[str, int]) -> float | None:
    """Testers done ÷ quota, given the testers per participation state; None without a quota."""
    done = sum(counts.get(state.value, 0) for state in DONE_STATES)
    return _rate(done, quota)
