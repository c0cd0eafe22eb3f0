"""The JSON API (mounted under /api): stats, search, profiles, events, documents, network,
review and judgements, exports. Lists are keyset pages with an opaque `next` cursor; ids
travel percent-encoded in paths (they hold ':' and '/').
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Annotated, Any, Literal, cast
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, StreamingResponse
from pydantic import BaseModel, Field

from ..dates import is_date
from ..explore.document import document_view
from ..explore.events import EventFilter, place_ids, summarise_groups
from ..explore.kb import member_ids
from ..resolve.judging import JudgementRefused, judge_pair
from ..store import queries
from ..store.db import StoreError
from ..store.queries import api as q
from . import cursor as cursors
from . import export as exports
from .auth import require_auth
from .state import ApiError, not_found, state_of
from .views import current_canonical, network, profile_view, review_page, search_page

router = APIRouter(dependencies=[Depends(require_auth)])

MAX_LIMIT = 100
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (at most {MAX_LIMIT}).")]
Cursor = Annotated[
    str | None, Query(max_length=cursors.MAX_CURSOR, description="The `next` of the page before.")
]
Text = Annotated[str | None, Query(max_length=500)]
VERDICTS = {"same": "positive", "different": "negative", "unsure": "unsure"}


def conn_of(request: Request) -> sqlite3.Connection:
    return state_of(request).conn()


Conn = Annotated[sqlite3.Connection, Depends(conn_of)]


def fts_match(text: str) -> str:
    """An FTS5 query for what a user typed: each word quoted, the last one a prefix; '' for none.

    A query too long to search is a 422 (E082, E083), as the command line refuses it."""
    try:
        return queries.fts_query(text)
    except StoreError as exc:
        raise ApiError(422, exc.code, None, **exc.values) from None


class FastJSON(JSONResponse):
    """JSON written straight from the read models' records (plain JSON types already), skipping
    FastAPI's field-by-field encoder, which costs more than the queries on a large profile."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def fast(content: Any) -> dict[str, Any]:
    """`content` as a `FastJSON` response; typed as the route's dict, since FastAPI sends a returned
    Response as it is (the dict annotation still documents the route in the OpenAPI schema)."""
    return cast(dict[str, Any], FastJSON(content))


def check_date(option: str, value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if is_date(value):
        return value
    raise ApiError(422, "E019", option=option, value=value)


def _dates(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    since, until = check_date("since", since), check_date("until", until)
    if since and until and until < since[: len(until)]:
        raise ApiError(422, "E020", since=since, until=until)
    return since, until


def _types(value: str | None) -> tuple[str, ...]:
    return tuple(t.strip().upper() for t in (value or "").split(",") if t.strip())


@router.get("/stats", summary="Figures of the knowledge base")
def stats(conn: Conn) -> dict[str, Any]:
    return dict(queries.stats(conn))


@router.get("/search", summary="Canonical entities whose names or aliases match")
def search(
    conn: Conn,
    q_: Annotated[str, Query(alias="q", max_length=500)] = "",
    type: Text = None,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> dict[str, Any]:
    results, following = search_page(conn, fts_match(q_), types=_types(type), cursor=cursor, limit=limit)
    return fast({"query": q_, "results": results, "next": following})


@router.get("/entities/{entity_id:path}", summary="The profile of a canonical entity", response_model=None)
def entity(conn: Conn, entity_id: str) -> dict[str, Any] | RedirectResponse:
    current = current_canonical(conn, entity_id)
    if current is None:
        raise not_found("entity", entity_id)
    if current != entity_id:  # a member's id or a retired canonical id: the entity it is now part of
        return RedirectResponse("/api/entities/" + quote(current, safe=""), status_code=307)
    profile = profile_view(conn, current)
    if profile is None:
        raise not_found("entity", entity_id)
    return fast(profile)


def event_selection(
    conn: sqlite3.Connection,
    *,
    type: str | None,
    entity: str | None,
    place: str | None,
    since: str | None,
    until: str | None,
) -> EventFilter | None:
    """The filter of the events routes; None when a named entity or place does not exist (no match)."""
    since, until = _dates(since, until)
    entities: tuple[str, ...] | None = None
    places: tuple[str, ...] | None = None
    if entity:
        canonical = current_canonical(conn, entity)
        if canonical is None:
            return None
        entities = tuple(member_ids(conn, canonical))
    if place:
        canonical = current_canonical(conn, place)
        if canonical is None:
            return None
        places = place_ids(conn, canonical)
    return EventFilter(type=type or None, entities=entities, places=places, since=since, until=until)


@router.get("/events", summary="Event groups with all their reports, in time order")
def events_route(
    conn: Conn,
    type: Text = None,
    entity: Text = None,
    place: Text = None,
    since: Text = None,
    until: Text = None,
    source: Text = None,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> dict[str, Any]:
    return fast(
        events(
            conn, type=type, entity=entity, place=place, since=since, until=until, source=source,
            limit=limit, cursor=cursor,
        )
    )  # fmt: skip


def events(
    conn: sqlite3.Connection,
    type: Text = None,
    entity: Text = None,
    place: Text = None,
    since: Text = None,
    until: Text = None,
    source: Text = None,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> dict[str, Any]:
    key = cursors.decode("events", cursor, (str, str, str))
    selection = event_selection(conn, type=type, entity=entity, place=place, since=since, until=until)
    if selection is None:
        return {"results": [], "next": None}
    after = q.GroupKey(first=key[0], published=key[1], id=key[2]) if key else None
    page = q.event_group_page(conn, selection=selection, source=source or None, after=after, limit=limit + 1)
    more, page = len(page) > limit, page[:limit]
    groups = summarise_groups(conn, [k.id for k in page])
    last = page[-1] if page else None
    following = cursors.encode("events", [last.first, last.published, last.id]) if more and last else None
    return {"results": groups, "next": following}


@router.get("/events/{group_id:path}", summary="One event group with all its reports")
def event(conn: Conn, group_id: str) -> dict[str, Any]:
    groups = summarise_groups(conn, [group_id]) if q.event_group_exists(conn, group_id) else []
    if not groups:
        raise not_found("event group", group_id)
    return fast(groups[0])


@router.get("/documents/{document_id:path}", summary="A document's text with its mentions and statements")
def document(conn: Conn, document_id: str) -> dict[str, Any]:
    view = document_view(conn, document_id)
    if view is None:
        raise not_found("document", document_id)
    return fast(view)


@router.get("/network", summary="Entities and their ties (relations, shared events) for the graph view")
def graph(
    conn: Conn,
    entity: Text = None,
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    since: Text = None,
    until: Text = None,
    type: Text = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 300,
) -> dict[str, Any]:
    since, until = _dates(since, until)
    canonical = None
    if entity:
        canonical = current_canonical(conn, entity)
        if canonical is None:
            raise not_found("entity", entity)
    return network(
        conn, entity=canonical, depth=depth, since=since, until=until, types=_types(type), limit=limit
    )


@router.get("/review", summary="Candidate pairs no person has judged, least certain first")
def review(conn: Conn, name: Text = None, limit: Limit = 20, cursor: Cursor = None) -> dict[str, Any]:
    pairs, following = review_page(conn, name=name, cursor=cursor, limit=limit)
    return {"results": pairs, "next": following}


class JudgementIn(BaseModel):
    a: str = Field(min_length=1, max_length=500, description="Entity or canonical id.")
    b: str = Field(min_length=1, max_length=500, description="Entity or canonical id.")
    verdict: Literal["same", "different", "unsure"]
    note: str | None = Field(default=None, max_length=2000)
    override: bool = Field(
        default=False, description="Record it even though it contradicts another person's judgement."
    )
    author: str | None = Field(default=None, max_length=100, description="Who judges (default: 'web').")


@router.post("/judgements", summary="Record a person's judgement; it outranks the machine and re-resolves")
def judgement(request: Request, conn: Conn, body: JudgementIn) -> dict[str, Any]:
    a, b = queries.member_id(conn, body.a), queries.member_id(conn, body.b)
    if a is None:
        raise not_found("entity", body.a)
    if b is None:
        raise not_found("entity", body.b)
    if a == b:
        raise ApiError(422, "E037", a=body.a, b=body.b)
    author = "person:" + (" ".join((body.author or "web").split()) or "web")
    verdict = VERDICTS[body.verdict]
    with state_of(request).write_lock:
        try:
            done = judge_pair(conn, a, b, verdict, author=author, override=body.override)
        except JudgementRefused as refused:
            code = "E040" if verdict == "positive" else "E041"  # same after a 'different', or the reverse
            detail = {"code": code, "error": str(refused) + ' (in the API: "override": true)'}
            raise HTTPException(409, detail) from None
        q.set_judgement_note(conn, a, b, author, body.note)
    return {
        "a": a,
        "b": b,
        "verdict": body.verdict,
        "author": author,
        "note": body.note,
        "canonical_a": done.canonical_a,
        "canonical_b": done.canonical_b,
        "together": done.together,
        "override": done.override,
    }


@router.get(
    "/export",
    summary="The knowledge base (or the events the filters select), streamed",
    response_class=StreamingResponse,
)
def export(
    request: Request,
    conn: Conn,
    format: Literal["jsonl", "csv", "ftm", "gexf"] = "jsonl",
    type: Text = None,
    entity: Text = None,
    place: Text = None,
    since: Text = None,
    until: Text = None,
    source: Text = None,
) -> StreamingResponse:
    filtered = any((type, entity, place, since, until, source))
    selection = event_selection(conn, type=type, entity=entity, place=place, since=since, until=until)
    state = state_of(request)
    media = exports.MEDIA_TYPES[format]
    name = f"newsgraph{'-events' if filtered else ''}.{exports.SUFFIXES[format]}"
    body: Iterator[bytes]
    if filtered:
        body = exports.filtered(state.path, format, selection, source or None)
    else:
        body = exports.whole(state.path, format)
    return StreamingResponse(
        body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
