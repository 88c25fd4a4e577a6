"""Persistence of domain objects: domain structs in, domain structs out."""
