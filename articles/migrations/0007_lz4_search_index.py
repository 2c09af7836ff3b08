"""PostgreSQL: the search table's tsvectors are compressed with lz4 instead of pglz, as the long
texts are since 0006. Writing them was much of the importer's time on PostgreSQL: COPY of the
ten-year archive's 86,937 rows into article_search with its GIN index took 35.1 s with pglz and
23.1 s with lz4 (and the table is smaller: 776 against 804 MB without the index). Values already
stored keep their compression; nothing to do on SQLite."""

from importlib import import_module

from django.db import migrations

lz4_texts = import_module("articles.migrations.0006_lz4_text_compression")

COLUMNS = [
    ("article_search", "headline"),
    ("article_search", "document"),
]


def _set(schema_editor, method: str) -> None:
    lz4_texts._set(schema_editor, method, COLUMNS)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_lz4_text_compression"),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: _set(schema_editor, "lz4"),
            lambda apps, schema_editor: _set(schema_editor, "pglz"),
        ),
    ]
