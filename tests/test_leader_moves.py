"""The leader-move table (docs/leader-moves.md) as executable examples, and the moves in the demo session."""

import json
import re
from pathlib import Path

import pytest

from balint.analysis.dynamics.classify import classify_batch
from balint.analysis.dynamics.classify_de import classify_german
from balint.analysis.dynamics.leader_moves import leader_move
from balint.analysis.dynamics.settings import PatternSettings
from balint.analysis.pipeline import Known, interpret
from balint.analysis.types import SessionAnalysis, Unit

ROOT = Path(__file__).resolve().parents[1]


def table_examples(section_title: str = "## Examples") -> list[tuple[str, str, str]]:
    """(leader's unit, move, why) for every row of one of the document's example tables."""
    section = (ROOT / "docs" / "leader-moves.md").read_text().split(section_title, 1)[1].split("\n## ", 1)[0]
    rows = [line.strip().strip("|").split("|") for line in section.splitlines() if line.startswith("| ")]
    return [(said.strip(), move.strip(), why.strip()) for said, move, why in rows[1:]]


def test_the_table_has_an_example_of_every_move_and_of_none():
    moves = {move for _, move, _ in table_examples()}
    assert moves == {"framing", "protecting", "relationship", "inviting", "redirecting_advice", "bringing_back",
                     "closing", "own_contribution", "questioning_presenter", "teaching", "none"}
    assert len(table_examples()) >= 25


@pytest.mark.parametrize("language, said, move, why", [("en", *row) for row in table_examples()] +
                         [("de", *row) for row in table_examples("## Auf Deutsch")])
def test_each_example_in_the_leader_move_table(language, said, move, why):
    classified = classify_batch([said])[0] if language == "en" else classify_german(said)
    unit = Unit(id=1, speaker="L", start=0.0, end=2.0, text=said, label=classified.label)
    calling = "calling for a case" in why or "calls for a case" in why
    found = leader_move(unit, asks_presenter=bool(re.search(r"presenter answers|question to the presenter", why)),
                        phase="call_for_case" if calling else "discussion", language=language)
    assert (found.move if found else "none") == move, (found, classified.label)


def test_a_leader_question_the_presenter_answers_with_no_other_move_is_questioning_the_presenter():
    unit = Unit(id=1, speaker="L", start=0.0, end=2.0, text="And did you refer her in the end?", label="QUESTION")
    assert leader_move(unit, asks_presenter=True).move == "questioning_presenter"
    assert leader_move(unit, asks_presenter=False) is None


def test_the_demo_leader_frames_protects_and_closes_and_each_episode_names_its_redirect():
    demo = SessionAnalysis.from_dict(json.loads((ROOT / "tests" / "fixtures" / "demo_golden_session.json").read_text()))
    analysis = interpret(demo, PatternSettings(), Known())
    moves = {m.unit_id: m.move for m in analysis.leader_moves}
    by_id = {u.id: u for u in analysis.units}
    assert all(by_id[i].role == "leader" for i in moves)
    assert {"framing", "protecting", "relationship", "bringing_back", "closing"} <= set(moves.values())
    assert [moves.get(e.redirect_unit) for e in analysis.episodes] == ["protecting", "protecting"]
    assert "put the questions aside" in by_id[analysis.episodes[1].redirect_unit].text.lower()
    assert not any(by_id[i].text.strip(" .") in ("Thank you", "Right", "Okay") for i in moves)


def written_session(script: str) -> SessionAnalysis:
    """A session from "Name: words" lines, timed by word count (0.36 s a word, 0.9 s between speakers)."""
    units, clock = [], 1.0
    for number, line in enumerate(script.strip().splitlines()):
        speaker, text = line.strip().split(": ", 1)
        clock += 0.9
        length = 0.5 + 0.36 * len(text.split())
        units.append(Unit(number, speaker, round(clock, 2), round(clock + length, 2), text))
        clock += length
    return SessionAnalysis(source={"name": "written"}, duration_s=clock, speakers=sorted({u.speaker for u in units}),
                           turns=[], units=units, models=[], settings={}, timings_s={})


PRESENTATION = "\n".join(
    f"Sam: {s}" for s in ["This is about a man of seventy whose wife has Parkinson's disease.",
                          "He comes every fortnight with a list about her tremor, her sleep and her mood.",
                          "When I ask how he is doing himself he says he is fine and changes the subject.",
                          "Last time he fell asleep in the waiting room and had to be woken up.",
                          "I feel I am failing him, and I cannot get past the list."])
INTERROGATION = """
Ruth: Good evening. Who has a patient for us tonight?
Sam: I have one.
{presentation}
Ruth: Thank you. Sam, push your chair back now and just listen.
Anna: I imagine the list is how he holds himself together.
Ben: Why didn't you ask him straight out whether he is depressed?
Sam: I did, in a way.
Chloe: And has he had a carer's assessment?
Sam: I don't think so.
Ben: Did you check his blood pressure?
Sam: It was fine.
Ruth: {response}
Chloe: Did you ask about his sleep?
Sam: Not really.
Ruth: Let's leave the questions to Sam there and think about the man himself.
Anna: Maybe the list is the only way he can ask for anything for himself.
"""


@pytest.mark.parametrize("response", ["Right, I see, okay.", "Mm, yes, that's an idea.", "Interesting."])
def test_a_leader_who_only_acknowledges_is_not_credited_with_ending_an_interrogation(response):
    analysis = interpret(written_session(INTERROGATION.format(presentation=PRESENTATION, response=response)),
                         PatternSettings(), Known())
    episode = next(e for e in analysis.episodes if e.flagged)
    redirect = next(u for u in analysis.units if u.id == episode.redirect_unit)
    assert redirect.text.startswith("Let's leave the questions")
    assert {m.unit_id: m.move for m in analysis.leader_moves}[redirect.id] == "protecting"


def test_the_call_for_a_case_is_framing_though_the_presenter_answers_it_and_later_questions_are_not():
    analysis = interpret(written_session(INTERROGATION.format(presentation=PRESENTATION, response="And what did you say?")),
                         PatternSettings(), Known())
    moves = {u.text: m.move for m in analysis.leader_moves for u in analysis.units if u.id == m.unit_id}
    assert moves["Good evening. Who has a patient for us tonight?"] == "framing"
    assert moves["And what did you say?"] == "questioning_presenter"


def test_a_session_stored_before_the_leader_metrics_shows_them_when_re_rendered(tmp_path):
    from tests.conftest import run_balint

    stored = json.loads((ROOT / "tests" / "fixtures" / "demo_golden_session.json").read_text())
    del stored["metrics"]["leader"]
    stored["schema_version"] = "2.4"
    (tmp_path / "session.json").write_text(json.dumps(stored))
    result = run_balint("report", str(tmp_path / "session.json"), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "report.html").read_text()
    assert "id='moves-per-phase'" in html and "Of your 48 s of talk" in html
