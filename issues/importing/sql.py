"""Raw SQL the importer needs for speed: multi-row INSERTs, DELETEs without signals, the lock."""

from __future__ import annotations

import datetime

from django.db import connection

_PG_LOCK_KEY = 7_202_108_071  # one importer at a time on PostgreSQL (per transaction)


def lock_importer() -> None:
    """On PostgreSQL, wait for any other importer's transaction (an advisory lock until commit),
    so that two runs over overlapping directories never create a duplicate issue."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])


def raw_delete(queryset) -> None:
    """DELETE … WHERE, one statement: no model signals (the search index's per-row handlers)."""
    queryset._raw_delete(queryset.db)


def _params(rows: list[dict], names: list[str], prepare: list, prepared: dict) -> list:
    """The rows' values in column order, adapted for the database (a recurring datetime once)."""
    params = []
    for row in rows:
        for name, field in zip(names, prepare, strict=True):
            value = row[name]
            if field is None or value is None:
                params.append(value)
            elif isinstance(value, datetime.datetime):
                key = (field.column, value)
                if key not in prepared:
                    prepared[key] = field.get_db_prep_save(value, connection)
                params.append(prepared[key])
            else:
                params.append(field.get_db_prep_save(value, connection))
    return params


def insert(model, rows: list[dict], *, returning: bool = True) -> list[int]:
    """Multi-row INSERT … RETURNING id, what bulk_create does without building a model instance per
    row (that cost most of the import's time). Rows are dicts with the same keys (field attnames)."""
    if not rows:
        return []
    opts = model._meta
    names = list(rows[0])
    fields = [opts.get_field(name) for name in names]
    prepare = [
        field if field.get_internal_type() in {"JSONField", "DateTimeField"} else None for field in fields
    ]
    qn = connection.ops.quote_name
    columns = ", ".join(qn(field.column) for field in fields)
    limit = connection.features.max_query_params or 30000
    batch = max(1, min(1000, limit // len(fields)))
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    suffix = f" RETURNING {qn(opts.pk.column)}" if returning else ""
    prepared: dict = {}  # the same datetime (now) recurs on every row: adapt it once
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            params = _params(chunk, names, prepare, prepared)
            sql = (
                f"INSERT INTO {qn(opts.db_table)} ({columns}) VALUES {', '.join([one] * len(chunk))}{suffix}"
            )
            cursor.execute(sql, params)
            if returning:
                ids.extend(row[0] for row in cursor.fetchall())
    return ids
