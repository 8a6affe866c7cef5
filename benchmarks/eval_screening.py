"""Print how the safety screening does on the shipped intake cases.

    python benchmarks/eval_screening.py [CASES.tsv] [--failures]

A case passes when every expected contraindication is found (and none when none is expected) and
the referral has an acceptable urgency (or there is none when none is expected). "unsafe" counts
modalities left "recommended" where the contract forbids it: it must be 0.
"""

from __future__ import annotations

import sys
from pathlib import Path

from massage_match.evaluation import evaluate_screening, read_screening_cases
from massage_match.kb import load_knowledge_base
from massage_match.loading import engine_for

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "data" / "screening_cases.tsv"


def main(argv: list[str]) -> int:
    path = next((Path(a) for a in argv if not a.startswith("--")), DEFAULT)
    report = evaluate_screening(engine_for(load_knowledge_base()), read_screening_cases(path))
    print(f"{path.name}: {report.passed} of {report.total} passed ({report.pass_rate:.1%}); unsafe: {report.unsafe}")
    if "--failures" in argv:
        for failure in report.failures:
            print("   ", failure)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
