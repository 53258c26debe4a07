// detente's page: pick a dyad and a period, see how the relation moves (chart), why (events with their
// sentences) and where it sits among the other dyads (network). Vanilla JS and SVG; document text only
// ever reaches the page as DOM text nodes.
"use strict";

const SVG_NS = document.getElementById("chart").namespaceURI; // taken from the page, so no URL is written here
const PLOVER_TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const QUADS = [
  { key: "1", label: "verbal cooperation" },
  { key: "2", label: "material cooperation" },
  { key: "3", label: "verbal conflict" },
  { key: "4", label: "material conflict" },
];
const EVENT_LIMIT = 200;
const TOP_ACTORS = 80;
const NETWORK_EDGES = 30;

const $ = (id) => document.getElementById(id);
let generation = 0; // answers to an older request are dropped

/** An HTML element with attributes and, optionally, text. */
function el(tag, attrs = {}, text = null) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text !== null) node.textContent = text;
  return node;
}

/** An SVG element with attributes and, optionally, text. */
function svg(tag, attrs = {}, text = null) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== null) node.textContent = text;
  return node;
}

/** GET a JSON endpoint; empty parameters are left out. */
async function getJSON(path, params) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) query.set(name, value);
  const response = await fetch(`${path}?${query}`);
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new Error(typeof body.detail === "string" ? body.detail : `${path} answered ${response.status}`);
  }
  return response.json();
}

function controls() {
  const value = (id) => $(id).value;
  return {
    a: value("actor-a"), b: value("actor-b"), by: value("by"), count: value("count"),
    since: value("since"), until: value("until"), type: value("type"),
  };
}

function ensureOption(select, value) {
  if (value && ![...select.options].some((o) => o.value === value)) select.append(el("option", { value }, value));
}

function selectDyad(a, b) {
  for (const [id, value] of [["actor-a", a], ["actor-b", b]]) {
    ensureOption($(id), value);
    $(id).value = value;
  }
}

function fillActors(actors) {
  for (const id of ["actor-a", "actor-b"]) {
    const select = $(id);
    select.replaceChildren(...actors.map((row) => el("option", { value: row.actor }, `${row.actor} (${row.events})`)));
  }
}

function drawLegend() {
  const items = QUADS.map((q) => [el("span", { class: `swatch quad-${q.key}` }), q.label]);
  items.push([el("span", { class: "swatch index" }), "cooperation − conflict index"]);
  items.push([el("span", { class: "swatch change" }), "change point"]);
  $("legend").replaceChildren(...items.map(([swatch, label]) => {
    const item = el("span", { class: "legend-item" });
    item.append(swatch, document.createTextNode(label));
    return item;
  }));
}

function drawSummary(dyad) {
  const lines = ["series", "reverse"].map((key) => dyad.summary[key]);
  $("summary").replaceChildren(...lines.map((line) => el("li", {}, line)));
}

/** A step of 1, 2 or 5 times a power of ten giving about `count` ticks up to `max`. */
function niceStep(max, count) {
  const raw = Math.max(max / count, 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw);
}

/** Replaces a drawing with one line of text ("no events"). */
function drawMessage(view, width, height, message) {
  view.setAttribute("viewBox", `0 0 ${width} ${height}`);
  view.replaceChildren(svg("text", { x: width / 2, y: height / 2, class: "empty" }, message));
}

function drawChart(dyad) {
  const chart = $("chart");
  const periods = dyad.periods;
  const width = 720;
  const panel = { top: 34, height: 150, gap: 66 };
  const margin = { left: 46, right: 50 };
  if (!periods.length) {
    drawMessage(chart, width, 80, "no events");
    return;
  }
  const height = panel.top + 2 * panel.height + panel.gap + 22; // the lower panel needs room for its labels only
  chart.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const plotWidth = width - margin.left - margin.right;
  const band = plotWidth / periods.length;
  const slot = new Map(periods.map((p, i) => [p, i]));
  const xOf = (period) => margin.left + slot.get(period) * band;
  const total = (row) => QUADS.reduce((sum, q) => sum + row.quad[q.key], 0);
  const maxEvents = Math.max(1, ...[...dyad.series, ...dyad.reverse].map(total));
  const step = niceStep(maxEvents, 4);
  const yMax = Math.ceil(maxEvents / step) * step;
  const labelEvery = Math.ceil(periods.length / Math.floor(plotWidth / (periods[0].length * 7 + 12)));
  const nodes = [];
  const panels = [["series", dyad.source, dyad.target], ["reverse", dyad.target, dyad.source]];
  panels.forEach(([key, from, to], p) => {
    const top = panel.top + p * (panel.height + panel.gap);
    const bottom = top + panel.height;
    const yCount = (n) => bottom - (n / yMax) * panel.height;
    const yIndex = (v) => top + 5 + ((1 - v) / 2) * (panel.height - 10); // inset: dots at ±1 clear the axes
    nodes.push(svg("text", { x: margin.left, y: top - 18, class: "panel-title" }, `${from} → ${to}`));
    for (let n = 0; n <= yMax; n += step) {
      nodes.push(svg("line", { x1: margin.left, x2: width - margin.right, y1: yCount(n), y2: yCount(n), class: "grid" }));
      nodes.push(svg("text", { x: margin.left - 6, y: yCount(n) + 4, class: "tick left" }, String(n)));
    }
    for (const v of [-1, 0, 1]) {
      nodes.push(svg("text", { x: width - margin.right + 6, y: yIndex(v) + 4, class: "tick right" },
        v > 0 ? "+1" : String(v)));
    }
    nodes.push(svg("line", { x1: margin.left, x2: width - margin.right, y1: yIndex(0), y2: yIndex(0), class: "zero" }));
    nodes.push(svg("text", { class: "axis-label", transform: `translate(12 ${top + panel.height / 2}) rotate(-90)` },
      dyad.count));
    nodes.push(svg("text", { class: "axis-label",
      transform: `translate(${width - 8} ${top + panel.height / 2}) rotate(90)` }, "index"));
    const rows = dyad[key];
    for (const row of rows) {
      let base = 0;
      const x = xOf(row.period) + band * 0.15;
      for (const q of QUADS) {
        const n = row.quad[q.key];
        if (!n) continue;
        const bar = svg("rect", { x, width: Math.max(band * 0.7, 1), y: yCount(base + n),
          height: yCount(base) - yCount(base + n), class: `bar quad-${q.key}` });
        bar.append(svg("title", {}, `${from} → ${to}, ${row.period}: ${n} ${q.label} of ${row.events} ` +
          `(index ${row.index.toFixed(2)}, mean Goldstein ${row.goldstein_mean})`));
        nodes.push(bar);
        base += n;
      }
    }
    for (const change of dyad.changes[key]) {
      const x = xOf(change.period);
      nodes.push(svg("line", { x1: x, x2: x, y1: top - 12, y2: bottom, class: "change" }));
      const label = svg("text", { x: x + 3, y: top - 4, class: "change-label" }, `${change.direction} ↑`);
      label.append(svg("title", {}, `from ${change.period}: index ${change.before} → ${change.after}`));
      nodes.push(label);
    }
    const points = rows.map((row) => [xOf(row.period) + band / 2, yIndex(row.index), row]);
    if (points.length > 1) {
      // A step line: a period without events keeps the index, as the change-point detection assumes.
      const steps = points.map(([x, y], i) => (i ? `H ${x} V ${y}` : `M ${x} ${y}`)).join(" ");
      nodes.push(svg("path", { d: steps, class: "index-line" }));
    }
    for (const [x, y, row] of points) {
      const dot = svg("circle", { cx: x, cy: y, r: 2.5, class: "index-dot" });
      dot.append(svg("title", {}, `${row.period}: index ${row.index.toFixed(2)}`));
      nodes.push(dot);
    }
    nodes.push(svg("line", { x1: margin.left, x2: width - margin.right, y1: bottom, y2: bottom, class: "axis" }));
    periods.forEach((period, i) => {
      if (i % labelEvery) return;
      const x = margin.left + (i + 0.5) * band;
      nodes.push(svg("text", { x, y: bottom + 14, class: "tick bottom" }, period));
    });
  });
  chart.replaceChildren(...nodes);
}

/** The sentence with the source, target and trigger spans marked; overlapping spans keep the first. */
function markedSentence(record) {
  const sentence = record.sentence;
  const spans = [
    ...record.source.map((a) => ({ ...a, kind: "src", label: `source: ${a.code ?? "unknown"} ${a.name ?? ""}` })),
    ...record.target.map((a) => ({ ...a, kind: "tgt", label: `target: ${a.code ?? "unknown"} ${a.name ?? ""}` })),
    { ...record.trigger, kind: "trg", label: `trigger (${record.rule})` },
  ].map((s) => ({ ...s, start: s.start - record.sentence_start, end: s.end - record.sentence_start }))
    .filter((s) => s.start >= 0 && s.end <= sentence.length && s.start < s.end)
    .sort((x, y) => x.start - y.start || y.end - x.end);
  const cell = el("td", { class: "sentence", title: `document ${record.doc_id}, sentence ${record.sentence_index}` });
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue;
    cell.append(document.createTextNode(sentence.slice(at, span.start)));
    cell.append(el("mark", { class: span.kind, title: span.label.trim() }, sentence.slice(span.start, span.end)));
    at = span.end;
  }
  cell.append(document.createTextNode(sentence.slice(at)));
  return cell;
}

function dateCell(date) {
  const cell = el("td", { class: "date" }, date.value ?? "undated");
  if (date.precision && date.precision !== "day") cell.append(el("span", { class: "precision" }, ` ${date.precision}`));
  if (date.historical) {
    cell.append(el("span", { class: "retro", title: "retrospective: an earlier event mentioned in a later report" },
      " ↺"));
  }
  cell.title = date.source === "text" ? `dated by the text: "${date.expression}"` : "dated by the publication date";
  return cell;
}

function actorsCell(record) {
  const codes = (actors) => actors.map((a) => a.code ?? "?").join(", ");
  const names = (actors) => actors.map((a) => `${a.text} (${a.name ?? a.code ?? "unknown"})`).join(", ");
  const cell = el("td", { class: "actors", title: `${names(record.source)} → ${names(record.target)}` });
  cell.append(el("span", { class: "code src" }, codes(record.source)),
    document.createTextNode(record.reciprocal ? " ↔ " : " → "), el("span", { class: "code tgt" }, codes(record.target)));
  return cell;
}

function drawEvents(records) {
  const body = $("events").tBodies[0];
  if (!records.length) {
    body.replaceChildren(el("tr", {}, null));
    body.rows[0].append(el("td", { colspan: 9, class: "empty" }, "no events"));
    $("events-note").textContent = "";
    return;
  }
  $("events-note").textContent = records.length >= EVENT_LIMIT ? `(the first ${EVENT_LIMIT}; narrow the period ` +
    "to see the others)" : `(${records.length})`;
  body.replaceChildren(...records.map((record) => {
    const row = el("tr", { class: `quad-row-${record.cameo.quad_class}` });
    const goldstein = record.cameo.goldstein;
    row.append(dateCell(record.date), actorsCell(record),
      el("td", { class: "plover" }, record.plover.type),
      el("td", { class: "num" }, record.cameo.code),
      el("td", { class: `num ${goldstein < 0 ? "neg" : "pos"}` }, goldstein.toFixed(1)),
      el("td", { class: "num" }, String(record.cluster.reports)),
      el("td", { class: "rule" }, record.rule),
      el("td", { class: "num" }, record.confidence.toFixed(2)),
      markedSentence(record));
    return row;
  }));
}

/** Green (cooperative) through amber to red (all conflict); grey when unknown. */
function conflictColour(share) {
  if (share === null || share === undefined) return "#999";
  const stops = [[76, 154, 91], [224, 160, 60], [178, 49, 43]];
  const t = Math.min(Math.max(share, 0), 1) * 2;
  const [from, to] = t <= 1 ? [stops[0], stops[1]] : [stops[1], stops[2]];
  const f = t <= 1 ? t : t - 1;
  return `rgb(${from.map((c, i) => Math.round(c + (to[i] - c) * f)).join(",")})`;
}

function drawNetwork(network, selected) {
  const view = $("network");
  const size = 420;
  const centre = size / 2;
  view.setAttribute("viewBox", `0 0 ${size} ${size}`);
  if (!network.nodes.length) {
    drawMessage(view, size, size, "no events");
    return;
  }
  const radius = centre - 70;
  const place = new Map(network.nodes.map((node, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / network.nodes.length;
    return [node.id, { x: centre + radius * Math.cos(angle), y: centre + radius * Math.sin(angle), angle }];
  }));
  const maxNode = Math.max(1, ...network.nodes.map((n) => n.events));
  const maxEdge = Math.max(1, ...network.edges.map((e) => e.events));
  const isSelected = (e) => (e.a === selected.a && e.b === selected.b) || (e.a === selected.b && e.b === selected.a);
  const nodes = [];
  for (const edge of [...network.edges].sort((x, y) => isSelected(x) - isSelected(y))) {
    const [p, q] = [place.get(edge.a), place.get(edge.b)];
    const ends = { x1: p.x, y1: p.y, x2: q.x, y2: q.y };
    const group = svg("g", { class: isSelected(edge) ? "edge selected" : "edge", "data-a": edge.a, "data-b": edge.b });
    if (isSelected(edge)) group.append(svg("line", { ...ends, class: "edge-halo" }));
    group.append(svg("line", { ...ends, class: "edge-line", stroke: conflictColour(edge.conflict_share),
      "stroke-width": (1.5 + 6 * (edge.events / maxEdge)).toFixed(2) }));
    group.append(svg("line", { ...ends, class: "edge-hit" }));
    const share = edge.conflict_share === null ? "?" : `${Math.round(edge.conflict_share * 100)}%`;
    group.append(svg("title", {}, `${edge.a}–${edge.b}: ${edge.events} events, mean Goldstein ` +
      `${edge.goldstein_mean}, ${share} conflict. Click to select.`));
    group.addEventListener("click", () => {
      selectDyad(edge.a, edge.b);
      refresh();
    });
    nodes.push(group);
  }
  for (const node of network.nodes) {
    const { x, y, angle } = place.get(node.id);
    const r = 4 + 14 * Math.sqrt(node.events / maxNode);
    const active = node.id === selected.a || node.id === selected.b;
    const circle = svg("circle", { cx: x, cy: y, r: r.toFixed(2), class: active ? "node active" : "node" });
    circle.append(svg("title", {}, `${node.id}: ${node.events} events`));
    const cos = Math.cos(angle);
    const anchor = cos > 0.3 ? "start" : cos < -0.3 ? "end" : "middle";
    const lx = x + (r + 4) * cos;
    const ly = y + (r + 4) * Math.sin(angle) + (Math.sin(angle) > 0.3 ? 10 : Math.sin(angle) < -0.3 ? -2 : 4);
    nodes.push(circle, svg("text", { x: lx, y: ly, "text-anchor": anchor, class: "node-label" }, node.id));
  }
  const legend = [[0, "cooperative"], [0.5, "mixed"], [1, "conflictual"]];
  legend.forEach(([share, label], i) => {
    const x = 12 + i * 110;
    nodes.push(svg("line", { x1: x, x2: x + 22, y1: size - 12, y2: size - 12, stroke: conflictColour(share),
      "stroke-width": 4 }));
    nodes.push(svg("text", { x: x + 28, y: size - 8, class: "legend-label" }, label));
  });
  view.replaceChildren(...nodes);
}

function showStatus(text, error = false) {
  $("status").textContent = text;
  $("status").classList.toggle("error", error);
}

/** Loads and draws everything for the chosen dyad and period. */
async function refresh() {
  const mine = ++generation;
  const q = controls();
  const url = new URLSearchParams(Object.entries(q).filter(([, v]) => v));
  history.replaceState(null, "", `?${url}`);
  const period = { since: q.since, until: q.until };
  try {
    showStatus("loading…");
    const network = getJSON("/api/network", { ...period, limit: NETWORK_EDGES });
    if (!q.a || !q.b) {
      drawMessage($("chart"), 720, 80, "no events");
      drawEvents([]);
      $("summary").replaceChildren(el("li", {}, "no events"));
      drawNetwork(await network, q);
      if (mine === generation) showStatus("");
      return;
    }
    const [dyad, events, net] = await Promise.all([
      getJSON("/api/dyad", { a: q.a, b: q.b, by: q.by, count: q.count, ...period })
        .catch((error) => ({ error: error.message })), // e.g. too many periods: the events still show
      getJSON("/api/events", { a: q.a, b: q.b, type: q.type, limit: EVENT_LIMIT, ...period }),
      network,
    ]);
    if (mine !== generation) return;
    if (dyad.error) {
      $("summary").replaceChildren(el("li", { class: "error" }, dyad.error));
      drawMessage($("chart"), 720, 80, "nothing to draw");
    } else {
      drawSummary(dyad);
      drawChart(dyad);
    }
    drawEvents(events);
    drawNetwork(net, q);
    showStatus("");
  } catch (error) {
    if (mine === generation) showStatus(`could not load: ${error.message}`, true);
  }
}

async function start() {
  drawLegend();
  $("type").append(...PLOVER_TYPES.map((t) => el("option", { value: t }, t.toLowerCase())));
  const asked = new URLSearchParams(location.search);
  for (const id of ["by", "count", "since", "until", "type"]) {
    if (asked.get(id)) $(id).value = asked.get(id);
  }
  try {
    const top = await getJSON("/api/top", { limit: TOP_ACTORS });
    fillActors(top.actors);
    const first = top.dyads[0];
    const [a, b] = asked.get("a") && asked.get("b") ? [asked.get("a"), asked.get("b")]
      : first ? [first.a, first.b] : [top.actors[0]?.actor, top.actors[1]?.actor];
    if (a && b) selectDyad(a, b);
  } catch (error) {
    showStatus(`could not load the actors: ${error.message}`, true);
    return;
  }
  $("controls").addEventListener("change", refresh);
  $("controls").addEventListener("submit", (event) => event.preventDefault());
  $("swap").addEventListener("click", () => {
    const q = controls();
    selectDyad(q.b, q.a);
    refresh();
  });
  await refresh();
}

start();
