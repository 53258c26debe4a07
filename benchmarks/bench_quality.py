"""Quality on every development gold file in ../shared/gold, plus the seed acceptance check.

    python benchmarks/bench_quality.py [--shared ../shared] [--json out.json]

Gold files are read at run time from shared/ and never copied into the project.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from detente.evaluate import evaluate
from detente.pipeline import Coder


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--json", dest="json_out")
    args = ap.parse_args()
    shared = Path(args.shared)
    coder = Coder.load()
    results = {}
    for gold in sorted((shared / "gold").glob("*.jsonl")):
        score = evaluate(coder, gold)
        results[gold.name] = score.figures
        print(f"{gold.name}: {score.figures}", flush=True)
    seed = subprocess.run([sys.executable, str(shared / "tools" / "seed_check.py"), "--detente",
                           f"{sys.executable} -m detente", "--shared", str(shared)], capture_output=True, text=True)
    print(seed.stdout)
    results["seed"] = seed.stdout.strip().splitlines()[-1] if seed.stdout.strip() else seed.stderr[-300:]
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
