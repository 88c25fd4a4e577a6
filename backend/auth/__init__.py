"""Who is calling: password hashing, session and API tokens, middleware and role guards."""
