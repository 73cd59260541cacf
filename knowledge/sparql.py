"""Read-only SPARQL 1.1 query execution with a time limit and a result cap.

A query is checked before anything runs: its length and bracket depth are bounded (so the parser
itself cannot be exhausted), ``SERVICE`` is refused (the server never calls another address on a
client's behalf), and rdflib's SPARQL grammar parses it to decide the form (SELECT, ASK,
CONSTRUCT, DESCRIBE) or to recognise SPARQL Update, which is refused.

Local queries run against the on-disk Oxigraph store in a forked child process that opens it
read-only, so a runaway query can be stopped at the time limit; with ``settings.SPARQL_URL`` the
query goes to that server (HTTP timeout). Results are written by pyoxigraph's own serialisers:
JSON, XML, CSV, TSV for SELECT/ASK; Turtle, N-Triples, JSON-LD, RDF/XML for CONSTRUCT/DESCRIBE.
"""

from __future__ import annotations

import json
import multiprocessing
import re
from dataclasses import dataclass

import pyoxigraph as ox
from django.conf import settings
from django.utils.translation import gettext as _

RESULT_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
RESULTS_FORMAT = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
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
FORM_OF_PARSE = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
GRAPH_FORMS = {"CONSTRUCT", "DESCRIBE"}

# Strings, IRIs and comments are blanked before the cheap checks (depth, SERVICE keyword).
_LEXICAL_RE = re.compile(
    r"\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r"|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|<[^<>\"{}|^`\\\s]*>|#[^\n]*",
    re.DOTALL,
)
_SERVICE_RE = re.compile(r"(?<![\w:?$])SERVICE(?![\w:-])", re.IGNORECASE)
_ESCAPE_RE = re.compile(r"\\[uU]")


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


def _blank_lexical(query: str) -> str:
    return _LEXICAL_RE.sub(lambda m: " " * len(m.group(0)) if m.group(0).startswith("#") else '""', query)


def _expanded(query: str) -> str:
    """The query with \\u escapes expanded (SPARQL allows them anywhere), strings blanked."""
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes

    try:
        return _blank_lexical(expandUnicodeEscapes(query))
    except ValueError:
        return ""


def _depth(bare: str) -> int:
    depth = deepest = 0
    for ch in bare:
        if ch in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "})]":
            depth = max(0, depth - 1)
    return deepest


def _service_in(node) -> bool:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, CompValue):
            if current.name == "ServiceGraphPattern":
                return True
            stack.extend(current.values())
        elif isinstance(current, (list, tuple, ParseResults)):
            stack.extend(current)
    return False


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE, decided by parsing the query.

    Raises SparqlError (400) for an empty, over-long, too deeply nested or unparsable query and
    for ``SERVICE``; UpdateRefused (403) for SPARQL Update.
    """
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    if not query.strip():
        raise SparqlError(_("查询为空：请提供 SPARQL 查询（query 参数）。"))
    limit = settings.SPARQL_MAX_QUERY_CHARS
    if len(query) > limit:
        raise SparqlError(_("查询过长：最多 %(n)d 个字符。") % {"n": limit})
    bare = _blank_lexical(query)
    max_depth = settings.SPARQL_MAX_DEPTH
    if _depth(bare) > max_depth:
        raise SparqlError(_("查询嵌套过深：括号嵌套最多 %(n)d 层。") % {"n": max_depth})
    if _SERVICE_RE.search(bare) or (_ESCAPE_RE.search(query) and _SERVICE_RE.search(_expanded(query))):
        raise SparqlError(_("本端点不执行 SERVICE（联邦查询）：服务器不会代为访问其他地址。"))
    try:
        parsed = parseQuery(query)
    except (ParseBaseException, RecursionError, ValueError) as exc:
        try:
            parseUpdate(query)
        except (ParseBaseException, RecursionError, ValueError):
            raise SparqlError(_("SPARQL 语法错误：%(error)s") % {"error": _first_line(exc)}) from None
        raise UpdateRefused(_("本端点只读，不接受 SPARQL 更新（INSERT、DELETE、DROP 等）。")) from None
    if _service_in(parsed):
        raise SparqlError(_("本端点不执行 SERVICE（联邦查询）：服务器不会代为访问其他地址。"))
    form = FORM_OF_PARSE.get(getattr(parsed[1], "name", ""))
    if form is None:
        raise SparqlError(_("无法识别的查询：需要 SELECT、ASK、CONSTRUCT 或 DESCRIBE。"))
    return form


def media_types(form: str) -> list[str]:
    """The media types a query of this form can answer with, preferred first."""
    if form in GRAPH_FORMS:
        return [mime for mime, _f in GRAPH_FORMATS.values()]
    return list(RESULT_FORMATS.values()) + ["application/json", "application/xml", "text/xml"]


def negotiate(form: str, preferred: str | None = None, fmt: str = "") -> str:
    """Pick an output format name from ?format= or the media type the client prefers
    (``request.get_preferred_type(media_types(form))``)."""
    graph = form in GRAPH_FORMS
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
    name = MIME_TO_FORMAT.get(preferred or "")
    if name in allowed:
        return name
    return "turtle" if graph else "json"


# --- serialisation (pyoxigraph) ----------------------------------------------------------------


def _tsv_term(term) -> str:
    return "" if term is None else str(term)


def _materialise(results, form: str, cap: int):
    """Run the query's results into bytes in the requested format, at most ``cap`` rows.

    A SELECT is cut at ``cap`` solutions: they are handed back to pyoxigraph as SPARQL TSV (the
    N-Triples form of each term) and pyoxigraph writes the requested format.
    """
    if form == "ASK":
        return ("ask", results, False)
    if form == "SELECT":
        variables = list(results.variables)
        lines, truncated = ["\t".join(str(v) for v in variables)], False
        for count, solution in enumerate(results):
            if count >= cap:
                truncated = True
                break
            lines.append("\t".join(_tsv_term(solution[v]) for v in variables))
        return ("select", "\n".join(lines) + "\n", truncated)
    triples, truncated = [], False
    for triple in results:
        if len(triples) >= cap:
            truncated = True
            break
        triples.append(triple)
    return ("graph", triples, truncated)


def _render(kind: str, data, fmt: str) -> tuple[bytes, str]:
    if kind == "ask":
        return data.serialize(format=RESULTS_FORMAT[fmt]), RESULT_FORMATS[fmt]
    if kind == "select":
        solutions = ox.parse_query_results(data.encode("utf-8"), format=ox.QueryResultsFormat.TSV)
        return solutions.serialize(format=RESULTS_FORMAT[fmt]), RESULT_FORMATS[fmt]
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


def execute(
    query: str, fmt: str = "", timeout: float | None = None, cap: int | None = None, preferred=None
) -> SparqlResult:
    """Run a read-only query with the configured time limit and result cap.

    ``fmt`` names the output format; otherwise ``preferred`` is a callable taking the media types
    this query form can answer with and returning the client's choice (``request.get_preferred_type``).
    """
    form = query_form(query)
    out = negotiate(form, preferred(media_types(form)) if preferred and not fmt else None, fmt)
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
