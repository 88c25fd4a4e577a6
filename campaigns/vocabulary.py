"""The fixed word sets of DESIGN.md, shared by the domain, the database and the API."""

from enum import StrEnum


class Stage(StrEnum):
    """Where a step sits in the customer journey, in journey order."""

    awareness = "awareness"
    consideration = "consideration"
    decision = "decision"
    purchase = "purchase"
    post_purchase = "post_purchase"
    loyalty = "loyalty"


class Touchpoint(StrEnum):
    """The channel a step happens on."""

    website = "website"
    mobile_app = "mobile_app"
    email = "email"
    store = "store"
    phone = "phone"
    social = "social"
    chat = "chat"
    mail = "mail"
    other = "other"


class QuestionKind(StrEnum):
    """Qualitative (`text`) or one of the quantitative kinds."""

    text = "text"
    rating = "rating"
    nps = "nps"
    seq = "seq"
    single_choice = "single_choice"
    multi_choice = "multi_choice"
    yes_no = "yes_no"
    number = "number"


class CampaignStatus(StrEnum):
    """Campaign lifecycle: draft → recruiting → running → closed → archived."""

    draft = "draft"
    recruiting = "recruiting"
    running = "running"
    closed = "closed"
    archived = "archived"


class ParticipationState(StrEnum):
    """A tester's path through one campaign, from invitation to review."""

    invited = "invited"
    accepted = "accepted"
    in_progress = "in_progress"
    submitted = "submitted"
    approved = "approved"
    rejected = "rejected"
    declined = "declined"
    expired = "expired"


class StepStatus(StrEnum):
    """What a tester did with one step."""

    completed = "completed"
    blocked = "blocked"
    skipped = "skipped"


class FindingKind(StrEnum):
    """What sort of friction a finding reports."""

    bug = "bug"
    usability = "usability"
    content = "content"
    localization = "localization"
    payment = "payment"
    performance = "performance"
    trust = "trust"
    accessibility = "accessibility"


class Severity(StrEnum):
    """How badly a finding hurts, worst first."""

    critical = "critical"
    major = "major"
    minor = "minor"
    cosmetic = "cosmetic"


class ReviewState(StrEnum):
    """A manager's verdict on a finding."""

    new = "new"
    accepted = "accepted"
    rejected = "rejected"
    duplicate = "duplicate"
    needs_info = "needs_info"


class DeviceKind(StrEnum):
    """The kind of device a tester tests on."""

    phone = "phone"
    tablet = "tablet"
    desktop = "desktop"
    tv = "tv"
    other = "other"


class Role(StrEnum):
    """Who a user is to Parcours."""

    client = "client"
    tester = "tester"
    manager = "manager"


class TokenKind(StrEnum):
    """A browser session cookie, a bearer token for scripts, or a password-reset link."""

    session = "session"
    api = "api"
    # A single-use link to choose a new password, sent by e-mail; it expires within hours.
    password_reset = "password_reset"  # noqa: S105 - a kind of token, not a secret
