"""A meeting may hold two cases: each marked phase keeps its own numbers, in the metrics and in the report."""

from balint.analysis.pipeline import Known, interpret
from balint.analysis.report.html import render_html
from balint.analysis.types import SessionAnalysis, SessionMetrics, Turn, Unit

MARKS = [("presentation", 5.0), ("clarifying", 60.0), ("discussion", 100.0),
         ("presentation", 305.0), ("clarifying", 360.0), ("discussion", 400.0)]
LINES = [  # (speaker, start, text): case 1 is discussed with speculation, case 2 with feelings and advice
    ("L", 1, "Who has a case for us tonight?"),
    ("A", 5, "I want to tell you about a woman who comes every week with the same pain."),
    ("B", 62, "How old is she?"), ("A", 65, "She is fifty four."),
    ("C", 101, "Maybe she needs him to fail her, like her father did."),
    ("D", 110, "I wonder whether he is the one who feels abandoned."),
    ("B", 120, "Perhaps the pain is the only way she can ask for care."),
    ("L", 300, "Thank you. We have time for a second case."),
    ("B", 305, "Yes, a young man who keeps missing his appointments and then turns up angry."),
    ("C", 362, "Does he live alone?"), ("B", 365, "With his mother."),
    ("D", 401, "I feel really irritated listening to this."),
    ("C", 410, "I'm a bit sad, to be honest."),
    ("A", 420, "You should set a limit on the length of the visits."),
    ("D", 430, "I felt a heaviness in my chest."),
]


def analysis_of_two_cases() -> SessionAnalysis:
    units = [Unit(i, speaker, float(start), float(start) + 4.0, text) for i, (speaker, start, text) in enumerate(LINES)]
    return SessionAnalysis(source={"name": "two-cases"}, duration_s=500.0, speakers=sorted({u.speaker for u in units}),
                           turns=[Turn(u.speaker, u.start, u.end) for u in units], units=units, models=[],
                           settings={}, timings_s={}, metrics=SessionMetrics(speech_s=60.0, words=120))


def test_each_case_keeps_its_own_phase_numbers():
    analysis = interpret(analysis_of_two_cases(), known=Known(leader="L", marks=MARKS))
    assert [(m.phase, m.start) for m in analysis.metrics.per_phase] == [(name, start) for name, start in MARKS]
    first, second = (m for m in analysis.metrics.per_phase if m.phase == "discussion")
    assert (first.start, first.end, second.start, second.end) == (100.0, 305.0, 400.0, 500.0)
    assert first.labels == {"SPECULATION": 3, "OTHER": 1} and first.speculation_share == 0.75
    assert second.labels == {"FEELING": 3, "ADVICE": 1} and second.feeling_share == 0.75
    spoken = [o.text for o in analysis.observations if o.kind == "speculation"]
    assert spoken == [
        "In the discussion, 3 of 4 contributions were speculation and 0 were members' own feelings, from 2 of 2 "
        "members who spoke. That breadth is what a Balint discussion hopes for.",
        "In the discussion, 0 of 4 contributions were speculation and 3 were members' own feelings, from 2 of 3 "
        "members who spoke. That breadth is what a Balint discussion hopes for.",
    ]


def test_the_report_shows_both_cases_with_their_own_rows():
    html = render_html(interpret(analysis_of_two_cases(), known=Known(leader="L", marks=MARKS)))
    phases = html.split("<h2 id='phases'>", 1)[1].split("</table>", 1)[0]
    rows = [row for row in phases.split("<tr>") if row.startswith("<td>discussion</td>")]
    assert len(rows) == 2
    assert "<td>1:40</td><td>5:05</td>" in rows[0] and "<td class='num'>3</td>" in rows[0]
    assert "<td>6:40</td><td>8:20</td>" in rows[1]
