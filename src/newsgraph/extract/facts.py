"""Facts: roles, positions, membership, leadership, birth, residence and location.

``newsgraph_facts`` reads the dependency parse with general patterns whose words
live in ``data/patterns.json``:

- "X was born in P in 1967" -> born_in, born_on;
- "X lived in the neighbourhood of N in C" -> resides_in (N and C), located_in (N, C);
- "wali of A, B and C", "the position of deputy to Y" -> position_held / deputy_of for
  every coordinated object, held by the subject that governs the title;
- "who assumed the leadership of O", "Y's leadership of O", "O leader Y" -> leader_of;
- "held several senior positions ... of O", "a senior O leader" -> member_of;
- "intelligence expert Y", "Y is a bomb-making expert" -> role (a literal).

Titles and appositions ("Korvikian Prime Minister X", "X, a spokesman for O"),
nationalities, places inside places and group membership are read by
``facts_titles``, ``facts_places`` and ``facts_groups`` (vocabulary in
``data/titles.json`` and ``data/demonyms.json``).

Every fact gets evidence (its sentence), the sentence's source, hedging, the rule
that made it (``extractor``) and a confidence: explicit patterns score higher than
guesses that reach across the sentence.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..nlp.entities.component import GROUP
from ..nlp.spans import mentions_in, positions, positions_of, within
from .context import Context, context_of
from .facts_common import EXPLICIT, GOOD, GUESS, FactDoc, indexed_tokens
from .facts_common import make_fact as _fact
from .facts_groups import group_facts
from .facts_places import located_facts
from .facts_titles import nationality_facts, title_facts


@Language.factory("newsgraph_facts", assigns=["doc._.ng_facts"], requires=["doc._.ng_context"])
def make_facts(nlp: Language, name: str) -> FactComponent:
    return FactComponent()


class FactComponent:
    def __call__(self, doc: Doc) -> Doc:
        ctx = context_of(doc)
        fd = FactDoc(ctx)
        found: list[dict[str, Any]] = []
        for sent in doc.sents:
            for extra in (title_facts, nationality_facts, located_facts, group_facts):
                found.extend(extra(fd, sent))
            rules = (
                self.birth,
                self.residence,
                self.located,
                self.titles_of,
                self.leadership,
                self.prenominal,
                self.positions_in,
                self.copula_role,
            )
            for rule in rules:
                found.extend(rule(ctx, sent))
        facts = list(doc._.ng_facts or [])
        seen = {_key(f) for f in facts}
        group_spans = [span for span in doc.spans.get("ng_mentions", []) if span.id_ == GROUP]
        groups = {span.kb_id_ for span in group_spans}
        # "Coalition forces" written with a capital inside a sentence: a body one can be a member of
        named = {span.kb_id_ for span in group_spans if span[0].is_title and not span[0].is_sent_start}
        for fact in found:
            if _key(fact) in seen or fact["subject"] == fact["object"]:
                continue
            obj = fact["object"] if isinstance(fact["object"], str) else None
            joins = fact["predicate"] == "member_of" and obj in named and fact["extractor"] == "facts.group"
            if fact["subject"] in groups or (obj in groups and not joins):
                continue  # "police", "federal investigators": actors of events, not holders of posts
            seen.add(_key(fact))
            facts.append({"id": f"f{len(facts) + 1}", **fact})
        doc._.ng_facts = facts
        return doc

    # rules ------------------------------------------------------------------------------

    def birth(self, ctx: Context, sent: Any) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for i in within(positions(ctx.doc, "lemma", ctx.patterns.life_lemmas), sent):
            token = ctx.doc[i]
            lemma = token.lemma_.lower()
            born = lemma in ctx.patterns.birth_lemmas and token.tag_ == "VBN"
            died = lemma in ctx.patterns.death_lemmas and token.pos_ == "VERB"
            if not (born or died):
                continue
            subject = ctx.subject_of(token, label="PERSON")
            if subject is None and token.dep_ in ("acl", "relcl", "appos", "parataxis", "advcl"):
                subject = ctx.entity_at(token.head)
            if subject is None and token.i > sent.start and ctx.doc[token.i - 1].text == "(":
                subject = ctx.nearest_before(token, "PERSON")  # "Anna Berg (born 12 May 1961)"
            if subject is None or ctx.types.get(subject) != "PERSON" or ctx.negated(token):
                continue
            objects = _clause_objects(token) + [c for c in token.children if c.ent_type_ == "DATE"]
            for obj in objects:
                eid = ctx.entity_at(obj)
                if born and eid is not None and ctx.types.get(eid) == "PLACE":
                    out.append(_fact(ctx, sent, "born_in", subject, eid, "facts.birth", EXPLICIT))
                elif obj.ent_type_ == "DATE":
                    date = {"value": _ent_text(obj)}
                    predicate = "born_on" if born else "died_on"
                    out.append(_fact(ctx, sent, predicate, subject, date, "facts.birth", EXPLICIT))
        return out

    def residence(self, ctx: Context, sent: Any) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for i in within(positions(ctx.doc, "lemma", ctx.patterns.residence_lemmas), sent):
            token = ctx.doc[i]
            if token.pos_ != "VERB":
                continue
            subject = ctx.subject_of(token)
            if subject is None or ctx.types.get(subject) not in ("PERSON", "ORG"):
                continue
            for obj in _clause_objects(token):
                eid = ctx.entity_at(obj)
                if eid is not None and ctx.types.get(eid) == "PLACE":
                    out.append(_fact(ctx, sent, "resides_in", subject, eid, "facts.residence", EXPLICIT))
        return out

    def located(self, ctx: Context, sent: Any) -> list[dict[str, Any]]:
        """'Town, Country' where the parser apposes the two (facts_places reads the rest)."""
        out: list[dict[str, Any]] = []
        for i in within(indexed_tokens(ctx), sent):
            inner = ctx.index[i]
            if ctx.types.get(inner) != "PLACE":
                continue
            if ctx.index.get(i + 1) == inner:
                continue  # only at the last token of a mention
            nxt = i + 1  # "N in C" is facts_places' (checked against the gazetteer)
            if nxt + 1 < sent.end and ctx.doc[nxt].text == "," and ctx.doc[nxt + 1].dep_ == "appos":
                outer = ctx.index.get(nxt + 1)
                if outer is not None and outer != inner and ctx.types.get(outer) == "PLACE":
                    out.append(_fact(ctx, sent, "located_in", inner, outer, "facts.located_in", GOOD))
        return out

    def titles_of(self, ctx: Context, sent: Any) -> list[dict[str, Any]]:
        """'wali of A, B and C', 'deputy to Y', 'the mayor of P': one fact per coordinated object."""
        out: list[dict[str, Any]] = []
        for i in within(positions(ctx.doc, "lower", ctx.patterns.title_words), sent):
            token = ctx.doc[i]
            title = token.lower_
            predicate = ctx.patterns.title_predicates.get(title)
            if predicate is None or not token.text.islower() or token.pos_ not in ("NOUN", "PROPN"):
                continue
            objects: list[str] = []
            for conj in token.children:  # "wali of A, B and C" parsed with B and C on the title
                if conj.dep_ == "conj" and conj.lower_ != title:
                    objects += [e for e in ctx.entities_at(conj) if ctx.types.get(e) == "PLACE"]
            preps = [c for c in token.children if c.dep_ == "prep"]
            if token.dep_ == "pobj" and token.head.head.lower_ in ctx.patterns.position_nouns:
                # "the position of deputy to Y": the parser hangs "to Y" on "position"
                preps += [c for c in token.head.head.children if c.dep_ == "prep" and c.i != token.head.i]
            for prep in preps:
                if prep.lower_ in ctx.patterns.title_prepositions:
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            objects += _objects_through(ctx, obj)
            objects = [o for o in objects if ctx.types.get(o) in ("PLACE", "ORG", "PERSON")]
            if not objects:
                continue
            holder = self._holder(ctx, token, exclude=set(objects))
            if holder is None:
                continue
            for obj in objects:
                kind = ctx.types.get(obj)
                if predicate == "deputy_of":
                    if kind in ("PERSON", "ORG"):
                        out.append(_fact(ctx, sent, "deputy_of", holder, obj, "facts.title_of", GOOD))
                elif predicate in ("leader_of", "spokesperson_of", "member_of") and kind == "ORG":
                    out.append(_fact(ctx, sent, predicate, holder, obj, "facts.title_of", GOOD))
                elif kind in ("PLACE", "ORG"):
                    qualifiers = {"title": title}
                    out.append(
                        _fact(ctx, sent, "position_held", holder, obj, "facts.title_of", GOOD, qualifiers)
                    )
        return out

    def _holder(self, ctx: Context, token: Any, *, exclude: set[str]) -> str | None:
        """Who holds a title: the apposed or governing person, else the nearest person before it."""
        head = token
        while (
            head.dep_ in ("conj", "pobj", "prep", "attr", "appos", "dobj", "compound")
            and head.head.i != head.i
        ):
            if head.dep_ == "appos":
                eid = ctx.entity_at(head.head)
                if eid is not None and ctx.types.get(eid) == "PERSON":
                    return eid
            head = head.head
            if head.pos_ in ("VERB", "AUX"):
                break
        holder = ctx.subject_of(token, label="PERSON")
        if holder is not None and holder not in exclude:
            return holder
        return ctx.nearest_before(token, "PERSON", exclude=exclude)

    def leadership(self, ctx: Context, sent: Any) -> list[dict[str, Any]]:
        """'assumed the leadership of O', "Y's leadership of O", 'Y leads O'."""
        out: list[dict[str, Any]] = []
        pat = ctx.patterns
        gates = (("lower", pat.leadership_nouns), ("lemma", pat.lead_verbs))
        for i in within(positions_of(ctx.doc, *gates), sent):
            token = ctx.doc[i]
            lemma = token.lemma_.lower()
            if token.lower_ in pat.leadership_nouns and token.pos_ == "NOUN":
                orgs = [
                    eid
                    for prep in token.children
                    if prep.dep_ == "prep" and prep.lower_ in pat.leadership_prepositions
                    for obj in prep.children
                    for eid in ctx.entities_at(obj)
                    if ctx.types.get(eid) == "ORG"
                ]
                if not orgs:
                    continue
                leader = None
                owners = [c for c in token.children if c.dep_ == "poss"]
                if owners:
                    leader = ctx.entity_at(owners[0])
                elif token.dep_ == "dobj" and token.head.lemma_.lower() in pat.leadership_verbs:
                    leader = ctx.subject_of(token.head, label="PERSON")
                if leader is not None and ctx.types.get(leader) == "PERSON":
                    for org in orgs:
                        out.append(_fact(ctx, sent, "leader_of", leader, org, "facts.leadership", EXPLICIT))
            elif lemma in pat.lead_verbs and token.pos_ == "VERB" and not ctx.negated(token):
                leader = ctx.subject_of(token, label="PERSON")
                for child in token.children:
                    if child.dep_ == "dobj" and leader is not None:
                        for org in ctx.entities_at(child):
                            if ctx.types.get(org) == "ORG":
                                out.append(
                                    _fact(ctx, sent, "leader_of", leader, org, "facts.leadership", GOOD)
                                )
        return out

    def prenominal(self, ctx: Context, sent: Any) -> list[dict[str, Any]]:
        """'O leader Y', 'intelligence expert Y', 'a senior O leader' (a description of a known person)."""
        out: list[dict[str, Any]] = []
        doc = ctx.doc
        for span in mentions_in(doc, sent):
            if span.label_ != "PERSON":
                continue
            person = span.kb_id_
            i = span.start - 1
            while i >= sent.start and doc[i].text in ("[", "]", "(", ")"):
                i -= 1
            if span.end - span.start == 1 and doc[span.start].pos_ == "NOUN":
                i = span.start  # a description noun that coreference linked: "a senior O leader"
                title_token = doc[i]
            elif i >= sent.start and doc[i].text.islower() and doc[i].pos_ == "NOUN":
                title_token = doc[i]
            else:
                continue
            title = title_token.lower_
            j = i - 1
            modifiers: list[Any] = []
            while j >= sent.start and doc[j].text != ",":
                t = doc[j]
                if t.text in ('"', "“", "”", "(", ")", "[", "]"):
                    j -= 1
                    continue
                if j not in ctx.index and t.pos_ not in ("NOUN", "ADJ", "PROPN"):
                    break
                modifiers.append(t)
                j -= 1
            orgs = [
                ctx.index[t.i]
                for t in modifiers
                if t.i in ctx.index and ctx.types.get(ctx.index[t.i]) == "ORG"
            ]
            places = [
                ctx.index[t.i]
                for t in modifiers
                if t.i in ctx.index and ctx.types.get(ctx.index[t.i]) == "PLACE"
            ]
            predicate = ctx.patterns.title_predicates.get(title)
            indefinite = (
                j >= sent.start
                and doc[j].lower_ in ("a", "an")
                or any(t.lower_ in ctx.patterns.member_adjectives for t in modifiers)
            )
            for org in dict.fromkeys(orgs):
                if predicate == "leader_of" and not indefinite:
                    out.append(_fact(ctx, sent, "leader_of", person, org, "facts.prenominal", GOOD))
                elif predicate == "spokesperson_of":
                    out.append(_fact(ctx, sent, "spokesperson_of", person, org, "facts.prenominal", GOOD))
                elif predicate is not None or title in ctx.patterns.role_nouns:
                    out.append(_fact(ctx, sent, "member_of", person, org, "facts.prenominal", GOOD))
            for place in dict.fromkeys(places):
                if predicate == "position_held":
                    qualifiers = {"title": title}
                    out.append(
                        _fact(ctx, sent, "position_held", person, place, "facts.prenominal", GOOD, qualifiers)
                    )
            words = [
                t
                for t in reversed(modifiers)
                if t.i not in ctx.index and (t.text.islower() or (t.is_sent_start and t.text[1:].islower()))
            ]
            if not orgs and not places and title in ctx.patterns.role_nouns and words and i != span.start:
                role = " ".join(t.text for t in [*words, title_token])
                out.append(_fact(ctx, sent, "role", person, {"value": role}, "facts.prenominal", GOOD))
        return out

    def positions_in(self, ctx: Context, sent: Any) -> list[dict[str, Any]]:
        """'X held several senior positions ... of O' -> member_of(X, O)."""
        out: list[dict[str, Any]] = []
        for i in within(positions(ctx.doc, "lower", ctx.patterns.position_nouns), sent):
            token = ctx.doc[i]
            if token.dep_ != "dobj":
                continue
            verb = token.head
            if verb.lemma_.lower() not in ctx.patterns.position_verbs:
                continue
            holder = ctx.subject_of(verb, label="PERSON")
            if holder is None:
                continue
            orgs = [
                ctx.index[t.i]
                for t in verb.subtree
                if t.i in ctx.index and ctx.types.get(ctx.index[t.i]) == "ORG" and t.dep_ == "pobj"
            ]
            for org in dict.fromkeys(orgs):
                out.append(_fact(ctx, sent, "member_of", holder, org, "facts.positions_in", GOOD))
        return out

    def copula_role(self, ctx: Context, sent: Any) -> list[dict[str, Any]]:
        """'X is a bomb-making expert' -> role(X, 'bomb-making expert')."""
        out: list[dict[str, Any]] = []
        for i in within(positions(ctx.doc, "lower", ctx.patterns.role_nouns), sent):
            token = ctx.doc[i]
            if token.dep_ != "attr" or token.head.lemma_ != "be":
                continue
            subject = ctx.subject_of(token.head, label="PERSON")
            if subject is None or ctx.negated(token.head):
                continue
            left = token.left_edge.i
            while left < token.i and ctx.doc[left].pos_ in ("DET", "PUNCT", "ADV"):
                left += 1
            if (
                any(t in ctx.index for t in range(left, token.i))
                or not ctx.doc[left : token.i + 1].text.islower()
            ):
                continue
            role = ctx.doc[left : token.i + 1].text
            out.append(_fact(ctx, sent, "role", subject, {"value": role}, "facts.copula_role", GUESS))
        return out


def _clause_objects(verb: Any) -> list[Any]:
    """Objects of prepositions under a verb, without entering other verbs' clauses."""
    out: list[Any] = []
    stack = list(verb.children)
    while stack:
        token = stack.pop()
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass"):
            continue
        if token.dep_ == "pobj":
            out.append(token)
        stack.extend(token.children)
    return sorted(out, key=lambda t: t.i)


def _objects_through(ctx: Context, token: Any) -> list[str]:
    """The entities of a preposition's object, looking through 'the provinces of A, B and C'."""
    found = ctx.entities_at(token)
    if found:
        return found
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "to"):
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    found += _objects_through(ctx, obj)
    for conj in token.children:
        if conj.dep_ == "conj":
            found += _objects_through(ctx, conj)
    return list(dict.fromkeys(found))


def _ent_text(token: Any) -> str:
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return str(ent.text)
    return str(token.text)


def _key(fact: dict[str, Any]) -> tuple[str, str, str, str]:
    obj = fact["object"]
    target = obj["value"] if isinstance(obj, dict) else obj
    return (fact["predicate"], fact["subject"], str(target), str(fact["qualifiers"].get("title", "")))
