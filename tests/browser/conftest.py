"""Headless Chromium against a live server thread.

The server thread shares the test's in-memory SQLite connection (as Django's LiveServerTestCase
does) inside the ordinary ``db`` transaction: pytest-django's ``live_server`` would force
``transactional_db``, whose flush at teardown would wipe the session-wide ``imported_corpus``.
"""

import os

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.db import connections
from django.test.testcases import LiveServerThread

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def live_url(db):
    """The URL of a server thread that sees this test's database rows."""
    connection = connections["default"]
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        pytest.skip("browser tests share the in-memory SQLite test database with the server thread")
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium")
    connection.inc_thread_sharing()
    thread = LiveServerThread("127.0.0.1", StaticFilesHandler, connections_override={"default": connection}, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()
    connection.dec_thread_sharing()
