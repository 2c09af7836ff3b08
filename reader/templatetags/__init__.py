"""The reader site's template tag library, `{% load reader %}` (reader.py)."""
