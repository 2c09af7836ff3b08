"""The search index, one per database vendor: an FTS5 table on SQLite, a tsvector table with a GIN
index on PostgreSQL. Both hold tokens made in Python (articles/search/tokens.py)."""

from django.db import migrations

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS article_search "
    "USING fts5(headline_tokens, body_tokens, tokenize='unicode61')"
)
POSTGRES_CREATE = [
    "CREATE TABLE IF NOT EXISTS article_search ("
    " article_id bigint PRIMARY KEY,"
    " headline tsvector NOT NULL DEFAULT ''::tsvector,"
    " document tsvector NOT NULL DEFAULT ''::tsvector)",
    "CREATE INDEX IF NOT EXISTS article_search_document ON article_search USING gin (document)",
    # The backend estimates how common a query is from the most common lexemes ANALYZE records.
    "ALTER TABLE article_search ALTER COLUMN document SET STATISTICS 1000",
]


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
    elif vendor == "postgresql":
        for statement in POSTGRES_CREATE:
            schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor in {"sqlite", "postgresql"}:
        schema_editor.execute("DROP TABLE IF EXISTS article_search")


def fill_index(apps, schema_editor):
    """Index what is already in the database (articles imported before this migration)."""
    from articles.search import index_queryset

    Article = apps.get_model("articles", "Article")
    if schema_editor.connection.vendor in {"sqlite", "postgresql"} and Article.objects.exists():
        index_queryset(Article.objects.all())


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_initial")]

    operations = [
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(fill_index, migrations.RunPython.noop),
    ]
