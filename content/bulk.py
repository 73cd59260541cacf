"""Writing many rows at once: the importer's clauses, extracted citations and obligations, the
clause parents and resolved citations.

``Model.objects.bulk_update`` builds one ``CASE WHEN id = … THEN …`` expression per field over
all the rows, and building it costs more than the write itself: an import spent a tenth of its
time there. ``update_fields`` stores the same values with one parameterised ``UPDATE … WHERE
id = %s`` run for every row (``executemany``). Like ``bulk_update`` it sends no signal and
does not touch ``auto_now`` fields.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, router, transaction


def update_fields(model, rows: Sequence, fields: Sequence[str]) -> int:
    """Write ``fields`` of every row (saved model instances of ``model``); returns the row count."""
    if not rows:
        return 0
    using = router.db_for_write(model)
    connection = connections[using]
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in columns)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    params = []
    for row in rows:
        if row.pk is None:
            raise ValueError("update_fields() needs saved rows (a primary key).")
        values = [field.get_db_prep_save(getattr(row, field.attname), connection) for field in columns]
        params.append([*values, meta.pk.get_db_prep_save(row.pk, connection)])
    with transaction.atomic(using=using, savepoint=False), connection.cursor() as cursor:
        cursor.executemany(sql, params)
    return len(rows)


def insert_rows(model, rows: Sequence) -> int:
    """Insert new rows of ``model`` whose primary keys the caller does not need back.

    Stores what ``bulk_create`` stores (each field's value as saved, no signal, ids given by
    the database in the order of ``rows``) with one parameterised ``INSERT`` run for every row:
    ``bulk_create`` compiles every value of every row into one statement first, which costs an
    import more than the write (an import writes some thirty obligations per document). The rows
    stay unsaved instances (no pk)."""
    if not rows:
        return 0
    using = router.db_for_write(model)
    connection = connections[using]
    meta = model._meta
    columns = [field for field in meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    names = ", ".join(quote(field.column) for field in columns)
    sql = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    params = []
    for row in rows:
        if row.pk is not None:
            raise ValueError("insert_rows() writes new rows only (no primary key).")
        params.append([field.get_db_prep_save(field.pre_save(row, True), connection) for field in columns])
    with transaction.atomic(using=using, savepoint=False), connection.cursor() as cursor:
        cursor.executemany(sql, params)
    return len(rows)
