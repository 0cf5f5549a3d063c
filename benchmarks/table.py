"""The rows every benchmark reports, and the table and JSON they are printed as.

A row is one figure of ours beside the same figure of its baseline, measured in the same run:
their ratio, the target and whether it was met. A row without a baseline (a figure with an
absolute target) leaves the ratio empty.
"""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Row:
    """One figure of ours against its baseline, with the target it is held to."""

    group: str
    name: str
    unit: str
    ours: float
    baseline: float | None
    target: str
    met: bool | None  # None: reported, no target
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline is None:
            return None
        if self.baseline == 0:
            return math.inf if self.ours else 1.0
        return self.ours / self.baseline

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        ratio = self.ratio
        data["ratio"] = None if ratio is None or math.isinf(ratio) else round(ratio, 3)
        data["verdict"] = _verdict(self.met)
        return data


def ratio_row(
    group: str, name: str, unit: str, ours: float, baseline: float, *, limit: float, note: str = ""
) -> Row:
    """A row whose target is ``ours / baseline <= limit``."""
    row = Row(group, name, unit, ours, baseline, f"ratio <= {limit:g}", None, note)
    ratio = row.ratio
    return replace(row, met=ratio is not None and ratio <= limit)


def limit_row(
    group: str,
    name: str,
    unit: str,
    ours: float,
    baseline: float | None,
    *,
    limit: float,
    note: str = "",
    strict: bool = False,
) -> Row:
    """A row whose target is an absolute ``ours <= limit`` (``<`` when ``strict``)."""
    met = ours < limit if strict else ours <= limit
    sign = "<" if strict else "<="
    return Row(group, name, unit, ours, baseline, f"{sign} {_figure(limit)} {unit}", met, note)


def info_row(
    group: str, name: str, unit: str, ours: float, baseline: float | None, *, note: str = ""
) -> Row:
    """A figure reported beside its baseline, with no target of its own."""
    return Row(group, name, unit, ours, baseline, "—", None, note)


def _verdict(met: bool | None) -> str:
    return "—" if met is None else ("met" if met else "MISSED")


def p95(values: Sequence[float]) -> float:
    """The 95th percentile (nearest rank) of at least one value."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(len(ordered) * 0.95) - 1)]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def _figure(value: float | None) -> str:
    if value is None:
        return "—"
    if value == int(value) or abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    if abs(value) >= 0.1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def render(rows: Sequence[Row]) -> str:
    """The rows as a plain-text table, grouped as they were measured."""
    head = ("benchmark", "ours", "baseline", "ratio", "target", "")
    lines: list[tuple[str, ...]] = []
    group = None
    for row in rows:
        if row.group != group:
            group = row.group
            lines.append((f"[{group}]", "", "", "", "", ""))
        ratio = row.ratio
        lines.append(
            (
                f"  {row.name} ({row.unit})",
                _figure(row.ours),
                _figure(row.baseline),
                "—" if ratio is None else ("inf" if math.isinf(ratio) else f"{ratio:.2f}×"),
                row.target,
                _verdict(row.met),
            )
        )
    widths = [max(len(line[i]) for line in [head, *lines]) for i in range(len(head))]
    out = []
    for line in [head, *lines]:
        cells = [line[0].ljust(widths[0])]
        cells += [cell.rjust(widths[i + 1]) for i, cell in enumerate(line[1:4])]
        cells += [line[4].ljust(widths[4]), line[5]]
        out.append("  ".join(cells).rstrip())
    out.insert(1, "-" * len(out[0]))
    notes = [f"  {row.name}: {row.note}" for row in rows if row.note]
    if notes:
        out += ["", "notes:", *notes]
    return "\n".join(out)


def write_json(path: Path, rows: Sequence[Row], context: dict[str, object]) -> None:
    """The rows and how they were measured, as JSON."""
    document = {**context, "rows": [row.as_dict() for row in rows]}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
