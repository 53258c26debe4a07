"""How a dyad's relation moves: change points in the cooperation-conflict index of a series and a
one-line summary of them, plus the plot. Pure functions over the rows `Store.series` returns.
Change points are found by our own binary segmentation on running sums, linear per split: ruptures'
PELT, tried first, took 2 s a monthly and up to 57 s a weekly series over 35 years (bench_relations.py)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

SHIFT = 0.2  # a change of the index smaller than this is not worth a sentence
MIN_PERIODS = 4  # fewer periods than this carry no trend
MIN_EVENTS = 3  # a regime resting on fewer events than this on either side of a change is not told


@dataclass(frozen=True)
class Change:
    period: str  # the first period of the new regime
    before: float  # mean index before it
    after: float  # mean index from it on

    @property
    def direction(self) -> str:
        return "cooperation" if self.after > self.before else "conflict"


def _period_start(period: str, by: str) -> dt.date:
    if by == "week":
        return dt.date.fromisocalendar(int(period[:4]), int(period[6:]), 1)
    parts = [int(x) for x in period.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1] if by != "year" else 1, parts[2] if by == "day" else 1)


def _next_period(day: dt.date, by: str) -> dt.date:
    if by == "day":
        return day + dt.timedelta(days=1)
    if by == "week":
        return day + dt.timedelta(days=7)
    if by == "month":
        return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return dt.date(day.year + 1, 1, 1)


def _label(day: dt.date, by: str) -> str:
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "day":
        return day.isoformat()
    return f"{day.year:04d}-{day.month:02d}" if by == "month" else str(day.year)


def index_signal(series: list[dict], by: str) -> list[tuple[str, float]]:
    """The index per period from the first to the last period with events; a period without
    events keeps the previous value (no news is not a change)."""
    if not series:
        return []
    known = {row["period"]: row["index"] for row in series}
    day, last = _period_start(series[0]["period"], by), _period_start(series[-1]["period"], by)
    signal, value = [], 0.0
    while day <= last and len(signal) < 100_000:
        label = _label(day, by)
        value = known.get(label, value)
        signal.append((label, value))
        day = _next_period(day, by)
    return signal


def _best_split(values, lo: int, hi: int, min_size: int) -> tuple[float, int]:
    """The split of values[lo:hi] into two parts that most reduces the squared error, and by how much."""
    import numpy as np

    part = values[lo:hi]
    n = len(part)
    if n < 2 * min_size:
        return 0.0, -1
    sums = np.cumsum(part)
    left_n = np.arange(1, n)
    left = sums[:-1]
    right = sums[-1] - left
    # error of the whole minus the errors of the parts, from running sums (O(n), no Python loop)
    gain = left ** 2 / left_n + right ** 2 / (n - left_n) - sums[-1] ** 2 / n
    gain[: min_size - 1] = gain[n - min_size:] = -np.inf
    at = int(np.argmax(gain))
    return float(gain[at]), lo + at + 1


def change_points(series: list[dict], by: str, *, penalty: float | None = None, min_size: int = 2) -> list[Change]:
    """Shifts in the mean of the index by binary segmentation (least squares, a BIC-like penalty per
    split), each at least SHIFT wide. Linear in the number of periods per split, so weekly series
    over decades stay fast."""
    signal = index_signal(series, by)
    if len(signal) < MIN_PERIODS:
        return []
    import numpy as np

    values = np.array([v for _, v in signal], dtype=float)
    spread = float(values.var())
    if spread == 0:
        return []
    pen = penalty if penalty is not None else 2 * spread * math.log(len(values))
    bounds, todo = [0, len(values)], [(0, len(values))]
    while todo:
        lo, hi = todo.pop()
        gain, at = _best_split(values, lo, hi, min_size)
        if at > 0 and gain > pen:
            bounds.append(at)
            todo += [(lo, at), (at, hi)]
    bounds.sort()
    counts = {row["period"]: row["events"] for row in series}
    events = np.array([counts.get(label, 0) for label, _ in signal])
    changes = []
    for i in range(1, len(bounds) - 1):
        before = float(values[bounds[i - 1]:bounds[i]].mean())
        after = float(values[bounds[i]:bounds[i + 1]].mean())
        enough = min(events[bounds[i - 1]:bounds[i]].sum(), events[bounds[i]:bounds[i + 1]].sum()) >= MIN_EVENTS
        if abs(after - before) >= SHIFT and enough:
            changes.append(Change(signal[bounds[i]][0], round(before, 3), round(after, 3)))
    return changes


def summary(a: str, b: str, series: list[dict], changes: list[Change], arrow: str = "→") -> str:
    """One line in plain language: 'USA→RUS: conflict rising since 2012-05 (index +0.40 → -0.35)'."""
    name = f"{a}{arrow}{b}"
    events = sum(row["events"] for row in series)
    if not events:
        return f"{name}: no events"
    counted = f"{events} event{'s' if events != 1 else ''}"
    if changes:
        last = changes[-1]
        return (f"{name}: {last.direction} rising since {last.period} "
                f"(index {last.before:+.2f} → {last.after:+.2f}; {counted})")
    mean = sum(row["index"] * row["events"] for row in series) / events
    level = "mostly cooperative" if mean >= SHIFT else "mostly conflictual" if mean <= -SHIFT else "mixed"
    return f"{name}: {level}, no change point (index {mean:+.2f}; {counted})"


def describe(dyad: dict) -> dict:
    """Adds change points and summaries to what `Store.dyad` returns."""
    a, b, by = dyad["source"], dyad["target"], dyad["by"]
    out = dict(dyad)
    out["changes"], out["summary"] = {}, {}
    for key, (x, y, arrow) in {"series": (a, b, "→"), "reverse": (b, a, "→"), "undirected": (a, b, "–")}.items():
        changes = change_points(dyad[key], by)
        out["changes"][key] = [{"period": c.period, "before": c.before, "after": c.after, "direction": c.direction}
                               for c in changes]
        out["summary"][key] = summary(x, y, dyad[key], changes, arrow)
    return out


def plot(dyad: dict, path: str) -> None:
    """Draws events per period by quad class (bars) and the index (line) with change points, per direction."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    by = dyad["by"]
    fig, axes = plt.subplots(2, 1, figsize=(10, 6.5), sharex=True, constrained_layout=True)
    colours = {"1": "#4c9a5b", "2": "#1f6f3a", "3": "#e08a3c", "4": "#b2312b"}
    labels = {"1": "verbal cooperation", "2": "material cooperation", "3": "verbal conflict", "4": "material conflict"}
    for ax, key, (x, y) in ((axes[0], "series", (dyad["source"], dyad["target"])),
                            (axes[1], "reverse", (dyad["target"], dyad["source"]))):
        rows = dyad[key]
        days = [_period_start(r["period"], by) for r in rows]
        width = {"day": 0.8, "week": 5, "month": 25, "year": 300}[by]
        bottom = [0] * len(rows)
        for quad in ("1", "2", "3", "4"):
            counts = [r["quad"][quad] for r in rows]
            ax.bar(days, counts, width=width, bottom=bottom, color=colours[quad], label=labels[quad])
            bottom = [s + c for s, c in zip(bottom, counts, strict=True)]
        line = ax.twinx()
        line.plot(days, [r["index"] for r in rows], color="#222", marker="o", linewidth=1.2, label="index")
        line.set_ylim(-1.05, 1.05)
        line.set_ylabel("cooperation − conflict")
        for change in (dyad.get("changes") or {}).get(key, []):
            ax.axvline(_period_start(change["period"], by), color="#555", linestyle="--", linewidth=1)
        ax.set_ylabel("events")
        ax.set_ylim(0, max(bottom, default=0) * 1.15 + 0.5)
        ax.set_title((dyad.get("summary") or {}).get(key) or f"{x}→{y}", fontsize=10, loc="left")
    handles, names = axes[0].get_legend_handles_labels()
    fig.legend(handles, names, loc="outside lower center", fontsize=8, ncol=4, frameon=False)
    fig.savefig(path, dpi=110)
    plt.close(fig)
