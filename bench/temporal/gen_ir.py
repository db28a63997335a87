#!/usr/bin/env python3
"""Takes the IR that arrayc lowers a stencil `loop` program to (`arrayc ir` text of
examples/advect_loop.arr or bench/temporal/heat.arr) and rewrites its `loop` as a
temporally blocked schedule in the same IR: produces IR text for `run_ir` (the example
crates/arrayc/examples/run_ir.rs). Knows the two stencils' formulas (in arrayc's operation
order, so the bits are the plain loop's) and nothing of the compiler beyond the IR's text.

The schedule: the loop runs over blocks of K time steps; in each block, tile by tile
(R rows x C columns, unrolled: one kernel per tile, level and edge segment, every index a
constant offset), step 1 reads the grid and writes the tile grown by the halo that the
K - 1 remaining steps need into a scratch buffer, steps 2 .. K - 1 go scratch to scratch
(two scratch buffers in turn) over shrinking rectangles, and step K writes the tile's
rectangle of the next grid; then the grids swap. Steps left over (STEPS mod K) are one more
block of fewer levels after the loop. K = 1 with one tile the size of the grid is the plain
loop with its edges peeled (no clamp or wrap per element).

    gen_ir.py advect|heat K R C [--optimize] [--tile-loop] < arrayc-ir.txt > blocked.ir

--tile-loop (advect only) puts the tiles in two machine loops instead of unrolling them:
over the column tiles, and inside it over the interior row tiles, each kernel's grid
indices moved by run-time checked tile numbers (see looped_block).

--optimize appends a kernel that sums two elements of the grid into a scratch scalar (no
output reads it): codegen turns Cranelift's optimiser (`opt_level=speed`) on for a whole
program when any kernel has a reduction (`codegen::needs_optimizer`), and this is the only
way to ask for it from the IR.
"""

import re
import sys


class View:
    """Where the grid point (row g, column c) of one time level lives: buffer `buf`, flat
    index stride * (g - row0) + (c - col0). `periodic` (nx, ny) marks the grid buffers of
    a periodic stencil, read with wrap-around."""

    def __init__(self, buf, stride, row0=0, col0=0, periodic=None, moving=""):
        self.buf, self.stride, self.row0, self.col0 = buf, stride, row0, col0
        self.periodic = periodic
        # Run-time index terms added to every index (the looped tile's origin).
        self.moving = moving


def affine(stride, const):
    """The IR text of stride*i0 + i1 + const (arrayc's `Affine` printing)."""
    terms = [f"{stride}*i0" if stride != 1 else "i0", "i1"]
    if const != 0:
        terms.append(str(const))
    return " + ".join(terms)


def split(lo, hi, points):
    """[lo, hi) cut at every point strictly inside it."""
    cuts = sorted({p for p in points if lo < p < hi})
    edges = [lo] + cuts + [hi]
    return [(a, b) for a, b in zip(edges[:-1], edges[1:]) if a < b]


class Stencil:
    """One stencil: its neighbour offsets and its element expression."""

    def __init__(self, name, nx, ny, velocity):
        self.name, self.nx, self.ny, self.velocity = name, nx, ny, velocity
        # In the looped form: the run-time column offset of the velocity row, and the
        # index checks each kernel carries.
        self.velocity_moving, self.checks = "", []
        self.periodic = name == "heat"
        self.row_offsets = (-1, 0, 1)
        self.col_offsets = (-1, 0, 1) if name == "heat" else (0,)

    def halo_cols(self):
        return 1 if self.name == "heat" else 0

    def row_cuts(self, src):
        """Rows where the expression or a read's wrap changes."""
        if self.name == "advect":
            return [1, self.nx - 1]  # numpy.gradient's one-sided edge rows
        if src.periodic:
            return [k * self.nx - d for k in (-1, 0, 1, 2) for d in self.row_offsets]
        return []

    def col_cuts(self, src):
        if self.name == "heat" and src.periodic:
            return [k * self.ny - d for k in (-1, 0, 1, 2) for d in self.col_offsets]
        return []

    def kernel(self, dst, src, rows, cols):
        """The kernel computing rows x cols (grid coordinates, one segment) of `dst` from
        `src`."""
        g0, c0 = rows[0], cols[0]
        h, w = rows[1] - rows[0], cols[1] - cols[0]

        def load(dr, dc):
            r, c = g0 + dr, c0 + dc
            if src.periodic:  # the segment's rows and columns wrap by one shift each
                r -= (r // self.nx) * self.nx
                c -= (c // self.ny) * self.ny
            index = affine(src.stride, src.stride * (r - src.row0) + (c - src.col0))
            return f"%{src.buf}[{index}{src.moving}]"

        if self.name == "advect":
            if g0 == 0:
                fm, fp, step = load(0, 0), load(1, 0), "1.0"
            elif g0 == self.nx - 1:
                fm, fp, step = load(-1, 0), load(0, 0), "1.0"
            else:
                fm, fp, step = load(-1, 0), load(1, 0), "0.5"
            velocity = f"%{self.velocity}[i1 + {c0}{self.velocity_moving}]" if c0 else \
                f"%{self.velocity}[i1{self.velocity_moving}]"
            expr = f"add({load(0, 0)}, mul(-0.1, mul({velocity}, mul(sub({fp}, {fm}), {step}))))"
        else:
            u = load(0, 0)
            neighbours = f"add(add(add({load(-1, 0)}, {load(1, 0)}), {load(0, -1)}), {load(0, 1)})"
            expr = f"add({u}, mul(0.2, sub({neighbours}, mul(4.0, {u}))))"
        store = affine(dst.stride, dst.stride * (g0 - dst.row0) + (c0 - dst.col0))
        kernel = f"%{dst.buf}[{store}{dst.moving}] for [{h}, {w}] = {expr} @0..0"
        return "\n".join(self.checks + [kernel])

    def level(self, dst, src, rows, cols):
        """Every kernel of one time level over rows x cols."""
        return [
            self.kernel(dst, src, r, c)
            for r in split(*rows, self.row_cuts(src))
            for c in split(*cols, self.col_cuts(src))
        ]


def block(stencil, cur, nxt, scratch, K, R, C):
    """The kernels of K steps from `cur` into `nxt`, tile by tile."""
    nx, ny, hc = stencil.nx, stencil.ny, stencil.halo_cols()
    out = []
    for r0 in range(0, nx, R):
        r1 = min(nx, r0 + R)
        for c0 in range(0, ny, C):
            c1 = min(ny, c0 + C)
            # The scratch window: the tile grown by K rows (clipped for advect) and K
            # columns (heat), in grid coordinates.
            lo_r = r0 - K if stencil.periodic else max(0, r0 - K)
            lo_c = c0 - K * hc
            src = View(cur, ny, periodic=(nx, ny) if stencil.periodic else None)
            for j in range(1, K + 1):
                grow = K - j
                rows = (r0 - grow, r1 + grow)
                if not stencil.periodic:
                    rows = (max(0, rows[0]), min(nx, rows[1]))
                cols = (c0 - grow * hc, c1 + grow * hc)
                if j == K:
                    dst = View(nxt, ny)
                else:
                    dst = View(scratch[j % 2][0], scratch[j % 2][1], lo_r, lo_c)
                out += stencil.level(dst, src, rows, cols)
                src = dst
    return out


def tile_levels(stencil, cur, nxt, scratch, K, r0, r1, c0, c1, moving=""):
    """The kernels of K steps of one tile of advect; `moving` is added to every index into
    the grids (the run-time origin of a looped tile)."""
    nx = stencil.nx
    lo_r = max(0, r0 - K)
    src = View(cur, stencil.ny, moving=moving)
    out = []
    for j in range(1, K + 1):
        grow = K - j
        rows = (max(0, r0 - grow), min(nx, r1 + grow))
        if j == K:
            dst = View(nxt, stencil.ny, moving=moving)
        else:
            dst = View(scratch[j % 2][0], scratch[j % 2][1], lo_r, c0)
        out += stencil.level(dst, src, rows, (c0, c1))
        src = dst
    return out


def looped_block(stencil, cur, nxt, scratch, K, R, C, site):
    """Advect's K steps with the tiles in two machine loops instead of unrolled: over the
    column tiles (slot 1), and inside it over the interior row tiles (slot 2); the first and
    last row tiles, whose halo meets the grid's edge, are unrolled in the column loop. A
    tile's origin reaches the indices through run-time checks (`check0`, `check1`), the only
    way a loop slot can enter an index."""
    nx, ny = stencil.nx, stencil.ny
    rows_of_tiles, cols_of_tiles = nx // R, ny // C
    col_check = f"check1 = index(s1, {cols_of_tiles}) site {site}"
    row_check = f"check0 = index(s2, {rows_of_tiles - 2}) site {site}"
    column = f" + {C}*(checked1)"
    out = [f"loop s1 in 0.0 .. {cols_of_tiles}.0 scope 1 site 0 {{"]
    stencil.checks, stencil.velocity_moving = [col_check], column
    for r0 in (0, nx - R):
        out += ["    " + line for k in tile_levels(stencil, cur, nxt, scratch, K, r0, r0 + R, 0, C, column)
                for line in k.split("\n")]
    out.append(f"    loop s2 in 0.0 .. {rows_of_tiles - 2}.0 scope 2 site 0 {{")
    stencil.checks = [row_check, col_check]
    moving = f" + {ny * R}*(checked0){column}"
    out += ["        " + line for k in tile_levels(stencil, cur, nxt, scratch, K, R, 2 * R, 0, C, moving)
            for line in k.split("\n")]
    out += ["    }", "}"]
    stencil.checks, stencil.velocity_moving = [], ""
    return out


def main():
    name, K, R, C = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    optimize = "--optimize" in sys.argv[5:]
    looped = "--tile-loop" in sys.argv[5:]
    lines = sys.stdin.read().splitlines()
    start = next(k for k, line in enumerate(lines) if line.startswith("loop s0 in"))
    end = next(k for k in range(start, len(lines)) if lines[k] == "}")
    body = "\n".join(lines[start + 1 : end])
    cur, nxt = map(int, re.search(r"swap %(\d+) %(\d+)", body).groups())
    steps = int(float(re.match(r"loop s0 in 0\.0 \.\. ([0-9.]+) ", lines[start]).group(1)))
    shape = re.search(rf"^buffer %{cur} f64\[(\d+), (\d+)\]", "\n".join(lines), re.M)
    nx, ny = int(shape.group(1)), int(shape.group(2))
    velocity = None
    if name == "advect":
        velocity = int(re.search(r"mul\(%(\d+)\[i1\]", body).group(1))
    stencil = Stencil(name, nx, ny, velocity)
    R, C = min(R, nx), min(C, ny)

    buffers = [k for k, line in enumerate(lines) if line.startswith("buffer %")]
    next_id = len(buffers)
    hc = stencil.halo_cols()
    tile_shape = (R + 2 * K, C + 2 * K * hc)
    scratch = [(next_id + k, tile_shape[1]) for k in range(2)]
    new_buffers = [
        f'buffer %{next_id + k} f64[{tile_shape[0]}, {tile_shape[1]}] scratch "tile{k}"'
        for k in range(2)
    ] if K > 1 else []
    if optimize:
        new_buffers.append(f'buffer %{next_id + len(new_buffers)} f64[] scratch "optimize"')
    blocks, rest = divmod(steps, K)

    sites = [k for k, line in enumerate(lines) if line.startswith("site ")]
    if looped:
        if name != "advect" or nx % R or ny % C or R <= K or nx // R < 3 or steps % K:
            sys.exit("--tile-loop: advect only, R and C dividing the grid, R > K, 3 row tiles, K | STEPS")
        lines[0:2] = ["slots 3", "checks 2"]
        lines.insert(sites[-1] + 1, f'site {len(sites)} "tile index out of range" @0..0')
        start, end = start + 1, end + 1
    out = lines[: buffers[-1] + 1] + new_buffers
    for line in lines[buffers[-1] + 1 : start]:
        if line.startswith("scope 0 loop"):
            line = re.sub(r" trips \d+ ", f" trips {blocks} ", line)
            if looped:
                out.append(line)
                out.append(f"scope 1 loop @0..0 trips {ny // C} unroll 1 ops 0")
                line = f"scope 2 loop @0..0 trips {nx // R - 2} unroll 1 ops 0"
        out.append(line)
    out.append(f"loop s0 in 0.0 .. {blocks}.0 scope 0 site 0 {{")
    if looped:
        out += ["    " + k for k in looped_block(stencil, cur, nxt, scratch, K, R, C, len(sites))]
    else:
        out += ["    " + line for k in block(stencil, cur, nxt, scratch, K, R, C) for line in k.split("\n")]
    out += [f"    swap %{cur} %{nxt}", "}"]
    if rest:
        out += block(stencil, cur, nxt, scratch, rest, R, C)
        out.append(f"swap %{cur} %{nxt}")
    out += lines[end + 1 :]
    if optimize:
        out.append(f"%{next_id + len(new_buffers) - 1}[] = sum[i0 < 2](%{cur}[i0]) @0..0")
    print("\n".join(out))


if __name__ == "__main__":
    main()
