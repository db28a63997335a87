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

    gen_ir.py advect|heat K R C [--optimize] < arrayc-ir.txt > blocked.ir

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

    def __init__(self, buf, stride, row0=0, col0=0, periodic=None):
        self.buf, self.stride, self.row0, self.col0 = buf, stride, row0, col0
        self.periodic = periodic


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
            return f"%{src.buf}[{affine(src.stride, src.stride * (r - src.row0) + (c - src.col0))}]"

        if self.name == "advect":
            if g0 == 0:
                fm, fp, step = load(0, 0), load(1, 0), "1.0"
            elif g0 == self.nx - 1:
                fm, fp, step = load(-1, 0), load(0, 0), "1.0"
            else:
                fm, fp, step = load(-1, 0), load(1, 0), "0.5"
            velocity = f"%{self.velocity}[i1 + {c0}]" if c0 else f"%{self.velocity}[i1]"
            expr = f"add({load(0, 0)}, mul(-0.1, mul({velocity}, mul(sub({fp}, {fm}), {step}))))"
        else:
            u = load(0, 0)
            neighbours = f"add(add(add({load(-1, 0)}, {load(1, 0)}), {load(0, -1)}), {load(0, 1)})"
            expr = f"add({u}, mul(0.2, sub({neighbours}, mul(4.0, {u}))))"
        store = affine(dst.stride, dst.stride * (g0 - dst.row0) + (c0 - dst.col0))
        return f"%{dst.buf}[{store}] for [{h}, {w}] = {expr} @0..0"

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


def main():
    name, K, R, C = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    optimize = sys.argv[5:] == ["--optimize"]
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

    out = lines[: buffers[-1] + 1] + new_buffers
    for line in lines[buffers[-1] + 1 : start]:
        if line.startswith("scope 0 loop"):
            line = re.sub(r" trips \d+ ", f" trips {blocks} ", line)
        out.append(line)
    out.append(f"loop s0 in 0.0 .. {blocks}.0 scope 0 site 0 {{")
    out += ["    " + k for k in block(stencil, cur, nxt, scratch, K, R, C)]
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
