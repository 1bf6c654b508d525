"""Check loaded tables: types and constraints, keys across tables, dates, privacy, safety."""
