"""Whole-process benchmarks of massage-match, each against the floor it is judged by.

    python benchmarks/run.py [--runs N] [--quick]

Uses only the Python standard library: each command is run as a separate process (after a warm-up
run that also fills the knowledge-base cache), wall time by time.perf_counter, peak memory from the
operating system's accounting of that child (os.wait4). Medians are reported; ratios are of medians
taken in the same run on the same machine. --quick skips the million-line and 100x-knowledge-base runs.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
MM = [PY, "-m", "massage_match"]


def measure(cmd: list[str], stdin_path: Path | None = None, runs: int = 7, warmup: int = 1) -> tuple[float, float]:
    """Median wall seconds and largest peak RSS (MiB) over `runs` runs of `cmd`."""
    walls, peaks = [], []
    for i in range(warmup + runs):
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL  # noqa: SIM115
        try:
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, _, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
        finally:
            if stdin_path:
                stdin.close()
        if i >= warmup:
            walls.append(wall)
            peaks.append(usage.ru_maxrss / 1024)  # KiB on Linux
    return statistics.median(walls), max(peaks)


def realistic_lines(count: int, seed: int = 7) -> list[str]:
    """Mostly distinct symptom lines with typos, built from the shipped phrasing sets."""
    rng = random.Random(seed)
    phrases = [
        line.split("\t")[0]
        for name in ("symptom_phrasings.tsv", "symptom_phrasings_hard.tsv")
        for line in (ROOT / "tests" / "data" / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    tails = ["", " since monday", " for 3 weeks", " worse at night", " after work", " on and off"]

    def typo(text: str) -> str:
        chars = list(text)
        for _ in range(rng.randint(0, 2)):
            i = rng.randrange(len(chars))
            op = rng.choice("dis")
            if op == "d" and len(chars) > 3:
                del chars[i]
            elif op == "i":
                chars.insert(i, rng.choice("aeiourstln"))
            else:
                chars[i] = rng.choice("aeiourstln")
        return "".join(chars)

    return [typo(rng.choice(phrases)) + rng.choice(tails) + (f" #{i}" if i % 3 == 0 else "") for i in range(count)]


def write_lines(path: Path, lines: Iterable[str]) -> Path:
    # Written line by line: this process stays small, so no child's peak memory (which on Linux
    # counts the parent's pages it started from) is inflated by our inputs.
    with path.open("w", encoding="utf-8") as f:
        for line in lines:
            f.write(line + "\n")
    return path


def report(label: str, a: float, b: float, goal: float) -> None:
    ratio = a / b
    verdict = "met" if ratio <= goal else "NOT met"
    print(f"{label:<58} {a * 1000:9.1f} ms / {b * 1000:8.1f} ms = {ratio:6.2f}x  (goal <= {goal:g}x: {verdict})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    runs = args.runs
    print(
        f"massage-match benchmarks, {date.today()}, {platform.machine()} {platform.processor() or ''}, "
        f"{os.cpu_count()} cpus, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        os.environ["MASSAGE_MATCH_CACHE"] = str(tmp / "cache")
        single_json = [*MM, "--format", "json", "recommend", "--symptom", "lower back pain"]
        single_table = [*MM, "--format", "table", "recommend", "--symptom", "lower back pain"]
        click_floor = [PY, "-c", "import click"]
        rich_floor = [PY, "-c", "import click; from rich.console import Console; from rich.table import Table"]

        json_t, _ = measure(single_json, runs=runs)
        click_t, _ = measure(click_floor, runs=runs)
        report("one symptom as json vs python -c 'import click'", json_t, click_t, 1.5)
        table_t, _ = measure(single_table, runs=runs)
        rich_t, _ = measure(rich_floor, runs=runs)
        report("one symptom as a table vs import click + rich", table_t, rich_t, 1.5)

        batch = write_lines(tmp / "batch20k.txt", realistic_lines(20_000))
        batch_t, batch_rss = measure([*MM, "--format", "jsonl", "recommend"], batch, runs=max(1, runs // 3))
        report("20,000 realistic lines vs one single call", batch_t, json_t, 40)
        print(f"{'':<58} {20_000 / batch_t:,.0f} lines/s, peak {batch_rss:.0f} MiB")

        for count in (1_000, 10_000) + (() if args.quick else (1_000_000,)):
            lines = write_lines(tmp / f"same{count}.txt", itertools.repeat("neck pain", count))
            t, rss = measure([*MM, "--format", "jsonl", "recommend"], lines, runs=1)
            print(f"{count:>9,} identical lines ('neck pain'): {t:7.2f} s, peak RSS {rss:6.1f} MiB")

        if not args.quick:
            big = tmp / "big-kb"
            subprocess.run([PY, str(HERE / "make_big_kb.py"), str(big), "--times", "100"], check=True)
            big_cmd = [*MM, "--data-dir", str(big), "--format", "json", "recommend", "--symptom", "lower back pain"]
            big_t, big_rss = measure(big_cmd, runs=max(3, runs // 2))
            report("one symptom, knowledge base 100x larger vs shipped", big_t, json_t, 2)
            print(f"{'':<58} peak {big_rss:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
