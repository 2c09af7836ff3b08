"""The bottom layer: small helpers every app may import and that import no app.

`publishing` (Status, published_q: what readers may see), `generation` (the site generation that
ends every cached reader page), `renditions` (web sizes of page images and photos). Nothing here
imports issues, articles, reader or desk (checked by import-linter, see pyproject.toml)."""
