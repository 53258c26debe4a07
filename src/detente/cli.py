"""The `detente` command line: a thin shell over the library. Only this module prints."""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from collections.abc import Callable, Iterable, Iterator

import click

from . import __version__
from .errors import DataError, DetenteError, UsageError
from .records import SCHEMA_VERSION, Document, Event, Rejection

BY_CHOICES = ("day", "week", "month", "year")


def _date(ctx, param, value: str | None) -> dt.date | None:
    from .readers import parse_date

    try:
        return parse_date(value)
    except ValueError as exc:
        raise click.BadParameter(f"{exc}; write it as YYYY-MM-DD, e.g. 2013-05-29") from None


def handle_errors(fn: Callable) -> Callable:
    """Library exceptions to one-line messages and the contract's exit codes."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (UsageError, DataError) as exc:
            click.echo(f"detente: error: {exc}", err=True)
            sys.exit(2)
        except DetenteError as exc:
            click.echo(f"detente: error: {exc}", err=True)
            sys.exit(1)
        except BrokenPipeError:
            sys.exit(0)

    return wrapper


def coder_options(fn: Callable) -> Callable:
    """Options shared by the commands that code documents."""
    fn = click.option("--date", "default_date", callback=_date,
                      help="Publication date (YYYY-MM-DD) for documents that carry none.")(fn)
    fn = click.option("--actors", "actor_tables", multiple=True, type=click.Path(),
                      help="Extra actor table (TSV: phrase,country,sector,note or the office-holder columns).")(fn)
    fn = click.option("--processes", "-j", default=1, show_default=True, type=click.IntRange(1, 64),
                      help="Worker processes, each with its own model.")(fn)
    fn = click.option("--all-modalities", is_flag=True,
                      help="Also emit negated and hypothetical events, marked in `modality`.")(fn)
    fn = click.option("--progress/--no-progress", default=None,
                      help="Progress bar on stderr (default: when stderr is a terminal).")(fn)
    return fn


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="detente")
def main() -> None:
    """detente: political event data (PLOVER, CAMEO) from dated news text."""


def _coded(items: Iterable[Document | Rejection], actor_tables, processes, all_modalities, progress,
           counts: dict) -> Iterator[tuple[Document, tuple[Event, ...]]]:
    """Documents with their events; rejections are reported on stderr and counted."""
    from .events import MODALITIES_DEFAULT
    from .pipeline import CoderOptions, code_stream

    modalities = frozenset({"asserted", "intended", "requested", "negated", "hypothetical"}) if all_modalities \
        else MODALITIES_DEFAULT
    options = CoderOptions(actor_tables=tuple(actor_tables), modalities=modalities)
    show = sys.stderr.isatty() if progress is None else progress
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(unit="doc", file=sys.stderr, dynamic_ncols=True)
    for result in code_stream(items, options=options, processes=processes):
        if bar is not None:
            bar.update(1)
        if isinstance(result, Rejection):
            counts["rejected"] += 1
            click.echo(f"detente: {result.message()}", err=True)
            continue
        counts["read"] += 1
        counts["events"] += len(result.events)
        yield result.document, result.events
    if bar is not None:
        bar.close()


def _summary(counts: dict, extra: str = "") -> None:
    click.echo(f"detente: {counts['read']} documents coded, {counts['rejected']} rejected, "
               f"{counts['events']} events{extra}", err=True)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write events here instead of stdout.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default=None,
              help="Output format (default: from the -o extension, else jsonl).")
@coder_options
@handle_errors
def code(inputs, output, fmt, default_date, actor_tables, processes, all_modalities, progress) -> None:
    """Code documents (files, folders, or - for stdin) into events.

    Example: detente code ../shared/corpus/seed-2013-05-29.txt -o seed.csv
    """
    from .export import WRITERS

    fmt = fmt or (output.rsplit(".", 1)[-1] if output and output.rsplit(".", 1)[-1] in WRITERS else "jsonl")
    if fmt == "parquet" and not output:
        raise UsageError("--format parquet needs -o FILE (Parquet is not written to stdout)")
    from .readers import read_inputs

    counts = {"read": 0, "rejected": 0, "events": 0}
    items = read_inputs(inputs, default_date)
    events = (e for _, evs in _coded(items, actor_tables, processes, all_modalities, progress, counts) for e in evs)
    WRITERS[fmt](events, output or sys.stdout)
    _summary(counts)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", required=True, type=click.Path(dir_okay=False), help="DuckDB file (created if absent).")
@coder_options
@handle_errors
def ingest(inputs, db, default_date, actor_tables, processes, all_modalities, progress) -> None:
    """Code documents into the event database; documents already stored are skipped.

    Example: detente ingest news/ --db events.duckdb
    """
    from .readers import read_inputs
    from .store import Store

    counts = {"read": 0, "rejected": 0, "events": 0}
    added = stored_before = 0
    with Store(db) as store:
        def new_only(items):  # a stored document is not parsed again
            nonlocal stored_before
            for item in items:
                if isinstance(item, Document) and store.has(item):
                    stored_before += 1
                    continue
                yield item

        items = new_only(read_inputs(inputs, default_date))
        for document, events in _coded(items, actor_tables, processes, all_modalities, progress, counts):
            if store.add(document, events):
                added += 1
            else:
                stored_before += 1
        if added:
            store.recluster()
        total = store.counts()
    _summary(counts, f"; {added} documents added, {stored_before} already stored; "
                      f"database holds {total['documents']} documents, {total['events']} events "
                      f"({total['clusters']} real-world events)")


@main.command()
@click.option("--db", required=True, type=click.Path(exists=True, dir_okay=False), help="DuckDB file.")
@click.option("--actor", help="Country or actor code on either side (RUS, USAGOV).")
@click.option("--source", help="Source country or actor code.")
@click.option("--target", help="Target country or actor code.")
@click.option("--dyad", nargs=2, help="Two actors, either direction.")
@click.option("--type", "plover_type", help="PLOVER type, e.g. ACCUSE.")
@click.option("--since", callback=_date, help="First event date (YYYY-MM-DD).")
@click.option("--until", callback=_date, help="Last event date (YYYY-MM-DD).")
@click.option("--limit", type=int, help="At most this many events.")
@click.option("-o", "--output", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default="jsonl")
@handle_errors
def events(db, actor, source, target, dyad, plover_type, since, until, limit, output, fmt) -> None:
    """Query stored events with filters and export them.

    Example: detente events --db events.duckdb --dyad USA RUS --since 2014-01-01 --format csv
    """
    from .codes import PLOVER_TYPES
    from .export import WRITERS
    from .store import EventQuery, Store

    if plover_type and plover_type.upper() not in PLOVER_TYPES:
        raise UsageError(f"--type {plover_type!r} is not a PLOVER type; use one of {', '.join(PLOVER_TYPES)}")
    if fmt == "parquet" and not output:
        raise UsageError("--format parquet needs -o FILE")
    query = EventQuery(actor, source, target, tuple(dyad) if dyad else None, plover_type, since, until, limit)
    with Store(db, read_only=True) as store:
        n = WRITERS[fmt](store.events(query), output or sys.stdout)
    click.echo(f"detente: {n} events", err=True)


@main.command()
@click.argument("a")
@click.argument("b")
@click.option("--db", required=True, type=click.Path(exists=True, dir_okay=False), help="DuckDB file.")
@click.option("--by", type=click.Choice(BY_CHOICES), default="year", show_default=True)
@click.option("--count", type=click.Choice(["events", "reports"]), default="events", show_default=True,
              help="Count real-world events (reports of one event clustered) or every report.")
@click.option("--since", callback=_date, help="First day (YYYY-MM-DD).")
@click.option("--until", callback=_date, help="Last day (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "table"]), default="json", show_default=True)
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False), help="Also draw the series into this PNG.")
@handle_errors
def dyad(a, b, db, by, count, since, until, fmt, plot_path) -> None:
    """The relation between two actors over time: events, Goldstein, quad classes, change points.

    Example: detente dyad USA RUS --db events.duckdb --by month --format table --plot usa-rus.png
    """
    from .relations import describe, plot
    from .store import Store

    with Store(db, read_only=True) as store:
        result = describe(store.dyad(a.upper(), b.upper(), by, count=count, since=since, until=until))
    if plot_path:
        plot(result, plot_path)
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    rows = [(direction, r["period"], r["events"], r["reports"], r["goldstein_mean"], r["index"], *r["quad"].values())
            for direction, key in ((f"{a}->{b}", "series"), (f"{b}->{a}", "reverse"))
            for r in result[key]]
    header = ("direction", "period", "events", "reports", "goldstein_mean", "index", "q1", "q2", "q3", "q4")
    if fmt == "csv":
        _csv(header, rows)
        return
    _table(header, rows)
    for key in ("series", "reverse", "undirected"):
        click.echo(result["summary"][key])


@main.command()
@click.option("--db", required=True, type=click.Path(exists=True, dir_okay=False), help="DuckDB file.")
@click.option("--level", type=click.Choice(["country", "actor"]), default="country", show_default=True,
              help="Count countries (RUS) or actor codes (RUSGOV).")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
@click.option("--since", callback=_date, help="First day (YYYY-MM-DD).")
@click.option("--until", callback=_date, help="Last day (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="table", show_default=True)
@handle_errors
def top(db, level, limit, since, until, fmt) -> None:
    """The most active actors and dyads, counting real-world events.

    Example: detente top --db events.duckdb --level actor --limit 5
    """
    from .store import Store

    with Store(db, read_only=True) as store:
        result = store.top(level=level, limit=limit, since=since, until=until)
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    _table(("actor", "events", "as_source", "as_target"), [tuple(r.values()) for r in result["actors"]])
    click.echo("")
    _table(("a", "b", "events", "goldstein_mean", "conflict_share"), [tuple(r.values()) for r in result["dyads"]])


@main.command()
@click.option("--db", required=True, type=click.Path(exists=True, dir_okay=False), help="DuckDB file.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@handle_errors
def serve(db, port, host) -> None:
    """Serve the web page (dyad series, change points, events with their sentences, actor network)
    and the read-only JSON API (described at /openapi.json) until interrupted.

    Example: detente serve --db events.duckdb --port 8000
    """
    from .web import serve as run

    run(db, host=host, port=port)


def _csv(header: tuple, rows: list[tuple]) -> None:
    import csv

    writer = csv.writer(sys.stdout)
    writer.writerow(header)
    writer.writerows(rows)


def _table(header: tuple, rows: list[tuple]) -> None:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]
    for row in (header, *rows):
        click.echo("  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)).rstrip())


@main.command()
@click.argument("text")
@click.option("--date", "on", callback=_date, help="Resolve as of this date (YYYY-MM-DD); default today.")
@click.option("--context", help="Text around the mention (earlier full names, the story's country).")
@click.option("--actors", "actor_tables", multiple=True, type=click.Path(), help="Extra actor table.")
@handle_errors
def resolve(text, on, context, actor_tables) -> None:
    """How an actor mention resolves on a date, as one JSON object.

    Example: detente resolve "Kerry" --date 2013-05-29
    """
    from .pipeline import Coder, CoderOptions, resolve_mention

    coder = Coder.load(CoderOptions(actor_tables=tuple(actor_tables)))
    actor = resolve_mention(coder, text, on, context)
    out = {"text": text, "country": None, "sector": None, "name": None, "code": None}
    if actor is not None:
        out.update(country=actor.country, sector=actor.sector, name=actor.name, code=actor.code, rule=actor.rule)
    click.echo(json.dumps(out, ensure_ascii=False))


@main.command()
@click.argument("text")
@click.option("--date", "ref", callback=_date, required=True, help="Reference (publication) date, YYYY-MM-DD.")
@handle_errors
def when(text, ref) -> None:
    """How a time expression resolves against a reference date, as one JSON object.

    Example: detente when "earlier this month" --date 2013-05-29
    """
    import spacy

    from .actor_table import build_table
    from .dates import resolve_expression
    from .nlp import tokenizer_words

    # office-holder names for named periods; a blank tokenizer, no model needed
    value = resolve_expression(text, ref, build_table(tokenizer_words(spacy.blank("en"))))
    click.echo(json.dumps({"text": text, "value": value.value, "precision": value.precision,
                           "expression": value.expression}, ensure_ascii=False))


@main.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--limit", type=int, help="Score only the first N records.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--errors", "errors_out", type=click.Path(dir_okay=False), help="Write the misses here (JSONL).")
@handle_errors
def evaluate_cmd(gold, limit, as_json, errors_out) -> None:
    """Score the coder against a gold file in the shared/gold format and print the figures.

    Example: detente eval ../shared/gold/plv_dev.jsonl
    """
    from pathlib import Path

    from .evaluate import evaluate
    from .pipeline import Coder

    score = evaluate(Coder.load(), Path(gold), limit)
    if errors_out:
        with open(errors_out, "w", encoding="utf-8") as fh:
            for e in score.errors:
                fh.write(json.dumps(e, ensure_ascii=False) + "\n")
    if as_json:
        click.echo(json.dumps({"gold": score.name, **score.figures}))
    else:
        click.echo(f"{score.name}: " + ", ".join(f"{k} {v}" for k, v in score.figures.items()))


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (the contract's shape).")
@handle_errors
def info(as_json) -> None:
    """Versions of detente, spaCy, the model and the data tables.

    Example: detente info --json
    """
    import spacy

    from .nlp import load_model, model_info
    from .tables import data_versions

    out = {"detente": __version__, "schema": SCHEMA_VERSION, "spacy": spacy.__version__,
           "spacy_model": model_info(load_model()), "data": data_versions()}
    if as_json:
        click.echo(json.dumps(out))
    else:
        for key, value in out.items():
            click.echo(f"{key}: {value}")
