"""Every route of ``kcscore rank`` says the same thing about every applicant, on random packs.

``kcscore rank`` picks its route from the list's size, the engine and the output's extension
(docs/architecture.md): durable-rules assessments, vectorised assessments, the streamed columnar
path and the columnar path read by two processes. A route is an optimisation, never a meaning: for
every generated pack (``packgen``) and applicant list, each route's output — reduced to what a JSON
Lines line carries — must agree, applicant by applicant and in the same order: decision, score,
rank, funding, support, reasons, flags, missing fields and every finding's points, status and
sentence. Rows the schema refuses must be the same rows on every route.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from kcscore import pipeline
from kcscore.batch import parallel
from kcscore.batch.fast import lean_projection
from kcscore.cli import main
from kcscore.policy.asof import AS_OF as AS_OF_FIELD
from kcscore.policy.loader import load_policy
from tests.engine import packgen
from tests.strategies import DrawChooser, RandomChooser, applicant_batches, odd_cells

AS_OF = dt.date(2020, 6, 1)
BATCH = 24
ROUTES = {  # name: (engine, output suffix, split the reading between two processes)
    "durable": ("durable", ".json", False),
    "vectorised": ("vectorised", ".json", False),
    "streamed columnar": ("vectorised", ".jsonl", False),
    "two-process columnar": ("vectorised", ".jsonl", True),
}
LINE_ONLY = ("policy", "row")  # a JSON Lines line names its pack and input row; a .json document does it once


def _cell(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def write_list(path: Path, batch: list[dict[str, Any]]) -> None:
    rows = [{k: _cell(v) for k, v in record.items() if k != AS_OF_FIELD} for record in batch]
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")


def run_route(pack: Path, source: Path, out: Path, engine: str, split: bool, budget: int,
              monkeypatch: pytest.MonkeyPatch) -> tuple[list[dict[str, Any]], list[int]]:
    """The applicants (as JSON Lines lines) and the refused rows that one route writes."""
    with monkeypatch.context() as patch:
        patch.setattr(parallel, "PARALLEL_BYTES", 1 if split else 10**12)
        patch.setattr(parallel.os, "cpu_count", lambda: 2)
        result = CliRunner().invoke(main, ["rank", str(source), "--rules", str(pack), "--out", str(out),
                                           "--engine", engine, "--budget", str(budget), "--as-of", AS_OF.isoformat(),
                                           "--no-progress", "--lang", "vi"])
    assert result.exit_code in (0, 1), result.output
    if out.suffix == ".jsonl":
        lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        said = [{k: v for k, v in line.items() if k not in LINE_ONLY} for line in lines if "error" not in line]
        return said, [line["row"] for line in lines if "error" in line]
    document = json.loads(out.read_text(encoding="utf-8"))
    return [lean_projection(a) for a in document["assessments"]], [e["row"] for e in document["errors"]]


@settings(max_examples=12, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_route_says_the_same_on_random_packs(data: st.DataObject, monkeypatch: pytest.MonkeyPatch) -> None:
    pack = packgen.generate(DrawChooser(data.draw))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        pack_dir = packgen.write(pack, root / "pack")
        policy = load_policy(pack_dir)
        batch = data.draw(applicant_batches(policy, BATCH), label="applicants")
        odd = data.draw(st.sampled_from([0, 6, 2]), label="one odd cell in")  # 0: none
        if odd:
            choose = RandomChooser(random.Random(data.draw(st.integers(0, 2**32 - 1), label="odd seed")))
            batch = [odd_cells(choose, policy, record, odd) for record in batch]
        budget = data.draw(st.sampled_from([0, 300_000_000, 2_000_000_000, 10**13]), label="budget")
        source = root / "list.jsonl"
        write_list(source, batch)
        monkeypatch.setattr(pipeline, "VECTORISE_ABOVE", 4)  # every generated list counts as large
        said = {name: run_route(pack_dir, source, root / f"{i}{suffix}", engine, split, budget, monkeypatch)
                for i, (name, (engine, suffix, split)) in enumerate(ROUTES.items())}
    (reference_name, (reference, refused)), *others = said.items()
    assert len(reference) + len(refused) == BATCH, "every row is ranked or refused"
    for name, (lines, errors) in others:
        assert errors == refused, f"{name}: refused rows differ from {reference_name}'s"
        assert [line["id"] for line in lines] == [line["id"] for line in reference], f"{name}: report order"
        for line, expected in zip(lines, reference):
            assert line == expected, f"{name} disagrees with {reference_name} on {line['id']}"
