"""Small HTML pieces shared by the report's sections: escaped text, numbers, and tables that print well."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from coach.domain.literal_text import clean


def shown_html(value: object, *, one_line: bool = False) -> str:
    """The HTML twin of the screens' rule (coach.widgets.shown.clean): text a person typed or a file brought,
    escaped, with every control character, NUL, 8-bit control and direction override shown as a sign."""
    return escape(clean(value, one_line=one_line))


def num(value: float | None, suffix: str = "") -> str:
    """The report's one rounding rule for every number it shows: one decimal place, a trailing ".0" dropped
    (the rule of MME/day everywhere in coach: coach.domain.mme.format_mme)."""
    return "—" if value is None else f"{value:.1f}".rstrip("0").rstrip(".") + suffix


def day_text(day: date, year: bool = True) -> str:
    return f"{day.day} {day:%b %Y}" if year else f"{day.day} {day:%b}"


def spans_years(start: date, end: date) -> bool:
    """Whether dates between `start` and `end` need their year to be read right."""
    return start.year != end.year


def empty(text: str) -> str:
    return f'<p class="empty">{escape(text)}</p>'


def section(key: str, heading: str, body: str, extra_class: str = "") -> str:
    cls = f' class="{extra_class}"' if extra_class else ""
    return f'<section id="{key}"{cls}>\n<h2>{escape(heading)}</h2>\n{body}\n</section>'


def figure(chart: str, caption: str = "") -> str:
    """A chart kept whole on one printed page, with its key below it."""
    cap = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure class="chart-box">{chart}{cap}</figure>'


def table(headers: Sequence[tuple[str, str]], rows: Sequence[Sequence[str]], css: str = "data") -> str:
    """A table with a <thead> (repeated on every printed page). `headers` are (label, css class) pairs; cell
    values are HTML already escaped. On a phone each row becomes a block with the header beside each value."""
    head = "".join(f'<th scope="col" class="{c}">{escape(label)}</th>' for label, c in headers)
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="{c}" data-label="{escape(label)}">{value}</td>'
            for (label, c), value in zip(headers, row, strict=True)
        )
        body.append(f"<tr>{cells}</tr>")
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
