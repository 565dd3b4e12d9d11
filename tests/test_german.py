"""German sessions by the codebook's German section (docs/codebook-de.md): its examples as executable rows, and a
written German session (examples/german) through the whole chain from its transcript."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from balint.analysis.dynamics.classify_de import classify_german
from balint.analysis.pipeline import analyse_transcript
from tests.conftest import run_balint

ROOT = Path(__file__).resolve().parents[1]
GERMAN = ROOT / "examples" / "german"


def codebook_examples() -> list[tuple[str, str, list[str]]]:
    section = (ROOT / "docs" / "codebook-de.md").read_text().split("## Beispiele", 1)[1]
    rows = [line.strip().strip("|").split("|") for line in section.splitlines() if line.startswith("| ")]
    return [(said.strip(), label.strip(), [f.strip() for f in flags.split(",") if f.strip()])
            for said, label, flags in rows[1:]]


def test_the_german_codebook_has_examples_of_every_label():
    assert {label for _, label, _ in codebook_examples()} == {"QUESTION", "SPECULATION", "FEELING", "ADVICE", "OTHER"}


@pytest.mark.parametrize("said, label, flags", codebook_examples())
def test_each_example_of_the_german_codebook(said, label, flags):
    found = classify_german(said)
    assert (found.label, sorted(found.flags)) == (label, sorted(flags)), found.cues
    assert found.label == "OTHER" or found.cues  # every label says why


def leader_lines() -> list[tuple[int, str]]:
    """(unit index, move) of the leader's lines as labelled in session.txt."""
    lines = [line for line in (GERMAN / "session.txt").read_text().splitlines() if line and not line.startswith("#")]
    return [(i, line.split(" || ")[1]) for i, line in enumerate(lines) if " || " in line]


@pytest.fixture(scope="module")
def german():
    return analyse_transcript(GERMAN / "session.jsonl")


def test_a_german_transcript_is_read_as_german_with_its_leader_and_presenter(german):
    assert german.language == "de"
    roles = {r.role: r.speaker for r in german.roles if r.speaker}
    assert roles["leader"] == "Ruth" and roles["presenter"] == "Jonas"
    assert [p.name for p in german.phases][:4] == ["call_for_case", "presentation", "clarifying", "discussion"]


def test_its_interrogation_is_found_and_flagged_and_nothing_else(german):
    flagged = [e for e in german.episodes if e.flagged]
    assert len(flagged) == 1 and len(german.episodes) == 1
    by_id = {u.id: u for u in german.units}
    assert [by_id[i].text.split()[0] for i in flagged[0].unit_ids] == ["Warum", "Haben", "Wieso"]
    moves = {m.unit_id: m.move for m in german.leader_moves}
    assert moves[flagged[0].redirect_unit] == "protecting"
    assert by_id[flagged[0].redirect_unit].text.startswith("Lassen wir die Fragen")


def test_every_members_question_is_found_and_the_leaders_moves_are_named(german):
    members_questions = [u for u in german.units if u.text.endswith("?") and u.speaker not in ("Ruth", "Jonas")]
    assert members_questions and all(u.label == "QUESTION" for u in members_questions)
    moves = {m.unit_id: m.move for m in german.leader_moves}
    gold = leader_lines()
    right = sum(moves.get(i, "none") == move for i, move in gold)
    assert right / len(gold) >= 0.9, [(i, moves.get(i), move) for i, move in gold]


def test_the_cli_analyses_the_german_transcript_and_says_it_is_german(tmp_path):
    result = run_balint("analyse", "--transcript", str(GERMAN / "session.jsonl"), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "auf Deutsch" in result.stdout and "was auffiel:" in result.stdout  # the terminal speaks German
    session = json.loads((tmp_path / "session.json").read_text())
    assert session["language"] == "de" and sum(e["flagged"] for e in session["episodes"]) == 1
    assert any("Sie haben 14 s nach der zweiten Frage umgelenkt" in o["text"] for o in session["observations"])
    english = run_balint("report", str(tmp_path / "session.json"), "--report-language", "en", "--out", str(tmp_path / "en"))
    assert english.returncode == 0, english.stderr
    assert "What stood out" in (tmp_path / "en" / "report.html").read_text()
    assert "You redirected 14 s after the second question." in english.stdout


def test_every_message_of_the_reports_has_its_german_translation():
    """make translations fails on a message left untranslated; this catches a sentence added without running it."""
    from babel.messages.mofile import read_mo

    sys.path.insert(0, str(ROOT / "tools"))
    from extract_messages import extract

    with (ROOT / "analysis" / "locale" / "de" / "LC_MESSAGES" / "balint.mo").open("rb") as stream:
        compiled = {tuple(m.id) if isinstance(m.id, (list, tuple)) else m.id for m in read_mo(stream) if m.id and m.string}
    found = set()
    for path in (ROOT / "analysis").rglob("*.py"):
        with path.open("rb") as stream:
            found |= {messages for _, _, messages, _ in extract(stream, ("_", "N_", "ngettext"), [], {})}
    assert found - compiled == set()


def test_the_german_label_benchmark_scores_the_development_units():
    result = subprocess.run([sys.executable, "benchmarks/german_labels.py", "--part", "dev"], capture_output=True,
                            text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "accuracy" in result.stdout and "floor" in result.stdout


def test_the_group_report_of_a_german_session_is_german_and_names_no_one(german):
    from balint.analysis.report.group_html import render_group_html

    page = render_group_html(german)
    assert "<html lang='de'>" in page and "Wie wir zusammengearbeitet haben" in page
    assert "die Leitung holte uns nach 14 s zurück" in page
    assert not any(name in page for name in ("Ruth", "Jonas", "Anna", "Ben", "Clara", "David"))


@pytest.fixture(scope="module")
def german_audio(tmp_path_factory) -> tuple[dict, dict[str, str]]:
    """The German session spoken (examples/demo/render.py --german: six espeak-ng voices, each from its own seat),
    analysed as a user would: no language, no count. Returns session.json and each hypothesis speaker's person."""
    out = tmp_path_factory.mktemp("german-audio")
    result = run_balint("analyse", str(GERMAN / "session.flac"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "auf Deutsch (erkannt" in result.stdout and "erschlossen: längster früher Monolog" in result.stdout
    session = json.loads((out / "session.json").read_text())
    reference = [json.loads(line) for line in (GERMAN / "reference.jsonl").read_text().splitlines()]
    overlap: dict[tuple[str, str], float] = {}
    for turn in session["turns"]:
        for unit in reference:
            shared = min(turn["end"], unit["end"]) - max(turn["start"], unit["start"])
            if shared > 0:
                key = (turn["speaker"], unit["speaker"])
                overlap[key] = overlap.get(key, 0.0) + shared
    person = {}
    for speaker in {t["speaker"] for t in session["turns"]}:
        person[speaker] = max((p for s, p in overlap if s == speaker), key=lambda p: overlap[(speaker, p)])
    return session, person


@pytest.mark.slow
def test_the_spoken_german_session_is_heard_as_german_and_its_six_voices_are_told_apart(german_audio):
    from pyannote.core import Annotation, Segment

    from balint.analysis.evaluation import diarization_error_rate, read_rttm

    session, person = german_audio
    assert session["language"] == "de" and session["language_probability"] >= 0.8
    assert sorted(person.values()) == ["Anna", "Ben", "Clara", "David", "Jonas", "Ruth"]  # one voice each
    hypothesis = Annotation()
    for turn in session["turns"]:
        hypothesis[Segment(turn["start"], turn["end"])] = turn["speaker"]
    reference = next(iter(read_rttm(GERMAN / "reference.rttm").values()))
    assert diarization_error_rate(reference, hypothesis)["diarization error rate"] <= 0.10  # 0.011 measured


@pytest.mark.slow
def test_the_spoken_german_session_finds_its_leader_presenter_and_flagged_interrogation(german_audio):
    session, person = german_audio
    roles = {r["role"]: person.get(r["speaker"]) for r in session["roles"] if r["speaker"]}
    assert roles["leader"] == "Ruth" and roles["presenter"] == "Jonas"
    flagged = [e for e in session["episodes"] if e["flagged"]]
    assert len(flagged) == 1
    by_id = {u["id"]: u for u in session["units"]}
    askers = [person[by_id[i]["speaker"]] for i in flagged[0]["unit_ids"]]
    assert askers[:2] == ["Ben", "Anna"] and set(askers) <= {"Ben", "Anna"}  # Warum …, Haben Sie …, Wieso …
    assert flagged[0]["redirect_unit"] is not None and person[by_id[flagged[0]["redirect_unit"]]["speaker"]] == "Ruth"
