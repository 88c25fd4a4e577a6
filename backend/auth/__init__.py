"""The caller as services see it, and password hashing; nothing here knows the web."""
