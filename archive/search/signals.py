"""Connects model changes to the index queue (filled in by the search work)."""
