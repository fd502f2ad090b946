"""Development and benchmark tooling (not imported by the running site)."""
