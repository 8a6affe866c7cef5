"""Print how the safety screening does on the shipped intake cases.

    python benchmarks/eval_screening.py [CASES.tsv] [--failures]

A file with an `expect_triage` column (screening_independent.tsv) is scored by referral urgency per
category, with the false alarms among its harmless texts.

A case passes when every expected contraindication is found (and none when none is expected) and
the referral has an acceptable urgency (or there is none when none is expected). "unsafe" counts
modalities left "recommended" where the contract forbids it: it must be 0.
"""

from __future__ import annotations

import sys
from pathlib import Path

from massage_match.cli.streams import discard_stdout
from massage_match.evaluation import evaluate_screening, evaluate_triage, read_screening_cases, read_triage_cases
from massage_match.kb import load_knowledge_base
from massage_match.loading import engine_for

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "data" / "screening_cases.tsv"


def main(argv: list[str]) -> int:
    path = next((Path(a) for a in argv if not a.startswith("--")), DEFAULT)
    engine = engine_for(load_knowledge_base())
    header = next(line for line in path.read_text(encoding="utf-8").split("\n") if not line.startswith("#"))
    if "expect_triage" in header:
        triage = evaluate_triage(engine, read_triage_cases(path))
        print(
            f"{path.name}: {triage.passed} of {triage.total} passed ({triage.passed / triage.total:.1%}); "
            f"false alarms: {triage.false_alarms} of {triage.harmless} harmless"
        )
        print("\n".join(triage.group_lines()))
        if "--failures" in argv:
            for failure in triage.failures:
                print("   ", failure)
        return 0
    report = evaluate_screening(engine, read_screening_cases(path))
    print(f"{path.name}: {report.passed} of {report.total} passed ({report.pass_rate:.1%}); unsafe: {report.unsafe}")
    if "--failures" in argv:
        for failure in report.failures:
            print("   ", failure)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:  # read through `| head`: the reader left, which is no failure
        discard_stdout()
