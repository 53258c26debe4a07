"""The web page and its read-only JSON API over an event store (`detente serve`): a dyad's series with
change points and summaries, its events with their sentences, the most active actors and the actor
network. Everything the page needs is served from the package (`static/`): it works offline."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, BeforeValidator

from . import __version__
from .codes import PLOVER_TYPES
from .relations import describe, index_signal
from .store import EventQuery, Store

STATIC = Path(__file__).with_name("static")
# The page loads nothing from elsewhere; the header makes the browser refuse it too.
PAGE_POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
ALL = 1_000_000  # "no limit" for store.top, whose limit applies to actors and dyads alike
# More bars than the chart can show apart: the page asks for longer periods or fewer dates instead.
MAX_PERIODS = 400

T = TypeVar("T")
PloverType = Literal[PLOVER_TYPES]  # the 16 names, listed as an enum in /openapi.json


def _upper(value: Any) -> Any:
    return value.strip().upper() if isinstance(value, str) else value


def _blank_is_none(value: Any) -> Any:
    return None if value == "" else value  # an empty date input of the page means "no bound"


Actor = Annotated[str, BeforeValidator(_upper), Query(
    min_length=1, max_length=40, pattern=r"^[A-Z0-9.\-]+$",
    description="A country code (RUS) or an actor code (RUSGOV); case does not matter.", examples=["USA"])]
Since = Annotated[dt.date | None, BeforeValidator(_blank_is_none), Query(
    description="First day included (YYYY-MM-DD); empty for no bound.", examples=["2014-01-01"])]
Until = Annotated[dt.date | None, BeforeValidator(_blank_is_none), Query(
    description="Last day included (YYYY-MM-DD); empty for no bound.", examples=["2015-12-31"])]
Level = Annotated[Literal["country", "actor"], Query(
    description="Group by country (USA) or by actor code (USAGOV).")]
By = Annotated[Literal["day", "week", "month", "year"], Query(description="Period length.")]
Count = Annotated[Literal["events", "reports"], Query(
    description="Count real-world events (clusters of reports) or every coded report.")]
Type = Annotated[PloverType | None, BeforeValidator(_upper), Query(
    description="Only events of this PLOVER type (ACCUSE); case does not matter.")]


class Change(BaseModel):
    period: str
    before: float
    after: float
    direction: Literal["cooperation", "conflict"]


class Period(BaseModel):
    period: str
    events: int
    new: int
    retrospective: int
    reports: int
    goldstein_mean: float | None
    goldstein_sum: float | None
    quad: dict[str, int]
    plover: dict[str, int]
    index: float


class Dyad(BaseModel):
    source: str
    target: str
    by: str
    count: str
    periods: list[str]
    series: list[Period]
    reverse: list[Period]
    undirected: list[Period]
    changes: dict[str, list[Change]]
    summary: dict[str, str]


class ActorCount(BaseModel):
    actor: str
    events: int
    as_source: int
    as_target: int


class DyadCount(BaseModel):
    a: str
    b: str
    events: int
    goldstein_mean: float | None
    conflict_share: float | None


class Top(BaseModel):
    level: str
    actors: list[ActorCount]
    dyads: list[DyadCount]


class Node(BaseModel):
    id: str
    events: int


class Network(BaseModel):
    nodes: list[Node]
    edges: list[DyadCount]


def time_axis(dyad: dict) -> list[str]:
    """Every period from the first to the last with events in either direction, gaps included."""
    rows = sorted(dyad["series"] + dyad["reverse"], key=lambda row: row["period"])
    return [label for label, _ in index_signal(rows, dyad["by"])]


def network(top: dict, limit: int) -> dict:
    """The `limit` busiest dyads as edges; their actors as nodes, sized by all their events."""
    edges = top["dyads"][:limit]
    totals = {row["actor"]: row["events"] for row in top["actors"]}
    ids = {actor for edge in edges for actor in (edge["a"], edge["b"])}
    nodes = sorted(({"id": actor, "events": totals.get(actor, 0)} for actor in ids),
                   key=lambda node: (-node["events"], node["id"]))
    return {"nodes": nodes, "edges": edges}


def create_app(db_path: str) -> FastAPI:
    """The application over one store, opened read-only for the application's lifetime."""
    store = Store(db_path, read_only=True)
    lock = threading.Lock()  # one DuckDB connection, used by the server's worker threads in turn

    def locked(query: Callable[[Store], T]) -> T:
        with lock:
            return query(store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    # No /docs or /redoc: their pages load scripts from a CDN, and the page must work offline.
    app = FastAPI(title="detente", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Read-only access to an event store written by `detente ingest`. "
                              "Actors are country codes (USA) or actor codes (USAGOV).")

    @app.get("/api/dyad", response_model=Dyad, summary="The relation between two actors over time")
    def dyad(a: Actor, b: Actor, by: By = "year", count: Count = "events", since: Since = None,
             until: Until = None) -> dict:
        """A→B (`series`), B→A (`reverse`) and both (`undirected`) per period, with the change points of the
        cooperation–conflict index and a one-line summary per direction. `periods` is the time axis: every
        period from the first to the last with events; more than 400 is a 422 (choose longer periods or dates)."""
        result = locked(lambda s: s.dyad(a, b, by, count=count, since=since, until=until))
        periods = time_axis(result)
        if len(periods) > MAX_PERIODS:
            raise HTTPException(422, f"{a}–{b} by {by} spans {len(periods)} periods, more than {MAX_PERIODS}: "
                                     "choose a longer period or fewer dates")
        return {**describe(result), "periods": periods}

    @app.get("/api/events", response_model=list[dict[str, Any]], summary="The events between two actors")
    def events(a: Actor, b: Actor, since: Since = None, until: Until = None, type: Type = None,
               limit: Annotated[int, Query(ge=1, le=5000, description="At most this many events.")] = 200,
               ) -> list[dict]:
        """Event records (schema 1 of the contract) in either direction, oldest first, each with its
        cluster: `{"id", "reports"}` (the reports of the same real-world event)."""
        query = EventQuery(dyad=(a, b), since=since, until=until, plover_type=type, limit=limit)
        return locked(lambda s: list(s.records(query)))

    @app.get("/api/top", response_model=Top, summary="The most active actors and dyads")
    def top(level: Level = "country",
            limit: Annotated[int, Query(ge=1, le=1000, description="At most this many actors and dyads.")] = 10,
            since: Since = None, until: Until = None) -> dict:
        """Actors by events as source or target, and undirected dyads by events, counting real-world events."""
        return locked(lambda s: s.top(level=level, limit=limit, since=since, until=until))

    @app.get("/api/network", response_model=Network, summary="The actor network of the busiest dyads")
    def actor_network(level: Level = "country",
                      limit: Annotated[int, Query(ge=1, le=500, description="At most this many edges.")] = 40,
                      since: Since = None, until: Until = None) -> dict:
        """Edges are the busiest undirected dyads (with mean Goldstein score and share of conflict events);
        nodes are their actors with all their events in the period."""
        return network(locked(lambda s: s.top(level=level, limit=ALL, since=since, until=until)), limit)

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Content-Security-Policy": PAGE_POLICY})

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def serve(db_path: str, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serves the page and the API until interrupted."""
    import uvicorn

    uvicorn.run(create_app(db_path), host=host, port=port)
