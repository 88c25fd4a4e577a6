"""HTTP controllers: the JSON API under /api/v1 and the HTML pages."""
