"""The PostgreSQL full-text search engine (a haystack backend + SearchQuery)."""
