"""Speed of detente against spaCy's own parse of the same texts, in the same run.

    python benchmarks/bench_speed.py [--docs 1000] [--json out.json]

Figures are ratios to the same-run baseline (spaCy `nlp.pipe` with the same model), because
the machines are shared and noisy. Texts: the bundled sample corpus, repeated with distinct ids.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

from detente.actors import find_actors
from detente.dates import date_events
from detente.events import find_events
from detente.nlp import load_model
from detente.pipeline import DETENTE_PIPES, Coder
from detente.records import Document
from detente.tables import data_path


def corpus(n: int) -> list[Document]:
    sample = data_path("sample/news-sample.jsonl").read_text(encoding="utf-8")
    rows = [json.loads(line) for line in sample.splitlines()]
    import datetime as dt

    return [Document(f"{rows[i % len(rows)]['id']}-{i}", rows[i % len(rows)]["text"],
                     dt.date.fromisoformat(rows[i % len(rows)]["date"])) for i in range(n)]


def run_cli(path: str, out: str, processes: int) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of `detente code` in a fresh process."""
    code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            "subprocess.run(sys.argv[1:], check=True, capture_output=True); "
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)")
    cmd = [sys.executable, "-c", code, sys.executable, "-m", "detente", "code", path, "-o", out,
           "--processes", str(processes)]
    seconds, peak = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.split()
    return float(seconds), float(peak)


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", dest="json_out")
    ap.add_argument("--memory", action="store_true", help="Also code a 4x larger corpus to compare peak memory.")
    args = ap.parse_args()
    docs = corpus(args.docs)
    texts = [d.text for d in docs]

    nlp = load_model()
    list(nlp.pipe(texts[:20]))
    parsed = []
    t_spacy = best_of(args.repeat, lambda: parsed.__setitem__(slice(None), list(nlp.pipe(texts, batch_size=64))))
    tokens = sum(len(d) for d in parsed)
    sentences = sum(1 for d in parsed for _ in d.sents)

    coder = Coder.load()
    t_lib = best_of(args.repeat, lambda: list(coder.code(docs)))

    # The coding stages alone, on documents spaCy has already parsed.
    stage_docs = [coder.nlp(d.text, disable=list(DETENTE_PIPES)) for d in docs]
    clock = {"actors": 0.0, "events": 0.0, "dates": 0.0}
    for doc, d in zip(stage_docs, docs, strict=True):
        t0 = time.perf_counter()
        actors = find_actors(doc, coder.table, d.date)
        t1 = time.perf_counter()
        events = find_events(doc, actors, coder.lexicon, doc_id=d.id, published=d.date)
        t2 = time.perf_counter()
        date_events(doc, events, d.date)
        t3 = time.perf_counter()
        clock["actors"] += t1 - t0
        clock["events"] += t2 - t1
        clock["dates"] += t3 - t2
    coding = sum(clock.values())

    # The command line, end to end (model load included), as a user runs it: one process, two
    # processes, and a corpus four times larger (peak memory must not grow with it).
    cli = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, n_docs, procs in (("cli", len(docs), 1), ("cli_2proc", len(docs), 2), ("cli_4x", 4 * len(docs), 1)):
            if name == "cli_4x" and not args.memory:
                continue
            path = os.path.join(tmp, f"{name}.jsonl")
            with open(path, "w", encoding="utf-8") as fh:
                for d in corpus(n_docs):
                    fh.write(json.dumps({"id": d.id, "date": d.date.isoformat(), "text": d.text}) + "\n")
            cli[name] = run_cli(path, os.path.join(tmp, "out.jsonl"), procs)
    t_cli, peak_mb = cli["cli"]

    result = {
        "docs": len(docs), "tokens": tokens, "sentences": sentences,
        "spacy_docs_per_s": round(len(docs) / t_spacy, 1), "spacy_tokens_per_s": round(tokens / t_spacy),
        "detente_lib_docs_per_s": round(len(docs) / t_lib, 1), "detente_lib_tokens_per_s": round(tokens / t_lib),
        "ratio_lib_to_spacy": round(t_spacy / t_lib, 3),
        "detente_cli_docs_per_s": round(len(docs) / t_cli, 1), "ratio_cli_to_spacy": round(t_spacy / t_cli, 3),
        "coding_sentences_per_s": round(sentences / coding),
        "stage_share_of_parse": {k: round(v / t_spacy, 4) for k, v in clock.items()},
        "cli_peak_rss_mb": round(peak_mb),
        "ratio_cli_2proc_to_spacy": round(len(docs) / cli["cli_2proc"][0] / (len(docs) / t_spacy), 3),
        **({"cli_4x_peak_rss_mb": round(cli["cli_4x"][1])} if "cli_4x" in cli else {}),
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
                   f"Python {platform.python_version()}",
    }
    print(json.dumps(result, indent=2))
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as fh:
            json.dump(result, fh, indent=2)


if __name__ == "__main__":
    main()
