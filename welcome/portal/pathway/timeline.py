"""The roadmap drawn as a timeline: geometry for a server-rendered SVG (no JavaScript).

One row per step: a bar from its start to its end on a common day scale, solid for a statutory
period and outlined for a usual one (not colour alone), a marker at the earliest start of work.
The template draws it; the same facts stand beside it as text. Every coordinate is handed over
as a string written with a dot (`insights.charts.svg_number`): a template would localise a
number, and `x="8,0"` in German, Turkish, Arabic, Spanish or French made the bars vanish.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext, ngettext

from welcome.insights.charts import svg_number

WIDTH = 360
MARGIN = 8
ROW = 44
TOP = 4
BAR_HEIGHT = 14


def days_text(days: int) -> str:
    return ngettext("%(days)s day", "%(days)s days", days) % {"days": days}


def timeline(steps: list[dict[str, Any]], earliest_start: dt.date | None) -> dict[str, Any] | None:
    """Positions of bars, labels and the start-of-work marker in a WIDTH-wide viewBox."""
    dated = [step for step in steps if step.get("start") and step.get("end")]
    if not dated:
        return None
    first = min(step["start"] for step in dated)
    last = max(step["end"] for step in dated)
    span = max((last - first).days, 1)
    usable = WIDTH - 2 * MARGIN

    def x_of(day: dt.date) -> float:
        return round(MARGIN + usable * (day - first).days / span, 1)

    rows = []
    for index, step in enumerate(dated):
        x, end = x_of(step["start"]), x_of(step["end"])
        width = max(end - x, 3)
        y = TOP + index * ROW
        label = gettext("%(number)s. %(duration)s, %(kind)s") % {
            "number": step["number"],
            "duration": days_text(step["duration_days"]),
            "kind": gettext("statutory") if step["statutory"] else gettext("usual"),
        }
        right_side = x > WIDTH / 2
        rows.append(
            {
                "x": svg_number(x),
                "width": svg_number(width),
                "bar_y": svg_number(y + 18),
                "label_y": svg_number(y + 13),
                "label_x": svg_number(x + width if right_side else x),
                "anchor": "end" if right_side else "start",
                "label": label,
                "title": step["title"],
                "statutory": step["statutory"],
            }
        )
    height = TOP + len(dated) * ROW + 40
    marker = None
    marker_x = x_of(earliest_start) if earliest_start else None
    if earliest_start:
        marker = {"x": svg_number(marker_x), "y_end": svg_number(TOP + len(dated) * ROW + 4)}
    return {
        "width": svg_number(WIDTH),
        "height": svg_number(height),
        "bottom": svg_number(height - 4),
        "right": svg_number(WIDTH - 8),
        "rows": rows,
        "marker": marker,
        "axis_y": svg_number(height - 22),
        "first": first,
        "last": last,
        "bar_height": svg_number(BAR_HEIGHT),
        "marker_anchor": "end" if marker_x is not None and marker_x > WIDTH / 2 else "start",
    }
