"""The campaign domain: definitions, validation, lifecycle and matching. No web code."""
