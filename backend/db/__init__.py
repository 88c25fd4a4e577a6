"""Database wiring: engine choice, transactions, migrations."""

import os

# Piccolo's migration commands find their engine through this module path, so it must be
# set before any of them run; an explicit PICCOLO_CONF from the environment still wins.
os.environ.setdefault("PICCOLO_CONF", "backend.piccolo_conf")
