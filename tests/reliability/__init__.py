"""`make reliability` (issue 14): the archive tried as an unlucky operator and an attacker
would, one row of the table per module (fuzz, concurrency, crashes, hostile_files, deploy,
backups), each a ``run(scale) -> Row``; ``python -m tests.reliability`` prints the table."""
