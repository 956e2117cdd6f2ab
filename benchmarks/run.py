"""Benchmarks, printed by one command: ``python benchmarks/run.py [score|rank|all] [--quick]``.

- score: wall time of ``kcscore score`` on one proposal, each run a fresh process (cold start),
  with the compiled-pack cache warm (the officer's everyday case) and with it off.
- rank: ``kcscore rank`` on generated applicant lists (10k, 100k, 1M rows) with findings
  written to JSON Lines: wall time, time per row, peak memory (maxrss of the child).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "proposals" / "strong-household-mien-dong.yaml"


def kcscore_command() -> list[str]:
    exe = shutil.which("kcscore", path=str(Path(sys.executable).parent)) or shutil.which("kcscore")
    return [exe] if exe else [sys.executable, "-m", "kcscore"]


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one child process."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proc = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0,):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before)


def bench_score(runs: int) -> None:
    cmd = kcscore_command() + ["score", str(SAMPLE)]
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as cwd:
        env = {**os.environ, "KCSCORE_CACHE_DIR": cache}
        timed(cmd, env, Path(cwd))  # fills the cache
        warm = [timed(cmd, env, Path(cwd))[0] for _ in range(runs)]
        off = [timed(cmd, {**env, "KCSCORE_NO_CACHE": "1"}, Path(cwd))[0] for _ in range(max(3, runs // 3))]
    print(f"score, cache warm: median {statistics.median(warm):.3f} s  min {min(warm):.3f}  max {max(warm):.3f}  ({runs} runs)")
    print(f"score, cache off : median {statistics.median(off):.3f} s  min {min(off):.3f}  max {max(off):.3f}  ({len(off)} runs)")


def bench_rank(sizes: list[int]) -> None:
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import write_jsonl

    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / f"applicants-{size}.jsonl"
            write_jsonl(src, size)
            out = Path(tmp) / "out.jsonl"
            cmd = kcscore_command() + ["rank", str(src), "--budget", "1,129 tỷ", "--out", str(out), "--no-progress"]
            code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
                    "r = subprocess.run(sys.argv[1:]); "
                    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)")
            result = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True, cwd=tmp)
            wall, peak, rc = result.stdout.split()
            if rc != "0":
                raise SystemExit(f"rank failed on {size} rows: {result.stderr[-2000:]}")
            lines = sum(1 for _ in out.open(encoding="utf-8"))
            print(f"rank {size:>9,} rows → {lines:,} JSONL lines: {float(wall):7.2f} s wall, "
                  f"{1e6 * float(wall) / size:6.1f} µs/row, peak RSS {int(peak) / 1024:7.1f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("what", nargs="?", default="all", choices=["score", "rank", "all"])
    parser.add_argument("--quick", action="store_true", help="fewer runs and no 1M-row list")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    if args.what in ("score", "all"):
        bench_score(5 if args.quick else 15)
    if args.what in ("rank", "all"):
        bench_rank([10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000])


if __name__ == "__main__":
    main()
