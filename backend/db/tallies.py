"""Counts kept by database triggers: the DDL that makes a tally table follow its source rows.

A tally holds, per key, sums over the source rows that meet a condition (`n` counts them;
other counters add an expression of each row). Triggers keep it inside the writing
transaction whatever writes the rows: the app's upserts, bulk loads, cascading deletes. A row
that changes moves its share from its old key to its new one; a row written again unchanged
touches no count. Keys whose rows are all gone stay with zeros, which readers skip.

On SQLite the triggers run per row (one writer at a time, so no lock order to mind). On
PostgreSQL they run once per statement over its transition tables, and first take a lock per
campaign held until commit (`TALLY_LOCK`, in campaign order): concurrent transactions then
never hold some of a campaign's counts each while waiting for the others' (a deadlock), they
wait in turn. A transaction that writes for several campaigns in several statements takes
all their locks first (`hold_tallies`), so that it too takes them in one order.

Migrations call these with the spec of their time: what a spec generates must not change
once a migration has used it (a new shape is a new migration that drops and recreates).
"""

# Every name and expression in this SQL comes from a migration's spec, never from input.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from backend.db.engine import current_engine

# The first key of the PostgreSQL advisory locks on a campaign's tallies (the second is the
# campaign's id): any number, the same in the triggers and in `hold_tallies`.
TALLY_LOCK = 7_208_411


@dataclass(frozen=True)
class Tally:
    """A tally table, its source table, its key columns (named alike in both), the
    condition a source row must meet to count (SQL over `{row}`), and counters beyond `n`
    (name → SQL over `{row}`)."""

    table: str
    source: str
    key: tuple[str, ...]
    condition: str = "TRUE"
    counters: dict[str, str] = field(default_factory=dict)
    # Source columns the condition and the counters read, beyond the key.
    reads: tuple[str, ...] = ()

    @property
    def sums(self) -> dict[str, str]:
        """Every counter, `n` first, with the SQL of one row's share."""
        return {"n": "1", **self.counters}


def unique_index(tally: Tally) -> str:
    """The unique index the upserts of the triggers conflict on."""
    return (
        f"CREATE UNIQUE INDEX IF NOT EXISTS {tally.table}_key_idx"
        f" ON {tally.table} ({', '.join(tally.key)})"
    )


def fill(tally: Tally) -> str:
    """Counts the source rows as they are now, into an empty tally."""
    key = ", ".join(tally.key)
    sums = ", ".join(f"SUM({share.format(row=tally.source)})" for share in tally.sums.values())
    return (
        f"INSERT INTO {tally.table} ({key}, {', '.join(tally.sums)})"
        f" SELECT {key}, {sums} FROM {tally.source}"
        f" WHERE {tally.condition.format(row=tally.source)} GROUP BY {key} ORDER BY {key}"
    )


def sqlite_triggers(tally: Tally) -> list[str]:
    """Per-row triggers for SQLite, after insert, delete and update of the source."""
    key = ", ".join(tally.key)
    names = ", ".join(tally.sums)

    def add(row: str) -> str:
        shares = ", ".join(share.format(row=row) for share in tally.sums.values())
        rows = ", ".join(f"{row}.{column}" for column in tally.key)
        return (
            f"INSERT INTO {tally.table} ({key}, {names}) SELECT {rows}, {shares}"
            f" WHERE {tally.condition.format(row=row)} ON CONFLICT ({key}) DO UPDATE SET "
            + ", ".join(f"{name} = {name} + excluded.{name}" for name in tally.sums)
            + ";"
        )

    def subtract(row: str) -> str:
        return (
            f"UPDATE {tally.table} SET "
            + ", ".join(
                f"{name} = {name} - ({share.format(row=row)})" for name, share in tally.sums.items()
            )
            + " WHERE "
            + " AND ".join(f"{column} = {row}.{column}" for column in tally.key)
            + f" AND {tally.condition.format(row=row)};"
        )

    columns = [*tally.key, *tally.reads]
    changed = " OR ".join(
        [f"OLD.{column} IS NOT NEW.{column}" for column in tally.key]
        + [
            f"({sql.format(row='OLD')}) IS NOT ({sql.format(row='NEW')})"
            for sql in (tally.condition, *tally.counters.values())
        ]
    )
    prefix = f"CREATE TRIGGER {tally.table}_"
    return [
        f"{prefix}insert AFTER INSERT ON {tally.source} BEGIN {add('NEW')} END",
        f"{prefix}delete AFTER DELETE ON {tally.source} BEGIN {subtract('OLD')} END",
        f"{prefix}update AFTER UPDATE OF {', '.join(columns)} ON {tally.source}"
        f" WHEN {changed} BEGIN {subtract('OLD')} {add('NEW')} END",
    ]


_EVENTS = {
    "insert": ("INSERT", "NEW TABLE AS new_rows", ("new_rows",)),
    "delete": ("DELETE", "OLD TABLE AS old_rows", ("old_rows",)),
    "update": ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows", ("new_rows", "old_rows")),
}


def postgres_triggers(tally: Tally) -> list[str]:
    """Per-statement trigger functions and triggers for PostgreSQL."""
    key = ", ".join(tally.key)
    names = ", ".join(tally.sums)
    statements = []
    for event, (verb, referencing, tables) in _EVENTS.items():
        rows = " UNION ALL ".join(
            f"SELECT {key}, "
            + ", ".join(
                f"{'-' if table == 'old_rows' else ''}({share.format(row=table)}) AS {name}"
                for name, share in tally.sums.items()
            )
            + f" FROM {table} WHERE {tally.condition.format(row=table)}"
            for table in tables
        )
        summed = (
            f"SELECT {key}, "
            + ", ".join(f"SUM({name}) AS {name}" for name in tally.sums)
            + f" FROM ({rows}) AS changed GROUP BY {key} HAVING "
            + " OR ".join(f"SUM({name}) <> 0" for name in tally.sums)
        )
        # Only the campaigns whose counts change are locked: a statement that changes
        # nothing counted (a finding's description) waits for no one.
        lock = (
            f"FOR held IN SELECT DISTINCT campaign FROM ({summed}) AS summed ORDER BY 1 LOOP"
            f" PERFORM pg_advisory_xact_lock({TALLY_LOCK}, held); END LOOP;"
        )
        kept = " AND ".join(f"kept.{column} = summed.{column}" for column in tally.key)
        # Falling counts already gone are left alone: a deleted campaign's counts go
        # (by cascade) before its rows do.
        body = (
            f"INSERT INTO {tally.table} ({key}, {names}) SELECT {key}, {names}"
            f" FROM ({summed}) AS summed WHERE n > 0 OR EXISTS (SELECT 1 FROM {tally.table}"
            f" AS kept WHERE {kept}) ORDER BY {key} ON CONFLICT ({key}) DO UPDATE SET "
            + ", ".join(f"{name} = {tally.table}.{name} + excluded.{name}" for name in tally.sums)
            + ";"
        )
        function = f"{tally.table}_{event}"
        statements += [
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"DECLARE held integer;\nBEGIN\n{lock}\n{body}\nRETURN NULL;\nEND;\n$$",
            f"CREATE TRIGGER {function} AFTER {verb} ON {tally.source} REFERENCING {referencing}"
            f" FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        ]
    return statements


def create(tally: Tally, engine_type: str) -> list[str]:
    """Everything that starts a tally on a table that exists, filled from its source."""
    triggers = postgres_triggers if engine_type == "postgres" else sqlite_triggers
    return [unique_index(tally), f"DELETE FROM {tally.table}", fill(tally), *triggers(tally)]


def drop(tally: Tally, engine_type: str) -> list[str]:
    """Everything `create` made, dropped (the table itself is the migration's)."""
    statements = []
    for event in _EVENTS:
        name = f"{tally.table}_{event}"
        if engine_type == "postgres":
            statements += [
                f"DROP TRIGGER IF EXISTS {name} ON {tally.source}",
                f"DROP FUNCTION IF EXISTS {name}()",
            ]
        else:
            statements.append(f"DROP TRIGGER IF EXISTS {name}")
    return [*statements, f"DROP INDEX IF EXISTS {tally.table}_key_idx"]


async def hold_tallies(campaigns: Iterable[int]) -> None:
    """Inside a writing transaction on PostgreSQL, take the tally locks of these campaigns
    now, in order, before statements that each would take some of them; nothing on SQLite,
    where the writer lock is already held."""
    engine = current_engine()
    held = sorted(set(campaigns))
    # One campaign's lock the triggers take themselves, whatever the order of statements.
    if engine.engine_type != "postgres" or len(held) < 2:
        return
    for campaign in held:
        await engine.run_ddl(f"SELECT pg_advisory_xact_lock({TALLY_LOCK}, {int(campaign)})")


async def start_tallies(tallies: list[Tally]) -> None:
    """Fill and start keeping each tally (a migration's forwards step)."""
    engine = current_engine()
    for tally in tallies:
        for statement in create(tally, engine.engine_type):
            await engine.run_ddl(statement)


async def stop_tallies(tallies: list[Tally]) -> None:
    """Stop keeping each tally (a migration's backwards step)."""
    engine = current_engine()
    for tally in tallies:
        for statement in drop(tally, engine.engine_type):
            await engine.run_ddl(statement)
