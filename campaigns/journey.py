"""Reading a use case as a journey: its steps by stage, in journey order."""

from __future__ import annotations

from campaigns.schema import Step, UseCase
from campaigns.vocabulary import Stage


def steps_by_stage(use_case: UseCase) -> list[tuple[Stage, list[Step]]]:
    """The stages the use case touches, in journey order, each with its steps in order."""
    return [
        (stage, steps)
        for stage in Stage
        if (steps := [step for step in use_case.steps if step.stage is stage])
    ]
