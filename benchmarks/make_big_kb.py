"""Write a synthetic knowledge base N times the shipped one (default 100x) for scale benchmarks.

    python benchmarks/make_big_kb.py OUT_DIR [--times N]

Every condition, modality and contraindication is copied N-1 more times under new ids, with a
made-up word added to each name, alias and term so the copies stay distinct and valid; the
vocabulary, the concepts and the red flags are kept as they are.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from massage_match.kb.sources import embedded_data_dir


def _tag(copy: int) -> str:
    letters = "bcdfghjklmnpqrstvwxz"
    word, n = "", copy
    while True:
        word += letters[n % len(letters)]
        n //= len(letters)
        if not n:
            return "zq" + word + "v"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--times", type=int, default=100)
    args = parser.parse_args()
    src = Path(embedded_data_dir())
    conditions = yaml.safe_load((src / "conditions.yaml").read_text(encoding="utf-8"))
    modalities = yaml.safe_load((src / "modalities.yaml").read_text(encoding="utf-8"))
    contras = yaml.safe_load((src / "contraindications.yaml").read_text(encoding="utf-8"))
    # copies of the lists: the originals grow below
    base_conditions = list(conditions["conditions"])
    base_modalities = list(modalities["modalities"])
    base_contras = list(contras["contraindications"])
    for copy in range(1, args.times):
        tag = _tag(copy)
        for c in base_conditions:
            conditions["conditions"].append(
                {**c, "id": f"{c['id']}-{tag}", "name": f"{c['name']} {tag}",
                 "aliases": [f"{a} {tag}" for a in c["aliases"]]}
            )  # fmt: skip
        for m in base_modalities:
            aliases = [f"{a} {tag}" for a in m.get("aliases", [])]
            modalities["modalities"].append(
                {**m, "id": f"{m['id']}-{tag}", "name": f"{m['name']} {tag}", "aliases": aliases}
            )
        for x in base_contras:
            terms = [f"{t} {tag}" for t in x["terms"]]
            implies = [f"{i}-{tag}" for i in x.get("implies", [])]
            # A medicine has one home: the copies name none (their terms stay, tagged).
            copied = {k: v for k, v in x.items() if k != "medicines"}
            contras["contraindications"].append(
                {**copied, "id": f"{x['id']}-{tag}", "name": f"{x['name']} {tag}", "terms": terms, "implies": implies}
            )
    args.out.mkdir(parents=True, exist_ok=True)
    for name, doc in (
        ("conditions.yaml", conditions),
        ("modalities.yaml", modalities),
        ("contraindications.yaml", contras),
    ):
        (args.out / name).write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    print(
        f"wrote {args.out}: {len(conditions['conditions'])} conditions, {len(modalities['modalities'])} modalities, "
        f"{len(contras['contraindications'])} contraindications"
    )


if __name__ == "__main__":
    main()
