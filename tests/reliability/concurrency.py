"""Row 2, concurrent admin edits and deletes during an import and during rebuilds, on SQLite
and on PostgreSQL: editors post the admin's change and delete forms (as a browser does)
while `import_articles` adds articles, `rebuild_index` swaps in new generations and the
index writer (`index_writer`) applies the queue, each its own process. Once the import, the
rebuilds and the edits are over and the writer has drained, the index must say exactly what
the database says (tests/reliability/agreement.py): 0 lost, 0 stale, 0 extra; and the pages'
tallies must equal a count from nothing."""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import subprocess
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from tests.killing import MANAGE, ROOT, archive_env
from tests.reliability.child import in_child, postgres_available, postgres_database
from tests.reliability.table import Row, Scale

EDITORS = 2
#: What an editor does to a published article, with its weight.
ACTIONS = {"title": 60, "date": 15, "unpublish": 5, "delete": 20}


class Editor(threading.Thread):
    """Posts admin forms through the test client with its own database connection."""

    #: The test client gathers a response's template contexts from a global signal, so two
    #: threads must not render a change form at the same time.
    rendering = threading.Lock()

    def __init__(self, number: int, user, edits: int, rng: random.Random,
                 busy: threading.Event, phases) -> None:
        super().__init__(name=f"editor {number}", daemon=True)
        self.user, self.edits, self.rng = user, edits, rng
        self.busy, self.phases = busy, phases  # set while the import or a rebuild runs
        self.done: Counter = Counter()
        self.error: BaseException | None = None

    def run(self) -> None:
        from django.db import connection

        try:
            self.edit()
        except BaseException as exc:  # reported by the row
            self.error = exc
        finally:
            connection.close()

    def edit(self) -> None:
        from django.test import Client
        from django.urls import reverse

        from archive.models import Article
        from tests.admin.conftest import form_data

        client = Client()
        client.force_login(self.user)
        i = 0
        while i < self.edits or self.busy.is_set():
            i += 1
            during = self.phases()
            pks = list(Article.objects.published().values_list("pk", flat=True))
            pk = self.rng.choice(pks)
            action = self.rng.choices(list(ACTIONS), weights=list(ACTIONS.values()))[0]
            if action == "delete":
                response = client.post(reverse("admin:archive_article_delete", args=[pk]),
                                       {"post": "yes"})
            else:
                url = reverse("admin:archive_article_change", args=[pk])
                with self.rendering:
                    page = client.get(url)
                if page.status_code != 200:  # deleted by the other editor meanwhile
                    self.done[f"{action} {page.status_code}"] += 1
                    continue
                data = form_data(page)
                if action == "title":
                    data["title"] = f"Titre {self.name} {i}"
                elif action == "date":
                    data["published_on"] = (dt.date(2015, 1, 1) + dt.timedelta(
                        days=self.rng.randrange(3000))).isoformat()
                else:
                    data["status"] = "draft"
                with self.rendering:  # a refused save renders the form again
                    response = client.post(url, data)
                if response.status_code == 200 and refused_as_stale(response):
                    # The other editor saved this article between our GET and POST: the form
                    # says so and saves nothing, which is the right answer.
                    self.done[f"{action} stale"] += 1
                    continue
            self.done[f"{action} {response.status_code}"] += 1
            for phase in during & self.phases():  # under way before and after the post
                self.done[f"during {phase}"] += 1
            time.sleep(self.rng.random() * 0.05)


def refused_as_stale(response) -> bool:
    """Whether an admin change form came back because its article was saved meanwhile (the
    form's only error is ArticleAdminForm's "stale")."""
    form = response.context and response.context.get("adminform")
    codes = [error.code for errors in form.form.errors.as_data().values()
             for error in errors] if form else []
    return bool(codes) and set(codes) == {"stale"}


def _wait_for_articles(at_least: int, timeout: float = 120) -> None:
    from archive.models import Article

    deadline = time.monotonic() + timeout
    while Article.objects.count() < at_least and time.monotonic() < deadline:
        time.sleep(0.1)


def work(scale: Scale) -> dict:
    from django.conf import settings
    from django.db import connection

    from archive.admin.editors import make_editor
    from archive.dev.corpus import generate
    from archive.dev.ingest_bench import write_corpus
    from archive.gazetteer.load import load_gazetteer
    from archive.models import Article, IndexTask
    from archive.search.rebuild import rebuild
    from archive.search.writer import IndexWriter
    from tests.reliability.agreement import compare

    load_gazetteer()
    generate(scale.concurrency_articles, seed=21)
    rebuild()
    IndexWriter().drain()
    start = Article.objects.count()
    user, _ = make_editor("concurrent", password="a long Passphrase 42")
    corpus = write_corpus(Path(settings.DATA_DIR) / "import.jsonl", scale.concurrency_imports)
    env, log = dict(os.environ), subprocess.DEVNULL
    writer = subprocess.Popen([*MANAGE, "index_writer", "--poll", "0.05"], env=env, cwd=ROOT,
                              stdout=log, stderr=subprocess.PIPE, text=True)
    importer = subprocess.Popen([*MANAGE, "import_articles", str(corpus), "--batch-size",
                                 "10"], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
    rng = random.Random(scale.concurrency_edits)
    busy = threading.Event()
    busy.set()
    rebuilds: list[int] = []
    rebuild_errors: list[str] = []
    rebuilding_now = threading.Event()

    def phases() -> set[str]:
        return ({"import"} if importer.poll() is None else set()) | (
            {"rebuild"} if rebuilding_now.is_set() else set())

    def rebuild_during_edits() -> None:
        for _ in range(scale.concurrency_rebuilds):
            time.sleep(rng.random())
            rebuilding_now.set()
            done = subprocess.run([*MANAGE, "rebuild_index", "--noinput", "--batch-size", "50"],
                                  env=env, cwd=ROOT, capture_output=True, text=True)
            rebuilding_now.clear()
            rebuilds.append(done.returncode)
            if done.returncode:
                rebuild_errors.append(done.stderr[-1500:])

    editors = [Editor(n, user, scale.concurrency_edits // EDITORS, random.Random(rng.random()),
                      busy, phases) for n in range(EDITORS)]
    rebuilding = threading.Thread(target=rebuild_during_edits, daemon=True)
    for editor in editors:
        editor.start()
    _wait_for_articles(start + 20)  # the import is under way
    rebuilding.start()
    rebuilding.join(1800)
    import_out, import_err = importer.communicate(timeout=1800)
    busy.clear()
    for editor in editors:
        editor.join(1800)
    writer.send_signal(signal.SIGTERM)
    try:
        writer_err = writer.communicate(timeout=120)[1]
    except subprocess.TimeoutExpired:
        writer.send_signal(signal.SIGUSR1)  # its threads' stacks (run_writer's faulthandler)
        time.sleep(2)
        writer.kill()
        stacks = writer.communicate()[1]
        raise RuntimeError(f"the index writer did not stop within 120 s of SIGTERM; where it "
                           f"was:\n{stacks[-6000:]}") from None
    connection.close()
    IndexWriter().drain()  # what the writer had not applied when it was stopped
    agreement = compare()
    from archive.tallies.counting import differences

    tallies_wrong = len(differences())
    done = sum((e.done for e in editors), Counter())
    return {
        "database": connection.vendor, "articles_before": start,
        "imported": Article.objects.count() - start + done["delete 302"],
        "import_status": importer.returncode, "import_summary": import_out.strip()[-300:],
        "import_errors": import_err[-1500:], "writer_errors": writer_err[-1500:],
        "rebuilds": rebuilds, "rebuild_errors": rebuild_errors, "edits": dict(done),
        "editor_errors": [repr(e.error) for e in editors if e.error],
        "queued_after": IndexTask.objects.count(), "tallies_wrong": tallies_wrong,
        **agreement.as_dict(),
    }


def run_on(scale: Scale, database: str) -> dict:
    """The work on one database: "sqlite" or "postgresql" (None when it is not available)."""
    with tempfile.TemporaryDirectory(prefix="reliability-concurrency-") as tmp:
        if database == "sqlite":
            return in_child("concurrency", scale, archive_env(Path(tmp))[1])
        if not postgres_available():
            return None
        with postgres_database() as url:
            return in_child("concurrency", scale, archive_env(Path(tmp), DATABASE_URL=url)[1])


def failures(found: dict) -> dict:
    """What went wrong, by name (empty when the row holds)."""
    edits = found["edits"]
    wrong = {
        "edits answered otherwise than 302, 404 or stale": {
            k: v for k, v in edits.items()
            if not k.startswith("during") and not k.endswith((" 302", " 404", " stale"))},
        "lost, stale, extra": [found[k] for k in ("lost", "stale", "extra") if found[k]],
        "editor errors": found["editor_errors"],
        "import": found["import_status"] and found.get("import_errors"),
        "rebuilds": [s for s in found["rebuilds"] if s] and found.get("rebuild_errors"),
        "queued after": found["queued_after"],
        "tallies wrong": found.get("tallies_wrong", 0),
    }
    return {k: v for k, v in wrong.items() if v}


def holds(found: dict) -> bool:
    return not failures(found)


NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
TARGET = "0 lost, 0 stale, 0 extra, 0 tallies wrong"


def summary(found: dict) -> str:
    edits = found["edits"]
    posted = sum(v for k, v in edits.items() if k.endswith(" 302"))
    deletes = edits.get("delete 302", 0)
    rebuilds = len(found["rebuilds"])
    return (f"{posted - deletes} edits + {deletes} deletes ({edits.get('during import', 0)} "
            f"during an import of {found['imported']}, {edits.get('during rebuild', 0)} "
            f"during {rebuilds} rebuild{'s' if rebuilds > 1 else ''}): {found['lost']} lost, "
            f"{found['stale']} stale, {found['extra']} extra, "
            f"{found.get('tallies_wrong', 0)} tally buckets wrong")


def run(scale: Scale, database: str = "sqlite") -> Row:
    name = f"concurrent edits ({NAMES[database]})"
    found = run_on(scale, database)
    if found is None:
        return Row(name, "not run: no PostgreSQL server binaries", TARGET,
                   os.environ.get("ARCHIVE_REQUIRE_POSTGRES") != "1")
    return Row(name, summary(found), TARGET, holds(found),
               details=found)
