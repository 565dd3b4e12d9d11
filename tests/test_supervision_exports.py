"""Supervision exports, opened the way a supervisor's tools open them: the ELAN file validated against ELAN's
published schema, the TextGrid read back by a Praat TextGrid reader (praatio), the WebVTT parsed by a real
browser's own <track>, the SubRip cue by cue; none carries a word with quotes off. The session is the demo's
golden analysis (tests/fixtures/demo_golden_session.json)."""

import json
import re
import stat
from pathlib import Path

import pytest

from balint.analysis.files import EXPORT_FILES
from balint.analysis.report.exports import coding, render_export
from balint.analysis.types import SessionAnalysis

FIXTURES = Path(__file__).parent / "fixtures"
# ELAN's schema as published at www.mpi.nl/tools/elan/EAFv3.0.xsd (copy from github.com/dopefishh/pympi, test/)
EAF_SCHEMA = FIXTURES / "EAFv3.0.xsd"


@pytest.fixture(scope="module")
def demo() -> SessionAnalysis:
    return SessionAnalysis.from_dict(json.loads((FIXTURES / "demo_golden_session.json").read_text()))


def test_the_elan_file_is_valid_eaf_3_with_a_tier_per_speaker_and_the_coding_phases_and_episodes(demo, tmp_path):
    import xmlschema

    path = tmp_path / "session.eaf"
    path.write_text(render_export(demo, "eaf"))
    xmlschema.XMLSchema(EAF_SCHEMA).validate(path)
    document = xmlschema.XMLSchema(EAF_SCHEMA).to_dict(path)
    tiers = {tier["@TIER_ID"]: tier.get("ANNOTATION", []) for tier in document["TIER"]}
    speakers = {demo.speaker_name(u.speaker) for u in demo.units}
    assert set(tiers) == speakers | {f"coding ({name})" for name in speakers} | {"phase", "interrogation",
                                                                                 "leader moves"}
    leader = [u for u in demo.units if demo.speaker_name(u.speaker) == "Leader"]
    said = [a["ALIGNABLE_ANNOTATION"]["ANNOTATION_VALUE"] for a in tiers["Leader"]]
    assert said == [" ".join(u.text.split()) for u in leader]
    assert [a["REF_ANNOTATION"]["ANNOTATION_VALUE"] for a in tiers["coding (Leader)"]] == [coding(u) for u in leader]
    assert [a["ALIGNABLE_ANNOTATION"]["ANNOTATION_VALUE"] for a in tiers["phase"]] == \
        [p.name.replace("_", " ") for p in demo.phases]
    assert [a["ALIGNABLE_ANNOTATION"]["ANNOTATION_VALUE"] for a in tiers["interrogation"]][1].startswith(
        "interrogation 2 (flagged)")
    moves = [a["ALIGNABLE_ANNOTATION"]["ANNOTATION_VALUE"] for a in tiers["leader moves"]]
    assert len(moves) == len(demo.leader_moves) and moves[0] == "framing" and "protecting the presenter" in moves


def test_the_textgrid_reads_back_in_a_praat_reader_tier_by_tier(demo, tmp_path):
    from praatio import textgrid

    path = tmp_path / "session.TextGrid"
    path.write_text(render_export(demo, "textgrid"))
    grid = textgrid.openTextgrid(str(path), includeEmptyIntervals=False)
    for speaker in {u.speaker for u in demo.units}:
        name = demo.speaker_name(speaker)
        units = [u for u in sorted(demo.units, key=lambda u: u.start) if u.speaker == speaker]
        assert [e.label for e in grid.getTier(name).entries] == [" ".join(u.text.split()) for u in units]
        assert [e.label for e in grid.getTier(f"coding ({name})").entries] == [coding(u) for u in units]
        assert [round(e.start, 2) for e in grid.getTier(name).entries][:3] == [round(u.start, 2) for u in units][:3]
    phases = grid.getTier("phase").entries
    assert [(round(e.start, 2), e.label) for e in phases] == [(round(p.start, 2), p.name.replace("_", " "))
                                                              for p in demo.phases]
    assert grid.maxTimestamp >= demo.duration_s
    assert len(grid.getTier("leader moves").entries) == len(demo.leader_moves)


def test_the_browser_reads_every_webvtt_cue_with_its_speaker_as_voice(demo, page):
    cues = page.evaluate("""vtt => new Promise((resolve, reject) => {
        document.body.innerHTML = '<video></video>';
        const track = document.createElement('track');
        track.kind = 'subtitles';
        track.default = true;
        track.src = URL.createObjectURL(new Blob([vtt], {type: 'text/vtt'}));
        track.addEventListener('load', () => resolve(Array.from(track.track.cues, cue => ({
            id: cue.id, start: cue.startTime, end: cue.endTime, text: cue.text,
            voice: cue.getCueAsHTML().firstChild.title}))));
        track.addEventListener('error', () => reject(new Error('the browser refused the WebVTT file')));
        document.querySelector('video').appendChild(track);
        track.track.mode = 'hidden';
    })""", render_export(demo, "vtt"))
    units = sorted(demo.units, key=lambda u: (u.start, u.end, u.id))
    assert len(cues) == len(units) == 78
    for cue, unit in zip(cues, units):
        assert cue["id"] == str(unit.id) and cue["voice"] == demo.speaker_name(unit.speaker)
        assert cue["start"] == pytest.approx(unit.start, abs=1e-3)
        assert f"[{coding(unit)}]" in cue["text"]


def test_subrip_numbers_each_unit_with_speaker_words_and_coding(demo):
    cues = render_export(demo, "srt").strip().split("\n\n")
    units = sorted(demo.units, key=lambda u: (u.start, u.end, u.id))
    assert len(cues) == len(units)
    number, times, said, coded = cues[2].split("\n")
    assert number == "3" and re.fullmatch(r"\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}", times)
    assert said == f"{demo.speaker_name(units[2].speaker)}: {units[2].text}" and coded == f"[{coding(units[2])}]"


def four_word_runs(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z']+", text.lower())
    return {tuple(words[i : i + 4]) for i in range(len(words) - 3)}


@pytest.mark.parametrize("fmt", EXPORT_FILES)
def test_no_export_carries_what_was_said_when_quotes_are_off(demo, fmt):
    said = set().union(*(four_word_runs(u.text) for u in demo.units))
    assert len(four_word_runs(render_export(demo, fmt)) & said) > 100  # with quotes, the words are there
    assert not four_word_runs(render_export(demo, fmt, quotes=False)) & said


def test_balint_report_exports_private_files_and_refuses_to_export_a_correction(balint, tmp_path):
    session = tmp_path / "session.json"
    session.write_text((FIXTURES / "demo_golden_session.json").read_text())
    done = balint("report", str(tmp_path), "--export", "eaf", "--export", "textgrid", "--no-quotes",
                  "--out", str(tmp_path / "supervision"))
    assert done.returncode == 0, done.stderr
    written = sorted((tmp_path / "supervision").iterdir())
    assert [p.name for p in written] == ["session.TextGrid", "session.eaf"]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in written)
    assert "no words" in done.stdout
    refused = balint("report", str(tmp_path), "--export", "vtt", "--presenter", "SPEAKER_01")
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1 and "correct it first" in refused.stderr
    assert not (tmp_path / "session.vtt").exists()


def test_forgetting_a_session_deletes_its_exports_with_it(balint, tmp_path):
    folder = tmp_path / "session"
    folder.mkdir()
    (folder / "session.json").write_text((FIXTURES / "demo_golden_session.json").read_text())
    assert balint("report", str(folder), "--export", "vtt", "--export", "srt", "--export", "eaf",
                  "--export", "textgrid").returncode == 0
    assert len(list(folder.iterdir())) == 5
    done = balint("forget", str(folder), "--yes")
    assert done.returncode == 0, done.stderr
    assert not folder.exists(), list(folder.iterdir())
