"""Piccolo configuration: the engine from the environment and the one app holding our tables."""

from piccolo.conf.apps import AppRegistry

from backend.db.engine import make_engine
from backend.settings import load_settings

DB = make_engine(load_settings())

APP_REGISTRY = AppRegistry(apps=["backend.db.piccolo_app"])
