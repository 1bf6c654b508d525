"""Static open-data publishing site generator: load, check, package, render, publish."""
