"""The Piccolo app that owns every Parcours table and its migrations."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from backend.tables import ALL_TABLES

APP_CONFIG = AppConfig(
    app_name="parcours",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=ALL_TABLES,
)
