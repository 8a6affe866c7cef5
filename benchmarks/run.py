"""Whole-process benchmarks of massage-match, each against the floor it is judged by.

    python benchmarks/run.py [--runs N] [--quick]

Uses only the Python standard library. Every figure is a separate process started the way a user
starts it (the `massage-match` console script next to this Python), after a warm-up run that also
fills the caches. Each comparison runs its two commands in turn, A B A B ..., and takes the ratio
pair by pair: the machine's speed drifts (a shared virtual machine can vary by a third within a
minute), and a ratio of two runs taken seconds apart is steadier than a ratio of two medians taken
minutes apart. The median ratio is reported, with the median times. Peak memory is the operating
system's accounting of the child (os.wait4). --quick skips the million-line and 100x runs and
halves the memory-growth batches.

Speed is measured with the interpreter's ordinary bytecode cache: the package is compiled once
first (`python -m compileall`), as the README tells users who set PYTHONDONTWRITEBYTECODE to do.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
SCRIPT = shutil.which("massage-match", path=str(Path(PY).parent)) or shutil.which("massage-match")
MM = [SCRIPT] if SCRIPT else [PY, "-m", "massage_match"]


def run_once(cmd: list[str], stdin_path: Path | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one run of `cmd`."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL  # noqa: SIM115
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(proc.pid, 0)
        return time.perf_counter() - start, usage.ru_maxrss / 1024  # KiB on Linux
    finally:
        if stdin_path:
            stdin.close()


def paired(
    a: list[str], b: list[str], runs: int, a_stdin: Path | None = None, b_stdin: Path | None = None
) -> tuple[float, float, float, float]:
    """Median ratio a/b over runs taken in turn, median a, median b, largest peak RSS of a."""
    run_once(a, a_stdin)
    run_once(b, b_stdin)
    ratios, times_a, times_b, peaks = [], [], [], []
    for _ in range(runs):
        ta, peak = run_once(a, a_stdin)
        tb, _ = run_once(b, b_stdin)
        ratios.append(ta / tb)
        times_a.append(ta)
        times_b.append(tb)
        peaks.append(peak)
    return statistics.median(ratios), statistics.median(times_a), statistics.median(times_b), max(peaks)


def realistic_lines(count: int, seed: int = 7) -> Iterator[str]:
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

    # Made one at a time: see write_lines.
    return (typo(rng.choice(phrases)) + rng.choice(tails) + (f" #{i}" if i % 3 == 0 else "") for i in range(count))


def write_lines(path: Path, lines: Iterable[str]) -> Path:
    # Written line by line: this process stays small, so no child's peak memory (which on Linux
    # counts the parent's pages it started from) is inflated by our inputs.
    with path.open("w", encoding="utf-8") as f:
        for line in lines:
            f.write(line + "\n")
    return path


def report(label: str, ratio: float, a: float, b: float, goal: float) -> None:
    verdict = "met" if ratio <= goal else "NOT met"
    print(f"{label:<52} {a * 1000:8.1f} ms / {b * 1000:7.1f} ms: {ratio:6.2f}x  (goal <= {goal:g}x: {verdict})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    runs = args.runs
    print(
        f"massage-match benchmarks, {date.today()}, {platform.machine()}, {os.cpu_count()} cpus, "
        f"Python {platform.python_version()}, command: {' '.join(Path(c).name for c in MM)}"
    )
    import massage_match  # compiled where it is installed (an editable install: the checkout's src/)

    subprocess.run([PY, "-m", "compileall", "-q", "-f", str(Path(massage_match.__file__).parent)], check=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        os.environ["MASSAGE_MATCH_CACHE"] = str(tmp / "cache")
        single_json = [*MM, "--format", "json", "recommend", "--symptom", "lower back pain"]
        single_table = [*MM, "--format", "table", "recommend", "--symptom", "lower back pain"]
        click_floor = [PY, "-c", "import click"]
        rich_floor = [PY, "-c", "import click; from rich.console import Console; from rich.table import Table"]

        ratio, a, b, _ = paired(single_json, click_floor, runs)
        report("one symptom as json vs python -c 'import click'", ratio, a, b, 1.5)
        ratio, a, b, _ = paired(single_table, rich_floor, runs)
        report("one symptom as a table vs import click + rich", ratio, a, b, 1.5)

        batch = write_lines(tmp / "batch20k.txt", realistic_lines(20_000))
        jsonl = [*MM, "--format", "jsonl", "recommend"]
        ratio, a, b, peak = paired(jsonl, single_json, max(3, runs // 3), a_stdin=batch)
        report("20,000 realistic lines vs one single call", ratio, a, b, 40)
        print(f"{'':<52} {20_000 / a:,.0f} lines/s, peak {peak:.0f} MiB (largest process)")
        serial, _ = run_once([*jsonl, "--jobs", "1"], batch)
        print(f"{'':<52} in one process (--jobs 1): {serial:.2f} s, {20_000 / serial:,.0f} lines/s")

        counts = (1_000, 10_000) + (() if args.quick else (1_000_000,))
        for count in counts:
            lines = write_lines(tmp / f"same{count}.txt", ["neck pain"] * min(count, 1000))
            if count > 1000:  # appended in blocks: never the whole input in this process
                with lines.open("a", encoding="utf-8") as f:
                    for _ in range(count // 1000 - 1):
                        f.write("neck pain\n" * 1000)
            t, rss = run_once(jsonl, lines)
            print(f"{count:>9,} identical lines ('neck pain'): {t:7.2f} s, peak RSS {rss:6.1f} MiB")

        # Memory must not grow with a batch's length: a batch four times longer, of mostly distinct
        # lines (every memo fills), peaks at most 1.15x as high.
        small_count = 50_000 if args.quick else 100_000
        peaks = []
        for count in (small_count, 4 * small_count):
            lines = write_lines(tmp / f"distinct{count}.txt", realistic_lines(count, seed=count))
            t, rss = run_once(jsonl, lines)
            peaks.append(rss)
            print(f"{count:>9,} realistic lines: {t:7.2f} s, peak RSS {rss:6.1f} MiB")
            lines.unlink()
        growth = peaks[1] / peaks[0]
        verdict = "met" if growth <= 1.15 else "NOT met"
        print(f"{'peak memory, 4x the lines':<52} {growth:6.2f}x  (goal <= 1.15x: {verdict})")

        if not args.quick:
            big = tmp / "big-kb"
            subprocess.run([PY, str(HERE / "make_big_kb.py"), str(big), "--times", "100"], check=True)
            big_cmd = [*MM, "--data-dir", str(big), "--format", "json", "recommend", "--symptom", "lower back pain"]
            ratio, a, b, peak = paired(big_cmd, single_json, runs)
            report("one symptom, knowledge base 100x larger vs shipped", ratio, a, b, 2)
            print(f"{'':<52} peak {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
