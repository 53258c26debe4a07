"""The web API and page (`detente serve`) over a small hand-built store: no NLP model, so it is fast."""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

import detente
from detente.codes import codebook
from detente.records import Actor, Document, Event, EventDate, Span
from detente.store import Store
from detente.web import STATIC, create_app

with warnings.catch_warnings():  # starlette prefers httpx2; the pinned httpx works the same for tests
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
ESCAPED = 'calling it "<b>useful</b>"'  # document text that must reach the page as text, not markup

DOCS = {
    "d1": ("2014-03-03", "Russia condemned the United States on Monday. The United States imposed sanctions on "
                         "Russia."),
    "d2": ("2014-03-04", "Washington imposed sanctions on Moscow on Tuesday."),
    "d3": ("2016-05-10", f"China met the United States in Beijing, {ESCAPED}. In 2009, Russia agreed with the "
                         "United States."),
    "d4": ("2015-07-01", "Ukraine accused Russia of shelling."),
    "d5": ("2016-02-01", "The United States praised Russia."),
}
# (doc, sentence number, source (text, country, sector), target, trigger, CAMEO, date, precision, historical)
EVENTS = [
    ("d1", 0, ("Russia", "RUS", None), ("United States", "USA", None), "condemned", "111", "2014-03-03", "day", False),
    ("d1", 1, ("United States", "USA", None), ("Russia", "RUS", None), "imposed sanctions", "163", "2014-03-03",
     "day", False),
    ("d2", 0, ("Washington", "USA", "GOV"), ("Moscow", "RUS", "GOV"), "imposed sanctions", "163", "2014-03-04",
     "day", False),
    ("d3", 0, ("China", "CHN", None), ("United States", "USA", None), "met", "040", "2016-05-10", "day", False),
    ("d3", 1, ("Russia", "RUS", None), ("United States", "USA", None), "agreed", "030", "2009", "year", True),
    ("d4", 0, ("Ukraine", "UKR", None), ("Russia", "RUS", None), "accused", "112", "2015-07-01", "day", False),
    ("d5", 0, ("United States", "USA", None), ("Russia", "RUS", None), "praised", "051", "2016-02-01", "day", False),
]


def sentences(text: str) -> list[tuple[int, str]]:
    """(start, sentence) pairs, split after '. '."""
    out, start = [], 0
    for match in re.finditer(r"(?<=\.) |$", text):
        out.append((start, text[start:match.start()]))
        start = match.end()
    return [(s, t) for s, t in out if t]


def make_event(doc: Document, index: int, source: tuple, target: tuple, trigger: str, code: str, date: str,
               precision: str, historical: bool) -> Event:
    """An event whose spans are found in its sentence, as the coder would emit it."""
    book = codebook()
    start, sentence = sentences(doc.text)[index]

    def span(text: str) -> tuple[str, int, int]:
        at = start + sentence.index(text)
        return text, at, at + len(text)

    return Event(doc_id=doc.id, sentence_index=index, sentence=sentence, sentence_start=start,
                 source=(Actor(*span(source[0]), source[1], source[2], None, "test"),),
                 target=(Actor(*span(target[0]), target[1], target[2], None, "test"),),
                 plover=book.to_plover(code), cameo=book.cameo(code), trigger=Span(*span(trigger)),
                 date=EventDate(date, precision, "text" if precision != "day" else "document", None, historical),
                 confidence=0.8, rule="test.rule")


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("web") / "events.duckdb")
    docs = {i: Document(i, text, dt.date.fromisoformat(day)) for i, (day, text) in DOCS.items()}
    with Store(path) as store:
        for doc_id, doc in docs.items():
            store.add(doc, tuple(make_event(doc, *spec[1:]) for spec in EVENTS if spec[0] == doc_id))
        store.recluster()  # as `detente ingest` leaves it: a read-only store does not cluster
    return path


@pytest.fixture(scope="module")
def client(db) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as c:
        yield c


def test_dyad_gives_both_directions_with_summaries(client):
    body = client.get("/api/dyad", params={"a": "usa", "b": "RUS"}).json()  # codes in any case
    assert (body["source"], body["target"], body["by"], body["count"]) == ("USA", "RUS", "year", "events")
    assert [(r["period"], r["events"], r["reports"]) for r in body["series"]] == [("2014", 1, 2), ("2016", 1, 1)]
    assert [(r["period"], r["retrospective"]) for r in body["reverse"]] == [("2009", 1), ("2014", 0)]
    assert body["periods"] == [str(year) for year in range(2009, 2017)]  # the time axis keeps the gaps
    assert set(body["summary"]) == set(body["changes"]) == {"series", "reverse", "undirected"}
    assert body["summary"]["series"].startswith("USA→RUS: ")
    row = body["series"][0]
    assert row["quad"] == {"1": 0, "2": 0, "3": 0, "4": 1} and row["plover"] == {"COERCE": 1}  # CAMEO 163
    reports = client.get("/api/dyad", params={"a": "USA", "b": "RUS", "count": "reports"}).json()
    assert [r["events"] for r in reports["series"]] == [2, 1]
    monthly = client.get("/api/dyad", params={"a": "USA", "b": "RUS", "by": "month", "since": "2014-01-01",
                                              "until": "2014-12-31"}).json()
    assert [r["period"] for r in monthly["series"] + monthly["reverse"]] == ["2014-03", "2014-03"]
    daily = client.get("/api/dyad", params={"a": "USA", "b": "RUS", "by": "day"})  # 2009-07-01 to 2016-02-01
    assert daily.status_code == 422 and "more than 400" in daily.json()["detail"]
    blank = client.get("/api/dyad", params={"a": "USA", "b": "RUS", "since": "", "until": ""})
    assert blank.status_code == 200 and len(blank.json()["series"]) == 2  # an empty date input is no bound


def test_an_unknown_actor_is_an_empty_series_not_an_error(client):
    body = client.get("/api/dyad", params={"a": "USA", "b": "XYZ"}).json()
    assert body["series"] == body["reverse"] == body["periods"] == []
    assert body["summary"]["series"] == "USA→XYZ: no events"
    assert client.get("/api/events", params={"a": "USA", "b": "XYZ"}).json() == []


@pytest.mark.parametrize(("path", "params"), [
    ("/api/dyad", {"a": "USA", "b": "RUS", "by": "decade"}),
    ("/api/dyad", {"a": "USA", "b": "RUS", "count": "mentions"}),
    ("/api/dyad", {"a": "USA", "b": "RUS", "since": "2014-13-01"}),
    ("/api/dyad", {"a": "USA"}),
    ("/api/dyad", {"a": "US A", "b": "RUS"}),
    ("/api/events", {"a": "USA", "b": "RUS", "limit": 0}),
    ("/api/events", {"a": "USA", "b": "RUS", "type": "HUG"}),
    ("/api/top", {"level": "planet"}),
    ("/api/network", {"limit": "many"}),
])
def test_bad_parameters_are_422(client, path, params):
    assert client.get(path, params=params).status_code == 422


def test_events_of_a_dyad_in_either_direction_with_spans_and_clusters(client):
    events = client.get("/api/events", params={"a": "RUS", "b": "USA"}).json()
    assert [(e["date"]["value"], e["source"][0]["country"], e["cameo"]["code"], e["cluster"]["reports"])
            for e in events] == [
        ("2009", "RUS", "030", 1), ("2014-03-03", "USA", "163", 2), ("2014-03-03", "RUS", "111", 1),
        ("2014-03-04", "USA", "163", 2), ("2016-02-01", "USA", "051", 1)]  # two reports of one sanction
    for e in events:
        for span in (*e["source"], *e["target"], e["trigger"]):
            assert e["sentence"][span["start"] - e["sentence_start"]:span["end"] - e["sentence_start"]] == span["text"]
    typed = client.get("/api/events", params={"a": "USA", "b": "RUS", "type": "coerce", "limit": 1}).json()
    assert [(e["plover"]["type"], e["doc_id"]) for e in typed] == [("COERCE", "d1")]
    dated = client.get("/api/events", params={"a": "USA", "b": "RUS", "since": "2015-01-01"}).json()
    assert [e["doc_id"] for e in dated] == ["d5"]


def test_top_and_network(client):
    top = client.get("/api/top", params={"limit": 2}).json()
    assert [(a["actor"], a["events"]) for a in top["actors"]] == [("RUS", 5), ("USA", 5)]  # ties by name
    assert top["dyads"][0] == {"a": "RUS", "b": "USA", "events": 4, "goldstein_mean": top["dyads"][0]["goldstein_mean"],
                               "conflict_share": 0.5}
    network = client.get("/api/network", params={"limit": 2}).json()
    assert [(e["a"], e["b"]) for e in network["edges"]] == [("RUS", "USA"), ("CHN", "USA")]  # ties by name
    assert network["nodes"] == [{"id": "RUS", "events": 5}, {"id": "USA", "events": 5}, {"id": "CHN", "events": 1}]
    later = client.get("/api/network", params={"since": "2016-01-01"}).json()
    assert {(e["a"], e["b"]) for e in later["edges"]} == {("CHN", "USA"), ("RUS", "USA")}
    by_actor = client.get("/api/top", params={"level": "actor"}).json()
    assert by_actor["level"] == "actor"
    assert {a["actor"] for a in by_actor["actors"]} <= {"CHN", "RUS", "RUSGOV", "UKR", "USA", "USAGOV"}


def test_openapi_describes_the_api(client):
    spec = client.get("/openapi.json").json()
    assert spec["info"]["title"] == "detente" and spec["info"]["version"] == detente.__version__
    assert {"/api/dyad", "/api/events", "/api/top", "/api/network"} <= set(spec["paths"])
    assert all(set(methods) == {"get"} for methods in spec["paths"].values())
    params = {p["name"]: p for p in spec["paths"]["/api/dyad"]["get"]["parameters"]}
    assert set(params) == {"a", "b", "by", "count", "since", "until"}
    assert all(p.get("description") for p in params.values())
    assert params["by"]["schema"]["enum"] == ["day", "week", "month", "year"]
    assert client.post("/api/top").status_code == 405  # read-only


def test_the_page_uses_only_local_assets(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    html = page.text
    for id_ in ("actor-a", "actor-b", "chart", "events", "network"):
        assert f'id="{id_}"' in html
    refs = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert "/static/app.js" in refs and "/static/style.css" in refs
    assert all(ref.startswith(("/static/", "/openapi.json", "data:")) for ref in refs), refs
    for name in ("app.js", "style.css"):
        assert client.get(f"/static/{name}").status_code == 200
    for path in STATIC.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"https?://", text), f"{path.name} refers to another site"
        assert "innerHTML" not in text and "insertAdjacentHTML" not in text


def test_an_empty_store_serves_empty_answers(tmp_path):
    path = str(tmp_path / "empty.duckdb")
    Store(path).close()
    with TestClient(create_app(path)) as empty:
        assert empty.get("/api/top").json() == {"level": "country", "actors": [], "dyads": []}
        assert empty.get("/api/network").json() == {"nodes": [], "edges": []}
        assert empty.get("/api/dyad", params={"a": "USA", "b": "RUS"}).json()["summary"]["series"] == \
            "USA→RUS: no events"
        assert empty.get("/").status_code == 200


# The browser test: the real server, Debian's Chromium driven by selenium.

@pytest.fixture()
def server(db) -> Iterator[str]:
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))  # a free port, held from here on
    server = uvicorn.Server(uvicorn.Config(create_app(db), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture()
def browser(tmp_path):
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        message = f"browser test needs {' and '.join(missing)} (apt-get install chromium chromium-driver)"
        if os.environ.get("DETENTE_REQUIRE_BROWSER") == "1":
            pytest.fail(message + "; DETENTE_REQUIRE_BROWSER=1 makes this a failure")
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={tmp_path / 'chromium-profile'}", "--window-size=1400,1100"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    yield driver
    driver.quit()


def test_the_page_in_a_browser(server, browser, tmp_path):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    wait = WebDriverWait(browser, 10, ignored_exceptions=[StaleElementReferenceException])  # the page redraws
    css = browser.find_elements

    def text(selector: str) -> str:
        return browser.find_element(By.CSS_SELECTOR, selector).text

    def shown(summary: str) -> None:
        wait.until(lambda _: summary in text("#summary") and text("#status") == "")

    browser.get(server)
    shown("RUS→USA")  # the busiest dyad first
    assert [Select(browser.find_element(By.ID, id_)).first_selected_option.get_attribute("value")
            for id_ in ("actor-a", "actor-b")] == ["RUS", "USA"]

    Select(browser.find_element(By.ID, "actor-a")).select_by_value("CHN")
    shown("CHN→USA")
    assert css(By.CSS_SELECTOR, "#chart rect.bar")
    marks = {m.get_attribute("class"): m.text for m in css(By.CSS_SELECTOR, "#events tbody mark")}
    assert marks == {"src": "China", "tgt": "United States", "trg": "met"}
    sentence = browser.find_element(By.CSS_SELECTOR, "#events td.sentence")
    assert ESCAPED in sentence.text and not css(By.CSS_SELECTOR, "#events td.sentence b")  # text, not markup

    assert len(css(By.CSS_SELECTOR, "#network circle.node")) == 4
    browser.find_element(By.CSS_SELECTOR, '#network g.edge[data-a="RUS"][data-b="USA"]').click()
    shown("RUS→USA")
    assert len(css(By.CSS_SELECTOR, "#events tbody tr")) == 5
    assert len(css(By.CSS_SELECTOR, "#events .retro")) == 1  # the 2009 agreement, known from a 2016 report

    Select(browser.find_element(By.ID, "type")).select_by_value("ASSAULT")
    wait.until(lambda _: text("#events tbody td") == "no events")

    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []  # no script error, no blocked or missing resource
    shot = tmp_path / "page.png"
    assert browser.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 5_000
