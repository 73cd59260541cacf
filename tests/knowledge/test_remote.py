"""The same projection written to and read from a real SPARQL 1.1 server (oxigraph serve)."""

import json
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

from knowledge import graph as g
from knowledge.sparql import QueryTimeout, execute, run_select

OXIGRAPH = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "oxigraph"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not OXIGRAPH.exists() and not shutil.which("oxigraph"), reason="oxigraph CLI not installed"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    port = _free_port()
    binary = str(OXIGRAPH) if OXIGRAPH.exists() else shutil.which("oxigraph")
    process = subprocess.Popen(
        [binary, "serve", "--location", str(tmp_path_factory.mktemp("oxserve")), "--bind", f"127.0.0.1:{port}",
         "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            requests.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(10)


@pytest.fixture
def remote(settings, oxigraph_server, imported_corpus):
    settings.SPARQL_URL = f"{oxigraph_server}/query"
    settings.SPARQL_UPDATE_URL = ""
    return oxigraph_server


def test_build_graph_writes_the_projection_to_the_server(remote):
    total = g.build_graph()
    assert total > 1000
    rows = run_select('SELECT ?t WHERE { ?w eli:id_local "国卫基层发〔2023〕41号" ; eli:title ?t }')
    assert rows == [{"t": "关于全面推进紧密型县域医疗卫生共同体建设的指导意见"}]
    named = requests.post(
        f"{remote}/query",
        data={"query": "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=10,
    ).json()
    assert int(named["results"]["bindings"][0]["n"]["value"]) >= 9


def test_rebuilding_one_document_replaces_only_its_graph(remote):
    g.build_graph()
    before = run_select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"]
    g.rebuild_works(["guowei-jicengfa-2023-41"])
    after = run_select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"]
    assert before == after


def test_endpoint_reads_through_the_server(remote, client):
    g.build_graph()
    response = client.get(
        "/sparql",
        {"query": "PREFIX eli: <http://data.europa.eu/eli/ontology#> SELECT ?w WHERE { ?w eli:id_local ?n }"},
        HTTP_ACCEPT="application/sparql-results+json",
    )
    assert response.status_code == 200
    assert len(json.loads(response.content)["results"]["bindings"]) > 20
    turtle = client.get("/id/work/guowei-jicengfa-2023-41", HTTP_ACCEPT="text/turtle")
    assert "国卫基层发〔2023〕41号" in turtle.content.decode()
    assert client.get("/sparql", {"query": "DROP ALL"}).status_code == 403


def test_remote_timeout_is_reported(remote):
    g.build_graph()
    with pytest.raises(QueryTimeout):
        execute("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }", timeout=0.5)
