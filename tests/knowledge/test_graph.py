"""The RDF projection: vocabulary, SHACL shapes, export, and the SPARQL 1.1 endpoint."""

import json
from io import StringIO
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from django.core.management import call_command
from pyshacl import validate

from knowledge import graph as g
from knowledge.graph import all_quads
from knowledge.sparql import QueryTimeout, UpdateRefused, execute, run_select

pytestmark = pytest.mark.django_db
SHAPES = Path(__file__).resolve().parents[2] / "knowledge" / "shapes.ttl"


@pytest.fixture(autouse=True)
def _local_graph(corpus_graph, settings, tmp_path):
    # the store the module fixture built stays the active one
    from knowledge.graph import _stores

    settings.GRAPH_STORE_DIR = next(iter(_stores))
    settings.SPARQL_URL = ""


def test_corpus_graph_conforms_to_the_shapes(corpus_graph):
    triples = list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in all_quads()))
    data = rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
    conforms, _graph, text = validate(data, shacl_graph=rdflib.Graph().parse(SHAPES))
    assert conforms, text


def test_shapes_catch_a_broken_obligation():
    data = rdflib.Graph().parse(
        data="""@prefix ygt: <https://w3id.org/yigongti/ns#> .
        <http://x/o1> a ygt:Obligation ; ygt:modality ygt:Sometimes ; ygt:frequency "每年" .""",
        format="turtle",
    )
    conforms, _graph, _text = validate(data, shacl_graph=rdflib.Graph().parse(SHAPES))
    assert not conforms


def test_one_named_graph_per_document(corpus_graph):
    graphs = {row["g"] for row in run_select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert g.graph_uri("guowei-jicengfa-2023-41") in graphs
    assert g.graph_uri("db21-yigongti-guifan-bianzhi-shuoming") in graphs
    assert g.graph_uri(g.CITED_GRAPH) in graphs


def test_clause_and_document_level_cites_and_alternative_titles(corpus_graph):
    notes = g.work_uri("db21-yigongti-guifan-bianzhi-shuoming")
    opinion = g.work_uri("guowei-jicengfa-2023-41")
    rows = run_select(f"SELECT ?c WHERE {{ ?c eli:cites <{opinion}> ; eli:is_part_of+ <{notes}> }}")
    assert {r["c"] for r in rows} >= {g.clause_uri("db21-yigongti-guifan-bianzhi-shuoming", "s1-2")}
    assert run_select(f"SELECT ?x WHERE {{ <{notes}> eli:cites <{opinion}> . BIND(1 AS ?x) }}")
    rows = run_select("SELECT ?w ?alt WHERE { ?w eli:id_local \"辽卫发〔2024〕37号\" ; eli:title_alternative ?alt }")
    assert {r["alt"] for r in rows} >= {"辽宁省关于全面推进紧密型县域医疗卫生共同体建设的实施意见"}
    assert len({r["w"] for r in rows}) == 1


def test_transitive_trace_reaches_works_cited_by_cited_works(corpus_graph):
    shaanxi = g.work_uri("shaanxi-zhuanfa-yiliao-lianheti-banfa-2020")
    rows = run_select(f"SELECT DISTINCT ?w WHERE {{ <{shaanxi}> (eli:cites|eli:related_to|eli:has_annex)+ ?w }}")
    reached = {r["w"] for r in rows}
    # the forwarded notice issued the 办法, which cites 国办发〔2015〕70号
    assert g.work_uri("yiliao-lianheti-guanli-banfa-shixing") in reached
    assert any("2015" in w for w in reached)


def test_obligations_carry_their_parts(corpus_graph):
    rows = run_select(
        "SELECT ?text ?cmp ?value ?unit WHERE { ?o a ygt:Obligation ; ygt:text ?text ; ygt:quantity ?q ."
        " ?q ygt:comparator ?cmp ; ygt:value ?value ; ygt:unit ?unit }"
    )
    assert any(r["cmp"] == ">=" and r["value"] == "3" and r["unit"] == "名" and "3名以上专家" in r["text"] for r in rows)
    assert run_select("SELECT ?o WHERE { ?o ygt:deadline \"2025-12-31\"^^xsd:date }")


@pytest.mark.parametrize(("fmt", "parser"), [("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_export_graph_formats(tmp_path, fmt, parser):
    out = tmp_path / f"graph.{fmt}"
    call_command("export_graph", "--format", fmt, "-o", str(out), stderr=StringIO())
    data = rdflib.Graph().parse(out, format=parser)
    assert len(data) > 1000
    assert (rdflib.URIRef(g.work_uri("guowei-jicengfa-2023-41")), rdflib.RDF.type, rdflib.URIRef(g.ELI + "LegalResource")) in data


def test_sparql_command_prints_a_table():
    out = StringIO()
    call_command("sparql", 'SELECT ?t WHERE { ?w eli:id_local "国卫基层发〔2023〕41号" ; eli:title ?t }', stdout=out)
    assert "关于全面推进紧密型县域医疗卫生共同体建设的指导意见" in out.getvalue()


def test_execute_refuses_updates_and_stops_runaway_queries():
    with pytest.raises(UpdateRefused):
        execute("INSERT DATA { <http://a> <http://b> <http://c> }")
    with pytest.raises(QueryTimeout):
        execute("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }", timeout=0.5)


# --- the /sparql endpoint ---------------------------------------------------------------------

QUERY = 'PREFIX eli: <http://data.europa.eu/eli/ontology#> SELECT ?w ?t WHERE { ?w eli:id_local "国卫基层发〔2023〕41号" ; eli:title ?t }'


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
    ],
)
def test_sparql_get_answers_the_protocol_content_types(client, accept, content_type):
    response = client.get("/sparql", {"query": QUERY}, HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert "关于全面推进紧密型县域医疗卫生共同体建设的指导意见" in response.content.decode()


def test_sparql_json_results_shape(client):
    response = client.get("/sparql", {"query": QUERY}, HTTP_ACCEPT="application/sparql-results+json")
    data = json.loads(response.content)
    assert data["head"]["vars"] == ["w", "t"]
    binding = data["results"]["bindings"][0]
    assert binding["w"]["type"] == "uri" and binding["t"]["xml:lang"] == "zh"


def test_sparql_post_form_and_direct_body(client):
    form = client.post("/sparql", {"query": QUERY}, HTTP_ACCEPT="application/sparql-results+json")
    direct = client.post("/sparql", QUERY, content_type="application/sparql-query", HTTP_ACCEPT="text/csv")
    assert form.status_code == 200 and direct.status_code == 200
    assert direct["Content-Type"].startswith("text/csv")


def test_sparql_construct_answers_turtle(client):
    query = "PREFIX eli: <http://data.europa.eu/eli/ontology#> CONSTRUCT { ?w eli:title ?t } WHERE { ?w eli:id_local ?n ; eli:title ?t }"
    response = client.get("/sparql", {"query": query}, HTTP_ACCEPT="text/turtle")
    assert response["Content-Type"].startswith("text/turtle")
    assert len(rdflib.Graph().parse(data=response.content.decode(), format="turtle")) > 10


def test_sparql_refuses_insert_data(client):
    update = "INSERT DATA { GRAPH <http://x/g> { <http://x/a> <http://x/b> <http://x/c> } }"
    for response in (
        client.get("/sparql", {"query": update}),
        client.post("/sparql", {"update": update}),
        client.post("/sparql", update, content_type="application/sparql-update"),
    ):
        assert response.status_code == 403
        assert "只读" in response.content.decode()
    assert not run_select("SELECT ?s WHERE { GRAPH <http://x/g> { ?s ?p ?o } }")


def test_sparql_stops_a_runaway_query_at_the_time_limit(client, settings):
    settings.SPARQL_TIMEOUT_SECONDS = 0.5
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    response = client.get("/sparql", {"query": query}, HTTP_ACCEPT="application/sparql-results+json")
    assert response.status_code == 503
    assert "时间限制" in response.content.decode()


def test_sparql_result_cap(client, settings):
    settings.SPARQL_RESULT_CAP = 5
    response = client.get("/sparql", {"query": "SELECT * WHERE { ?s ?p ?o }"}, HTTP_ACCEPT="application/sparql-results+json")
    assert len(json.loads(response.content)["results"]["bindings"]) == 5
    assert response["X-Result-Truncated"] == "true"


def test_sparql_syntax_error_is_one_clear_400(client):
    response = client.get("/sparql", {"query": "SELECT ?x WHERE { ?x"}, HTTP_ACCEPT="application/sparql-results+json")
    assert response.status_code == 400
    assert "语法错误" in response.content.decode()


def test_sparql_page_for_browsers(client):
    page = client.get("/sparql", HTTP_ACCEPT="text/html")
    assert page.status_code == 200 and "示例查询" in page.content.decode()
    answered = client.get("/sparql", {"query": QUERY}, HTTP_ACCEPT="text/html")
    assert "关于全面推进紧密型县域医疗卫生共同体建设的指导意见" in answered.content.decode()


def test_graph_follows_an_import(tmp_path, settings):
    from content.importer import import_path
    from content.models import Work

    settings.PORTAL_SYNC_PROJECTIONS = False  # the sync itself is called below
    law = tmp_path / "law.md"
    law.write_text("# 县域医共体药事管理办法\n\n第一条 为规范药事管理，根据《医疗联合体管理办法（试行）》，制定本办法。\n\n第二条 牵头医院应当每年开展处方点评。\n", encoding="utf-8")
    import_path(law)
    work = Work.objects.get(title="县域医共体药事管理办法")
    # on_commit hooks do not run inside the test transaction: run the receiver's sync directly
    g.rebuild_works([work.key])
    rows = run_select(f"SELECT ?w WHERE {{ <{g.work_uri(work.key)}> eli:cites ?w }}")
    assert {r["w"] for r in rows} == {g.work_uri("yiliao-lianheti-guanli-banfa-shixing")}


def test_a_frequency_without_a_period_is_words_not_a_duration():
    from types import SimpleNamespace

    from knowledge.graph import YGT, obligation_quads

    def frequency_objects(frequency):
        ob = SimpleNamespace(
            pk=1, modality="must", text="应当定期开展培训", duty_bearer="", action="", quantity_value=None,
            frequency=frequency, deadline=None, condition="", review_status="extracted", confidence=0.9,
        )
        return {
            q.predicate.value.removeprefix(YGT): q.object
            for q in obligation_quads(ob, "w-1", "art1", ox.DefaultGraph())
            if "frequency" in q.predicate.value
        }

    assert frequency_objects("P1Y") == {"frequency": ox.Literal("P1Y", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#duration"))}
    assert frequency_objects("定期") == {"frequencyText": ox.Literal("定期", language="zh")}


def test_the_graph_carries_each_facts_review_state_and_confidence(imported_corpus):
    """ygt:reviewStatus and ygt:confidence on obligations, citations (as nodes) and terms; a
    decision changes them, a rejection takes the fact out."""
    from django.db.models import F

    from content.models import ReviewStatus, Term, Work
    from knowledge.models import Citation, Obligation

    def facts(work) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for q in g.document_quads(work):
            if q.predicate.value in (g.YGT + "reviewStatus", g.YGT + "confidence"):
                out.setdefault(q.subject.value, {})[q.predicate.value.removeprefix(g.YGT)] = q.object.value
        return out

    obligation = Obligation.objects.published().filter(review_status=ReviewStatus.EXTRACTED).first()
    work = obligation.clause.version.work
    citation = (
        Citation.objects.published()
        .filter(review_status=ReviewStatus.EXTRACTED, clause__version__is_current=True)
        .exclude(work=None)
        .exclude(work_id=F("clause__version__work_id"))
        .first()
    )
    citing = citation.clause.version.work
    term = Term.objects.published().filter(source_clause__version__work__has_text=True).first()
    seen = facts(work)
    o = seen[g.obligation_uri(obligation.pk)]
    assert o["reviewStatus"] == g.YGT + "Extracted" and float(o["confidence"]) == pytest.approx(obligation.confidence, abs=0.01)
    assert facts(citing)[g.citation_uri(citation.pk)]["reviewStatus"] == g.YGT + "Extracted"
    assert facts(term.source_clause.version.work)[g.term_uri(term.pk)]["reviewStatus"] == g.YGT + "Extracted"

    Obligation.objects.filter(pk=obligation.pk).update(review_status=ReviewStatus.EDITED)
    Citation.objects.filter(pk=citation.pk).update(review_status=ReviewStatus.REJECTED)
    assert facts(Work.objects.get(pk=work.pk))[g.obligation_uri(obligation.pk)]["reviewStatus"] == g.YGT + "Edited"
    assert g.citation_uri(citation.pk) not in facts(citing)
    Obligation.objects.filter(pk=obligation.pk).update(review_status=ReviewStatus.ADDED, confidence=None)
    assert facts(work)[g.obligation_uri(obligation.pk)] == {"reviewStatus": g.YGT + "Added"}
