"""Parcours web service: app factory, HTTP, auth, storage and CLI."""
