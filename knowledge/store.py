"""Access to the graph store, shared by the projection (``knowledge.graph``) and the SPARQL
layer (``knowledge.sparql``) so that neither imports the other for it.

The embedded store is Oxigraph on disk at ``settings.GRAPH_STORE_DIR``; RocksDB lets one process
open it for writing, so in a running portal the process holding the projection lock
(``knowledge.tasks.projection_lock``) is the one that opens it. When ``settings.SPARQL_URL`` is
set the graph lives in a SPARQL 1.1 server instead (update endpoint: ``SPARQL_UPDATE_URL``, else
SPARQL_URL with /query → /update).
"""

from __future__ import annotations

import threading
from pathlib import Path

import pyoxigraph as ox
from django.conf import settings

ELI = "http://data.europa.eu/eli/ontology#"
YGT = "https://w3id.org/yigongti/ns#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
ORG = "http://www.w3.org/ns/org#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = {
    "eli": ELI,
    "ygt": YGT,
    "skos": SKOS,
    "prov": PROV,
    "org": ORG,
    "xsd": XSD,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}
SPARQL_PROLOGUE = "".join(f"PREFIX {p}: <{u}>\n" for p, u in PREFIXES.items())

_stores: dict[str, ox.Store] = {}
_lock = threading.Lock()


def store_path() -> Path:
    return Path(settings.GRAPH_STORE_DIR)


def get_store() -> ox.Store:
    """The process-wide Oxigraph store on disk (one writer per process, opened lazily)."""
    path = str(store_path())
    with _lock:
        store = _stores.get(path)
        if store is None:
            Path(path).mkdir(parents=True, exist_ok=True)
            store = ox.Store(path)
            _stores[path] = store
        return store


def close_store() -> None:
    """Forget the open stores (they close, releasing the on-disk lock, once unreferenced)."""
    with _lock:
        _stores.clear()


def rdflib_dataset():
    """An rdflib Dataset over the same Oxigraph store (oxrdflib), for rdflib-based tools."""
    from oxrdflib import OxigraphStore
    from rdflib import Dataset

    return Dataset(store=OxigraphStore(store=get_store()))


def remote() -> bool:
    return bool(getattr(settings, "SPARQL_URL", ""))


def update_url() -> str:
    explicit = getattr(settings, "SPARQL_UPDATE_URL", "")
    if explicit:
        return explicit
    url = settings.SPARQL_URL.rstrip("/")
    for suffix in ("/query", "/sparql"):
        if url.endswith(suffix):
            return url[: -len(suffix)] + "/update"
    return url
