"""The leader-move table (docs/leader-moves.md) as executable examples, and the moves in the demo session."""

import json
import re
from pathlib import Path

import pytest

from balint.analysis.dynamics.classify import classify_batch
from balint.analysis.dynamics.leader_moves import leader_move
from balint.analysis.dynamics.settings import PatternSettings
from balint.analysis.pipeline import Known, interpret
from balint.analysis.types import SessionAnalysis, Unit

ROOT = Path(__file__).resolve().parents[1]


def table_examples() -> list[tuple[str, str, str]]:
    """(leader's unit, move, why) for every row of the document's Examples table."""
    section = (ROOT / "docs" / "leader-moves.md").read_text().split("## Examples", 1)[1]
    rows = [line.strip().strip("|").split("|") for line in section.splitlines() if line.startswith("| ")]
    return [(said.strip(), move.strip(), why.strip()) for said, move, why in rows[1:]]


def test_the_table_has_an_example_of_every_move_and_of_none():
    moves = {move for _, move, _ in table_examples()}
    assert moves == {"framing", "protecting", "relationship", "inviting", "redirecting_advice", "bringing_back",
                     "closing", "own_contribution", "none"}
    assert len(table_examples()) >= 25


@pytest.mark.parametrize("said, move, why", table_examples())
def test_each_example_in_the_leader_move_table(said, move, why):
    classified = classify_batch([said])[0]
    unit = Unit(id=1, speaker="L", start=0.0, end=2.0, text=said, label=classified.label)
    found = leader_move(unit, asks_presenter=bool(re.search(r"presenter answers|question to the presenter", why)))
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
