"""Every ModelAdmin of the desk, one module per model group; importing this package registers them.

`base` (what every desk admin shares), `articles` (articles, photos, bylines, corrections),
`issues` (issues, pages, import warnings), `regions` (article regions on the page image),
`structure` (the page structure editor's view)."""

from . import articles, issues, regions, structure  # noqa: F401  (registration on import)
