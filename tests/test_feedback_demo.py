"""The leader's feedback on the demo session: roles, phases and both interrogation episodes of its reference.

Reference: examples/demo/script.txt (roles by name, phases.json, and the codebook applied to its labels):
episode 1, 1:24–1:37, three clarifying questions (not flagged); episode 2, 2:06–2:28, five questions to the
presenter in the discussion, two of them 'why' challenges (flagged), redirected by the leader.

From audio, all of that is checked where tiny.en hears the demo as it did where the golden file was written
(tests/fixtures/demo_golden_session.json). Its int8 kernels differ by processor, and the demo's espeak voices
are fragile for it: on an AMD EPYC (CTranslate2 runs int8 through oneDNN there, not MKL) it leaves whole
utterances out, the flagged episode's questions among them (WER 0.173 to the golden words; MKL on the same
AMD machine 0.118 and float32 0.133, each dropping other utterances). There, from audio, only what the words do
not decide is checked: the leader and the presenter (the turns themselves are the golden ones on every machine,
tests/test_golden_demo.py), and the whole chain is checked from the golden words instead.
"""

import json
from pathlib import Path

import pytest

from balint.analysis.evaluation import word_error_rate
from balint.analysis.pipeline import analyse_transcript
from tests.conftest import DEMO

GOLDEN = Path(__file__).parent / "fixtures" / "demo_golden_session.json"
GOLDEN_HEARING_WER = 0.15  # machines with the golden machine's kernels hear the demo within this of its words

pytestmark = pytest.mark.slow

REFERENCE_PHASES = json.loads((DEMO / "phases.json").read_text())
REFERENCE_EPISODES = [
    {"first": "Does she live alone?", "questions": 3, "flagged": False},
    {"first": "How old was she when her husband died?", "questions": 5, "flagged": True},
]


def reference_speaker_of(session: dict) -> dict[str, str]:
    """Map each diarised speaker to the reference speaker it overlaps most."""
    rows = [json.loads(line) for line in (DEMO / "reference.jsonl").read_text().splitlines()]
    overlap: dict[tuple[str, str], float] = {}
    for turn in session["turns"]:
        for row in rows:
            shared = min(turn["end"], row["end"]) - max(turn["start"], row["start"])
            if shared > 0:
                overlap[(turn["speaker"], row["speaker"])] = overlap.get((turn["speaker"], row["speaker"]), 0) + shared
    best: dict[str, tuple[str, float]] = {}
    for (ours, theirs), seconds in overlap.items():
        if seconds > best.get(ours, ("", 0))[1]:
            best[ours] = (theirs, seconds)
    return {ours: theirs for ours, (theirs, _) in best.items()}


def words_of(session: dict) -> str:
    return " ".join(w["text"] for u in session["units"] for w in u["words"])


def heard_as_golden(session: dict) -> bool:
    return word_error_rate(words_of(json.loads(GOLDEN.read_text())), words_of(session)) <= GOLDEN_HEARING_WER


def check_from_audio(session: dict, tolerance_s: float) -> None:
    """The whole check where the recogniser heard the demo as on the golden machine; else the roles alone."""
    speaker_name = reference_speaker_of(session)
    if heard_as_golden(session):
        check(session, speaker_name, tolerance_s)
        return
    roles = {r["role"]: speaker_name.get(r["speaker"]) for r in session["roles"] if r["speaker"]}
    assert roles["leader"] == "Leader" and roles["presenter"] == "Presenter"


def check(session: dict, speaker_name: dict[str, str], tolerance_s: float) -> None:
    roles = {r["role"]: speaker_name.get(r["speaker"]) for r in session["roles"] if r["speaker"]}
    assert roles["leader"] == "Leader" and roles["presenter"] == "Presenter"
    found = {p["name"]: p for p in session["phases"]}
    for reference in REFERENCE_PHASES:
        assert abs(found[reference["name"]]["start"] - reference["start"]) <= tolerance_s, (reference, found)
    units = {u["id"]: u for u in session["units"]}
    assert len(session["episodes"]) == len(REFERENCE_EPISODES), session["episodes"]
    for episode, reference in zip(session["episodes"], REFERENCE_EPISODES):
        first = units[episode["unit_ids"][0]]
        assert len(episode["unit_ids"]) == reference["questions"]
        assert episode["flagged"] == reference["flagged"], episode["reason"]
        assert first["text"].split()[0] == reference["first"].split()[0]
    flagged = session["episodes"][1]
    assert flagged["redirected"] and 0 < flagged["leader_latency_s"] <= 30
    assert any("discussion phase" in o["text"] and "redirected" in o["text"] for o in session["observations"])


def test_from_the_reference_transcript(demo_transcript):
    session = analyse_transcript(demo_transcript).to_dict()
    check(session, {s: s for s in session["speakers"]}, tolerance_s=2.0)


def test_from_the_audio_through_asr_and_diarisation(demo_audio_report):
    session = json.loads((demo_audio_report / "session.json").read_text())
    check_from_audio(session, tolerance_s=3.0)
