"""The overlap-aware diariser (`--backend overlap`) on real meetings: who spoke when, overlap included.

The shared AMI clips come from training meetings of segmentation-3.0, so they flatter it; the bars here
are regressions guards set just above what was measured (see docs/benchmarks.md for every number).
"""

import numpy as np
import pytest

from balint.analysis.evaluation import diarization_error_rate, read_rttm, read_uem
from balint.analysis.speech.audio import Audio, load_audio
from balint.analysis.speech.diarize import DiarizeOptions
from balint.analysis.speech.diarize.overlap_aware import OverlapAwareDiarizer

pytestmark = pytest.mark.slow


def diarize(audio: Audio, options: DiarizeOptions, piece_s: float | None = None):
    diarizer = OverlapAwareDiarizer(options)
    step = int((piece_s or audio.duration_s) * 16000)
    for start in range(0, len(audio.samples), step):
        diarizer.add(Audio(audio.samples[start:start + step], audio.source), start / 16000)
    return diarizer.finish("x")


def pooled(data_dir, count_as):
    folder = data_dir / "audio" / "ami_clips"
    references, regions = read_rttm(folder / "reference.rttm"), read_uem(folder / "reference.uem")
    errors = total = overlapped = speech = 0.0
    for uri, reference in sorted(references.items()):
        n = len(reference.labels())
        options = DiarizeOptions(max_speakers=n) if count_as == "max" else DiarizeOptions()
        hypothesis = diarize(load_audio(folder / f"{uri}.wav"), options)
        result = diarization_error_rate(reference, hypothesis, regions.get(uri))
        errors += result["missed detection"] + result["false alarm"] + result["confusion"]
        total += result["total"]
        speech += hypothesis.get_timeline().support().duration()
        overlapped += hypothesis.get_overlap().duration()
    return errors / total, overlapped / max(speech, 1e-9)


@pytest.mark.parametrize("count_as, bar", [("max", 0.25), ("auto", 0.28)])
def test_ami_meetings_pooled_with_overlapping_speech(data_dir, count_as, bar):
    der, overlap_share = pooled(data_dir, count_as)
    assert der <= bar, der  # measured 0.232 (max) and 0.234 (auto); the GE2E diariser: 0.36 and 0.39
    assert overlap_share > 0.03, overlap_share  # it does label overlapped speech


@pytest.mark.parametrize("voices, bar", [(9, 0.30), (12, 0.30)])
def test_a_group_of_real_voices_taking_short_turns(data_dir, voices, bar):
    """Issue 20: nine and twelve real voices from the shared AMI clips, a presenter's long stretch, then short
    exchanges round the group with some talk-over (benchmarks/group_composite.py). A ten-second window often
    holds four or five of them, more than its three local speakers: one embedding per local speaker mixed
    people (DER 0.367 and 0.413); pieces of about two seconds do not. The count given as a maximum, exactly,
    or not at all gives the same result: it never splits a voice."""
    from benchmarks.group_composite import compose

    samples, reference = compose(data_dir / "audio" / "ami_clips", voices)
    audio = Audio(samples, f"group{voices}")
    results = [diarize(audio, options) for options in (DiarizeOptions(max_speakers=voices), DiarizeOptions())]
    scores = [diarization_error_rate(reference, result)["diarization error rate"] for result in results]
    assert max(scores) <= bar, scores  # measured 0.258 (nine) and 0.256 (twelve), the same both ways
    assert scores[0] <= scores[1] + 1e-9  # the count never makes it worse


def test_the_pyannote_sample(data_dir):
    folder = data_dir / "audio" / "pyannote_sample"
    reference = read_rttm(folder / "sample.rttm")["sample"]
    hypothesis = diarize(load_audio(folder / "sample.wav"), DiarizeOptions(speakers=2))
    assert diarization_error_rate(reference, hypothesis)["diarization error rate"] <= 0.05  # measured 0.014


def test_pieces_as_while_recording_give_the_same_turns_as_the_whole_file(data_dir):
    audio = load_audio(data_dir / "audio" / "pyannote_sample" / "sample.wav")
    whole, pieces = diarize(audio, DiarizeOptions(speakers=2)), diarize(audio, DiarizeOptions(speakers=2), piece_s=7.3)
    assert sorted(whole.labels()) == sorted(pieces.labels()) == ["SPEAKER_00", "SPEAKER_01"]
    assert diarization_error_rate(whole, pieces, collar=0.0)["diarization error rate"] < 0.01


def test_each_moment_is_embedded_about_once_not_by_all_four_windows_that_see_it(data_dir, monkeypatch):
    """Windows overlap fourfold; a piece of talk is embedded by the window it lies most central in, and the
    others take that embedding (AMI: 80 embeddings instead of 188, DER unchanged)."""
    from balint.analysis.speech.diarize.overlap_aware import _models

    embed = _models(DiarizeOptions().threads)[1]
    embedded, real_many = [], embed.many
    monkeypatch.setattr(embed, "many", lambda stretches: embedded.append(len(stretches)) or real_many(stretches))
    diarizer = OverlapAwareDiarizer(DiarizeOptions(speakers=2))
    diarizer.add(load_audio(data_dir / "audio" / "pyannote_sample" / "sample.wav"))
    diarizer.finish("x")
    pieces = sum(len(window) for window in diarizer.windows.pieces)
    assert sum(embedded) <= 0.5 * pieces, (sum(embedded), pieces)


def test_a_recording_feeds_the_default_diariser_as_it_arrives(data_dir):
    """While recording, the transcriber waits for ~30 s pieces, but the default diariser takes each sealed
    stretch at once: at stop, only its last window is left (stop to report 5.2 → 2.9 s on ten minutes)."""
    from balint.analysis.pipeline import AnalysisSettings
    from balint.analysis.streaming import StreamingAnalyser

    samples = load_audio(data_dir / "audio" / "pyannote_sample" / "sample.wav").samples
    analyser = StreamingAnalyser(AnalysisSettings().with_participants(2))
    for first in range(0, 20 * 16000, 10 * 16000):  # two sealed ten-second stretches: less than a piece
        analyser.feed(samples[first:first + 10 * 16000])
    assert analyser.words == [] and analyser.status.analysed_s == 0  # nothing transcribed yet
    assert analyser.diarizer.windows.starts == [0.0, 2.5, 5.0]  # windows up to 17.5 s segmented, 3 settled
    analysis = analyser.finish({"name": "test"})
    assert len(analysis.speakers) == 2


def test_an_exact_count_does_not_split_one_voice_to_reach_it(data_dir):
    """Asked for five speakers in the two-speaker sample, it gives what it finds with no count at all (the two
    voices and a brief third and fourth, DER 0.03) rather than cutting voices apart."""
    folder = data_dir / "audio" / "pyannote_sample"
    audio, reference = load_audio(folder / "sample.wav"), read_rttm(folder / "sample.rttm")["sample"]
    asked, estimated = diarize(audio, DiarizeOptions(speakers=5)), diarize(audio, DiarizeOptions())
    assert len(asked.labels()) == len(estimated.labels()) < 5
    assert diarization_error_rate(reference, asked)["diarization error rate"] <= 0.05


def test_silence_and_a_short_file_give_no_turns_and_no_error():
    assert len(diarize(Audio(np.zeros(16000 * 3, np.float32), "x"), DiarizeOptions())) == 0


def test_a_clip_with_a_little_quiet_speech_gets_turns_not_an_error(data_dir):
    """AMI's trn01 holds 3.9 s of talk in 30 s: quiet far-field backchannels and a three-way overlap in its last
    1.5 s. No frame of it has speech as segmentation-3.0's most likely class; where speech is at least even odds,
    it becomes one speaker's turns, and those lie in the reference's speech."""
    folder = data_dir / "audio" / "ami_clips"
    reference = read_rttm(folder / "reference.rttm")["trn01"]
    found = diarize(load_audio(folder / "trn01.wav"), DiarizeOptions(max_speakers=len(reference.labels())))
    assert found.labels() == ["SPEAKER_00"]
    heard = found.get_timeline().support()
    assert heard.duration() > 0
    assert heard.crop(reference.get_timeline().support(), mode="intersection").duration() >= 0.5 * heard.duration()


def test_likely_speech_stays_out_once_anyone_is_heard_for_certain(data_dir):
    """The fallback never adds to a diarisation that found speech: the pyannote sample's turns are the same
    with likely speech at any level."""
    audio = load_audio(data_dir / "audio" / "pyannote_sample" / "sample.wav")
    assert diarize(audio, DiarizeOptions(likely_speech=0.01)) == diarize(audio, DiarizeOptions())


def test_the_report_timeline_shows_overlapping_speech(data_dir, tmp_path):
    from tests.conftest import run_balint

    out = tmp_path / "r"
    result = run_balint("analyse", str(data_dir / "audio" / "ami_clips" / "trn04.wav"), "--backend", "overlap",
                        "--max-speakers", "3", "--out", str(out))
    assert result.returncode == 0, result.stderr
    import json

    session = json.loads((out / "session.json").read_text())
    turns = sorted((t["start"], t["end"], t["speaker"]) for t in session["turns"])
    assert any(b[0] < a[1] and a[2] != b[2] for a, b in zip(turns, turns[1:]))  # overlapping turns, kept as such
    assert "class='overlap'" in (out / "report.html").read_text()
    assert any(m["role"].startswith("who speaks per frame") for m in session["models"])


def test_an_embedding_takes_the_longest_unbroken_runs_first():
    from balint.analysis.speech.diarize.overlap_aware import _longest_runs

    frames = np.array([0, 1, 2, 10, 11, 12, 13, 14, 20])
    assert _longest_runs(frames, 6).tolist() == [0, 10, 11, 12, 13, 14]  # the five-frame run, then one more
    assert _longest_runs(frames, 20).tolist() == frames.tolist()
