"""Read data/ and schemas/ into tables whose rows keep their file and line."""
