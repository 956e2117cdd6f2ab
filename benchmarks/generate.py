"""Generated applicant lists for benchmarks, as JSON Lines (the format large lists arrive in)."""

from __future__ import annotations

import json
import random
from pathlib import Path

from kcscore.policy.loader import load_policy
from kcscore.synthetic import applicant, thresholds


def rows(count: int, seed: int = 7):  # type: ignore[no-untyped-def]
    """Applicants near every threshold, most of them eligible-looking, as officers' lists are."""
    policy = load_policy()
    near = thresholds(policy)
    rng = random.Random(seed)
    for i in range(count):
        record = applicant(policy, rng, i, 0.03, near)
        if rng.random() < 0.75:
            record.update(legal_form=rng.choice(["household_business", "cooperative", "enterprise"]),
                          site_type="commune", sector=rng.choice(["food_processing", "agro_forestry_processing", "handicrafts"]),
                          counterpart_committed=True, other_state_funding=False, environmental_violation=False,
                          pollution_risk="low", machinery_new=True, kiln_type="none",
                          workers=rng.randrange(1, 150), annual_revenue_vnd=rng.randrange(10**8, 10**11),
                          support_content=rng.choice(["advanced_machinery", "brand_trademark", "packaging_design", "technology_line"]))
        for key, value in list(record.items()):
            if hasattr(value, "isoformat"):
                record[key] = value.isoformat()
        yield record


def write_jsonl(path: Path, count: int, seed: int = 7) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for record in rows(count, seed):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_csv(path: Path, count: int, seed: int = 7) -> None:
    """The same applicants as ``write_jsonl``, as a CSV file (field ids as headers, blank = empty)."""
    import csv

    records = list(rows(count, seed))
    names = list(dict.fromkeys(name for record in records for name in record))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=names)
        writer.writeheader()
        for record in records:
            writer.writerow({name: ("" if value is None else "có" if value is True else "không" if value is False
                                    else value) for name, value in record.items()})


if __name__ == "__main__":
    import sys

    (write_csv if sys.argv[1].endswith(".csv") else write_jsonl)(Path(sys.argv[1]), int(sys.argv[2]))
