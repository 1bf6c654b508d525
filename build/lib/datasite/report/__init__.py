"""What the command line shows: problems as text, hints, the diff, a record to fill in."""
