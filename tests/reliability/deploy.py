"""Row 5, `check --deploy` findings with the production environment (DJANGO_DEBUG=0,
DJANGO_HTTPS=1), in a fresh process (settings are read once at start): must be 0."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

from tests.killing import MANAGE, ROOT, archive_env
from tests.reliability.table import Row, Scale

FINDING = re.compile(r"^\S.*?: \((?P<code>[\w.]+\.[WE]\d+)\)", re.MULTILINE)


def run(scale: Scale) -> Row:
    with tempfile.TemporaryDirectory(prefix="reliability-deploy-") as tmp:
        _, env = archive_env(Path(tmp), DJANGO_DEBUG="0", DJANGO_HTTPS="1")
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        result = subprocess.run([*MANAGE, "check", "--deploy", "--fail-level", "WARNING"],
                                env=env, cwd=ROOT, capture_output=True, text=True,
                                timeout=300)
    output = result.stdout + result.stderr
    codes = FINDING.findall(output)
    clean = result.returncode == 0 and not codes
    return Row("check --deploy findings", f"{len(codes)} findings"
               + (f" ({', '.join(codes)})" if codes else ""),
               "0 (DJANGO_DEBUG=0 DJANGO_HTTPS=1)", clean,
               details={"codes": codes, "status": result.returncode,
                        "output": output[-2000:]})
