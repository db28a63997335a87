"""The compile report as a dict with a readable repr and an HTML table for notebooks.

Takes the plain dict the extension module builds; knows nothing of compiling.
"""
from __future__ import annotations

import html
from typing import Any, List, Tuple

_PHASES = [
    ("parse", "parse"),
    ("check", "check"),
    ("lower", "lower + unroll"),
    ("codegen", "codegen (Cranelift)"),
    ("finalize", "finalize"),
    ("compile_total", "compile total"),
]


class Report(dict):
    """The compile-cost report (the compile part of the CLI's `--json` document).

    Keys: `timings_us` (a dict: parse, check, lower, codegen, finalize, compile_total, in
    µs), `ir_ops`, `code_bytes`, `functions`, `scopes` (a list of dicts: kind, line, trips,
    unroll, ir_ops), `cached` (None for a program compiled by this call, else "memory" or
    "disk": then `compile_total` is the time to find it and the other timings are those
    of the compile that made it) and `cache_note` (why the cache directory was not used).
    """

    def _rows(self) -> List[Tuple[str, str]]:
        timings = self.get("timings_us", {})
        rows = [(label, f"{timings[key]:.1f} µs") for key, label in _PHASES if key in timings]
        cached = self.get("cached")
        if cached:
            rows.insert(len(rows) - 1, ("cached", f"from {cached}"))
        rows.append(("IR ops", str(self.get("ir_ops"))))
        functions = self.get("functions")
        plural = "" if functions == 1 else "s"
        rows.append(("code bytes", f"{self.get('code_bytes')} in {functions} function{plural}"))
        return rows

    def _scope_rows(self) -> List[Tuple[Any, ...]]:
        return [
            (
                scope["kind"],
                scope["line"],
                "?" if scope["trips"] is None else scope["trips"],
                scope["unroll"],
                scope["ir_ops"],
            )
            for scope in self.get("scopes", [])
        ]

    def __repr__(self) -> str:
        lines = ["compile-cost report"]
        lines += [f"  {label:<22} {value:>16}" for label, value in self._rows()]
        scopes = self._scope_rows()
        if scopes:
            lines.append(f"  {'scope':<6} {'line':>6} {'trips':>10} {'unroll':>7} {'IR ops':>10}")
            lines += [
                f"  {kind:<6} {line:>6} {trips!s:>10} {unroll:>7} {ops:>10}"
                for kind, line, trips, unroll, ops in scopes
            ]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        cell = "<td style='text-align:{}'>{}</td>".format
        rows = "".join(
            f"<tr>{cell('left', html.escape(label))}{cell('right', html.escape(value))}</tr>"
            for label, value in self._rows()
        )
        out = f"<table><caption>compile-cost report</caption>{rows}</table>"
        scopes = self._scope_rows()
        if scopes:
            head = "".join(f"<th>{h}</th>" for h in ("scope", "line", "trips", "unroll", "IR ops"))
            body = "".join(
                "<tr>" + "".join(cell("right", html.escape(str(v))) for v in row) + "</tr>"
                for row in scopes
            )
            out += f"<table><tr>{head}</tr>{body}</table>"
        return out
