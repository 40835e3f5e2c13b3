"""Rows into public records: places, sources, names at a date, timelines, usage, diffs.

The API (``api/``) and the translators' page (``web/``) are both clients of these functions;
neither builds a public shape of its own.
"""
