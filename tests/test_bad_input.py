"""Bad input gets one clear line on stderr and a non-zero exit: never a traceback."""

import wave

import numpy as np
import pytest


def assert_one_line_error(result, *expected):
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for text in expected:
        assert text in lines[0], lines[0]


def write_wav(path, samples, rate=16000):
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1), out.setsampwidth(2), out.setframerate(rate)
        out.writeframes((np.asarray(samples) * 32767).astype(np.int16).tobytes())
    return path


@pytest.mark.parametrize("command", ["analyse", "transcribe", "diarize"])
def test_a_missing_path(balint, tmp_path, command):
    assert_one_line_error(balint(command, str(tmp_path / "nowhere.wav")), "no such file")


def test_a_file_that_is_not_audio(balint, tmp_path):
    text = tmp_path / "notes.wav"
    text.write_text("These are my notes, not a recording.\n" * 50)
    assert_one_line_error(balint("analyse", str(text)), "not an audio file")


def test_an_empty_file(balint, tmp_path):
    empty = tmp_path / "empty.flac"
    empty.touch()
    assert_one_line_error(balint("analyse", str(empty)), "empty")


def test_ten_seconds_of_silence(balint, tmp_path):
    silent = write_wav(tmp_path / "silence.wav", np.zeros(160000))
    assert_one_line_error(balint("analyse", str(silent)), "silent")


@pytest.mark.slow
def test_ten_seconds_of_noise_has_no_speech(balint, tmp_path):
    hiss = write_wav(tmp_path / "hiss.wav", 0.01 * np.random.default_rng(1).standard_normal(160000))
    assert_one_line_error(balint("analyse", str(hiss), "--out", str(tmp_path / "r")), "no speech")


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_an_impossible_speaker_count(balint, tmp_path, value):
    silent = write_wav(tmp_path / "x.wav", np.zeros(1600))
    assert_one_line_error(balint("analyse", str(silent), "--speakers", value), "--speakers")


def test_an_unknown_model(balint, data_dir):
    result = balint("transcribe", str(data_dir / "audio" / "pyannote_sample" / "sample.wav"), "--model", "large-v9")
    assert_one_line_error(result, "balint models fetch")


def test_help_teaches(balint):
    result = balint("--help")
    assert result.returncode == 0 and "examples:" in result.stdout and "analyse" in result.stdout
    assert "--speakers" in balint("analyse", "--help").stdout


def test_models_lists_the_embedded_models_as_available(balint):
    result = balint("models")
    assert result.returncode == 0
    for name in ("tiny.en", "silero-vad-v6", "resemblyzer-ge2e-speaker-encoder", "pyannote-segmentation-3.0",
                 "campplus-3dspeaker-cn-en-common"):
        line = next(line for line in result.stdout.splitlines() if name in line)
        assert line.startswith("available")


@pytest.mark.slow
def test_delete_source_only_when_asked_and_only_after_success(balint, tmp_path, data_dir):
    import json
    import shutil

    kept = shutil.copy(data_dir / "audio" / "pyannote_sample" / "sample.wav", tmp_path / "kept.wav")
    assert balint("analyse", str(kept), "--speakers", "2", "--out", str(tmp_path / "a")).returncode == 0
    assert (tmp_path / "kept.wav").exists()
    gone = shutil.copy(kept, tmp_path / "gone.wav")
    assert balint("analyse", str(gone), "--speakers", "2", "--out", str(tmp_path / "b"), "--delete-source").returncode == 0
    assert not (tmp_path / "gone.wav").exists()
    receipt = json.loads((tmp_path / "b" / "session.json").read_text())["deletion_receipt"]
    assert receipt["what"] == "source file" and receipt["path"].endswith("gone.wav") and receipt["bytes"] > 0
    silent = write_wav(tmp_path / "silent.wav", np.zeros(160000))
    assert balint("analyse", str(silent), "--delete-source").returncode == 1
    assert silent.exists()  # a failed analysis never deletes


@pytest.mark.parametrize("counts, said", [
    (["--min-speakers", "5", "--max-speakers", "3"], "--min-speakers 5 is more than --max-speakers 3"),
    (["--speakers", "9", "--max-speakers", "3"], "--speakers 9 lies outside"),
])
def test_contradictory_speaker_counts_are_refused_not_clipped(balint, tmp_path, data_dir, counts, said):
    """Before, the minimum was silently clipped to the maximum."""
    result = balint("diarize", str(data_dir / "audio" / "pyannote_sample" / "sample.wav"), *counts)
    assert result.returncode == 1 and said in result.stderr and result.stderr.count("\n") == 1, result.stderr
