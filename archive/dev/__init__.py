"""Developer tooling (not imported by the site): `make reliability` and its parts."""
