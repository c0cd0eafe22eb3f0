"""The Python API under the CLI: documents in, contract JSON out."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .document import Document
from .extract.output import doc_to_json
from .nlp.pipeline import build_nlp, register_extensions
from .schema import ExtractionJSON


def extract_documents(
    documents: Iterable[Document],
    *,
    nlp: Any | None = None,
    n_process: int = 1,
    batch_size: int = 16,
    on_done: Callable[[Document], None] | None = None,
) -> Iterator[ExtractionJSON]:
    """Run the pipeline over documents, yielding one result per document in input order."""
    nlp = nlp if nlp is not None else build_nlp()
    register_extensions()

    def prepared(document: Document) -> tuple[Any, Document]:
        doc = nlp.make_doc(document.text)
        doc._.ng_published = document.published
        return doc, document

    pairs = (prepared(d) for d in documents)
    for doc, document in nlp.pipe(pairs, as_tuples=True, n_process=n_process, batch_size=batch_size):
        if on_done is not None:
            on_done(document)
        yield doc_to_json(doc, document)


def extract_text(text: str, *, published: str | None = None, nlp: Any | None = None) -> ExtractionJSON:
    """Extract one plain text (a convenience for tests and notebooks)."""
    document = Document.create(text, published=published)
    return next(extract_documents([document], nlp=nlp))
