"""The reader site: every public page, feed, sitemap and the JSON API. No models of its own."""
