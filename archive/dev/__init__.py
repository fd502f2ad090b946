"""Development tooling (benchmarks, evaluation sets): never imported by the running site."""
