"""Every temporal expression of a text: the contract's top-level ``times`` list (TimeML TIMEX3).

The ``newsgraph_times`` component sets ``doc._.ng_times``: one dict per expression, in text
order, ``{"start", "end", "text", "type", "value", "precision", "anchored"}`` (SCHEMA.md).
``precision`` (day, month, year, decade) follows the shape of a DATE or TIME value and is
None for weeks, quarters, seasons, references and for durations and sets; ``anchored`` is
False when no publication date was known and the value keeps only what the text says
(``XXXX-05-20``).

The modules, in the order a Doc meets them:

- `timex_spans`: where the expressions are (spaCy's DATE and TIME entities cut the TimeML
  way, and patterns for what the NER leaves out);
- `timex_parse`: what each one states, word by word;
- `timex_value` (dates, times, sets) and `timex_units` (durations, counted points):
  the TIMEX3 type and value, against ``doc._.ng_published``;
- `timex_calendar`: calendar points and how they are written; `timex_vocabulary`: the
  word lists of ``data/timex_vocabulary.json``.

Besides the publication date, a value is anchored on what this module reads from the
sentence and the document: the tense of the verb the expression hangs on ("on Wednesday"
is the Wednesday before publication, "will meet on Wednesday" the one after), the last
calendar point of the document ("the following day"), the last one of the same sentence
("sales in September rose from a year earlier": September of the year before) and the
last quarter the document reported on ("net rose from a year ago": that quarter a year
before).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from spacy.language import Language

from ..schema import TimexJSON
from .timex_calendar import Point, precision_of
from .timex_parse import parse
from .timex_spans import candidate_spans, is_rate
from .timex_value import Anchors, Timex, resolve
from .timex_vocabulary import TimexVocabulary, load_timex_vocabulary

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["find_times", "times"]

_PAST_TAGS = frozenset({"VBD"})
_AUXILIARY = frozenset({"aux", "auxpass"})


@Language.component(
    "newsgraph_times",
    assigns=["doc._.ng_times"],
    requires=["doc.ents", "doc.sents", "token.dep"],
)
def times(doc: Doc) -> Doc:
    """Set ``doc._.ng_times``, anchored on ``doc._.ng_published`` (YYYY-MM-DD or None)."""
    doc._.ng_times = find_times(doc, published=doc._.ng_published)
    return doc


def find_times(doc: Doc, *, published: str | None) -> list[TimexJSON]:
    """The temporal expressions of a parsed Doc, in text order."""
    vocab = load_timex_vocabulary()
    anchor = _published_date(published)
    out: list[TimexJSON] = []
    reference: Point | None = None
    local: Point | None = None
    period: Point | None = None
    sentence_start = -1
    has_sentences = doc.has_annotation("SENT_START")
    for span in candidate_spans(doc, vocab):
        sent_start = span[0].sent.start if has_sentences else 0
        if sent_start != sentence_start:
            sentence_start, local = sent_start, None
        anchors = Anchors(
            anchor,
            tense=_tense(span, vocab),
            reference=reference,
            local=local,
            period=period,
            rate=is_rate(span, vocab),
        )
        parsed = parse(span.text, vocab=vocab)
        timex = resolve(parsed, anchors)
        if timex is None:
            continue
        out.append(_json(span, timex))
        if timex.point is not None:
            reference = timex.point
            if parsed.names_point:
                local = timex.point
            if timex.point.grain in {"quarter", "half"} and not any(u.shift for u in parsed.units):
                period = timex.point
    return out


def _published_date(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _json(span: Span, timex: Timex) -> TimexJSON:
    dated = timex.type in {"DATE", "TIME"}
    return {
        "start": span.start_char,
        "end": span.end_char,
        "text": span.text,
        "type": timex.type,
        "value": timex.value,
        "precision": precision_of(timex.value) if dated else None,
        "anchored": timex.anchored,
    }


# --------------------------------------------------------------------------- tense


def _tense(span: Span, vocab: TimexVocabulary) -> int:
    """-1 when the verb the expression hangs on is past, 1 when it points ahead ("will",
    "would", "is expected to", "plans", "as soon as"), 0 otherwise (a present tense says
    nothing either way)."""
    doc = span.doc
    before = " ".join(t.lower_ for t in doc[max(span.start - 3, 0) : span.start])
    if any(before.endswith(cue) for cue in vocab.future_cues):
        return 1
    verb: Token = span.root
    for _ in range(6):
        if verb.pos_ in {"VERB", "AUX"}:
            break
        if verb.head.i == verb.i:
            return 0
        verb = verb.head
    else:
        return 0
    auxiliaries = [child for child in verb.children if child.dep_ in _AUXILIARY]
    lowered = {child.lower_ for child in auxiliaries}
    if lowered & vocab.future_auxiliaries or verb.lemma_ in vocab.future_verbs:
        return 1
    if "to" in lowered and (verb.head.lemma_ in vocab.future_verbs or verb.head.lemma_ == "be"):
        had = any(c.dep_ in _AUXILIARY and c.lower_ == "had" for c in verb.head.children)
        return -1 if had else 1  # "is expected to close Friday"; "had been due to expire Friday"
    if verb.tag_ in _PAST_TAGS or any(child.tag_ in _PAST_TAGS for child in auxiliaries):
        return -1
    if verb.tag_ == "VBN" and lowered & {"has", "have", "had"}:
        return -1
    return 0
