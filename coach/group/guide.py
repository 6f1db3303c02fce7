"""The facilitator's printable guide (every week, its notes and the safety protocol) and a week's one-page
participant handout: self-contained HTML with print styles, nothing fetched from a network."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape

from coach import NOT_A_MEDICAL_DEVICE
from coach.content import Exercise, LearnCard
from coach.content import safety
from coach.content.program_weeks import ProgramWeek, SafetyProtocol
from coach.domain.agenda import build_parts

_STYLE = """
  :root { color-scheme: light; }
  body { font-family: system-ui, sans-serif; font-size: 11pt; line-height: 1.4; color: #111;
         max-width: 46rem; margin: 1.5rem auto; padding: 0 1rem; }
  h1 { font-size: 1.6rem; margin: 0 0 .4rem; }
  h2 { font-size: 1.25rem; margin: 1.4rem 0 .3rem; border-bottom: 2px solid #333; }
  h3 { font-size: 1.05rem; margin: .9rem 0 .2rem; }
  ul, ol { margin: .2rem 0 .6rem 1.2rem; padding: 0; }
  li { margin: .1rem 0; }
  .summary { font-style: italic; }
  .note, .safety { border-left: 4px solid #333; padding: .3rem .7rem; margin: .6rem 0; background: #f3f3f3; }
  .protocol h3 { margin-top: .7rem; }
  table.parts { border-collapse: collapse; margin: .3rem 0 .6rem; }
  table.parts td { padding: .1rem .8rem .1rem 0; vertical-align: top; }
  .small, .sources { font-size: .85rem; color: #333; }
  @media print {
    @page { margin: 14mm 12mm; }
    body { margin: 0; max-width: none; font-size: 10.5pt; }
    .week, .protocol { break-before: page; }
    h2, h3 { break-after: avoid; }
    li, .note, .safety, table.parts tr { break-inside: avoid; }
    .note, .safety { background: none; }
  }
"""


def _page(title: str, body: str, extra_style: str = "") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}{extra_style}</style>\n</head>\n<body>\n"
        f"{body}\n</body>\n</html>\n"
    )


def _list(items: Iterable[str], tag: str = "ul") -> str:
    return f"<{tag}>" + "".join(f"<li>{escape(item)}</li>" for item in items) + f"</{tag}>"


def _sources(sources: Iterable[str]) -> str:
    return f'<p class="sources"><strong>Sources:</strong> {escape("; ".join(sources))}</p>'


def _protocol(protocol: SafetyProtocol) -> str:
    parts = [
        '<section class="protocol" id="safety-protocol">',
        "<h2>Safety protocol (for you, not for the projector)</h2>",
        f"<p>{escape(protocol.intro)}</p>",
    ]
    for situation in protocol.situations:
        parts.append(f"<h3>{escape(situation.title)}</h3>{_list(situation.steps, 'ol')}")
    parts.append(_sources(protocol.sources))
    parts.append("</section>")
    return "\n".join(parts)


def _week(week: ProgramWeek, cards: Mapping[str, LearnCard], exercises: Mapping[str, Exercise]) -> str:
    exercise = exercises[week.exercise]
    titles = {card_id: cards[card_id].title for card_id in week.learn_cards}
    rows = "".join(
        f"<tr><td>{part.minutes} min</td><td>{escape(part.title)}</td></tr>"
        for part in build_parts(week, titles, exercise.title)
    )
    card_list = "".join(
        f"<li><strong>{escape(cards[card_id].title)}</strong>: {escape(cards[card_id].summary)}</li>"
        for card_id in week.learn_cards
    )
    return "\n".join((
        f'<section class="week" id="week-{week.week}">',
        f"<h2>Week {week.week}: {escape(week.title)} ({week.total_minutes} min)</h2>",
        f'<p class="summary">{escape(week.summary)}</p>',
        f"<h3>Aims</h3>{_list(week.aims)}",
        f'<h3>The session</h3><table class="parts">{rows}</table>',
        f"<h3>Learn together</h3><ul>{card_list}</ul>",
        f"<h3>Practise together</h3><p>{escape(exercise.title)}, about {week.exercise_minutes:g} minutes: "
        f"{escape(exercise.summary)}</p>",
        f"<h3>Talk it over</h3>{_list(week.discussion)}",
        f"<h3>Home practice</h3>{_list(week.home_practice)}",
        f'<div class="note"><strong>Facilitator note:</strong> {escape(week.facilitator_note)}</div>',
        _sources(week.sources),
        "</section>",
    ))


def render_guide(
    weeks: list[ProgramWeek],
    protocol: SafetyProtocol,
    cards: Mapping[str, LearnCard],
    exercises: Mapping[str, Exercise],
) -> str:
    """The whole program for the facilitator: contents, the safety protocol, then every week."""
    contents = "".join(
        f'<li><a href="#week-{week.week}">Week {week.week}: {escape(week.title)}</a></li>' for week in weeks
    )
    body = "\n".join((
        "<h1>Facilitator's guide: the group program</h1>",
        f"<p>{len(weeks)} weekly sessions. The projected agenda (<code>coach facilitate --week N</code>) shows the "
        "room what it needs; this guide adds your notes and the safety protocol, which stay off the screen.</p>",
        '<h2>Contents</h2><ul><li><a href="#safety-protocol">Safety protocol</a></li>' + contents + "</ul>",
        _protocol(protocol),
        *(_week(week, cards, exercises) for week in weeks),
        f'<p class="small">{escape(NOT_A_MEDICAL_DEVICE)}</p>',
    ))
    return _page("Facilitator's guide", body)


# The handout's safety box: the Help screen's own words, so paper and screen never disagree.
def _handout_safety() -> str:
    lines = [
        f"<p><strong>{escape(safety.EMERGENCY_TITLE)}:</strong></p>",
        _list(safety.EMERGENCY_SIGNS),
        f"<p>{escape(safety.BACK_PAIN_RED_FLAG)}</p>",
        f"<p>{escape(safety.CRISIS_LINES[0])}</p>",
        f"<p>{escape(safety.TAPER_SAFETY_LINES[0])}</p>",
        f"<p>{escape(safety.PRESCRIBER_TITLE)} {escape(safety.PRESCRIBER_LINES[0])} "
        f"{escape(safety.PRESCRIBER_LINES[1].rstrip(';'))}.</p>",
        f'<p class="sources">{escape(safety.SOURCES)}</p>',
    ]
    return '<div class="safety"><h3>Staying safe</h3>' + "".join(lines) + "</div>"


# One printed page: compact spacing, the safety box's signs in two columns.
_HANDOUT_STYLE = """
  body { font-size: 10.5pt; }
  .safety p { margin: .3rem 0; }
  .safety ul { columns: 2; column-gap: 1.5rem; }
  @media print {
    @page { margin: 11mm 12mm; }
    body { font-size: 9.5pt; line-height: 1.3; }
    h1 { font-size: 1.35rem; }
    h2 { font-size: 1.1rem; margin-top: .6rem; }
    li { break-inside: avoid; }
  }
"""


def render_handout(week: ProgramWeek, cards: Mapping[str, LearnCard], exercises: Mapping[str, Exercise]) -> str:
    """One page for each participant: the week's ideas, home practice, and where help is."""
    exercise = exercises[week.exercise]
    ideas = "".join(
        f"<li><strong>{escape(cards[card_id].title)}</strong>: {escape(cards[card_id].summary)}</li>"
        for card_id in week.learn_cards
    )
    body = "\n".join((
        f"<h1>Week {week.week}: {escape(week.title)}</h1>",
        f'<p class="summary">{escape(week.summary)}</p>',
        f"<h2>What we looked at</h2><ul>{ideas}</ul>",
        f"<h2>Practise at home</h2>{_list(week.home_practice)}",
        f"<p>This week's exercise, {escape(exercise.title)}, is in the app: <code>coach exercise "
        f"{escape(exercise.id)}</code>.</p>",
        _handout_safety(),
        _sources(week.sources),
        f'<p class="small">{escape(NOT_A_MEDICAL_DEVICE)}</p>',
    ))
    return _page(f"Week {week.week}: {week.title}", body, _HANDOUT_STYLE)
