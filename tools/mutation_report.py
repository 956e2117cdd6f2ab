"""Kill rate per module from a mutmut run, not counting mutants listed as equivalent.

Reads mutmut's result files (``mutants/**/*.py.meta``) and ``docs/mutation-survivors.md``, where
each equivalent mutant has a table row ``| `name` | equivalent | reason |``. Prints, per module:
mutants checked, killed (a test failed or the mutant timed out), survived, equivalent, no test
reached it, and killed / (checked − equivalent). Exits 1 when a module is below the target or a
survivor is neither killed nor listed, so a new survivor cannot go unnoticed.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SURVIVORS_DOC = ROOT / "docs" / "mutation-survivors.md"
KILLED = {1, 3, 24, -24, 36, 152, 255, -9, -11}  # a failing test, a timeout or a crash
SURVIVED = {0}
NO_TESTS = {5, 33}
TARGET = 90.0


def equivalent_mutants(doc: Path = SURVIVORS_DOC) -> set[str]:
    if not doc.is_file():
        return set()
    found = set()
    for line in doc.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*`([\w.]+)`\s*\|\s*equivalent\s*\|", line)
        if match:
            found.add(match.group(1))
    return found


def module_of(mutant: str) -> str:
    """``kcscore.batch.budget.x_select__mutmut_3`` → ``kcscore.batch.budget``."""
    return mutant.rsplit(".", 1)[0].split(".x")[0] if ".x" in mutant else mutant.rsplit(".", 1)[0]


def reset_survivors() -> int:
    """Forget the verdict on every survivor not listed as equivalent, so the next run checks it
    against new tests (mutmut keeps a verdict until the mutated function changes)."""
    equivalent = equivalent_mutants()
    count = 0
    for meta in sorted((ROOT / "mutants").rglob("*.py.meta")):
        data = json.loads(meta.read_text(encoding="utf-8"))
        codes = data.get("exit_code_by_key", {})
        for name, code in codes.items():
            if (code in SURVIVED or code in NO_TESTS) and name not in equivalent:
                codes[name] = None
                count += 1
        meta.write_text(json.dumps(data, indent=4), encoding="utf-8")
    print(f"{count} surviving mutants will be checked again")
    return 0


def main() -> int:
    if sys.argv[1:] == ["--reset-survivors"]:
        return reset_survivors()
    equivalent = equivalent_mutants()
    rows: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    survivors: list[str] = []
    for meta in sorted((ROOT / "mutants").rglob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {})
        for name, code in codes.items():
            if code is None:
                continue  # not run this time
            row = rows[module_of(name)]
            row["checked"] += 1
            if name in equivalent:
                row["equivalent"] += 1
            elif code in KILLED:
                row["killed"] += 1
            elif code in NO_TESTS:
                row["no tests"] += 1
                survivors.append(name)
            else:
                row["survived"] += 1
                survivors.append(name)
    if not rows:
        print("no mutmut results under mutants/; run tools/mutation.sh first", file=sys.stderr)
        return 1
    print(f"{'module':34} {'checked':>7} {'killed':>6} {'surv.':>5} {'equiv.':>6} {'no test':>7} {'kill rate':>9}")
    below = False
    for module, row in sorted(rows.items()):
        counted = row["checked"] - row["equivalent"]
        rate = 100.0 * row["killed"] / counted if counted else 100.0
        below |= rate < TARGET
        print(f"{module:34} {row['checked']:7} {row['killed']:6} {row['survived']:5} {row['equivalent']:6} "
              f"{row['no tests']:7} {rate:8.1f}%")
    if survivors:
        print("\nsurvivors neither killed nor listed as equivalent in docs/mutation-survivors.md:")
        for name in survivors:
            print(f"  {name}    (mutmut show {name})")
    return 1 if below or survivors else 0


if __name__ == "__main__":
    sys.exit(main())
