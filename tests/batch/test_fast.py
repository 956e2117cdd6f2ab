"""The columnar path for large lists says what the per-applicant path says, applicant by applicant."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kcscore.batch.fast import lean_projection, run_fast
from kcscore.batch.lines import lines
from kcscore.batch.run import run_batch
from kcscore.explain.words import words
from kcscore.policy.loader import load_policy
from kcscore.synthetic import thresholds
from tests.batch.test_batch_properties import eligible_leaning


@pytest.fixture(scope="module")
def policy():  # type: ignore[no-untyped-def]
    return load_policy()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6), st.integers(1, 80), st.sampled_from([None, 0, 400_000_000, 1_129_000_000, 10**12]),
       st.sampled_from([None, dt.date(2017, 6, 1), dt.date(2020, 6, 1), dt.date(2013, 1, 1)]))
def test_fast_lines_equal_full_assessments(policy, seed: int, n: int, budget, as_of) -> None:  # type: ignore[no-untyped-def]
    near = thresholds(policy)
    rows = [eligible_leaning(policy, random.Random(seed * 1000 + i), i, near) for i in range(n)]
    full = run_batch(policy, rows, budget=budget, as_of=as_of, engine="durable", explain=False, lang="vi")
    lean = run_fast(policy, rows, budget=budget, as_of=as_of, lang="vi")
    got = [json.loads(line) for line in lines(lean)]
    assessed = [g for g in got if "error" not in g]
    errors = [g for g in got if "error" in g]
    assert [a["id"] for a in assessed] == [a.id for a in full.assessments]
    for line, a in zip(assessed, full.assessments):
        expected = lean_projection(a.to_json(words(policy), with_budget=budget is not None))
        assert lean_projection(line) == expected, a.id
        assert line["row"] == a.row
    assert [e["row"] for e in errors] == [e.row for e in full.errors]
    if budget is not None:
        assert lean.funding.committed == full.funding.committed <= budget
    assert lean.summary() == full.summary()


def test_rows_dated_under_different_caps_get_each_its_own(policy) -> None:  # type: ignore[no-untyped-def]
    """The figures shared by the rows of one support rule are shared only within one period of its values."""
    near = thresholds(policy)
    rows = [eligible_leaning(policy, random.Random(7000 + i), i, near) for i in range(60)]
    for i, row in enumerate(rows):
        row["submitted_on"] = "2017-06-01" if i % 2 else "2020-06-01"  # machinery cap 200 tr, then 300 tr
    full = run_batch(policy, rows, engine="durable", explain=False, lang="vi")
    got = [json.loads(line) for line in lines(run_fast(policy, rows, lang="vi"))]
    assessed = [g for g in got if "error" not in g]
    assert [a["id"] for a in assessed] == [a.id for a in full.assessments]
    for line, a in zip(assessed, full.assessments):
        assert lean_projection(line) == lean_projection(a.to_json(words(policy), with_budget=False)), a.id
    caps = {(line["as_of"][:4], line["support"]["cap_vnd"]) for line in assessed
            if line["support"] and line["support"]["rule"] == "support_machinery"}
    assert caps == {("2017", 200_000_000), ("2020", 300_000_000)}


def test_ties_break_as_the_per_applicant_ranking(policy) -> None:  # type: ignore[no-untyped-def]
    """Copies of one eligible applicant differ only where the ranking looks once the score ties:
    the tie-break field (blank, or a value), the submission date and the id. The columnar order is
    the order of ``batch.ranking.rank`` on the full assessments."""
    near = thresholds(policy)
    rows = [eligible_leaning(policy, random.Random(9100 + i), i, near) for i in range(40)]
    full = run_batch(policy, rows, engine="durable", explain=False, lang="vi")
    model = next(rows[a.row - 1] for a in full.assessments if a.decision == "eligible")
    field = next(tie.field for tie in policy.meta.ranking.tie_breaks if tie.field)
    rng = random.Random(5)
    copies = []
    for i in range(48):
        row = dict(model)
        row["id"] = f"T{rng.randrange(10**6):06d}-{i}"
        row[field] = rng.choice([None, 0, 1, 1, 2, 5])
        row["submitted_on"] = rng.choice([None, "2024-03-01", "2024-03-02"])
        copies.append(row)
    full = run_batch(policy, copies, engine="durable", explain=False, lang="vi")
    lean = run_fast(policy, copies, lang="vi")
    got = [json.loads(line) for line in lines(lean)]
    assert [(g["id"], g.get("rank")) for g in got] == [(a.id, a.rank) for a in full.assessments]
    assert len({a.score for a in full.assessments if a.decision == "eligible"}) < len(copies) // 2  # ties there are


@pytest.mark.parametrize("seed", range(4))
def test_support_arrays_give_the_row_by_row_figures(policy, monkeypatch, seed: int) -> None:  # type: ignore[no-untyped-def]
    """The int64 support arithmetic (``_supports``) against the row-by-row one on Python ints
    (``_support_rows``), which it falls back to when a figure could overflow: same lines."""
    import kcscore.batch.fast as fast

    near = thresholds(policy)
    rng = random.Random(seed)
    edges = sorted({day + dt.timedelta(days=shift) for parameter in policy.parameters.values()
                    for start, end, _ in parameter.periods for day in (start, end) if day is not None
                    for shift in (-1, 0, 1)})
    assert edges
    rows = [eligible_leaning(policy, random.Random(seed * 500 + i), i, near) for i in range(120)]
    for row in rows:
        if rng.random() < 0.3:
            row["total_cost_vnd"] = rng.choice([None, 0, 1, 7, 999_999_999, 10**15 - 1])
        if rng.random() < 0.3:
            row["requested_support_vnd"] = rng.choice([None, 0, 1, 3, 10**14])
        if rng.random() < 0.3:  # ties: the request equal to the share (both 0), or to a cap
            row["total_cost_vnd"], row["requested_support_vnd"] = rng.choice(
                [(0, 0), (10**13, 200_000_000), (10**13, 300_000_000), (10**13, 100_000_000), (10**13, 50_000_000)])
        if rng.random() < 0.2:
            row["submitted_on"] = rng.choice(["2017-06-01", "2020-06-01", "2011-01-01", None])
        elif rng.random() < 0.5:  # the first and last days of each period of a dated share or cap, and their neighbours
            row["submitted_on"] = rng.choice(edges).isoformat()
    budget = rng.choice([None, 1_129_000_000])
    arrays = list(lines(run_fast(policy, rows, budget=budget, lang="vi")))
    monkeypatch.setattr(fast, "_INT_LIMIT", 1)  # every figure "could overflow": row by row
    assert list(lines(run_fast(policy, rows, budget=budget, lang="vi"))) == arrays


def test_days_grouped_by_period_resolve_as_each_day_alone(policy) -> None:  # type: ignore[no-untyped-def]
    """``_groups`` resolves a rule's share and cap once per stretch of days under the same periods;
    each day gets what ``_group`` gives it alone, around a period's ends and in a gap with no value."""
    import copy
    import dataclasses

    import numpy as np

    from kcscore.assess.support import NoValueInForce
    from kcscore.batch.fast import _group, _groups

    gapped = copy.copy(policy)
    gapped.__dict__.pop("_resolved", None)  # resolve's cache of periods is the pack's own
    name = "machinery_cap_vnd"
    parameter = policy.parameters[name]
    start, end, value = parameter.periods[0]
    early = end - dt.timedelta(days=100)  # a value that ends where no other period of the rule starts or ends
    gapped.parameters = {**policy.parameters, name: dataclasses.replace(parameter, periods=((start, early, value),))}
    rule = next(r for r in policy.of_kind("support") if r.spec.cap == name)
    marks = [d for start, end, _ in parameter.periods for d in (start, end) if d is not None] + [early]
    days = sorted({(d + dt.timedelta(days=shift)).toordinal() for d in marks for shift in (-2, -1, 0, 1, 2)}
                  | {dt.date(2030, 1, 1).toordinal(), dt.date(2000, 1, 1).toordinal()})
    for pack in (policy, gapped):
        grouped = _groups(pack, rule, np.array(days, dtype=np.int64), {})
        alone = [_group(pack, rule, dt.date.fromordinal(day), {}) for day in days]
        for day, got, expected in zip(days, grouped, alone):
            if isinstance(expected, NoValueInForce):
                assert isinstance(got, NoValueInForce) and (got.vi, got.en) == (expected.vi, expected.en), day
            else:
                assert got[:2] == expected[:2] and got[2] == expected[2], day
    assert any(isinstance(g, NoValueInForce) for g in _groups(gapped, rule, np.array(days, dtype=np.int64), {}))
