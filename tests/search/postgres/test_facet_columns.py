"""The facet columns (archive/search/postgres/facet_columns.py) keep up with the table when
concurrent writers commit out of order, and after a rebuild's swap."""

from __future__ import annotations

import json

import numpy as np
import psycopg
import pytest
from django.db import connection

from archive.search.postgres import schema, writing
from archive.search.postgres.facet_columns import FacetColumns
from tests.search.postgres.conftest import require_postgres

pytestmark = pytest.mark.django_db(transaction=True)

TABLE = "search_article_facet_test"


def document(pk: int, **facets) -> dict:
    return writing.row({"django_id": pk, "title": f"t{pk}", "text": f"t{pk} body",
                        "language": "fr", **facets})


def write(conn, *docs: dict) -> None:
    conn.execute(writing.upsert_sql(TABLE), [json.dumps(list(docs))])


@pytest.fixture
def table():
    require_postgres()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        for statement in schema.table_sql(TABLE, TABLE + "_words", indexes=False):
            cursor.execute(statement)
    settings = connection.get_connection_params()
    writers = [psycopg.connect(**settings) for _ in range(2)]
    yield writers
    for conn in writers:
        conn.close()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}, {TABLE}_words")


def counted(columns: FacetColumns, ids, *fields) -> dict:
    with connection.cursor() as cursor:
        found = columns.count(cursor, np.asarray(ids, np.int64), fields)
    return {name: sorted(pairs) for name, pairs in found.items()}


def test_a_row_committed_after_a_later_writers_commit_is_still_read(table):
    first, second = table
    columns = FacetColumns(TABLE)
    write(first, document(1, party=["a"], year="2017"))  # first writer's transaction, open
    write(second, document(2, party=["b"], year="2018"))
    second.commit()
    assert counted(columns, [1, 2], "party") == {"party": [("b", 1)]}

    first.commit()  # written by an older transaction than the row already seen

    assert counted(columns, [1, 2], "party", "year") == {
        "party": [("a", 1), ("b", 1)], "year": [("2017", 1), ("2018", 1)]}


def test_edits_new_rows_and_a_swapped_table_are_followed(table):
    first, _ = table
    write(first, document(1, party=["a", "b"], author=["x"]), document(5, party=["b"]))
    first.commit()
    columns = FacetColumns(TABLE)
    assert counted(columns, [1, 5], "party", "author") == {
        "party": [("a", 1), ("b", 2)], "author": [("x", 1)]}

    # An edit with more values than any row had, and an article id past the columns' end.
    write(first, document(5, party=["c", "d", "e", "f"]), document(5000, party=["a"]))
    first.commit()
    assert counted(columns, [1, 5, 5000], "party") == {
        "party": [("a", 2), ("b", 1), ("c", 1), ("d", 1), ("e", 1), ("f", 1)]}
    assert counted(columns, [5], "party", "author") == {
        "party": [("c", 1), ("d", 1), ("e", 1), ("f", 1)], "author": []}

    # A rebuild swaps in another table under the same name: everything is read again.
    first.execute(f"DROP TABLE {TABLE}")
    for statement in schema.table_sql(TABLE, TABLE + "_words", indexes=False):
        first.execute(statement)
    write(first, document(1, party=["z"]))
    first.commit()
    assert counted(columns, [1], "party", "author") == {"party": [("z", 1)], "author": []}


def test_a_transaction_left_open_elsewhere_does_not_make_every_look_read_again(table):
    first, second = table
    columns = FacetColumns(TABLE)
    counted(columns, [], "party")
    first.execute("CREATE TEMPORARY TABLE held (x int)")  # a writing transaction, left open
    first.execute("INSERT INTO held VALUES (1)")
    write(second, document(1, party=["a"]), document(2, party=["b"]))
    second.commit()

    assert counted(columns, [1, 2], "party") == {"party": [("a", 1), ("b", 1)]}
    assert columns.last_read == 2
    assert counted(columns, [1, 2], "party") == {"party": [("a", 1), ("b", 1)]}
    assert columns.last_read == 0
    first.rollback()


def test_rows_a_transaction_writes_after_searching_are_read_once_it_commits(table):
    first, second = table
    columns = FacetColumns(TABLE)
    counted(columns, [], "party")
    write(first, document(1, party=["a"]))
    write(second, document(3, party=["c"]))  # a later transaction, done first
    second.commit()
    with first.cursor() as cursor:  # the writing transaction searches, then writes more
        assert columns.count(cursor, np.asarray([1]), ["party"]) == {"party": [("a", 1)]}
    write(first, document(2, party=["b"]))
    first.commit()

    assert counted(columns, [1, 2, 3], "party") == {"party": [("a", 1), ("b", 1), ("c", 1)]}
