"""E-mail: written in the recipient's language, queued in the outbox, sent over SMTP."""
