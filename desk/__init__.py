"""The editors' desk: every ModelAdmin, admin form, editing helper and editor-facing service. No models."""
