"""Print how the whole recommendation reads description sets, kind by kind.

    python benchmarks/eval_complaints.py [CASES.tsv ...] [--failures]

Cases: text, expected condition ids (complaints joined by ",", acceptable ids by "|", "-" for a text
outside massage), kind (described, several, vague, outside, slang). A text outside massage passes when
it gets no condition and nothing recommended; several complaints pass when every one is found and
nothing more.
"""

from __future__ import annotations

import sys
from pathlib import Path

from massage_match.cli.streams import discard_stdout
from massage_match.evaluation import evaluate_descriptions, read_description_cases
from massage_match.kb import load_knowledge_base
from massage_match.loading import engine_for

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "data" / "symptom_descriptions_independent.tsv"


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv if not a.startswith("--")] or [DEFAULT]
    engine = engine_for(load_knowledge_base())
    for path in paths:
        report = evaluate_descriptions(engine, read_description_cases(path))
        print(f"{path.name}: {report.passed}/{report.total} ({report.passed / report.total:.1%})")
        print("\n".join(report.group_lines()))
        if "--failures" in argv:
            for failure in report.failures:
                print("   ", failure)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:  # read through `| head`: the reader left, which is no failure
        discard_stdout()
