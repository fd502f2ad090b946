"""The supervisor with real, short-lived processes: helpers restart with a doubling delay,
an essential child's death stops the rest."""

import sys
import time

import pytest

from archive.supervisor import Child, Supervisor

PY = sys.executable


def run_until(supervisor: Supervisor, done, seconds: float) -> None:
    """Supervise until `done()` holds (or `seconds` pass: a loaded machine starts Python
    slowly, so the test waits for what it checks rather than for a fixed time)."""
    deadline = time.monotonic() + seconds
    for child in supervisor.children:
        supervisor.start(child)
    while time.monotonic() < deadline and not supervisor.stopping and not done():
        supervisor.check()
        time.sleep(0.02)


def test_a_crashing_helper_restarts_with_doubling_delays(caplog):
    crashing = Child("crasher", [PY, "-c", "raise SystemExit(3)"], first_delay=0.2,
                     max_delay=0.8)
    web = Child("web", [PY, "-c", "import time; time.sleep(30)"], essential=True)
    supervisor = Supervisor([web, crashing])
    with caplog.at_level("INFO", logger="archive.supervisor"):
        try:
            run_until(supervisor, lambda: crashing.restarts >= 4, 30.0)
        finally:
            supervisor.stop_all()
    delays = [r.getMessage().rsplit("in ", 1)[1] for r in caplog.records
              if r.getMessage().startswith("serve: crasher exited with status 3")]
    assert delays[:4] == ["0.2 s", "0.4 s", "0.8 s", "0.8 s"]
    assert crashing.delay == 0.8 and crashing.restarts >= 4
    assert supervisor.exit_status == 0 and web.process is not None


def test_a_dead_essential_child_stops_the_helpers():
    web = Child("web", [PY, "-c", "raise SystemExit(0)"], essential=True)
    helper = Child("helper", [PY, "-c", "import time; time.sleep(30)"])
    supervisor = Supervisor([web, helper])
    started = time.monotonic()
    assert supervisor.run() == 1
    assert time.monotonic() - started < 10
    assert helper.process is None or helper.process.poll() is not None


def test_names_are_unique():
    with pytest.raises(ValueError):
        Supervisor([Child("a", ["true"]), Child("a", ["true"])])
