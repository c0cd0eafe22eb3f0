"""Events typed with PLOVER: trigger, arguments, place, time, source, hedging, negation.

``newsgraph_events`` finds verbal triggers ("arrested", "was killed") and nominal
ones ("the arrest", "the battle of X", "offensives to control A, B and C") from
the trigger table in ``data/patterns.json``, and reads their arguments from the
parse:

- verbs: subject -> actor, object -> target, passive subject -> target, "by X" ->
  actor, "between X and Y" -> actor, "in co-ordination with X" -> partner;
- nouns: "of X" -> target (or place for a battle), "X's arrest" -> target,
  "attacks on X" -> target, "by X" -> actor, places anywhere under the trigger;
- "X oversaw / led / commanded <event>" -> commander X; "X was involved in
  <event>" -> participant X; a subject the trigger lacks is taken from the clause
  that governs it ("assigned to conduct negotiations").

Mentions of one event in a document ("has been arrested" ... "The arrest took
place months ago" ... "his arrest") become one event whose arguments and time
come from whichever mention states them. Time expressions are attached to the
trigger they modify, so the date a claim was made is not the date of the event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..schema import TimeJSON
from .context import CONTEXT_KEY, Context
from .time import find_times

HAPPEN_VERBS = frozenset({"take", "happen", "occur", "come", "begin", "end"})


@dataclass(slots=True)
class Event:
    type: str
    mode: str | None
    trigger: Any
    sent: Any
    arguments: list[tuple[str, str]] = field(default_factory=list)
    time: TimeJSON | None = None
    negated: bool = False
    nominal: bool = False

    def add(self, role: str, entity: str | None) -> None:
        if entity is not None and (role, entity) not in self.arguments:
            self.arguments.append((role, entity))

    def role(self, name: str) -> set[str]:
        return {e for r, e in self.arguments if r == name}


@Language.factory("newsgraph_events", assigns=["doc._.ng_events"], requires=["doc.spans", "token.dep"])
def make_events(nlp: Language, name: str) -> EventComponent:
    return EventComponent()


class EventComponent:
    def __call__(self, doc: Doc) -> Doc:
        ctx = Context.of(doc)
        doc.user_data.pop(CONTEXT_KEY, None)  # the last reader: keep the Doc serialisable
        published = doc._.ng_published
        events: list[Event] = []
        for sent in doc.sents:
            times = (
                find_times(sent, published=published) if any(e.label_ == "DATE" for e in sent.ents) else []
            )
            for token in sent:
                event = self.trigger(ctx, token)
                if event is None:
                    continue
                self.arguments(ctx, event)
                event.time = _time_for(token, times)
                if not self._plausible(ctx, event):
                    continue
                events.append(event)
        merged = [e for e in _merge(events) if e.arguments or _unnamed_participants(e.trigger)]
        doc._.ng_events = [self.to_json(ctx, n, event) for n, event in enumerate(merged, start=1)]
        return doc

    def trigger(self, ctx: Context, token: Any) -> Event | None:
        pat = ctx.patterns
        lemma = token.lemma_.lower()
        entry = pat.event_triggers.get(lemma) or pat.event_triggers.get(token.lower_)
        if entry is None or token.i in ctx.index:
            return None
        if token.text[:1].isupper() and not token.is_sent_start:
            return None  # part of a name: "the Strategic Framework Agreement"
        verbal = token.pos_ == "VERB"
        nominal = token.pos_ in ("NOUN", "PROPN")
        key = lemma if lemma in pat.event_triggers else token.lower_
        if not (verbal or nominal) or (verbal and key in pat.nominal_only_triggers):
            return None
        if nominal and key in pat.verbal_only_triggers:
            return None
        kind, mode = entry
        text = token.sent.text.lower()
        for context_mode, words in pat.mode_context.items():
            if kind == "ASSAULT" and any(w in text for w in words):
                mode = context_mode
                break
        negated = ctx.negated(token) or (
            token.head.lemma_.lower() in pat.denial_verbs and token.dep_ != "ROOT"
        )
        return Event(kind, mode, token, token.sent, negated=negated, nominal=nominal)

    def arguments(self, ctx: Context, event: Event) -> None:
        token = event.trigger
        pat = ctx.patterns
        if event.nominal:
            self._nominal(ctx, event)
        else:
            self._verbal(ctx, event)
        # places under the trigger, and partners named by a phrase anywhere in the clause
        for t in _clause(token):
            if t.dep_ == "pobj" and t.head.lower_ in pat.place_prepositions:
                for eid in ctx.entities_at(t):
                    if ctx.types.get(eid) == "PLACE":
                        event.add("place", eid)
        for t in token.subtree:
            for phrase in pat.partner_phrases:
                end = _phrase_at(ctx.doc, t.i, phrase)
                if end is not None:
                    obj = _first_entity(ctx, end, t.sent.end)
                    if obj is not None:
                        event.add("partner", obj)
        if event.nominal and not event.role("place"):
            for eid in _places_after(ctx, token):
                event.add("place", eid)
        # commander and participant from a governing verb, or from one shortly before the trigger
        node = token
        for _ in range(6):
            if node.head.i == node.i:
                break
            node = node.head
            if node.pos_ == "VERB" and node.lemma_.lower() in pat.commander_verbs:
                event.add("commander", ctx.subject_of(node))
                return
            if any(_phrase_at(ctx.doc, node.i, p) is not None for p in pat.participation_phrases):
                event.add("participant", ctx.subject_of(node))
                return
            if node.pos_ == "VERB" and node.lemma_.lower() not in ("use",):
                break
        if event.nominal:
            for i in range(token.i - 1, max(token.sent.start, token.i - 12) - 1, -1):
                t = ctx.doc[i]
                if t.pos_ == "VERB" and t.lemma_.lower() in pat.commander_verbs:
                    event.add("commander", ctx.subject_of(t))
                    return
                if any(_phrase_at(ctx.doc, i, p) is not None for p in pat.participation_phrases):
                    event.add("participant", ctx.subject_of(t))
                    return
                if t.pos_ == "VERB":
                    return

    def _verbal(self, ctx: Context, event: Event) -> None:
        token = event.trigger
        has_subject = False
        # "saw the group defeated": a bare past participle's subject undergoes the event
        passive_like = token.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in token.children)
        for child in token.children:
            dep = child.dep_
            if dep == "nsubj" and passive_like:
                has_subject = True
                for eid in ctx.entities_at(child):
                    event.add("target", eid)
            elif dep == "nsubj":
                has_subject = True
                event.add("actor", None)
                for eid in self._group(ctx, child):
                    event.add("actor", eid)
            elif dep == "nsubjpass":
                has_subject = True
                for eid in ctx.entities_at(child):
                    event.add("target", eid)
            elif dep == "dobj":
                for eid in ctx.entities_at(child):
                    if ctx.types.get(eid) in ("PERSON", "ORG"):
                        event.add("target", eid)
            elif dep == "agent":
                for obj in child.children:
                    for eid in ctx.entities_at(obj):
                        event.add("actor", eid)
            elif dep == "prep" and child.lower_ in ("with", "between", "against"):
                role = {"with": "target" if event.type == "CONSULT" else "partner", "between": "actor"}.get(
                    child.lower_, "target"
                )
                for obj in child.children:
                    for eid in ctx.entities_at(obj):
                        if ctx.types.get(eid) in ("PERSON", "ORG"):
                            event.add(role, eid)
        if not has_subject:
            event.add("actor", ctx.subject_of(token))

    def _group(self, ctx: Context, subject: Any) -> list[str]:
        """The entities of a subject; an unresolved 'they' is the people named before it."""
        found = ctx.entities_at(subject)
        if found or subject.lower_ not in ctx.lex.plural_pronouns:
            return found
        people = [
            ctx.index[i]
            for i in range(subject.sent.start, subject.i)
            if i in ctx.index and ctx.types.get(ctx.index[i]) == "PERSON"
        ]
        return list(dict.fromkeys(people))

    def _nominal(self, ctx: Context, event: Event) -> None:
        token = event.trigger
        harms = event.type in ("COERCE", "ASSAULT", "SANCTION", "THREATEN", "ACCUSE")
        for child in token.children:
            dep = child.dep_
            if dep == "poss":
                for eid in ctx.entities_at(child):
                    event.add("target" if harms else "actor", eid)
            elif dep == "compound" and child.i in ctx.index:
                eid = ctx.index[child.i]
                if ctx.types.get(eid) in ("ORG", "PERSON"):
                    event.add("actor", eid)
            elif dep == "prep":
                prep = child.lower_
                for obj in child.children:
                    if obj.dep_ != "pobj":
                        continue
                    for eid in ctx.entities_at(obj):
                        kind = ctx.types.get(eid)
                        if kind == "PLACE":
                            event.add("place", eid)
                        elif prep in ("of", "on", "against") and harms:
                            event.add("target", eid)
                        elif prep == "by":
                            event.add("actor", eid)
                        elif prep in ("between", "with", "of"):
                            event.add("actor" if prep == "between" else "participant", eid)
        if token.dep_ in ("nsubj", "nsubjpass") and token.head.lemma_.lower() not in HAPPEN_VERBS:
            return
        if not event.role("actor") and token.dep_ in ("dobj", "pobj"):
            verb = token.head if token.dep_ == "dobj" else token.head.head
            if verb.pos_ == "VERB" and verb.lemma_.lower() not in ctx.patterns.commander_verbs:
                subject = ctx.subject_of(verb)
                if subject is not None and verb.lemma_.lower() not in ("involve",):
                    event.add("actor", subject)

    def _plausible(self, ctx: Context, event: Event) -> bool:
        """ "Released a photo" is not a release: some triggers are events only when their
        object is not a thing (a media item, a document)."""
        token = event.trigger
        if token.lemma_.lower() not in ctx.patterns.needs_person_target:
            return True
        objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
        return not any(o.lemma_.lower() in ctx.patterns.thing_objects for o in objects)

    def to_json(self, ctx: Context, n: int, event: Event) -> dict[str, Any]:
        token = event.trigger
        sent = event.sent
        explicit = bool(event.role("actor") or event.role("target"))
        return {
            "id": f"v{n}",
            "type": event.type,
            "mode": event.mode,
            "trigger": {"start": token.idx, "end": token.idx + len(token.text), "text": token.text},
            "arguments": [{"role": r, "entity": e} for r, e in event.arguments],
            "time": event.time,
            "source": ctx.source(sent),
            "hedged": ctx.hedged(sent),
            "negated": event.negated,
            "evidence": ctx.evidence(sent),
            "confidence": 0.8 if explicit else 0.6,
            "extractor": "newsgraph_events." + ("nominal" if event.nominal else "verbal"),
        }


def _clause(token: Any) -> list[Any]:
    """Tokens under a trigger, without entering other verbs' clauses (a nominal's 'to control X' stays)."""
    out: list[Any] = []
    stack = list(token.children)
    while stack:
        t = stack.pop()
        if t.pos_ == "VERB" and t.dep_ in ("ccomp", "advcl", "conj", "parataxis", "relcl"):
            continue
        out.append(t)
        stack.extend(t.children)
    return out


def _unnamed_participants(trigger: Any) -> bool:
    """A verbal trigger whose subject or object is a common noun or a number ("a man was killed",
    "police arrested three men") reports an event even when no participant is named."""
    if trigger.pos_ != "VERB":
        return False
    return any(
        c.dep_ in ("nsubj", "nsubjpass", "dobj") and (c.pos_ in ("NOUN", "NUM") or c.like_num)
        for c in trigger.children
    )


def _phrase_at(doc: Any, i: int, phrase: tuple[str, ...]) -> int | None:
    """The token index after `phrase` when it starts at token i ("co-ordination" may be 3 tokens)."""
    if doc[i].lower_ != phrase[0] and not phrase[0].startswith(doc[i].lower_):
        return None  # the cheap test first: this runs for every token under every trigger
    text = " ".join(phrase)
    start = doc[i].idx
    window = doc[i : i + 3 * len(phrase) + 2]
    if not window.text.lower().startswith(text):
        return None
    end_char = start + len(text)
    for t in window:
        if t.idx >= end_char:
            return int(t.i)
    return None


def _places_after(ctx: Context, token: Any) -> list[str]:
    """Places named right after a nominal trigger when the parse hangs them elsewhere:
    "attacks and bombings in the last decade in A, B and C province", "offensives to control A and B"."""
    out: list[str] = []
    pat = ctx.patterns
    sent_end = token.sent.end
    i = token.i + 1
    while i < min(sent_end, token.i + 16):
        t = ctx.doc[i]
        if t.pos_ == "VERB" and not (i >= 1 and ctx.doc[i - 1].lower_ == "to"):
            break
        if t.i != token.i and (t.lemma_.lower() in pat.event_triggers and t.dep_ != "conj"):
            break
        eid = ctx.index.get(i)
        prev = ctx.doc[i - 1].lower_
        placed = prev in pat.place_prepositions or prev == "the" or t.dep_ in ("dobj", "pobj", "conj", "poss")
        if eid is not None and ctx.types.get(eid) == "PLACE" and placed:
            for found in [eid, *ctx.entities_at(t)]:
                if ctx.types.get(found) == "PLACE" and found not in out:
                    out.append(found)
        i += 1
    return out


def _first_entity(ctx: Context, start: int, end: int) -> str | None:
    for i in range(start, min(end, start + 8)):
        if i in ctx.index:
            return ctx.index[i]
    return None


def _time_for(trigger: Any, times: list[tuple[Any, TimeJSON]]) -> TimeJSON | None:
    """The time expression that modifies this trigger (or the 'took place' verb it is subject of)."""
    anchors = {trigger.i}
    if trigger.dep_ in ("nsubj", "nsubjpass") and trigger.head.lemma_.lower() in HAPPEN_VERBS:
        anchors.add(trigger.head.i)
    for span, value in times:
        node = span.root
        for _ in range(4):
            if node.i in anchors:
                return value
            if node.head.i == node.i or (node.pos_ == "VERB" and node.i != span.root.i):
                break
            node = node.head
    return None


def _merge(events: list[Event]) -> list[Event]:
    """One event per real-world event: later mentions with the same type join an earlier one
    when they share a target, or when they name no participants of their own."""
    out: list[Event] = []
    for event in events:
        host = None
        for earlier in out:
            if (earlier.type, earlier.mode) != (event.type, event.mode) or earlier.negated != event.negated:
                continue
            shared = earlier.role("target") & event.role("target")
            bare = not event.role("place") and not (event.role("actor") - earlier.role("actor"))
            if shared or (bare and not event.role("target")):
                host = earlier
        if host is None:
            out.append(event)
            continue
        for role, entity in event.arguments:
            host.add(role, entity)
        if host.time is None:
            host.time = event.time
    return out
