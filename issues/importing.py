"""Writes a parsed issue to the database (stub until the importer work lands)."""
