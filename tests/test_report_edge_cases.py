"""Sessions that do not look like a textbook case still get a sensible report that says what is uncertain."""

import json
import stat


def transcript(tmp_path, rows):
    path = tmp_path / "t.jsonl"
    path.write_text("".join(json.dumps(dict(zip(("speaker", "start", "end", "text"), row))) + "\n" for row in rows))
    return path


def analyse(balint, tmp_path, rows, *extra):
    result = balint("analyse", "--transcript", str(transcript(tmp_path, rows)), "--out", str(tmp_path / "r"), *extra)
    assert result.returncode == 0, result.stderr
    return json.loads((tmp_path / "r" / "session.json").read_text()), result


def test_a_session_with_no_questions(balint, tmp_path):
    rows = [("A", 0, 5, "Good evening, let's begin.")] + \
           [("B", 6 + 8 * i, 13 + 8 * i, "She came to see me again with the same pain in her back.") for i in range(6)] + \
           [("C", 60, 64, "Maybe she is lonely."), ("D", 65, 69, "I feel sad listening to this.")]
    session, result = analyse(balint, tmp_path, rows)
    assert session["episodes"] == []
    assert any("No questions" in o["text"] for o in session["observations"])
    assert stat.S_IMODE((tmp_path / "r" / "report.html").stat().st_mode) == 0o600


def test_a_session_with_one_speaker(balint, tmp_path):
    session, result = analyse(balint, tmp_path, [("A", 0, 20, "I want to tell you about a patient."),
                                                 ("A", 21, 40, "Did I do the right thing?")])
    assert [(r["speaker"], r["role"]) for r in session["roles"]] == [("A", "leader"), ("", "presenter")]
    assert session["roles"][1]["how"] == "not found: only one speaker was heard: nobody presented to a group"
    assert any("presenter could not be identified" in o["text"] for o in session["observations"])
    assert session["phases"] == [] and session["episodes"] == []


def test_a_session_with_no_recognisable_presenter(balint, tmp_path):
    rows = [(s, i * 4.0, i * 4.0 + 3, "Is that right?") for i, s in enumerate("ABCABCABCABC")]
    session, result = analyse(balint, tmp_path, rows)
    presenter = next(r for r in session["roles"] if r["role"] == "presenter")
    assert presenter["speaker"] == "" and presenter["confidence"] == 0
    assert "not found" in presenter["how"]
    assert any("presenter could not be identified" in o["text"] for o in session["observations"])
    assert session["phases"] == [] and session["episodes"] == []


def test_a_malformed_transcript_is_one_line(balint, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"speaker": "A", "start": 0, "end": 1, "text": "hi"}\n{"speaker": "B"}\n')
    result = balint("analyse", "--transcript", str(bad))
    assert result.returncode == 1 and "line 2" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_renaming_and_reassigning_speakers_after_the_fact(balint, tmp_path, demo_transcript):
    out = tmp_path / "r"
    assert balint("analyse", "--transcript", str(demo_transcript), "--out", str(out)).returncode == 0
    result = balint("report", str(out / "session.json"), "--speaker", "Member E=Member D", "--out", str(tmp_path / "merged"))
    assert result.returncode == 0, result.stderr
    merged = json.loads((tmp_path / "merged" / "session.json").read_text())
    assert "Member E" not in merged["speakers"] and len(merged["speakers"]) == 6
    result = balint("report", str(out / "session.json"), "--presenter", "Member A", "--out", str(tmp_path / "moved"))
    moved = json.loads((tmp_path / "moved" / "session.json").read_text())
    assert next(r for r in moved["roles"] if r["role"] == "presenter") == {
        "speaker": "Member A", "role": "presenter", "name": "Presenter", "how": "given", "confidence": 1.0}
    assert balint("report", str(out / "session.json"), "--presenter", "Nobody").returncode == 1
