"""What events do across their mentions: merging, hedging, reported targets, told-again times.

These steps read the `Event` records `extract/events.py` builds from each trigger, after
all triggers of a document are read: one event per real-world event (`merge`), an event
told as a suspicion (`hedged`), "X condemned the attack" naming the attack's actor as
target (`targets_of_reported`), and the times of an event told again or told relative to
another one (`anaphoric_times`, `place_relative_times`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..schema import TimeJSON
from .context import Context
from .events_time import place_relative

if TYPE_CHECKING:
    from .events import Event


def merge(events: list[Event]) -> list[Event]:
    """One event per real-world event: later mentions with the same type join an earlier one
    when they share a target, or when they name no participants of their own."""
    out: list[Event] = []
    for event in events:
        host = None
        for earlier in out:
            if (earlier.type, earlier.mode) != (event.type, event.mode) or earlier.negated != event.negated:
                continue
            if not _compatible(earlier.time, event.time):
                continue  # "raids early Monday" ... "arrested on Sunday": two events
            shared = earlier.role("target") & event.role("target")
            bare = not event.role("place") and not (event.role("actor") - earlier.role("actor"))
            # a bare verbal mention ("three soldiers were killed") tells an event of its own
            if shared or (bare and not event.role("target") and event.nominal):
                host = earlier
        if host is None:
            out.append(event)
            continue
        for role, entity in event.arguments:
            host.add(role, entity)
        if host.time is None or (event.time is not None and _finer(event.time, host.time)):
            host.time = event.time  # "last year's blast" ... "the April 15, 2013, bombing": the day
        if host.relative is None:
            host.relative = event.relative
        host.mentions.extend(event.mentions)
        host.hedged = host.hedged or (event.hedged and bool(event.role("actor")))
    return out


def _compatible(first: TimeJSON | None, second: TimeJSON | None) -> bool:
    """Two times that can be one event's: either is missing, or one value is a prefix of the other
    ("2013" and "2013-04-15"), so that a coarser mention does not split the event."""
    if first is None or second is None:
        return True
    a, b = first["value"], second["value"]
    if a is None or b is None:
        return a == b
    return a.startswith(b) or b.startswith(a)


def _finer(time: TimeJSON, than: TimeJSON) -> bool:
    return len(time["value"] or "") > len(than["value"] or "")


def hedged(ctx: Context, trigger: Any) -> bool:
    """An event told as a suspicion: "accused of carrying out the attack", "the suspected
    bombers", "allegedly killed", "may have killed"."""
    pat = ctx.patterns
    node = trigger
    for _ in range(4):
        if node.lemma_.lower() in pat.hedge_heads and node.i != trigger.i:
            return True
        if node.head.i == node.i:
            break
        node = node.head
    if any(c.lower_ in pat.hedge_modals for c in trigger.children if c.dep_ == "aux"):
        return any(c.lower_ == "have" for c in trigger.children if c.dep_ == "aux")
    for child in trigger.children:
        if child.dep_ not in ("nsubj", "nsubjpass", "dobj", "agent", "advmod", "amod", "compound", "poss"):
            continue
        for t in child.subtree:
            if t.lower_ in pat.hedge_modifiers and t.dep_ in ("amod", "advmod", "compound"):
                return True
    # "bombing suspect": the trigger modifies a suspect noun
    return trigger.dep_ == "compound" and trigger.head.lemma_.lower() in pat.hedge_modifiers


def targets_of_reported(events: list[Event]) -> None:
    """ "X condemned the Tarn Front attack": the condemnation's target is the attack's actor."""
    by_token = {e.trigger.i: e for e in events}
    for event in events:
        if event.type not in ("ACCUSE", "SUPPORT") or event.nominal or event.role("target"):
            continue
        for child in event.trigger.children:
            inner = by_token.get(child.i) if child.dep_ == "dobj" else None
            if inner is not None and inner.type in ("ASSAULT", "COERCE", "FIGHT"):
                for eid in inner.role("actor"):
                    if eid not in event.role("actor"):
                        event.add("target", eid)


def anaphoric_times(events: list[Event]) -> None:
    """ "the attack" told again without a date of its own is the event of that type told
    before with one ("the April 15 attack ... three days after the bombing")."""
    for event in events:
        trigger = event.trigger
        definite = any(c.dep_ == "det" and c.lower_ == "the" for c in trigger.children)
        if event.time is not None or event.relative is not None or not (event.nominal and definite):
            continue
        told_before = [
            e for e in events if e.type == event.type and e.time is not None and min(e.mentions) < trigger.i
        ]
        if told_before:
            event.time = max(told_before, key=lambda e: min(e.mentions)).time


def place_relative_times(events: list[Event]) -> None:
    """Place "three days after the bombing" and "Days later" on the referenced event's time."""
    for event in events:
        if event.time is not None or event.relative is None:
            continue
        relative = event.relative
        reference = None
        if relative.reference is not None:
            reference = next((e for e in events if relative.reference in e.mentions), None)
        else:
            told_before = [
                e
                for e in events
                if e is not event and e.time is not None and min(e.mentions) < event.trigger.i
            ]
            reference = max(told_before, key=lambda e: min(e.mentions), default=None)
        if reference is not None and reference is not event:
            event.time = place_relative(relative, reference.time)
