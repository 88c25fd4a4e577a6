"""A realistic demo campaign for `parcours demo`."""
