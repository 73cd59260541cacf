"""Read-only SPARQL 1.1 query execution with a time limit and a result cap.

Local queries run against the on-disk Oxigraph store in a forked child process that opens it
read-only, so a runaway query can be stopped at the time limit; with ``settings.SPARQL_URL`` the
query goes to that server (HTTP timeout). Results are serialised per the SPARQL 1.1 protocol:
JSON, XML, CSV, TSV for SELECT/ASK; Turtle, N-Triples, JSON-LD, RDF/XML for CONSTRUCT/DESCRIBE.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from django.conf import settings
from django.utils.translation import gettext as _

RESULT_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_FORMATS = {
    "turtle": ("text/turtle", ox.RdfFormat.TURTLE),
    "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "rdfxml": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
}
MIME_TO_FORMAT = {mime: name for name, mime in RESULT_FORMATS.items()}
MIME_TO_FORMAT.update({mime: name for name, (mime, _f) in GRAPH_FORMATS.items()})
MIME_TO_FORMAT.update({"application/json": "json", "application/xml": "xml", "text/xml": "xml"})

_COMMENT_RE = re.compile(r"#[^\n]*")
_STRING_RE = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|<[^<>\s]*>")
_UPDATE_RE = re.compile(
    r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE
)
_FORM_RE = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


class SparqlError(Exception):
    """A query the endpoint will not or cannot answer; ``status`` is the HTTP status."""

    status = 400

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status


class UpdateRefused(SparqlError):
    status = 403


class QueryTimeout(SparqlError):
    status = 503


@dataclass
class SparqlResult:
    body: bytes
    content_type: str
    truncated: bool = False


def _strip(query: str) -> str:
    return _COMMENT_RE.sub(" ", _STRING_RE.sub(" ", query))


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; raises UpdateRefused for SPARQL Update."""
    bare = _strip(query)
    if not query.strip():
        raise SparqlError(_("查询为空：请提供 SPARQL 查询（query 参数）。"))
    form = _FORM_RE.search(bare)
    update = _UPDATE_RE.search(bare)
    if update and (form is None or update.start() < form.start() or update.group(1).upper() != "WITH"):
        if form is None or update.start() < form.start():
            raise UpdateRefused(_("本端点只读，不接受 SPARQL 更新（INSERT、DELETE、DROP 等）。"))
    if form is None:
        raise SparqlError(_("无法识别的查询：需要 SELECT、ASK、CONSTRUCT 或 DESCRIBE。"))
    return form.group(1).upper()


def negotiate(form: str, accept: str = "", fmt: str = "") -> str:
    """Pick an output format name from ?format= or the Accept header."""
    graph = form in {"CONSTRUCT", "DESCRIBE"}
    allowed = GRAPH_FORMATS if graph else RESULT_FORMATS
    aliases = {"ttl": "turtle", "n-triples": "nt", "json-ld": "jsonld", "rdf": "rdfxml", "table": "json"}
    if fmt:
        fmt = aliases.get(fmt.lower(), fmt.lower())
        if fmt not in allowed:
            raise SparqlError(
                _("不支持的结果格式“%(fmt)s”；可选：%(options)s。") % {"fmt": fmt, "options": "、".join(allowed)},
                status=406,
            )
        return fmt
    for part in (accept or "").split(","):
        mime = part.split(";")[0].strip().lower()
        name = MIME_TO_FORMAT.get(mime)
        if name in allowed:
            return name
    return "turtle" if graph else "json"


# --- serialisers -------------------------------------------------------------------------------


def _term_json(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype and term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}


def _term_xml(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    attrs = ""
    if term.language:
        attrs = f" xml:lang={quoteattr(term.language)}"
    elif term.datatype and term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        attrs = f" datatype={quoteattr(term.datatype.value)}"
    return f"<literal{attrs}>{escape(term.value)}</literal>"


def serialise_select(variables: list[str], rows: list[dict], fmt: str) -> bytes:
    if fmt == "json":
        bindings = [{k: _term_json(v) for k, v in row.items() if v is not None} for row in rows]
        return json.dumps(
            {"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False
        ).encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        out.append("</head><results>")
        for row in rows:
            out.append("<result>")
            for k, v in row.items():
                if v is not None:
                    out.append(f"<binding name={quoteattr(k)}>{_term_xml(v)}</binding>")
            out.append("</result>")
        out.append("</results></sparql>")
        return "\n".join(out).encode("utf-8")
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([row.get(v).value if row.get(v) is not None else "" for v in variables])
        return buffer.getvalue().encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        for row in rows:
            lines.append("\t".join(str(row[v]) if row.get(v) is not None else "" for v in variables))
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise SparqlError(_("不支持的结果格式。"), status=406)


def serialise_ask(value: bool, fmt: str) -> bytes:
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>"
        ).encode()
    if fmt in {"csv", "tsv"}:
        return b"_askResult\n" + (b"true\n" if value else b"false\n")
    return json.dumps({"head": {}, "boolean": value}).encode()


def _materialise(results, form: str, cap: int):
    """Turn pyoxigraph results into plain data, at most ``cap`` rows (plus a truncation flag)."""
    if form == "ASK":
        return ("ask", bool(results), False)
    if form == "SELECT":
        variables = [v.value for v in results.variables]
        rows, truncated = [], False
        for solution in results:
            if len(rows) >= cap:
                truncated = True
                break
            rows.append({v: solution[v] for v in variables})
        return ("select", (variables, rows), truncated)
    triples, truncated = [], False
    for triple in results:
        if len(triples) >= cap:
            truncated = True
            break
        triples.append(triple)
    return ("graph", triples, truncated)


def _render(kind: str, data, fmt: str) -> tuple[bytes, str]:
    if kind == "ask":
        return serialise_ask(data, fmt), RESULT_FORMATS.get(fmt, RESULT_FORMATS["json"])
    if kind == "select":
        variables, rows = data
        return serialise_select(variables, rows, fmt), RESULT_FORMATS[fmt]
    mime, rdf_format = GRAPH_FORMATS[fmt]
    from knowledge.store import PREFIXES

    prefixes = PREFIXES if rdf_format == ox.RdfFormat.TURTLE else None
    return ox.serialize(data, format=rdf_format, prefixes=prefixes) or b"", mime


# --- local execution -----------------------------------------------------------------------------


def _child(store, query: str, form: str, fmt: str, cap: int, conn) -> None:
    try:
        # the forked child reads through the parent's open store (copy-on-write), never writes
        results = store.query(query, use_default_graph_as_union=True)
        kind, data, truncated = _materialise(results, form, cap)
        body, mime = _render(kind, data, fmt)
        conn.send(("ok", body, mime, truncated))
    except SyntaxError as exc:
        conn.send(("syntax", str(exc), "", False))
    except Exception as exc:  # reported to the caller as one line
        conn.send(("error", f"{type(exc).__name__}: {exc}", "", False))
    finally:
        conn.close()


def _execute_local(query: str, form: str, fmt: str, timeout: float, cap: int) -> SparqlResult:
    from knowledge.store import get_store

    store = get_store()
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(store, query, form, fmt, cap, child))
    process.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise QueryTimeout(
                _("查询超过时间限制（%(seconds)s 秒）已被中止；请缩小查询范围或加上 LIMIT。")
                % {"seconds": f"{timeout:g}"}
            )
        status, body, mime, truncated = parent.recv()
    finally:
        if process.is_alive():
            process.kill()
        process.join(1)
        parent.close()
    if status == "syntax":
        raise SparqlError(_("SPARQL 语法错误：%(error)s") % {"error": body})
    if status == "error":
        raise SparqlError(_("查询执行失败：%(error)s") % {"error": body}, status=500)
    return SparqlResult(body=body, content_type=mime, truncated=truncated)


# --- remote execution -----------------------------------------------------------------------------


def _execute_remote(query: str, form: str, fmt: str, timeout: float, cap: int) -> SparqlResult:
    import requests

    mime = RESULT_FORMATS.get(fmt) or GRAPH_FORMATS[fmt][0]
    try:
        response = requests.post(
            settings.SPARQL_URL,
            data={"query": query},
            headers={"Accept": mime},
            timeout=timeout,
        )
    except requests.Timeout as exc:
        raise QueryTimeout(
            _("查询超过时间限制（%(seconds)s 秒）已被中止；请缩小查询范围或加上 LIMIT。")
            % {"seconds": f"{timeout:g}"}
        ) from exc
    except requests.RequestException as exc:
        raise SparqlError(_("无法连接 SPARQL 服务：%(error)s") % {"error": exc}, status=502) from exc
    if response.status_code >= 400:
        raise SparqlError(
            _("SPARQL 服务拒绝了查询：%(error)s") % {"error": response.text[:300]},
            status=400 if response.status_code < 500 else 502,
        )
    body, truncated = response.content, False
    if form == "SELECT" and fmt == "json":
        data = response.json()
        bindings = data.get("results", {}).get("bindings", [])
        if len(bindings) > cap:
            data["results"]["bindings"] = bindings[:cap]
            body, truncated = json.dumps(data, ensure_ascii=False).encode("utf-8"), True
    return SparqlResult(body=body, content_type=mime, truncated=truncated)


def execute(query: str, accept: str = "", fmt: str = "", timeout: float | None = None, cap: int | None = None) -> SparqlResult:
    """Run a read-only query with the configured time limit and result cap."""
    form = query_form(query)
    out = negotiate(form, accept, fmt)
    timeout = float(timeout if timeout is not None else settings.SPARQL_TIMEOUT_SECONDS)
    cap = int(cap if cap is not None else settings.SPARQL_RESULT_CAP)
    from knowledge.store import remote

    if remote():
        return _execute_remote(query, form, out, timeout, cap)
    return _execute_local(query, form, out, timeout, cap)


# --- in-process helpers for the portal's own queries ---------------------------------------------


def run_select(query: str, substitutions: dict | None = None) -> list[dict[str, str]]:
    """Run one of the portal's own SELECT queries and return rows of plain strings."""
    from knowledge.store import SPARQL_PROLOGUE, get_store, remote

    full = SPARQL_PROLOGUE + query
    if remote():
        result = _execute_remote(full, "SELECT", "json", float(settings.SPARQL_TIMEOUT_SECONDS), 10**6)
        data = json.loads(result.body)
        return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]
    results = get_store().query(full, use_default_graph_as_union=True, substitutions=substitutions)
    variables = [v.value for v in results.variables]
    return [
        {v: solution[v].value for v in variables if solution[v] is not None} for solution in results
    ]
