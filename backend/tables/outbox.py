"""E-mail waiting to be sent: written in the same transaction as the event that causes it, so
a message is never lost and never sent for an event that did not happen."""

from piccolo.columns import ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from backend.tables.accounts import User


class OutboxMessage(Table):
    """One e-mail, rendered in its recipient's language when it was queued.

    A sender leases it (`leased_until`) before delivering, so two senders never send it at
    once; a failure pushes `next_attempt_at` back. `message_id` is fixed at queueing, so the
    rare second delivery after a crash mid-send carries the same Message-ID and mail clients
    show it once.
    """

    recipient = ForeignKey(User, on_delete=OnDelete.cascade, index=True, null=True)
    to_address = Varchar(length=320)
    kind = Varchar(length=32, index=True)
    subject = Varchar(length=300)
    text_body = Text()
    html_body = Text()
    message_id = Varchar(length=200, unique=True)
    created_at = Timestamptz(default=TimestamptzNow())
    attempts = Integer(default=0)
    next_attempt_at = Timestamptz(default=TimestamptzNow())
    leased_until = Timestamptz(null=True, default=None)
    sent_at = Timestamptz(null=True, default=None, index=True)
    last_error = Text(default="")
