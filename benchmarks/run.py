"""Benchmarks, printed by one command: ``python -m benchmarks.run [score|rank|formats|all] [--quick]``.

- score: CPU and wall time of ``kcscore score`` on one proposal, each run a fresh process (cold start),
  with the compiled-pack cache warm (the officer's everyday case) and with it off; ``--against KCSCORE``
  runs another kcscore executable (an install of main, say) in turn with it and compares their CPU medians.
- rank: ``kcscore rank`` on generated applicant lists (10k, 100k, 1M rows) with findings
  written to JSON Lines: wall time, time per row, peak memory (maxrss of the child).
- formats: ``kcscore rank`` on one generated list (200k rows) written to each other format
  (.csv, .json, .md, .xlsx, .html): wall time and peak memory of each.
- floor: ``kcscore rank`` to JSON Lines beside the input/output floor of ``benchmarks/floor.py``
  (reading the list into arrays with orjson, writing the same bytes), and their ratio.
- handfloor: ``kcscore rank`` to JSON Lines beside the hand-vectorised floor of
  ``benchmarks/handfloor.py`` (the default pack's rules written by hand as numpy expressions, the
  same bytes written): wall and CPU time of each, their ratio, and whether the bytes matched.
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


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (KiB) and CPU seconds (user + system) of one child process.

    CPU time is what a start costs whatever else the machine is doing; wall time grows with load."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0,):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, max(after.ru_maxrss, before.ru_maxrss), cpu


def summary(label: str, runs: list[tuple[float, int, float]]) -> str:
    wall = [r[0] for r in runs]
    cpu = [r[2] for r in runs]
    return (f"{label}: wall median {statistics.median(wall):.3f} s  min {min(wall):.3f}  max {max(wall):.3f};  "
            f"CPU median {statistics.median(cpu):.3f} s  min {min(cpu):.3f}  ({len(runs)} runs)")


def bench_score(runs: int, against: str | None = None) -> None:
    """``kcscore score`` cold, cache warm and off; with ``against`` (another ``kcscore`` executable, say
    an install of main), the two are run in turn under the same load and their medians compared:
    the machine's load moves every figure, so only runs taken side by side compare."""
    cmd = kcscore_command() + ["score", str(SAMPLE)]
    other = [against, "score", str(SAMPLE)] if against else None
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as cwd:
        env = {**os.environ, "KCSCORE_CACHE_DIR": cache}
        # Python's bytecode cache written, as an installed wheel has it.
        compiled = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
        timed(cmd, compiled, Path(cwd))  # fills the pack cache and writes the bytecode cache
        if other is None:
            warm = [timed(cmd, compiled, Path(cwd)) for _ in range(runs)]
        else:
            timed(other, compiled, Path(cwd))
            warm, theirs = [], []
            for _ in range(runs):
                warm.append(timed(cmd, compiled, Path(cwd)))
                theirs.append(timed(other, compiled, Path(cwd)))
        off = [timed(cmd, {**compiled, "KCSCORE_NO_CACHE": "1"}, Path(cwd)) for _ in range(max(3, runs // 3))]
    print(f"command: {' '.join(cmd)}")
    print(summary("score, cache warm", warm))
    print(summary("score, cache off ", off))
    if other is not None:
        print(f"against: {' '.join(other)}")
        print(summary("score, cache warm, against", theirs))
        ratio = statistics.median(r[2] for r in warm) / statistics.median(r[2] for r in theirs)
        print(f"CPU median, this / against: {ratio:.2f}")


def measured_rank(src: Path, out: Path, cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB, the largest of the process and its children) of one
    ``kcscore rank`` run, measured by a wrapper process so that earlier runs do not count."""
    cmd = kcscore_command() + ["rank", str(src), "--budget", "1,129 tỷ", "--out", str(out), "--no-progress"]
    code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE); "
            "sys.stderr.write(r.stderr.decode()[-2000:]); "
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)")
    result = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True, cwd=cwd)
    wall, peak, rc = result.stdout.split()
    if rc != "0":
        raise SystemExit(f"rank {src.name} → {out.name} failed: {result.stderr[-2000:]}")
    return float(wall), int(peak)


def generated(folder: Path, size: int) -> Path:
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import write_jsonl

    src = folder / f"applicants-{size}.jsonl"
    write_jsonl(src, size)
    return src


def bench_rank(sizes: list[int]) -> None:
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            src = generated(Path(tmp), size)
            out = Path(tmp) / "out.jsonl"
            wall, peak = measured_rank(src, out, Path(tmp))
            lines = sum(1 for _ in out.open(encoding="utf-8"))
            print(f"rank {size:>9,} rows → {lines:,} JSONL lines: {wall:7.2f} s wall, "
                  f"{1e6 * wall / size:6.1f} µs/row, peak RSS {peak / 1024:7.1f} MiB", flush=True)


def bench_formats(size: int, suffixes: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = generated(Path(tmp), size)
        for suffix in suffixes:
            out = Path(tmp) / f"out{suffix}"
            wall, peak = measured_rank(src, out, Path(tmp))
            print(f"rank {size:>9,} rows → {suffix:<6} {out.stat().st_size / 2**20:8.1f} MiB: {wall:7.2f} s wall, "
                  f"peak RSS {peak / 1024:7.1f} MiB", flush=True)
            out.unlink()


def bench_floor(sizes: list[int]) -> None:
    sys.path.insert(0, str(ROOT))
    from benchmarks.floor import measure

    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            src = generated(Path(tmp), size)
            out = Path(tmp) / "out.jsonl"
            wall, _ = measured_rank(src, out, Path(tmp))
            read, write = measure(src, out, check=size <= 20_000)
            floor = read + write
            print(f"floor {size:>9,} rows: kcscore {wall:7.2f} s wall; I/O floor {floor:6.2f} s (read {read:.2f}, "
                  f"write {write:.2f}, one process); kcscore / floor {wall / floor:5.1f}×", flush=True)


def child_times(cmd: list[str], cwd: Path) -> tuple[float, float, int, str]:
    """Wall and CPU seconds (user + system, the process and its children), peak RSS (KiB) and
    standard output of one command, measured by a wrapper process so that earlier runs do not count."""
    code = ("import os, resource, subprocess, sys, time; t = time.perf_counter(); "
            "r = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE); "
            "wall = time.perf_counter() - t; u = resource.getrusage(resource.RUSAGE_CHILDREN); "
            "sys.stderr.write(r.stderr.decode()[-2000:]); sys.stderr.write(r.stdout.decode()); "
            "print(wall, u.ru_utime + u.ru_stime, u.ru_maxrss, r.returncode)")
    result = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True, cwd=cwd)
    wall, cpu, peak, rc = result.stdout.split()
    if rc != "0":
        raise SystemExit(f"{' '.join(cmd)} failed: {result.stderr[-2000:]}")
    return float(wall), float(cpu), int(peak), result.stderr


def bench_handfloor(sizes: list[int], lists: list[Path]) -> None:
    """kcscore and the hand floor on the same lists (generated, or given with ``--list``)."""
    import filecmp

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sources = list(lists) or [generated(folder, size) for size in sizes]
        for src in sources:
            ours = folder / "kcscore.jsonl"
            floor_out = folder / "handfloor.jsonl"
            kcscore_cmd = kcscore_command() + ["rank", str(src), "--budget", "1,129 tỷ", "--out", str(ours),
                                               "--no-progress"]
            k_wall, k_cpu, k_peak, _ = child_times(kcscore_cmd, folder)
            f_cmd = [sys.executable, "-m", "benchmarks.handfloor", str(src), "--out", str(floor_out)]
            f_wall, f_cpu, f_peak, said = child_times(f_cmd, ROOT)
            same = filecmp.cmp(ours, floor_out, shallow=False)
            rows = sum(1 for _ in src.open("rb"))
            inner = "; ".join(line.strip().removeprefix("hand floor: ") for line in said.splitlines()
                              if line.startswith(("hand floor:", "  read")))  # its own clock: after start-up
            print(f"handfloor {rows:>9,} rows: kcscore {k_wall:6.2f} s wall, {k_cpu:6.2f} s CPU, "
                  f"peak {k_peak / 1024:6.0f} MiB; hand floor {f_wall:6.2f} s wall, {f_cpu:6.2f} s CPU, "
                  f"peak {f_peak / 1024:6.0f} MiB ({inner}); kcscore / floor {k_wall / f_wall:4.1f}× wall, "
                  f"{k_cpu / f_cpu:4.1f}× CPU; bytes {'match' if same else 'DIFFER'}", flush=True)
            if not same:
                raise SystemExit("the hand floor's bytes differ from kcscore's: "
                                 "python -m benchmarks.handfloor LIST --check shows where")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("what", nargs="?", default="all", choices=["score", "rank", "formats", "floor", "handfloor", "all"])
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller lists, no 1M-row list")
    parser.add_argument("--sizes", help="list sizes for 'rank', comma-separated (default 10000,100000,1000000)")
    parser.add_argument("--size", type=int, help="list size for 'formats' (default 200000)")
    parser.add_argument("--list", action="append", type=Path, default=[],
                        help="for 'handfloor': a generated JSON Lines list to use (repeatable) instead of generating one")
    parser.add_argument("--formats", default=".csv,.json,.md,.xlsx,.html", help="output extensions for 'formats'")
    parser.add_argument("--against", metavar="KCSCORE",
                        help="for 'score': another kcscore executable, run in turn with this one and compared")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if args.what in ("score", "all"):
        bench_score(5 if args.quick else 15, args.against)
    if args.what in ("rank", "all"):
        sizes = ([int(x) for x in args.sizes.split(",")] if args.sizes else
                 [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000])
        bench_rank(sizes)
    if args.what in ("floor", "all"):
        bench_floor([int(x) for x in args.sizes.split(",")] if args.sizes else [10_000, 100_000])
    if args.what in ("handfloor", "all"):
        bench_handfloor([int(x) for x in args.sizes.split(",")] if args.sizes else
                        [20_000] if args.quick else [100_000], [p.resolve() for p in args.list])
    if args.what in ("formats", "all"):
        bench_formats(args.size or (20_000 if args.quick else 200_000), args.formats.split(","))


if __name__ == "__main__":
    main()
