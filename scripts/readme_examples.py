"""Keep the README's examples real: run each example command and put its actual output under it.

    python scripts/readme_examples.py          # rewrite README.md in place
    python scripts/readme_examples.py --check  # exit 1 if any example's output is stale

An example is written in README.md as

    <!-- example -->
    ```console
    $ massage-match ...
    (output, replaced by this script)
    ```

Commands run through a shell (pipes allowed) at 80 columns without colour, as a reader would see them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BLOCK = re.compile(r"(<!-- example -->\n```console\n)\$ (.+?)\n(.*?)(```)", re.DOTALL)


def run(command: str) -> str:
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"}
    env.pop("MASSAGE_MATCH_DATA", None)
    bindir = str(Path(sys.executable).parent)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    done = subprocess.run(command, shell=True, capture_output=True, text=True, env=env, cwd=ROOT)
    return done.stdout + done.stderr


def render(text: str) -> str:
    return BLOCK.sub(lambda m: f"{m.group(1)}$ {m.group(2)}\n{run(m.group(2))}{m.group(4)}", text)


def main() -> int:
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in sys.argv:
        if fresh != current:
            print("README.md examples are stale: run python scripts/readme_examples.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
