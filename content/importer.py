"""Import documents into the database: works, versions, clause trees and document pages.

Parsing is pure (content.parse); this module persists. Every file of a call is read and parsed
first, outside any transaction; then one transaction persists them all: a bad file raises
ImportFailed with one clear sentence and the database is exactly as before. Importing an
unchanged file changes nothing; a changed file becomes a new version of the same work.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from content.bulk import insert_rows, update_fields
from content.models import (
    METADATA_FIELDS,
    Clause,
    DocumentIndexPage,
    DocumentPage,
    Version,
    Work,
    WorkAlias,
    WorkRelation,
)
from content.parse.identifiers import normalise_doc_number, normalise_standard_code
from content.parse.metadata import (
    DocumentSpec,
    FileSpec,
    detect,
    issued_headings,
    load_derived_works,
    load_manifest,
    split_parts,
    strip_title_lines,
)
from content.parse.normalise import ParseError, normalise
from content.parse.source import SUPPORTED, read_source
from content.parse.structure import Node, ParsedDocument, parse_structure
from content.parse.titles import book_title, normalise_title, readable_key
from content.setup import ensure_library
from content.signals import version_imported

CORPUS_DIR = Path(settings.BASE_DIR) / "corpus"
MANIFEST_NAME = "manifest.toml"


class ImportFailed(Exception):
    """One sentence for the user; the import was rolled back."""


@dataclass
class ImportedDocument:
    spec: DocumentSpec
    parsed: ParsedDocument
    source_name: str
    original: str
    work: Work | None = None
    version: Version | None = None
    created: bool = False
    changed: bool = False


@dataclass
class ImportReport:
    documents: list[ImportedDocument] = field(default_factory=list)

    @property
    def versions(self) -> list[Version]:
        return [d.version for d in self.documents if d.version is not None and d.changed]


# --- reading (pure) --------------------------------------------------------------------------


def _sidecar(path: Path) -> FileSpec | None:
    sidecar = path.with_name(path.name + ".meta.toml")
    if not sidecar.exists():
        sidecar = path.with_suffix(".meta.toml")
    if sidecar.exists():
        specs = load_manifest(sidecar)
        return specs.get(path.name) or next(iter(specs.values()), None)
    return None


def read_documents(path: Path, file_spec: FileSpec | None = None, stage: str | None = None) -> list[ImportedDocument]:
    """Read one file into one or more parsed documents (nested documents become several)."""
    raw = read_source(path, settings.IMPORT_MAX_BYTES)
    normalised = normalise(raw)
    file_spec = file_spec or _sidecar(path)
    given = file_spec.parts if file_spec else [DocumentSpec()]
    texts = split_parts(normalised.text, given)
    documents = []
    for index, (spec_given, text) in enumerate(zip(given, texts, strict=True)):
        spec = detect(text, normalised.metadata if index == len(given) - 1 else {})
        for name, value in vars(spec_given).items():
            if value not in (None, "", [], False):
                setattr(spec, name, value)
                if name in spec.review:
                    spec.review.remove(name)
        if stage:
            spec.stage = stage
        multi = len(given) > 1
        if multi or spec.title:
            # A notice may have no clause markers: drop its title lines before paragraphing.
            lines = text.split("\n")
            text = "\n".join(strip_title_lines(lines[:5], spec) + lines[5:])
        spec.text = text
        try:
            # A document with a title but no clause marker (a covering notice) becomes numbered
            # paragraphs; text with neither is refused.
            # A title that is only the best candidate (flagged for review) does not vouch for
            # the text: it must show a structure of its own — or a signature (an issuer or a
            # date read from it): a short 批复 or 函 with no numbered part is still a document,
            # split into paragraphs.
            guessed = not spec.title or "title" in spec.review
            signed = bool(spec.issuers or spec.date_issued)
            parsed = parse_structure(
                text,
                require_structure=not multi and guessed and not signed,
                issued_headings=issued_headings(spec, text),
            )
        except ParseError as exc:
            raise ParseError(f"{path.name}：{exc}") from exc
        if not spec.title:
            # the file's own name, when it is a Chinese title (护士条例.md), for an editor to check
            stem = re.sub(r"^[\d\s_\-.]+|[\s_\-.]+$", "", path.stem)
            if re.search(r"[\u4e00-\u9fff]{4}", stem) and len(stem) <= 80:
                spec.title = stem
                spec.review.append("title")
        if not spec.title:
            raise ParseError(f"{path.name}：无法识别文件标题，请在元数据文件（{path.name}.meta.toml）中给出 title。")
        parsed.preamble = strip_title_lines(parsed.preamble, spec)
        documents.append(ImportedDocument(spec=spec, parsed=parsed, source_name=path.name, original=raw if not multi else text))
    return documents


def clause_nodes(parsed: ParsedDocument) -> list[Node]:
    """The top-level nodes to persist, with the preamble (导语) as a clause of its own."""
    nodes = list(parsed.nodes)
    if parsed.preamble:
        nodes.insert(0, Node(kind="preamble", label="", path="preamble", heading="", paragraphs=parsed.preamble))
    return nodes


# --- persisting -------------------------------------------------------------------------------


def find_work(spec: DocumentSpec) -> Work | None:
    """Look a work up by key, then 文号, standard code or title.

    A work known only by citation (``has_text`` False) is completed by the text that matches it;
    a work that already has text matches only under the same normalised title, because one
    文号 may have issued several works (国卫办基层函〔2026〕184号 issued four guides).
    """
    if spec.key:
        work = Work.objects.filter(key=spec.key).first()
        if work:
            return work
    title_key = normalise_title(spec.title)
    number = normalise_doc_number(spec.doc_number)
    code = normalise_standard_code(spec.standard_code)
    if number:
        # an editor may have corrected the 文号 this text still reads (metadata review)
        candidates = Work.objects.filter(
            Q(doc_number=number) | Q(metadata_reviewed__doc_number__detected=number)
        )
    elif code:
        candidates = Work.objects.filter(standard_code=code)
    else:
        candidates = Work.objects.filter(aliases__normalised=title_key, doc_number="")
    candidates = list(candidates.distinct())

    def same_title(work: Work) -> bool:
        return normalise_title(work.title) == title_key or work.aliases.filter(normalised=title_key).exists()

    exact = [w for w in candidates if same_title(w)]
    if exact:
        return exact[0]
    cited_only = [w for w in candidates if not w.has_text]
    return cited_only[0] if len(cited_only) == 1 and (number or code) else None


def _unique_key(base: str) -> str:
    key, n = base[:110], 2
    while Work.objects.filter(key=key).exists():
        key = f"{base[:105]}-{n}"
        n += 1
    return key


_SPEC_FIELD = {"issued": "date_issued", "effective": "date_effective"}


def upsert_work(spec: DocumentSpec, has_text: bool) -> tuple[Work, bool]:
    work = find_work(spec)
    created = work is None
    if work is not None and not work.has_text and spec.key and work.key != spec.key:
        # A work known by citation takes the key its own text declares.
        if not Work.objects.filter(key=spec.key).exists():
            work.key = spec.key
    if created:
        base = spec.key or readable_key(spec.doc_number, spec.standard_code, spec.title)
        work = Work(key=_unique_key(base))
    # Fields an editor confirmed or corrected in the review queue keep their value on re-import.
    kept = {METADATA_FIELDS[name] for name in (work.metadata_reviewed or {}) if name in METADATA_FIELDS}
    if "title" not in kept:
        work.title = spec.title
    if "doc_number" not in kept:
        work.doc_number = normalise_doc_number(spec.doc_number) or work.doc_number
    work.standard_code = normalise_standard_code(spec.standard_code) or work.standard_code
    for name in ("kind", "level", "status", "notes", "date_issued", "date_effective", "is_placeholder"):
        value = getattr(spec, name)
        if value not in (None, "", False) and name not in kept:
            setattr(work, name, value)
    if spec.issuers and "issuers" not in kept:
        work.issuers = list(spec.issuers)
    # Fields read from weak evidence are listed for an editor to check; a value given by a
    # manifest or sidecar, or one an editor has reviewed, is not in question.
    work.metadata_review = [
        name
        for name in spec.review
        if getattr(spec, _SPEC_FIELD.get(name, name), None) and name not in (work.metadata_reviewed or {})
    ]
    if not spec.status and created:
        work.status = "draft" if spec.stage in {"consultation", "submitted", "approval"} else "unknown"
    work.has_text = work.has_text or has_text
    work.save()
    title_key = normalise_title(spec.title)
    if title_key:
        WorkAlias.objects.get_or_create(work=work, normalised=title_key, defaults={"title": spec.title, "source": "editor"})
    return work, created


def _library() -> DocumentIndexPage:
    return DocumentIndexPage.objects.first() or ensure_library()


def _ensure_page(work: Work, summary: str = "") -> DocumentPage:
    page = DocumentPage.objects.filter(work=work).first()
    if page is None:
        # Created live without a first revision: publishing a revision costs several times the
        # whole parse; editors' first edit in the admin starts the page's revision history.
        now = timezone.now()
        page = DocumentPage(
            title=work.title[:255], slug=work.key, work=work, summary=summary,
            live=True, first_published_at=now, last_published_at=now,
        )
        _library().add_child(instance=page)
    elif page.title != work.title[:255]:
        page.title = work.title[:255]
        page.save_revision().publish()
    return page


def _persist_tree(version: Version, nodes: list[Node]) -> int:
    rows: list[Clause] = []
    parents: list[int | None] = []

    def visit(node: Node, parent_index: int | None, depth: int) -> None:
        rows.append(
            Clause(
                version=version,
                kind=node.kind,
                label=node.label[:60],
                path=node.path[:200],
                heading=node.heading[:500],
                text=node.text,
                position=len(rows),
                depth=depth,
                table=node.table,
            )
        )
        parents.append(parent_index)
        index = len(rows) - 1
        for child in node.children:
            visit(child, index, depth + 1)

    for node in nodes:
        visit(node, None, 0)
    insert_rows(Clause, rows)  # in order: ids follow positions, as bulk_create gives them
    if any(p is not None for p in parents):
        by_position = dict(Clause.objects.filter(version=version).order_by().values_list("position", "pk"))
        for row in rows:
            row.pk = by_position[row.position]
        for row, parent_index in zip(rows, parents, strict=True):
            row.parent_id = rows[parent_index].pk if parent_index is not None else None
        update_fields(Clause, [r for r in rows if r.parent_id], ["parent"])
    return len(rows)


def save_version(work: Work, spec: DocumentSpec, nodes: list[Node], original: str, text: str, source_name: str) -> tuple[Version, bool]:
    digest = hashlib.sha256(original.encode("utf-8")).hexdigest()
    # (ordered by number: the default order by work, then number, joins the work to sort by it)
    existing = work.versions.filter(source_sha256=digest).order_by("number").first()
    if existing is not None:
        return existing, False
    number = (work.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    work.versions.update(is_current=False)
    version = Version.objects.create(
        work=work,
        number=number,
        stage=spec.stage or "published",
        label=spec.version_label,
        date=spec.date_issued,
        source_name=source_name,
        source_sha256=digest,
        original_text=original,
        text=text,
        is_current=True,
    )
    _persist_tree(version, nodes)
    return version, True


def _derived_nodes(spec: DocumentSpec, source: Version | None) -> list[Node]:
    """Clauses of a work represented from another document (the standard from its 编制说明)."""
    by_path = {c.path: c for c in source.clauses.all()} if source else {}
    nodes = []
    for item in spec.outline:
        label = item["label"]
        source_clause = by_path.get(item.get("from", ""))
        text = item.get("text") or (source_clause.text if source_clause else "")
        provenance = f"据{book_title(source.work.title)}{item.get('from')} 整理" if source and item.get("from") else ""
        path = f"app{label[-1]}" if label.startswith("附录") else label
        kind = "annex" if label.startswith("附录") else "clause"
        nodes.append(Node(kind=kind, label=label, path=path, heading=item.get("heading", ""), paragraphs=[text] if text else [], table=None, marker=provenance))
    return nodes


def _persist_document(doc: ImportedDocument) -> None:
    work, created = upsert_work(doc.spec, has_text=True)
    version, changed = save_version(work, doc.spec, clause_nodes(doc.parsed), doc.original, doc.spec.text, doc.source_name)
    _ensure_page(work)
    doc.work, doc.version, doc.created, doc.changed = work, version, created, changed


def _persist_relations(documents: list[ImportedDocument]) -> None:
    by_key = {doc.spec.key: doc.work for doc in documents if doc.spec.key and doc.work}
    for doc in documents:
        for kind, other_key in doc.spec.relations:
            other = by_key.get(other_key) or Work.objects.filter(key=other_key).first()
            if other is None:
                raise ParseError(f"元数据中的关系指向不存在的文件标识「{other_key}」。")
            WorkRelation.objects.get_or_create(subject=doc.work, kind=kind, object=other)


def _persist_derived(spec: DocumentSpec) -> ImportedDocument:
    source_work = Work.objects.filter(key=spec.source).first() if spec.source else None
    source_version = source_work.versions.filter(is_current=True).first() if source_work else None
    work, created = upsert_work(spec, has_text=False)
    nodes = _derived_nodes(spec, source_version)
    text = "\n".join(f"{n.label} {n.heading}\n{n.text}" for n in nodes)
    source_name = f"据{book_title(source_work.title)}整理" if source_work else "元数据"
    version, changed = save_version(work, spec, nodes, text, text, source_name)
    if changed:
        for clause, node in zip(version.clauses.order_by("position"), nodes, strict=True):
            clause.note = node.marker
            clause.save(update_fields=["note"])
    _ensure_page(work)
    return ImportedDocument(spec=spec, parsed=ParsedDocument([], nodes), source_name=source_name, original=text, work=work, version=version, created=created, changed=changed)


def _progress(stdout: TextIO | None, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")
        stdout.flush()


def collect_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in SUPPORTED and not p.name.startswith(".")))
        elif path.exists():
            files.append(path)
        else:
            raise ParseError(f"找不到文件或目录：{path}")
    if not files:
        raise ParseError("没有找到可导入的文件（.txt、.md、.docx）。")
    return files


def import_paths(paths: list[Path], *, stage: str | None = None, dry_run: bool = False, stdout: TextIO | None = None) -> ImportReport:
    """Import files and folders (a folder's manifest.toml gives metadata). One transaction."""
    paths = [Path(p) for p in paths]
    files = collect_files(paths)
    manifests: dict[Path, dict[str, FileSpec]] = {}
    derived: list[DocumentSpec] = []
    for folder in {f.parent for f in files}:
        manifest = folder / MANIFEST_NAME
        if manifest.exists():
            manifests[folder] = load_manifest(manifest)
            if any(p.is_dir() and p.resolve() == folder.resolve() for p in paths):
                derived.extend(load_derived_works(manifest))
    report = ImportReport()
    # Parse every file before the transaction opens: reading and parsing take most of an
    # import's time and need no database, so the write lock is held only to persist.
    try:
        parsed: list[tuple[int, Path, list[ImportedDocument]]] = []
        for i, file in enumerate(files, start=1):
            file_spec = manifests.get(file.parent, {}).get(file.name)
            parsed.append((i, file, read_documents(file, file_spec, stage)))
        if dry_run:
            for i, file, docs in parsed:
                for doc in docs:
                    _progress(stdout, f"[{i}/{len(files)}] {file.name} → 《{doc.spec.title}》 {_clause_count(doc)} 条款")
                    _progress(stdout, render_tree(clause_nodes(doc.parsed)))
                report.documents.extend(docs)
            return report
        with transaction.atomic():
            for i, file, docs in parsed:
                for doc in docs:
                    _persist_document(doc)
                    state = "新建" if doc.created else ("新版本" if doc.changed else "未变化")
                    _progress(stdout, f"[{i}/{len(files)}] {file.name} → 《{doc.spec.title}》 {_clause_count(doc)} 条款 · {state}")
                report.documents.extend(docs)
            for spec in derived:
                doc = _persist_derived(spec)
                report.documents.append(doc)
                _progress(stdout, f"[派生] 《{spec.title}》 {len(spec.outline)} 条款 · {'新版本' if doc.changed else '未变化'}")
            _persist_relations(report.documents)
            batch: dict = {}  # one for the whole import: see content.signals
            for doc in report.documents:
                if doc.changed and doc.version is not None:
                    version_imported.send(sender=Version, version=doc.version, batch=batch)
    except ParseError as exc:
        raise ImportFailed(str(exc)) from exc
    return report


def _clause_count(doc: ImportedDocument) -> int:
    return sum(1 for _ in doc.parsed.walk()) + (1 if doc.parsed.preamble else 0)


def import_corpus(corpus_dir: Path | None = None, stdout: TextIO | None = None) -> list[Version]:
    """Import the founding corpus (corpus/ with its manifest); returns the versions it created."""
    return import_paths([corpus_dir or CORPUS_DIR], stdout=stdout).versions


def import_path(path: Path, *, stage: str | None = None, dry_run: bool = False, stdout: TextIO | None = None) -> ImportReport:
    return import_paths([Path(path)], stage=stage, dry_run=dry_run, stdout=stdout)


def render_tree(nodes: list[Node]) -> str:
    lines: list[str] = []

    def visit(node: Node, depth: int) -> None:
        text = re.sub(r"\s+", " ", node.text)[:40]
        lines.append(f"{'  ' * (depth + 1)}{node.path:<14} {node.label} {node.heading} {text}".rstrip())
        for child in node.children:
            visit(child, depth + 1)

    for node in nodes:
        visit(node, 0)
    return "\n".join(lines)

