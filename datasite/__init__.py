"""Static open-data publishing site generator: load, check, package, render, publish."""

import os as _os

# polars allocates through its own jemalloc, which keeps freed pages for ten seconds by default:
# a large table read and screened column by column would hold every column's copies at once.
# Return them at once instead (set before polars is first imported; a setting of one's own wins).
_os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")
