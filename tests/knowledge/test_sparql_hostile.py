"""Hostile SPARQL: SERVICE never reaches another address, deep nesting and over-long queries
answer 400 before the parser runs, the form comes from a real parse, results from pyoxigraph."""

import json
import socket
import threading

import pytest

from knowledge.sparql import SparqlError, UpdateRefused, query_form
from knowledge.views import CITED_BY_NUMBER, CITES_TRANSITIVELY, STATIC_EXAMPLES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _local_graph(corpus_graph, settings):
    from knowledge.graph import _stores

    settings.GRAPH_STORE_DIR = next(iter(_stores))
    settings.SPARQL_URL = ""


@pytest.fixture
def listener():
    """A local TCP server that records every connection made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    seen: list[tuple] = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, addr = server.accept()
            except OSError:
                continue
            seen.append(addr)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/internal", seen
    stop.set()
    thread.join(2)
    server.close()


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "select * where {{ ?a ?b ?c . service silent <{url}> {{ ?s ?p ?o }} }}",
        "PREFIX eli: <http://data.europa.eu/eli/ontology#> SELECT * WHERE {{ ?s ?p ?o . SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    ],
)
def test_service_is_refused_and_nothing_is_called(client, listener, template):
    url, seen = listener
    response = client.get("/sparql", {"query": template.format(url=url)}, HTTP_ACCEPT="application/sparql-results+json")
    assert response.status_code == 400
    assert "SERVICE" in response.content.decode()
    assert len(response.content.decode().strip().splitlines()) == 1
    assert seen == []


def test_the_listener_would_have_seen_a_connection(listener):
    url, seen = listener
    import requests

    with pytest.raises(requests.RequestException):
        requests.get(url, timeout=1)
    assert seen, "the recorder must notice a connection, or the SERVICE test proves nothing"


def test_service_in_a_string_or_iri_is_only_text(client):
    query = 'SELECT ?x WHERE { VALUES ?x { "SERVICE" <http://example.org/SERVICE> } }'
    response = client.get("/sparql", {"query": query}, HTTP_ACCEPT="application/sparql-results+json")
    assert response.status_code == 200
    assert len(json.loads(response.content)["results"]["bindings"]) == 2


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE " + "{ ?s ?p ?o " * 200 + "}" * 200,
        "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
        "SELECT * WHERE { ?s ?p " + "[ ?p " * 300 + "1" + " ]" * 300 + " }",
    ],
)
def test_deep_nesting_answers_400(client, query):
    response = client.post("/sparql", {"query": query}, HTTP_ACCEPT="application/sparql-results+json")
    assert response.status_code == 400
    assert "嵌套" in response.content.decode()
    assert client.get("/sparql", {"query": "ASK { ?s ?p ?o }"}, HTTP_ACCEPT="application/sparql-results+json").status_code == 200


def test_unbalanced_expression_chains_are_one_line_400(client):
    query = "SELECT * WHERE { FILTER(" + "!" * 3000 + "true) }"
    response = client.post("/sparql", {"query": query}, HTTP_ACCEPT="application/sparql-results+json")
    assert response.status_code == 400
    assert len(response.content.decode().strip().splitlines()) == 1


def test_overlong_query_answers_400(client, settings):
    settings.SPARQL_MAX_QUERY_CHARS = 100
    response = client.post("/sparql", {"query": "SELECT * WHERE { ?s ?p ?o } #" + "x" * 200}, HTTP_ACCEPT="text/csv")
    assert response.status_code == 400 and "过长" in response.content.decode()


def test_the_form_comes_from_the_parse():
    assert query_form("# SELECT in a comment\nASK { ?s ?p 'CONSTRUCT' }") == "ASK"
    assert query_form("PREFIX ex: <http://x/SELECT#> DESCRIBE ex:a") == "DESCRIBE"
    for query in [q for _t, q in STATIC_EXAMPLES] + [CITED_BY_NUMBER.format(number='"x"'), CITES_TRANSITIVELY.format(title='"y"@zh')]:
        assert query_form(query) == "SELECT"
    with pytest.raises(UpdateRefused):
        query_form("PREFIX ex: <http://x/> DELETE WHERE { ?s ex:p ?o }")
    with pytest.raises(SparqlError):
        query_form("SELECT WHERE")


def test_results_in_every_format_come_from_pyoxigraph(client):
    import pyoxigraph as ox

    query = 'SELECT ?a ?b WHERE { VALUES (?a ?b) { ("x,\\"y\\"\\nz"@zh <http://example.org/1>) (UNDEF 3) } }'
    formats = {
        "json": ox.QueryResultsFormat.JSON,
        "xml": ox.QueryResultsFormat.XML,
        "tsv": ox.QueryResultsFormat.TSV,
    }
    for name, fmt in formats.items():
        response = client.get("/sparql", {"query": query, "format": name})
        assert response.status_code == 200, name
        rows = list(ox.parse_query_results(response.content, format=fmt))
        assert rows[0]["a"] == ox.Literal('x,"y"\nz', language="zh")
        assert rows[0]["b"] == ox.NamedNode("http://example.org/1")
        assert rows[1]["a"] is None and rows[1]["b"].value == "3"
    csv_text = client.get("/sparql", {"query": query, "format": "csv"}).content.decode()
    assert csv_text.startswith("a,b\r\n") and '"x,""y""\nz"' in csv_text
    ask = client.get("/sparql", {"query": "ASK { FILTER(false) }", "format": "xml"})
    assert ox.parse_query_results(ask.content, format=ox.QueryResultsFormat.XML).__bool__() is False


def test_accept_is_negotiated_with_quality_values(client):
    query = "ASK { ?s ?p ?o }"
    response = client.get("/sparql", {"query": query}, HTTP_ACCEPT="text/csv;q=0.5, application/sparql-results+xml")
    assert response["Content-Type"].startswith("application/sparql-results+xml")
    browser = client.get("/sparql", {"query": query}, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert browser["Content-Type"].startswith("text/html")
    tool = client.get("/sparql", {"query": query}, HTTP_ACCEPT="*/*")
    assert tool["Content-Type"].startswith("application/sparql-results+json")
