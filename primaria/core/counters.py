"""Yearly numbering (the register's numbers, receipts): one counter row per institution and year."""

from django.db import connection


def take_number(counter_model, institution, year: int) -> int:
    """Take the next number of the year inside the caller's transaction, in one statement.

    `counter_model` has the columns institution_id, year and last_number, unique on (institution_id, year).
    The upsert creates the year's counter at 1 or adds one to it, and holds the counter row's write lock (a
    row lock on PostgreSQL, the database write lock on SQLite) until the transaction ends: concurrent
    callers queue here and each gets the next number.
    """
    table = connection.ops.quote_name(counter_model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (institution_id, year, last_number) VALUES (%s, %s, 1) "
            f"ON CONFLICT (institution_id, year) DO UPDATE SET last_number = {table}.last_number + 1 "
            "RETURNING last_number",
            [institution.pk, year],
        )
        return cursor.fetchone()[0]
