"""Print the matcher's accuracy on the shipped phrasings, and the threshold curve behind its cut-off.

    python benchmarks/eval_matching.py [CASES.tsv] [--failures]

top-1: the expected condition is the match; top-3: it is the match or among the first alternatives;
no-match: phrases that must match nothing get "match": null. The curve shows, for each possible
threshold, how many real complaints still get a match (coverage), how many of those matches are
right (precision), and how many must-not-match phrases are refused.
"""

from __future__ import annotations

import sys
from pathlib import Path

from massage_match.cli.streams import discard_stdout
from massage_match.evaluation import evaluate_matching, read_symptom_cases
from massage_match.kb import load_knowledge_base
from massage_match.language.matcher import CONDITION_THRESHOLD
from massage_match.loading import engine_for

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "data" / "symptom_phrasings.tsv"


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv if not a.startswith("--")] or [DEFAULT]
    engine = engine_for(load_knowledge_base())
    for path in paths:
        cases = read_symptom_cases(path)
        report = evaluate_matching(engine, cases)
        print(f"{path.name}: {report.positives} complaints, {report.negatives} must-not-match")
        print(
            f"  top-1 {report.top1_rate:.1%}  top-3 {report.top3_rate:.1%}  no-match {report.no_match_rate:.1%}"
            f"  (threshold {CONDITION_THRESHOLD:g})"
        )
        if "--failures" in argv:
            for failure in report.failures:
                print("   ", failure)
        print("  threshold  coverage  precision  refused")
        for threshold in range(30, 95, 5):
            r = evaluate_matching(engine, cases, threshold=threshold)
            precision = r.top1 / r.matched if r.matched else 1.0
            print(f"  {threshold:9d}  {r.matched / r.positives:8.1%}  {precision:9.1%}  {r.no_match_rate:7.1%}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:  # read through `| head`: the reader left, which is no failure
        discard_stdout()
