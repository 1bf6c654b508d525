"""Data packages and their downloads, frozen versions, the catalog and the feed."""
