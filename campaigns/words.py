"""What people read instead of the vocabulary's values: `post_purchase` is "After purchase",
in the reader's language. One table, since a value means the same wherever it appears: on
the pages, in the workbook, in e-mail."""

from __future__ import annotations

from collections.abc import Callable


def N_(message: str) -> str:
    """Mark a message for the catalogs; it is translated where it is shown."""
    return message


LABELS = {
    # Journey stages
    "awareness": N_("Awareness"),
    "consideration": N_("Consideration"),
    "decision": N_("Decision"),
    "purchase": N_("Purchase"),
    "post_purchase": N_("After purchase"),
    "loyalty": N_("Loyalty"),
    # Touchpoints and devices
    "website": N_("Website"),
    "mobile_app": N_("Mobile app"),
    "email": N_("E-mail"),
    "store": N_("Store"),
    "phone": N_("Phone"),
    "social": N_("Social media"),
    "chat": N_("Chat"),
    "mail": N_("Post"),
    "other": N_("Other"),
    "tablet": N_("Tablet"),
    "desktop": N_("Computer"),
    "tv": N_("TV"),
    # Question kinds
    "text": N_("Open answer"),
    "rating": N_("Rating"),
    "nps": N_("Net Promoter Score"),
    "seq": N_("Ease of the task"),
    "single_choice": N_("One choice"),
    "multi_choice": N_("Several choices"),
    "yes_no": N_("Yes or no"),
    "number": N_("Number"),
    # Campaign statuses
    "draft": N_("Draft"),
    "recruiting": N_("Recruiting"),
    "running": N_("Running"),
    "closed": N_("Closed"),
    "archived": N_("Archived"),
    # Participation states and step results
    "invited": N_("Invited"),
    "accepted": N_("Accepted"),
    "in_progress": N_("In progress"),
    "submitted": N_("Submitted"),
    "approved": N_("Approved"),
    "rejected": N_("Rejected"),
    "declined": N_("Declined"),
    "expired": N_("Expired"),
    "completed": N_("Done"),
    "blocked": N_("Blocked"),
    "skipped": N_("Skipped"),
    # Finding kinds and severities
    "bug": N_("Bug"),
    "usability": N_("Hard to use"),
    "content": N_("Content"),
    "localization": N_("Translation or local format"),
    "payment": N_("Payment"),
    "performance": N_("Slow"),
    "trust": N_("Trust"),
    "accessibility": N_("Accessibility"),
    "critical": N_("Critical"),
    "major": N_("Major"),
    "minor": N_("Minor"),
    "cosmetic": N_("Cosmetic"),
    # Review
    "new": N_("New"),
    "duplicate": N_("Duplicate"),
    "needs_info": N_("Needs information"),
    "not_reproducible": N_("Not reproducible"),
    "did_not_follow_instructions": N_("Instructions not followed"),
    "out_of_scope": N_("Out of scope"),
    "works_as_designed": N_("Works as designed"),
    # Roles
    "client": N_("Client"),
    "tester": N_("Tester"),
    "manager": N_("Project manager"),
    # Filters and places
    "stage": N_("Stage"),
    "locale": N_("Locale"),
    "severity": N_("Severity"),
    "resent": N_("Sent again by the tester"),
    "issue": N_("Grouped into an issue across locales"),
    "issue_left": N_("Taken out of its issue"),
    "kind": N_("Kind"),
    "review": N_("Review"),
    "use_case": N_("Use case"),
    "all": N_("All locales"),
    # Testers' activity
    "activity_walking": N_("Walking a journey now"),
    "activity_taken_part": N_("Has taken part"),
    "activity_never": N_("Never taken part"),
    # Orders of the findings list
    "sort": N_("Order"),
    "sort_newest": N_("Newest first"),
    "sort_oldest": N_("Oldest first"),
    "sort_severity": N_("Most severe first"),
    "sort_stage": N_("Journey order"),
    "sort_locale": N_("By locale"),
    "sort_reports": N_("Most reported first"),
}


def human(value: object, translate: Callable[[str], str]) -> str:
    """The value as people read it, through `translate`; unknown values with spaces for _."""
    text = str(getattr(value, "value", value))
    message = LABELS.get(text)
    return translate(message) if message else text.replace("_", " ")
