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

from ..nlp.spans import in_regions, lower_words, positions_of, span_ents, within
from ..schema import TimeJSON
from .context import Context, context_of
from .events_args import (
    court_entry,
    court_target,
    court_verb,
    group_entities,
    present_state_time,
    speaker_actor,
)
from .events_merge import anaphoric_times, hedged, merge, place_relative_times, targets_of_reported
from .events_time import RelativeTime, relative_for, time_for
from .time import find_times


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
    hedged: bool = False
    relative: RelativeTime | None = None
    mentions: list[int] = field(default_factory=list)

    def add(self, role: str, entity: str | None) -> None:
        if entity is not None and (role, entity) not in self.arguments:
            self.arguments.append((role, entity))

    def role(self, name: str) -> set[str]:
        return {e for r, e in self.arguments if r == name}


@Language.factory("newsgraph_events", assigns=["doc._.ng_events"], requires=["doc._.ng_context"])
def make_events(nlp: Language, name: str) -> EventComponent:
    return EventComponent()


class EventComponent:
    def __init__(self) -> None:
        self._states: frozenset[int] = frozenset()  # tokens of countries acting as states, per Doc
        self._datelines: dict[int, str] = {}  # dateline mention start -> its entity, per Doc
        self._words_of: tuple[int, frozenset[str]] = (-1, frozenset())  # (sentence start, its words)

    def __call__(self, doc: Doc) -> Doc:
        ctx = context_of(doc)
        self._states = _state_tokens(doc)
        self._datelines = _dateline_entities(doc)
        self._words_of = (-1, frozenset())
        published = doc._.ng_published
        events: list[Event] = []
        pat = ctx.patterns
        starts = positions_of(doc, ("lemma", pat.trigger_lemmas), ("lower", pat.trigger_words))
        for sent in doc.sents:
            times = (
                find_times(sent, published=published)
                if any(e.label_ == "DATE" for e in span_ents(sent))
                else []
            )
            found: list[Event] = []
            for i in within(starts, sent):  # the tokens whose word may start an event
                token = doc[i]
                event = self.trigger(ctx, token)
                if event is None:
                    continue
                self.arguments(ctx, event)
                happen, perform = ctx.patterns.happen_verbs, ctx.patterns.perform_verbs
                event.time = time_for(token, times, happen_verbs=happen, perform_verbs=perform)
                event.time = event.time or present_state_time(ctx.patterns, token, published)
                # "Days later, X was killed ... and Y was found hiding": a conjoined clause's time
                told = token.head if token.dep_ == "conj" and token.head.pos_ == "VERB" else None
                if event.time is None and told is not None:
                    event.time = time_for(told, times, happen_verbs=happen, perform_verbs=perform)
                if event.time is None:
                    event.relative = relative_for(token, happen_verbs=happen, perform_verbs=perform)
                if event.time is None and event.relative is None and told is not None:
                    event.relative = relative_for(told, happen_verbs=happen, perform_verbs=perform)
                event.hedged = ctx.hedged(sent) or hedged(ctx, token)
                event.mentions.append(token.i)
                if not self._plausible(ctx, event):
                    continue
                found.append(event)
            targets_of_reported(found)
            events.extend(found)
        merged = merge(events)
        anaphoric_times(merged)
        place_relative_times(merged)  # against any mention, even one that names no participant
        # an event that names no one is kept when its clause reports unnamed people ("a man was
        # killed"), but not inside a quotation, where it is mostly intent or rhetoric ("this attack
        # only redoubles our resolve to fight")
        merged = [
            e
            for e in merged
            if e.arguments or (_unnamed_participants(e.trigger) and not in_regions(e.trigger.i, ctx.quotes))
        ]
        doc._.ng_events = [self.to_json(ctx, n, event) for n, event in enumerate(merged, start=1)]
        return doc

    def _sent_words(self, sent: Any) -> frozenset[str]:
        """The lower-case words of a sentence, read once per sentence."""
        if self._words_of[0] != sent.start:
            self._words_of = (sent.start, frozenset(t.lower_ for t in sent))
        return self._words_of[1]

    def trigger(self, ctx: Context, token: Any) -> Event | None:
        pat = ctx.patterns
        lemma = token.lemma_.lower()
        entry = pat.event_triggers.get(lemma) or pat.event_triggers.get(token.lower_)
        key = lemma if lemma in pat.event_triggers else token.lower_
        if entry is None and court_verb(pat, lemma):
            entry, key = court_entry(pat, token), lemma  # "held in prison", "awaits trial"
        if entry is None and lemma not in pat.context_triggers:
            return None  # most tokens: no trigger word, and no sentence to read
        sent_words = self._sent_words(token.sent)
        if entry is None and lemma in pat.context_triggers and sent_words & pat.violence_words:
            entry, key = pat.context_triggers[lemma], lemma  # "died" in a report of violence
        if entry is None or token.i in ctx.index:
            return None
        if token.text[:1].isupper() and not token.is_sent_start:
            return None  # part of a name: "the Strategic Framework Agreement"
        verbal = token.pos_ == "VERB"
        if verbal and token.dep_ == "amod" and token.head.lemma_.lower() not in pat.event_triggers:
            return None  # "charging papers", "fighting positions": a verb form describing a thing
        nominal = token.pos_ in ("NOUN", "PROPN") or (key in pat.context_triggers and token.pos_ == "ADJ")
        if not (verbal or nominal) or (verbal and key in pat.nominal_only_triggers):
            return None
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in token.children):
            return None  # "if he is convicted": not an event that happened
        if nominal and token.dep_ == "pobj" and token.head.head.lemma_.lower() in pat.custody_verbs:
            return None  # "kept X in custody": the verb tells the event
        performed = token.dep_ == "dobj" and token.head.lemma_.lower() in pat.perform_verbs
        if nominal and key in pat.verbal_only_triggers and not performed:
            return None  # "strike" is a labour strike unless someone "conducted" it
        if (
            nominal
            and token.dep_ in ("compound", "amod")
            and token.head.lemma_.lower() not in pat.event_triggers
        ):
            return None  # "fighting positions", "bombing suspect": a modifier of a thing or a person
        kind, mode = entry
        if key in pat.law_enforcement_triggers and sent_words & pat.law_enforcement_words:
            kind, mode = pat.law_enforcement_triggers[key]
        text = token.sent.text.lower()
        for context_mode, words in pat.mode_context.items():
            if kind == "ASSAULT" and key not in pat.context_triggers and any(w in text for w in words):
                mode = context_mode
                break
        negated = ctx.negated(token) or (
            token.head.lemma_.lower() in pat.denial_verbs and token.dep_ != "ROOT"
        )
        if key in pat.negated_triggers and (
            negated or any(ctx.negated(c) for c in token.children if c.dep_ in ("acomp", "oprd", "dobj"))
        ):
            (kind, mode), negated = pat.negated_triggers[key], False  # "pleaded not guilty"
        return Event(kind, mode, token, token.sent, negated=negated, nominal=nominal)

    def arguments(self, ctx: Context, event: Event) -> None:
        token = event.trigger
        pat = ctx.patterns
        if event.nominal:
            self._nominal(ctx, event)
        else:
            self._verbal(ctx, event)
        # places under the trigger, and partners named by a phrase anywhere in the clause
        for t in _clause(token, stop=pat.event_triggers):
            if t.dep_ == "pobj" and t.head.lower_ in pat.place_prepositions:
                for eid in ctx.entities_at(t):
                    if ctx.types.get(eid) == "PLACE":
                        event.add("place", eid)
        lows = lower_words(ctx.doc)
        for t in token.subtree:
            for phrase in pat.partner_phrases:
                end = _phrase_at(ctx.doc, t.i, phrase, lows)
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
            if any(_phrase_at(ctx.doc, node.i, p, lows) is not None for p in pat.participation_phrases):
                if not any(
                    ctx.negated(n) for n in [node, *list(node.ancestors)[:3]]
                ):  # "not charged with taking part in"
                    event.add("participant", ctx.subject_of(node))
                return
            if node.pos_ == "VERB" and node.lemma_.lower() not in pat.pass_through_verbs:
                break
        if event.nominal:
            for i in range(token.i - 1, max(token.sent.start, token.i - 12) - 1, -1):
                t = ctx.doc[i]
                if t.pos_ == "VERB" and t.lemma_.lower() in pat.commander_verbs:
                    event.add("commander", ctx.subject_of(t))
                    return
                if any(_phrase_at(ctx.doc, i, p, lows) is not None for p in pat.participation_phrases):
                    event.add("participant", ctx.subject_of(t))
                    return
                if t.pos_ == "VERB":
                    return

    def _verbal(self, ctx: Context, event: Event) -> None:
        token = event.trigger
        pat = ctx.patterns
        has_subject = False
        # "saw the group defeated": a bare past participle's subject undergoes the event
        passive_like = token.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in token.children)
        # "X died": for an event read from its outcome, the subject is the one it befell
        lemma = token.lemma_.lower()
        passive_like = passive_like or lemma in pat.context_triggers
        for child in token.children:
            dep = child.dep_
            if dep == "nsubj" and (passive_like or lemma in pat.court_state_verbs):
                has_subject = True
                for eid in ctx.entities_at(child):
                    if lemma not in pat.court_state_verbs or ctx.types.get(eid) != "PLACE":
                        event.add("target", eid)
            elif dep == "nsubj":
                has_subject = True
                event.add("actor", None)
                for eid in self._group(ctx, child):
                    event.add("actor", eid)
            elif dep == "nsubjpass":
                has_subject = True
                for eid in ctx.entities_at(child):
                    # "Korvik has been liberated": a fight's place, not its target
                    fought_over = event.type == "FIGHT" and ctx.types.get(eid) == "PLACE"
                    event.add("place" if fought_over else "target", eid)
            elif dep == "dobj":
                for eid in group_entities(ctx, child):
                    if self._agentive(ctx, eid, child):
                        event.add("target", eid)
                    elif event.type == "FIGHT" and ctx.types.get(eid) == "PLACE":
                        event.add("place", eid)  # "forces retook Baiji"
            elif dep == "agent":
                for obj in child.children:
                    for eid in ctx.entities_at(obj):
                        event.add("actor", eid)
            elif dep == "prep" and child.lower_ in pat.verbal_preposition_roles:
                by_type = pat.verbal_preposition_roles_by_type.get(event.type, {})
                role = by_type.get(child.lower_) or pat.verbal_preposition_roles[child.lower_]
                for obj in child.children:
                    for eid in group_entities(ctx, obj):
                        if self._agentive(ctx, eid, obj):
                            event.add(role, eid)
        court = court_verb(pat, lemma)
        if court and not event.role("target"):
            for eid in court_target(ctx, token):
                if eid not in event.role("actor"):
                    event.add("target", eid)  # "ordered X held", "held in prison awaiting trial"
        if not has_subject and not court:
            event.add("actor", ctx.subject_of(token))
        if event.type in pat.speech_event_types and not event.role("actor"):
            event.add("actor", speaker_actor(ctx, token))  # "I commend X", "our resolve ... condemning"

    def _agentive(self, ctx: Context, eid: str, phrase: Any) -> bool:
        """A person, an organisation, or a country named in `phrase` as a state acting or
        acted upon ("sanctions against Norland", "Norland's strikes"): an actor or a target."""
        if ctx.types.get(eid) in ("PERSON", "ORG"):
            return True
        return any(t.i in self._states and ctx.index.get(t.i) == eid for t in phrase.subtree)

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
        pat = ctx.patterns
        harms = event.type in pat.harm_event_types
        for child in token.children:
            dep = child.dep_
            if dep == "poss":
                for eid in ctx.entities_at(child):
                    event.add("target" if harms else "actor", eid)
            elif dep == "compound" and child.i in ctx.index:
                eid = ctx.index[child.i]
                if self._agentive(ctx, eid, child):
                    event.add("actor", eid)
            elif dep == "prep":
                prep = child.lower_
                for obj in child.children:
                    if obj.dep_ != "pobj":
                        continue
                    for eid in ctx.entities_at(obj):
                        if ctx.types.get(eid) == "PLACE" and not self._agentive(ctx, eid, obj):
                            event.add("place", eid)
                            continue
                        role = (pat.nominal_harm_preposition_roles.get(prep) if harms else None) or (
                            pat.nominal_preposition_roles.get(prep)
                        )
                        if role is not None:
                            event.add(role, eid)
        if token.dep_ in ("nsubj", "nsubjpass") and token.head.lemma_.lower() not in pat.happen_verbs:
            return
        if not event.role("actor") and token.dep_ in ("dobj", "pobj"):
            verb = token.head if token.dep_ == "dobj" else token.head.head
            # "X conducted strikes" -> actor X; "X condemned the attack" is no actor of it
            verb_lemma = verb.lemma_.lower()
            if verb.pos_ == "VERB" and verb_lemma not in pat.commander_verbs:
                subject = ctx.subject_of(verb)
                reacts = verb_lemma in pat.no_actor_verbs or verb_lemma in ctx.lex.reporting_verbs
                if subject is not None and not reacts:
                    event.add("actor", subject)

    def _plausible(self, ctx: Context, event: Event) -> bool:
        """ "Released a photo" is not a release: some triggers are events only when their
        object is not a thing (a media item, a document). "support himself": no one is
        their own target."""
        actors = event.role("actor")
        sent = event.sent
        filed = {e for i, e in self._datelines.items() if sent.start <= i < sent.end}
        event.arguments = [
            (r, e)
            for r, e in event.arguments
            if not (r == "target" and e in actors) and not (r != "place" and e in filed)
        ]
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
            "hedged": event.hedged or ctx.told_as_suspicion(event.type, event.role("actor")),
            "negated": event.negated,
            "evidence": ctx.evidence(sent),
            "confidence": 0.8 if explicit else 0.6,
            "extractor": "newsgraph_events." + ("nominal" if event.nominal else "verbal"),
        }


def _state_tokens(doc: Doc) -> frozenset[int]:
    """Tokens of the mentions flagged as a country acting as its state (``span.id_``)."""
    return frozenset(
        i for s in doc.spans.get("ng_mentions", []) if s.id_ == "state" for i in range(s.start, s.end)
    )


def _dateline_entities(doc: Doc) -> dict[int, str]:
    """Places of datelines ("KORVIK —" opening a paragraph, or in capitals after a headline),
    by mention start: where the report was filed, never who acted or was acted upon in the
    sentence it opens."""
    out: dict[int, str] = {}
    for span in doc.spans.get("ng_mentions", []):
        before = doc[span.start - 1] if span.start else None
        opens = before is None or before.is_space or "\n" in before.text_with_ws or span.text.isupper()
        if opens and span.end < len(doc) and doc[span.end].text in _DASHES:
            out[span.start] = span.kb_id_
    return out


_DASHES = frozenset({"—", "–", "-", "--"})


def _clause(token: Any, *, stop: Any = ()) -> list[Any]:
    """Tokens under a trigger, without entering other verbs' clauses (a nominal's 'to control X' stays)
    nor other events' phrases ("condemns the attack in X": X is the attack's place)."""
    out: list[Any] = []
    stack = list(token.children)
    while stack:
        t = stack.pop()
        if t.pos_ == "VERB" and t.dep_ in ("ccomp", "advcl", "conj", "parataxis", "relcl"):
            continue
        if t.pos_ == "NOUN" and t.dep_ != "conj" and t.lemma_.lower() in stop:
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


def _phrase_at(doc: Any, i: int, phrase: tuple[str, ...], lows: list[str] | None = None) -> int | None:
    """The token index after `phrase` when it starts at token i ("co-ordination" may be 3 tokens);
    `lows` is ``lower_words(doc)`` when the caller holds it."""
    low = (lows if lows is not None else lower_words(doc))[i]
    if low != phrase[0] and not phrase[0].startswith(low):
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
        purpose = i >= 1 and ctx.doc[i - 1].lower_ == "to"  # "offensives to retake A and B"
        if t.i != token.i and (t.lemma_.lower() in pat.event_triggers and t.dep_ != "conj") and not purpose:
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
