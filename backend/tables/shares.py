"""Read-only links to a campaign's report, for colleagues without an account."""

from piccolo.columns import ForeignKey, OnDelete, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from backend.tables.accounts import User
from backend.tables.campaigns import Campaign


class ReportShare(Table):
    """A link that shows the report until it expires or is revoked; only the sha256 of its
    token is stored, so the table alone opens nothing."""

    campaign = ForeignKey(Campaign, on_delete=OnDelete.cascade, index=True, null=False)
    created_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True)
    token_hash = Varchar(length=64, unique=True)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)
