"""Comments linked through: the graph (own named graph, public only once published), search
units (drafting group only), and the fragments for the document and clause pages."""

import pytest
from django.test import RequestFactory
from rdflib import Literal, URIRef

from consultation import graph, services
from consultation.panels import clause_comment_counts, clause_comments, document_announcement
from consultation.search_units import PUBLIC, audiences_for, comment_units
from knowledge.graph import clause_uri, organisation_uri, work_uri
from tests.consultation.conftest import clause, close

pytestmark = pytest.mark.django_db


@pytest.fixture
def commented(world):
    c, users = world["c"], world["users"]
    on_clause = services.submit_comment(users["a"], c, organisation=world["a"], clause_ref="5", text="推进机制应写明牵头部门。",
                                        proposed_wording="由县级党委政府牵头。")
    whole = services.submit_comment(users["b"], c, organisation=world["b"], clause_ref="", text="<b>全文</b>术语应统一。")
    return {**world, "on_clause": on_clause, "whole": whole}


def request_for(user=None):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    return request


def test_comment_graph_is_empty_until_published(commented):
    c = commented["c"]
    g = graph.comment_triples(c)
    assert len(g) == 0 and g.identifier == graph.graph_name(c)
    assert str(g.identifier).endswith(f"/graph/_consultation-{c.pk}")

    private = graph.comment_triples(c, include_unpublished=True)
    assert len(private) > 0
    close(c)
    services.dispose(commented["users"]["drafter"], commented["on_clause"], decision="accepted")
    services.dispose(commented["users"]["drafter"], commented["whole"], decision="rejected", reason="术语已统一。")
    services.publish_summary(commented["users"]["drafter"], c)
    g = graph.comment_triples(c)
    work_key = c.version.work.key
    rows = set(g.query(
        """SELECT ?target ?org ?text ?decision WHERE {
             ?comment a oa:Annotation ; oa:hasTarget ?target ; dcterms:creator ?org ; oa:bodyValue ?text ;
                      ygt:disposition ?decision . }""",
        initNs={"oa": graph.OA, "dcterms": "http://purl.org/dc/terms/", "ygt": graph.YGT},
    ))
    assert rows == {
        (URIRef(clause_uri(work_key, "5")), URIRef(organisation_uri("cs-unit-a")), Literal("推进机制应写明牵头部门。", lang="zh"), graph.YGT.Accepted),
        (URIRef(work_uri(work_key)), URIRef(organisation_uri("cs-unit-b")), Literal("<b>全文</b>术语应统一。", lang="zh"), graph.YGT.Rejected),
    }
    on_clause = graph.comment_uri(commented["on_clause"])
    assert (on_clause, graph.OA.motivatedBy, graph.OA.editing) in g
    assert (on_clause, graph.YGT.proposedWording, Literal("由县级党委政府牵头。", lang="zh")) in g


def test_search_units_are_for_the_drafting_group(commented):
    c, users = commented["c"], commented["users"]
    units = {u["id"]: u for u in comment_units(c)}
    unit = units[f"consultation_comment:{commented['on_clause'].pk}"]
    assert unit["type"] == "consultation_comment" and "推进机制应写明牵头部门" in unit["text"]
    assert unit["label"] == "5" and unit["document_key"] == c.version.work.key
    assert unit["audience"] == f"drafting:{c.version.work_id}"
    assert f"consultation:{c.pk}" in unit["scopes"]
    assert unit["url"] == f"/consultation/{c.pk}/dispositions/#comment-{commented['on_clause'].pk}"
    assert unit["audience"] in audiences_for(users["drafter"])
    for other in (users["a"], users["outsider"], users["other_drafter"], None):
        assert unit["audience"] not in audiences_for(other)
    c.summary_published = True
    c.save()
    assert {u["audience"] for u in comment_units(c)} == {PUBLIC}


def test_document_announcement(commented):
    c, users = commented["c"], commented["users"]
    page = type("Page", (), {"work": c.version.work})()
    public = document_announcement(request_for(), page)
    assert "正在征求意见" in public and c.get_absolute_url() in public
    assert "征求 2 个单位意见" in public and "提交意见" not in public
    assert "提交意见" in document_announcement(request_for(users["a"]), page)
    assert "处理意见" in document_announcement(request_for(users["drafter"]), page)
    close(c)
    assert "征求意见已截止" in document_announcement(request_for(users["a"]), page)
    other = type("Page", (), {"work": users["other_drafter"].drafting_groups.get().work})()
    assert document_announcement(request_for(), other) == ""


def test_clause_comments_panel(commented):
    c, users = commented["c"], commented["users"]
    fifth = clause(c.version, "5")
    assert clause_comments(request_for(), fifth) == ""
    assert clause_comments(request_for(users["outsider"]), fifth) == ""
    html = clause_comments(request_for(users["drafter"]), fifth)
    assert "推进机制应写明牵头部门" in html and "甲市卫生健康委员会" in html and "待处理" in html
    assert f"/consultation/{c.pk}/dispositions/#comment-{commented['on_clause'].pk}" in html
    # unit B sees no comment of unit A's, but may comment on the clause
    html_b = clause_comments(request_for(users["b"]), fifth)
    assert "推进机制" not in html_b and f"/consultation/{c.pk}/comment/?clause=5" in html_b
    assert clause_comment_counts(request_for(users["drafter"]), c.version) == {"5": 1}
    assert clause_comment_counts(request_for(users["b"]), c.version) == {}
    assert clause_comment_counts(request_for(), c.version) == {}


def test_user_text_is_escaped_in_fragments(world):
    c, users = world["c"], world["users"]
    services.submit_comment(users["a"], c, organisation=world["a"], clause_ref="5", text="<img src=x onerror=alert(1)>")
    html = clause_comments(request_for(users["drafter"]), clause(c.version, "5"))
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
