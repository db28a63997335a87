#!/usr/bin/env python3
"""Reproduces bench/temporal/README.md's table in one command: builds the C programs
(advect_tb.c, heat_tb.c) and arrayc's `run_ir` example, writes the IR of each variant
(arrayc's own lowering of the `loop` program, the same loop with its edges peeled, the
temporally blocked schedule from gen_ir.py), runs everything alternating, checks that
every variant gives the same bits, and prints the markdown table (also written to
bench/temporal/results.md and into README.md's Results section). Knows the variants' command lines, nothing of their insides.

    python3 bench/temporal/run.py              # both stencils, 2048 x 2048 and 4096 x 1024
    python3 bench/temporal/run.py --quick      # 512 x 512, a smoke run
    python3 bench/temporal/run.py --sweep      # tile shapes and block depths, one grid
    python3 bench/temporal/run.py --ceiling    # the arithmetic rate alone, grid in cache
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
WORK = ROOT / "target" / "temporal"
ARRAYC = ROOT / "target" / "release" / "arrayc"
RUN_IR = ROOT / "target" / "release" / "examples" / "run_ir"
PROGRAMS = {"advect": ROOT / "examples" / "advect_loop.arr", "heat": HERE / "heat.arr"}
CFLAGS = ["-O3", "-march=native", "-ffp-contract=off"]

# The tile (rows, columns) and block depth K per stencil; README.md explains the choice.
C_TILES = {"advect": (256, 128, 16), "heat": (128, 512, 8)}
JIT_TILES = {"advect": (512, 256, 32), "heat": (128, 512, 8)}


def sh(args, **kw):
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True, **kw)


def build():
    sh(["cargo", "build", "--release", "-q", "-p", "arrayc-cli", "-p", "arrayc",
        "--example", "run_ir", "--features", "arrayc/ir-tests"], cwd=ROOT)
    WORK.mkdir(parents=True, exist_ok=True)
    for name in ("advect", "heat"):
        sh(["gcc", *CFLAGS, "-o", WORK / f"{name}_tb", HERE / f"{name}_tb.c", "-lm"])
        # The same C with the vector width Cranelift has, two float64 lanes: the x86-64
        # baseline, SSE2. (-march=native -mprefer-vector-width=128 made the blocked advect
        # 8x slower than either build, so it is not the comparison.)
        sh(["gcc", "-O3", "-ffp-contract=off", "-o", WORK / f"{name}_sse2",
            HERE / f"{name}_tb.c", "-lm"])


def c_run(stencil, nx, ny, steps, tile, out, binary="tb"):
    """One C process (3 timed repetitions inside): its median wall and CPU time per step
    in µs. `binary` "sse2" is the build limited to SSE2's two lanes."""
    mode = ["plain"] if tile is None else ["blocked", *tile]
    line = sh([WORK / f"{stencil}_{binary}", nx, ny, steps, 3, *mode, out]).stdout
    fields = dict(item.split("=") for item in line.split())
    return {"wall": float(fields["us_per_step_median"]),
            "cpu": float(fields["cpu_us_per_step_median"])}


def write_ir(stencil, nx, ny, steps, tile, path, flags=()):
    """arrayc's lowering of the program (tile None), or gen_ir.py's rewrite of it."""
    lowered = sh([ARRAYC, "ir", PROGRAMS[stencil], "--set", f"nx={nx}", "--set", f"ny={ny}",
                  "--set", f"steps={steps}"]).stdout
    if tile is not None:
        k, r, c = tile[2], tile[0], tile[1]
        lowered = sh([sys.executable, HERE / "gen_ir.py", stencil, k, r, c, *flags],
                     input=lowered).stdout
    path.write_text(lowered)


def redundancy(stencil, nx, ny, r, c, k):
    """Points computed by the blocked schedule over points of K plain steps."""
    halo_cols = 1 if stencil == "heat" else 0
    total = 0
    for r0 in range(0, nx, r):
        r1 = min(nx, r0 + r)
        for c0 in range(0, ny, c):
            c1 = min(ny, c0 + c)
            for j in range(1, k + 1):
                g = k - j
                lo, hi = r0 - g, r1 + g
                if stencil == "advect":
                    lo, hi = max(0, lo), min(nx, hi)
                total += (hi - lo) * (c1 - c0 + 2 * g * halo_cols)
    return total / (k * nx * ny)


def measure(stencil, nx, ny, s1, s2, runs, c_tile, jit_tile, label):
    """Every variant of one stencil and grid, `runs` rounds alternating between them."""
    case = WORK / f"{stencil}_{nx}x{ny}_{label}"
    case.mkdir(parents=True, exist_ok=True)
    variants = {"plain": (None, ()), "peeled": ((nx, ny, 1), ()),
                "blocked": (jit_tile, ()), "blocked_opt": (jit_tile, ("--optimize",))}
    r, c, k = jit_tile
    if stencil == "advect" and nx % r == 0 and ny % c == 0 and nx // r >= 3 and r > k:
        variants["looped"] = (jit_tile, ("--tile-loop",))
    files = []
    for name, (tile, flags) in variants.items():
        for steps in (s1, s2):
            path = case / f"{name}_{steps}.ir"
            write_ir(stencil, nx, ny, steps, tile, path, flags)
            files.append(path)
    c_plain, c_blocked, c_sse2 = [], [], []
    jit = {clock: {f.stem: [] for f in files} for clock in ("wall", "cpu")}
    report = {}
    for _ in range(runs):
        c_plain.append(c_run(stencil, nx, ny, s2, None, case / "c_plain.f64"))
        c_blocked.append(c_run(stencil, nx, ny, s2, c_tile, case / "c_blocked.f64"))
        c_sse2.append(c_run(stencil, nx, ny, s2, c_tile, case / "c_blocked_sse2.f64", "sse2"))
        out = sh([RUN_IR, "--reps", 1, "--out-dir", case, *files]).stdout
        for line in out.splitlines():
            item = json.loads(line)
            stem = Path(item["file"]).stem
            jit["wall"][stem] += item["run_us"]
            jit["cpu"][stem] += item["cpu_us"]
            report[stem] = item

    def per_step(clock, name):
        times = jit[clock]
        return (statistics.median(times[f"{name}_{s2}"]) - statistics.median(times[f"{name}_{s1}"])
                ) / (s2 - s1)

    outputs = [case / "c_plain.f64", case / "c_blocked.f64", case / "c_blocked_sse2.f64"] + [
        case / f"{name}_{s2}.f64" for name in variants
    ]
    data = [p.read_bytes() for p in outputs]
    identical = all(d == data[0] for d in data) and len(data[0]) == 8 * nx * ny
    blocked = report[f"blocked_{s2}"]
    blocked_opt = report[f"blocked_opt_{s2}"]
    times = {
        clock: {
            "c_plain": statistics.median(r[clock] for r in c_plain),
            "c_blocked": statistics.median(r[clock] for r in c_blocked),
            "c_sse2": statistics.median(r[clock] for r in c_sse2),
            **{f"jit_{name}": per_step(clock, name) for name in variants},
            "jit_looped": per_step(clock, "looped") if "looped" in variants else None,
        }
        for clock in ("wall", "cpu")
    }
    return {
        "stencil": stencil, "grid": f"{nx} x {ny}", "times": times,
        "c_tile": c_tile, "jit_tile": jit_tile,
        "c_redundancy": redundancy(stencil, nx, ny, *c_tile),
        "jit_redundancy": redundancy(stencil, nx, ny, *jit_tile),
        "compile_ms": blocked["compile_us"] / 1e3, "code_kib": blocked["code_bytes"] / 1024,
        "functions": blocked["functions"], "ir_ops": blocked["ir_ops"],
        "looped": report.get(f"looped_{s2}"),
        "opt_compile_ms": blocked_opt["compile_us"] / 1e3,
        "opt_code_kib": blocked_opt["code_bytes"] / 1024,
        "plain_compile_ms": report[f"plain_{s2}"]["compile_us"] / 1e3,
        "identical": identical, "outputs": len(outputs),
    }


def tile_text(tile):
    return f"{tile[0]}×{tile[1]}, K={tile[2]}"


def looped_text(r):
    if r["looped"] is None:
        return "—"
    return (f"{r['jit_looped']:.0f} ({r['looped']['code_bytes'] / 1024:.0f} KiB, "
            f"{r['looped']['compile_us'] / 1e3:.0f} ms)")


def table(rows, clock):
    head = ("| stencil | grid | C plain | C blocked (tile, K) | C plain ÷ C blocked | "
            "C blocked, SSE2 build (two lanes) | "
            "arrayc plain (as lowered) | arrayc plain, edges peeled | arrayc blocked (tile, K) | "
            "arrayc blocked, optimiser on | arrayc blocked, tiles in loops (code, compile) | "
            "**C plain ÷ the faster arrayc blocked** (target ≥ 1.5×) | blocked IR: ops, functions, code, compile "
            "(optimiser on) | bit-identical |")
    lines = [head, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"]
    for r in rows:
        r = {**r, **r["times"][clock]}
        best = min(r["jit_blocked"], r["jit_blocked_opt"])
        ratio = r["c_plain"] / best
        verdict = "met" if ratio >= 1.5 else "**missed**"
        lines.append(
            f"| {r['stencil']} | {r['grid']} | {r['c_plain']:.0f} | {r['c_blocked']:.0f} "
            f"({tile_text(r['c_tile'])}; ×{r['c_redundancy']:.2f} work) | "
            f"{r['c_plain'] / r['c_blocked']:.2f}× | {r['c_sse2']:.0f} | {r['jit_plain']:.0f} | {r['jit_peeled']:.0f} | "
            f"{r['jit_blocked']:.0f} ({tile_text(r['jit_tile'])}; ×{r['jit_redundancy']:.2f} work) | "
            f"{r['jit_blocked_opt']:.0f} | {looped_text(r)} | "
            f"**{ratio:.2f}×** {verdict} | {r['ir_ops']} ops, {r['functions']} functions, "
            f"{r['code_kib']:.0f} KiB, {r['compile_ms']:.0f} ms ({r['opt_code_kib']:.0f} KiB, "
            f"{r['opt_compile_ms']:.0f} ms; plain: {r['plain_compile_ms']:.1f} ms) | "
            f"{'yes' if r['identical'] else '**NO**'} ({r['outputs']} outputs) |")
    return "\n".join(lines)


def sweep(runs):
    """Tile shapes and block depths on 2048 x 2048, C and arrayc side by side."""
    nx = ny = 2048
    configs = {
        "advect": [(64, 2048, 4), (128, 256, 16), (256, 128, 16), (256, 256, 16),
                   (64, 512, 16), (128, 512, 8), (512, 128, 32)],
        "heat": [(32, 512, 8), (64, 256, 8), (64, 512, 8), (64, 512, 4), (128, 256, 8),
                 (128, 512, 8), (32, 1024, 4)],
    }
    lines = ["| stencil | tile, K | work | C blocked µs/step, wall (CPU) | arrayc blocked µs/step, "
             "wall (CPU) | arrayc blocked, optimiser on | compile ms |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for stencil, tiles in configs.items():
        for tile in tiles:
            label = f"sweep_{tile[0]}_{tile[1]}_{tile[2]}"
            r = measure(stencil, nx, ny, 16 if tile[2] <= 16 else 32, 48 if tile[2] <= 16 else 96,
                        runs, tile, tile, label)
            wall, cpu = r["times"]["wall"], r["times"]["cpu"]
            lines.append(f"| {stencil} | {tile_text(tile)} | ×{r['jit_redundancy']:.2f} | "
                         f"{wall['c_blocked']:.0f} ({cpu['c_blocked']:.0f}) | "
                         f"{wall['jit_blocked']:.0f} ({cpu['jit_blocked']:.0f}) | "
                         f"{wall['jit_blocked_opt']:.0f} ({cpu['jit_blocked_opt']:.0f}) | "
                         f"{r['compile_ms']:.0f} |")
            print(lines[-1], flush=True)
    return "\n".join(lines)


def ceiling(runs):
    """The arithmetic rate alone: the plain (C) and peeled (JIT) loops on a 64 x 512 grid,
    which stays in L2, in CPU ns per point and step."""
    nx, ny, s1, s2 = 64, 512, 200, 1000
    lines = ["| stencil | C plain (gcc, AVX-512) | C plain, SSE2 build (two lanes) | arrayc peeled (F64X2) | "
             "arrayc peeled, optimiser on |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for stencil in ("advect", "heat"):
        case = WORK / f"{stencil}_ceiling"
        case.mkdir(parents=True, exist_ok=True)
        files = []
        for name, flags in (("peeled", ()), ("peeled_opt", ("--optimize",))):
            for steps in (s1, s2):
                files.append(case / f"{name}_{steps}.ir")
                write_ir(stencil, nx, ny, steps, (nx, ny, 1), files[-1], flags)
        c_times, c128_times, jit = [], [], {f.stem: [] for f in files}
        for _ in range(runs):
            c_times.append(c_run(stencil, nx, ny, s2, None, case / "c_plain.f64")["cpu"])
            c128_times.append(c_run(stencil, nx, ny, s2, None, case / "c_plain.f64", "sse2")["cpu"])
            for line in sh([RUN_IR, "--reps", 1, *files]).stdout.splitlines():
                item = json.loads(line)
                jit[Path(item["file"]).stem] += item["cpu_us"]
        points = nx * ny / 1e3  # µs per step over this many points is ns per point

        def rate(name):
            return (statistics.median(jit[f"{name}_{s2}"]) - statistics.median(jit[f"{name}_{s1}"])
                    ) / (s2 - s1) / points

        lines.append(f"| {stencil} | {statistics.median(c_times) / points:.3f} | "
                     f"{statistics.median(c128_times) / points:.3f} | "
                     f"{rate('peeled'):.3f} | {rate('peeled_opt'):.3f} |")
        print(lines[-1], flush=True)
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="512 x 512, two rounds")
    parser.add_argument("--sweep", action="store_true", help="compare tile shapes instead")
    parser.add_argument("--ceiling", action="store_true",
                        help="the arithmetic rate alone, on a grid that stays in cache")
    parser.add_argument("--runs", type=int, default=5, help="rounds of every variant")
    args = parser.parse_args()
    build()
    load_start = os.getloadavg()
    started = datetime.datetime.now(datetime.timezone.utc)
    if args.ceiling:
        text = ("CPU time per point and step, ns (64 x 512: 256 KiB per grid; C: 1000 steps; "
                "arrayc: the marginal cost between 200 and 1000 steps):\n\n" + ceiling(args.runs))
    elif args.sweep:
        text = sweep(args.runs)
    else:
        grids = [(512, 512)] if args.quick else [(2048, 2048), (4096, 1024)]
        runs = 2 if args.quick else args.runs
        rows = []
        for nx, ny in grids:
            for stencil in ("advect", "heat"):
                rows.append(measure(stencil, nx, ny, 32, 96, runs, C_TILES[stencil],
                                    JIT_TILES[stencil], "main"))
                print(table(rows[-1:], "wall").splitlines()[-1], flush=True)
        text = ("Wall time (what the issue's targets are stated in):\n\n" + table(rows, "wall")
                + "\n\nCPU time of the stepping thread (leaves out the time the machine's "
                "other work held the core; not the contention for memory bandwidth and L3):\n\n"
                + table(rows, "cpu"))
    load_end = os.getloadavg()
    commit = sh(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT).stdout.strip()
    gcc = sh(["gcc", "--version"]).stdout.splitlines()[0]
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    header = (
        f"Measured {started:%Y-%m-%d %H:%M} UTC by `python3 bench/temporal/run.py"
        f"{' --ceiling' if args.ceiling else ' --sweep' if args.sweep else ' --quick' if args.quick else ''}` "
        f"(arrayc @ {commit}, one thread; {gcc} {' '.join(CFLAGS)}; {cpu}, {os.cpu_count()} cores, shared). "
        f"Load average {load_start[0]:.2f} {load_start[1]:.2f} {load_start[2]:.2f} at the start, "
        f"{load_end[0]:.2f} {load_end[1]:.2f} {load_end[2]:.2f} at the end. "
        f"{args.runs if not args.quick else 2} rounds, each running every variant once in turn. "
        "Times in µs per step: C, the median over the rounds of each process's median of 3 timed "
        "repetitions of the stepping (96 steps); arrayc, the marginal cost per step, (median run of "
        "96 steps − median run of 32 steps) / 64 (the sweep's: 48 and 16 steps, or 96 and 32 for "
        "K = 32), every program "
        "compiled once per round and run once.\n\n"
    )
    out = header + text + "\n"
    print("\n" + out)
    if not args.quick:
        name = "ceiling.md" if args.ceiling else "sweep.md" if args.sweep else "results.md"
        (HERE / name).write_text(out)
    if not args.quick and not args.sweep and not args.ceiling:
        readme = (HERE / "README.md").read_text()
        begin, end = "<!-- temporal:begin (written by run.py) -->\n", "<!-- temporal:end -->"
        head, rest = readme.split(begin)
        (HERE / "README.md").write_text(head + begin + out + rest[rest.index(end):])


if __name__ == "__main__":
    main()
