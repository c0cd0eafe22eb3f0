"""The analyst's pages: server-rendered Jinja2 templates over the same read models as the JSON API.

Every template ends in ``.html``, so Starlette's `Jinja2Templates` autoescapes every
value; stored text is never marked safe. Data a script draws (timeline, map) travels
as JSON in a ``<script type="application/json">`` block written with ``tojson``,
which escapes ``<``, ``>``, ``&`` and quotes, and scripts put it in the page with
``textContent``. Each page answers with a Content-Security-Policy that allows only
the app's own scripts. Ids hold ':' and '/', so links percent-encode them
(`quote_id`) and routes take ``{id:path}``.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from ..explore.document import document_view
from ..explore.kb import StatementJSON, statement_date
from ..explore.kb import documents as kb_documents
from ..explore.lookup import find_canonical
from ..store import queries
from ..store.queries import pages as page_queries
from . import api
from .auth import require_auth
from .geo import locate
from .highlight import describe, segments
from .state import ApiError
from .views import current_canonical, profile_view, review_page, search_page

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
MAP_PLACES = 500
PAGE = 20
_DAY = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")

router = APIRouter(dependencies=[Depends(require_auth)], include_in_schema=False)
templates = Jinja2Templates(directory=str(TEMPLATES_DIR))


def quote_id(ident: str | None) -> str:
    """An id as one path segment: every reserved character percent-encoded ('/' and ':' too)."""
    return quote(ident or "", safe="")


def web_url(value: str | None) -> str | None:
    """`value` when it is an http(s) URL (so it can be a link), else None: never a ``javascript:`` link."""
    if value is None:
        return None
    scheme = urlsplit(value.strip()).scheme.lower()
    return value.strip() if scheme in ("http", "https") else None


templates.env.filters["qid"] = quote_id
templates.env.filters["web_url"] = web_url
templates.env.filters["describe"] = describe
templates.env.globals["statement_date"] = statement_date

Conn = Annotated[sqlite3.Connection, Depends(api.conn_of)]
Text = Annotated[str | None, Query(max_length=500)]


def render(request: Request, name: str, context: dict[str, Any], *, status: int = 200) -> HTMLResponse:
    response = templates.TemplateResponse(request, name, context, status_code=status)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def missing(request: Request, kind: str, ident: str) -> HTMLResponse:
    return render(request, "not_found.html", {"kind": kind, "ident": ident}, status=404)


def problem(request: Request, error: ApiError) -> HTMLResponse:
    detail = error.detail if isinstance(error.detail, dict) else {"code": "E034", "error": str(error.detail)}
    return render(request, "problem.html", {"problem": detail}, status=error.status_code)


@router.get("/", response_class=HTMLResponse)
def index(request: Request, conn: Conn, q: Text = None, type: Text = None) -> HTMLResponse:
    try:
        results = _search(conn, q or "", type) if q else []
    except ApiError as error:  # a query too long to search (E082, E083)
        return problem(request, error)
    context = {"stats": queries.stats(conn), "q": q or "", "type": type or "", "results": results}
    return render(request, "index.html", {**context, "types": page_queries.entity_types(conn)})


@router.get("/search", response_class=HTMLResponse)
def search_fragment(request: Request, conn: Conn, q: Text = None, type: Text = None) -> HTMLResponse:
    """The results list alone, for htmx to swap in while the analyst types."""
    try:
        results = _search(conn, q or "", type)
    except ApiError as error:
        return problem(request, error)
    return render(request, "_results.html", {"q": q or "", "results": results})


def _search(conn: sqlite3.Connection, text: str, type: str | None) -> list[Any]:
    match = api.fts_match(text)
    types = tuple(t.strip().upper() for t in (type or "").split(",") if t.strip())
    return search_page(conn, match, types=types, cursor=None, limit=PAGE)[0] if match else []


@router.get("/entities/{entity_id:path}", response_class=HTMLResponse, response_model=None)
def entity(request: Request, conn: Conn, entity_id: str) -> Response:
    current = current_canonical(conn, entity_id)
    if current is None:
        return missing(request, "entity", entity_id)
    if current != entity_id:
        return RedirectResponse("/entities/" + quote_id(current), status_code=307)
    profile = profile_view(conn, current)
    if profile is None:
        return missing(request, "entity", entity_id)
    members = {m["id"] for m in profile["members"]}
    judgements = [_judgement_row(j, members) for j in profile["judgements"]]
    context = {
        "profile": profile,
        "timeline": _timeline_items(profile),
        "judgements": judgements,
        "labels": {d["id"]: d["label"] for d in profile["documents"]},
    }
    return render(request, "entity.html", context)


def _judgement_row(judgement: Any, members: set[str]) -> dict[str, Any]:
    """A judgement seen from the profile: the other entity (id, canonical, name) and the verdict."""
    own_a = judgement["a"] in members
    other = "b" if own_a else "a"
    return {
        **judgement,
        "own": judgement["a"] if own_a else judgement["b"],
        "other": judgement[other],
        "other_name": judgement[f"name_{other}"],
        "other_canonical": judgement[f"canonical_{other}"],
        "joined": judgement["canonical_a"] == judgement["canonical_b"],
    }


def _entity_ref(conn: sqlite3.Connection, text: str) -> str:
    """An entity filter as typed: an id as it is, else the canonical entity the name designates best."""
    if not text or current_canonical(conn, text) is not None:
        return text
    found = find_canonical(conn, text)
    return found[0].id if found else text


def _day(value: str) -> str:
    """A date of any precision as a day vis-timeline reads ('2013' -> '2013-01-01')."""
    found = _DAY.match(value)
    if found is None:
        return value
    year, month, day = found.groups()
    return f"{year}-{month or '01'}-{day or '01'}"


def _claim_label(claim: StatementJSON) -> str:
    target = claim["object"]
    value = target["name"] if target is not None else (claim["literal"] or "")
    return f"{claim['predicate']} {value}".strip()


def _timeline_items(profile: Any) -> list[dict[str, Any]]:
    """Posts and events with a date, as vis-timeline items (text only; the script makes text nodes)."""
    items: list[dict[str, Any]] = []
    for post in profile["posts"]:
        date = statement_date(post)
        if date:
            items.append(
                {
                    "id": "p-" + post["id"],
                    "group": "roles",
                    "start": _day(date),
                    "text": _claim_label(post) + (" (hedged)" if post["hedged"] else ""),
                    "href": f"/documents/{quote_id(post['document_id'])}#s-{post['id']}",
                }
            )
    for group in profile["timeline"]:
        if group["date"]:
            actors = [ref["name"] for refs in group["arguments"].values() for ref in refs][:4]
            first = group["claims"][0]
            items.append(
                {
                    "id": "e-" + group["id"],
                    "group": "events",
                    "start": _day(group["date"]),
                    "text": group["type"]
                    + (f"/{group['mode']}" if group["mode"] else "")
                    + ": "
                    + ", ".join(actors),
                    "href": f"/documents/{quote_id(first['document_id'])}#s-{first['id']}",
                }
            )
    return items


@router.get("/events", response_class=HTMLResponse)
def events(
    request: Request,
    conn: Conn,
    type: Text = None,
    entity: Text = None,
    place: Text = None,
    since: Text = None,
    until: Text = None,
    source: Text = None,
    cursor: Text = None,
) -> HTMLResponse:
    given = {"type": type, "entity": entity, "place": place, "since": since, "until": until, "source": source}
    filters: dict[str, str] = {k: (v or "").strip() for k, v in given.items()}
    query = {**filters, **{k: _entity_ref(conn, filters[k]) for k in ("entity", "place")}}
    try:
        found = api.events(
            conn, **{k: v or None for k, v in query.items()}, limit=PAGE, cursor=cursor or None
        )
    except ApiError as error:
        return problem(request, error)
    following = None
    if found["next"]:
        following = "/events?" + urlencode(
            {**{k: v for k, v in filters.items() if v}, "cursor": found["next"]}
        )
    context = {
        "groups": found["results"],
        "filters": filters,
        "types": page_queries.event_type_counts(conn),
        "next": following,
    }
    return render(request, "events.html", context)


@router.get("/documents/{document_id:path}", response_class=HTMLResponse)
def document(request: Request, conn: Conn, document_id: str) -> HTMLResponse:
    view = document_view(conn, document_id)
    if view is None:
        return missing(request, "document", document_id)
    pieces = segments(view["text"], view["mentions"], view["statements"])
    return render(request, "document.html", {"doc": view, "segments": pieces})


@router.get("/network", response_class=HTMLResponse)
def network(
    request: Request,
    conn: Conn,
    entity: Text = None,
    since: Text = None,
    until: Text = None,
    type: Annotated[list[str] | None, Query()] = None,
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
) -> HTMLResponse:
    types = page_queries.entity_types(conn)
    chosen = [t for t in (type or []) if t in types]
    params = {"entity": entity or "", "since": since or "", "until": until or "", "depth": str(depth)}
    wanted = {k: v for k, v in params.items() if v}
    if chosen:
        wanted["type"] = ",".join(chosen)
    context = {
        "params": params,
        "chosen": chosen,
        "types": types,
        "src": "/api/network?" + urlencode(wanted),
    }
    return render(request, "network.html", context)


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, conn: Conn) -> HTMLResponse:
    places = locate(page_queries.event_places(conn, limit=MAP_PLACES))
    return render(request, "map.html", {"places": places})


@router.get("/review", response_class=HTMLResponse)
def review(request: Request, conn: Conn, name: Text = None, cursor: Text = None) -> HTMLResponse:
    try:
        pairs, following = review_page(conn, name=name, cursor=cursor or None, limit=PAGE)
    except ApiError as error:
        return problem(request, error)
    documents = kb_documents(conn, [p[k] for p in pairs for k in ("document_a", "document_b")])
    rows = [
        {**pair, "sides": [_side(pair["entity_a"], documents), _side(pair["entity_b"], documents)]}
        for pair in pairs
    ]
    link = (
        "/review?" + urlencode({**({"name": name} if name else {}), "cursor": following})
        if following
        else None
    )
    return render(request, "review.html", {"pairs": rows, "name": name or "", "next": link})


def _side(side: Any, documents: dict[str, Any]) -> dict[str, Any]:
    """One entity of a review pair: its names, its document, its sentences cut around the mention."""
    sentences = []
    for sentence in side["sentences"]:
        text, offset = sentence["text"], sentence["start"]
        start, end = (max(0, min(len(text), m - offset)) for m in sentence["mention"][:2])
        sentences.append(
            {
                "before": text[:start],
                "mention": text[start:end],
                "after": text[end:],
                "href": f"/documents/{quote_id(sentence['document_id'])}",
            }
        )
    document = documents.get(side["document_id"])
    title = (document["title"] if document else None) or side["document_id"]
    return {**side, "title": title, "sentences": sentences}
