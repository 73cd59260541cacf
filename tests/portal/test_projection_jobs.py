"""Projections as jobs: a running server and the command line share one job queue.

A real ``runserver`` (its own data dir, SQLite, the database task backend) holds the projection
lock; documents imported from the command line while it runs reach its SPARQL endpoint and its
search API within seconds; an import whose jobs never ran is repaired by ``setup_portal``, with
the server running (it queues the repairs) or not (it repairs in-process).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 30  # from a command-line import to the running server's answers
START_SECONDS = 120  # a server's start-up (system checks) on a loaded 2-core machine

pytestmark = pytest.mark.slow

ELI_TITLE = "http://data.europa.eu/eli/ontology#title"


def document(title: str, duty: str) -> str:
    return f"# {title}\n\n第一条 为规范县域医共体有关工作，制定本办法。\n\n第二条 {duty}\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    """A data dir, an environment for manage.py in it, and helpers to run commands and a server."""
    data = tmp_path_factory.mktemp("portal-data")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PORTAL_SYNC_PROJECTIONS")}
    env.update(PORTAL_DATA_DIR=str(data), PORTAL_TASKS="database", PYTHONUNBUFFERED="1", SPARQL_URL="", ELASTICSEARCH_URL="")

    class Instance:
        port = free_port()
        server: subprocess.Popen | None = None

        def manage(self, *args, extra_env=None, check=True):
            result = subprocess.run(
                [sys.executable, "manage.py", *args],
                cwd=ROOT,
                env={**env, **(extra_env or {})},
                capture_output=True,
                text=True,
                timeout=300,
            )
            if check and result.returncode != 0:
                raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
            return result

        def start(self):
            self.log = open(data / f"server-{time.monotonic_ns()}.log", "w")  # noqa: SIM115
            self.server = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload"],
                cwd=ROOT,
                env=env,
                stdout=self.log,
                stderr=subprocess.STDOUT,
            )
            deadline = time.monotonic() + START_SECONDS
            while time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/v1/search?q=x", timeout=2):
                        pass
                    # the worker thread takes the projection lock right after start-up
                    if (data / "projections.lock").exists() and (data / "projections.lock").read_text().strip() == str(self.server.pid):
                        return
                except OSError:
                    pass
                assert self.server.poll() is None, (data / self.log.name).read_text()
                time.sleep(0.3)
            raise AssertionError(f"the server did not start: {(data / self.log.name).read_text()[-2000:]}")

        def stop(self):
            if self.server is not None:
                self.server.terminate()
                self.server.wait(timeout=20)
                self.server = None
                self.log.close()

        def get(self, path, params, accept="application/json"):
            url = f"http://127.0.0.1:{self.port}{path}?{urllib.parse.urlencode(params)}"
            request = urllib.request.Request(url, headers={"Accept": accept})
            deadline = time.monotonic() + WAIT_SECONDS
            while True:
                try:
                    with urllib.request.urlopen(request, timeout=60) as response:
                        return json.loads(response.read().decode("utf-8"))
                except urllib.error.HTTPError as exc:
                    # 503: the query hit the SPARQL time limit (a server just started on a loaded
                    # machine); the endpoint says "try again", so the test does
                    if exc.code != 503 or time.monotonic() > deadline:
                        raise
                    time.sleep(0.5)

        def titles_in_graph(self) -> set[str]:
            query = f"SELECT ?t WHERE {{ ?w a <http://data.europa.eu/eli/ontology#LegalResource> ; <{ELI_TITLE}> ?t }}"
            data = self.get("/sparql", {"query": query}, accept="application/sparql-results+json")
            return {row["t"]["value"] for row in data["results"]["bindings"]}

        def search_hits(self, words: str) -> list[str]:
            return [hit["document_title"] for hit in self.get("/api/v1/search", {"q": words})["hits"]]

        def eventually(self, check, what: str):
            deadline = time.monotonic() + WAIT_SECONDS
            while time.monotonic() < deadline:
                if check():
                    return
                time.sleep(0.3)
            raise AssertionError(f"not within {WAIT_SECONDS} s: {what}")

    portal = Instance()
    portal.data = data
    portal.manage(
        "shell",
        "-c",
        "from django.core.management import call_command; call_command('migrate', verbosity=0); "
        "from portal.setup import ensure_site; ensure_site()",
    )
    yield portal
    portal.stop()


def test_a_command_line_import_reaches_the_running_server(instance, tmp_path):
    instance.start()
    title = "县域医共体冷链药品配送管理办法"
    path = tmp_path / "cold-chain.md"
    path.write_text(document(title, "配送企业应当每季度开展一次冷链温度核查。"), encoding="utf-8")
    started = time.monotonic()
    result = instance.manage("import_documents", str(path))
    assert "完成" in result.stdout
    assert "Lock" not in result.stderr and "lock" not in result.stderr.lower().replace("投影锁", "")
    instance.eventually(lambda: title in instance.titles_in_graph(), "the document in the server's SPARQL")
    instance.eventually(lambda: title in instance.search_hits("冷链温度核查"), "the document in the server's search")
    assert time.monotonic() - started < WAIT_SECONDS
    # build_graph while the server holds the store: queued for the server, not a lock error
    rebuilt = instance.manage("build_graph")
    assert "服务器" in rebuilt.stdout
    instance.eventually(lambda: title in instance.titles_in_graph(), "the graph after a queued rebuild")


def test_setup_portal_repairs_an_import_whose_jobs_never_ran(instance, tmp_path):
    if instance.server is None:
        instance.start()
    # Projections off: the content commits, no job is queued — as if killed right after the commit.
    title = "县域医共体远程心电诊断工作规范"
    path = tmp_path / "ecg.md"
    path.write_text(document(title, "牵头医院应当在三十分钟内出具远程心电诊断报告。"), encoding="utf-8")
    instance.manage("import_documents", str(path), extra_env={"PORTAL_SYNC_PROJECTIONS": "0"})
    time.sleep(2)
    assert title not in instance.titles_in_graph()
    assert title not in instance.search_hits("远程心电诊断报告")
    # With the server running, setup_portal queues the repairs and the server applies them.
    out = instance.manage("setup_portal", "--no-static").stdout
    assert "已排队" in out
    instance.eventually(lambda: title in instance.titles_in_graph(), "the repaired graph")
    instance.eventually(lambda: title in instance.search_hits("远程心电诊断报告"), "the repaired index")

    # Without a server, setup_portal repairs in-process; a restarted server sees the result.
    instance.stop()
    title = "县域医共体检验结果互认实施细则"
    path = tmp_path / "lab.md"
    path.write_text(document(title, "成员单位应当互认检验结果并每月报送互认数据。"), encoding="utf-8")
    instance.manage("import_documents", str(path), extra_env={"PORTAL_SYNC_PROJECTIONS": "0"})
    out = instance.manage("setup_portal", "--no-static").stdout
    assert "投影已更新" in out, out
    again = instance.manage("setup_portal", "--no-static").stdout
    assert "均为最新" in again, again
    instance.start()
    assert title in instance.titles_in_graph()
    assert title in instance.search_hits("互认检验结果")


def test_a_command_line_import_without_a_server_ends_with_current_projections(instance, tmp_path):
    instance.stop()
    title = "县域医共体慢病长处方管理规定"
    path = tmp_path / "prescription.md"
    path.write_text(document(title, "家庭医生应当为签约患者提供长处方服务。"), encoding="utf-8")
    instance.manage("import_documents", str(path))
    out = instance.manage("setup_portal", "--no-static").stdout
    assert "均为最新" in out, out  # nothing was left for setup_portal to repair
    instance.start()
    assert title in instance.titles_in_graph()
    assert title in instance.search_hits("长处方服务")
