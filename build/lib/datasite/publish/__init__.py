"""Run MkDocs into a staging folder and swap it into place; the output's guards."""
