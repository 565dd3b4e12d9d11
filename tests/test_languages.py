"""The session's language, on real speech (FLEURS, CC BY 4.0: benchmarks/data/fleurs): heard when not given,
English to tiny.en and every other language to the embedded multilingual model, and labels that say plainly
where they do not exist yet."""

import sys
from pathlib import Path

import numpy as np
import pytest

from balint.analysis.evaluation import word_errors
from balint.analysis.pipeline import AnalysisSettings, analyse_audio, settle_language, speech_model
from balint.analysis.speech.asr import transcribe
from balint.analysis.speech.audio import SAMPLE_RATE, Audio, load_audio
from balint.models import catalog
from tests.conftest import run_balint

FLEURS = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "fleurs"


def clip(language: str, number: int) -> tuple[Path, str]:
    path = FLEURS / f"fleurs-{language}-{number:03d}.ogg"
    return path, path.with_suffix(".txt").read_text()


@pytest.mark.parametrize("language, model, wer_at_most", [("de", "base", 0.25), ("en", "tiny.en", 0.20)])
def test_with_no_language_given_it_is_heard_and_the_right_model_transcribes_it(language, model, wer_at_most):
    """benchmarks/languages.py on all ten clips: German 10 of 10 heard (p ≥ 0.98), WER 0.135 with base (tiny.en:
    1.30); English 11 of 11, WER 0.099 with tiny.en (base: 0.113)."""
    errors = words = 0
    for number in range(3):
        path, reference = clip(language, number)
        audio = load_audio(path)
        settings, heard = settle_language(audio, AnalysisSettings())
        assert heard is not None and heard.language == language and heard.probability > 0.9
        assert speech_model(settings).name == model
        said = " ".join(w.text for w in transcribe(audio, speech_model(settings), settings.transcribe).words)
        wrong, count = word_errors(reference, said, language)
        errors, words = errors + wrong, words + count
    assert errors / words <= wer_at_most


def test_the_cli_says_which_language_it_heard_and_refuses_what_cannot_work():
    path, _ = clip("de", 1)
    heard = run_balint("transcribe", str(path))
    assert heard.returncode == 0 and "language: German (de, heard with p" in heard.stderr
    assert "Dinosaurier" in heard.stdout and "Wasser" in heard.stdout
    unknown = run_balint("transcribe", str(path), "--language", "xx")
    assert unknown.returncode == 1 and len(unknown.stderr.strip().splitlines()) == 1 and "--language xx" in unknown.stderr
    english_only = run_balint("transcribe", str(path), "--language", "de", "--model", "tiny.en")
    assert english_only.returncode == 1 and "knows only English" in english_only.stderr


def test_a_french_session_is_transcribed_and_diarised_and_says_its_labels_are_not_available_yet():
    """Other languages: transcription, who spoke when, roles by talk pattern and the report's structure work; the
    labels say so rather than guess with English cues."""
    parts = [load_audio(clip("fr", n)[0]).samples for n in range(4)]
    gap = np.zeros(SAMPLE_RATE, np.float32)
    audio = Audio(np.concatenate([p for part in parts for p in (part, gap)]), "french.ogg")
    analysis = analyse_audio(audio, AnalysisSettings())
    assert analysis.language == "fr" and analysis.language_probability > 0.9
    assert analysis.models[0].name == "base"
    assert analysis.units and all(u.label is None for u in analysis.units)
    assert not analysis.leader_moves and analysis.metrics.leader is None
    note = next(o.text for o in analysis.observations if "not available for French" in o.text)
    assert "who spoke when" in note


def test_the_multilingual_model_is_listed_embedded_and_a_damaged_one_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("BALINT_MODELS_DIR", str(tmp_path))  # no joined copy: the halves are joined in memory
    listed = {m.name: m for m in catalog.list_models()}
    assert listed["base"].available and "joined in memory" in listed["base"].note
    files = catalog.embedded_model_files(listed["base"].path)
    assert files is not None and len(files["model.bin"]) == catalog.MULTILINGUAL_BYTES
    monkeypatch.setattr(catalog, "MULTILINGUAL_SHA256", "0" * 64)  # a part that no longer matches the pinned hash
    with pytest.raises(catalog.ModelNotFound, match="damaged"):
        catalog.embedded_model_files(listed["base"].path)


def test_models_join_writes_one_file_that_loads_from_disk_and_transcribes_as_the_halves_joined_in_memory(
        monkeypatch, tmp_path):
    """CTranslate2 keeps a model read from memory in memory twice; `balint models join` writes the halves as one
    file, checked by hash at every load, and a damaged copy is refused with what to do."""
    from balint.analysis.speech.asr import TranscribeOptions, release_speech_model

    monkeypatch.setenv("BALINT_MODELS_DIR", str(tmp_path))
    audio = Audio(load_audio(clip("de", 0)[0]).samples, "de.ogg")
    options = TranscribeOptions(language="de")
    in_memory = catalog.resolve_speech_model("base")
    assert catalog.embedded_model_files(in_memory.path) is not None
    heard_from_memory = transcribe(audio, in_memory, options).words
    release_speech_model()

    result = run_balint("models", "join", env={"BALINT_MODELS_DIR": str(tmp_path)})
    assert result.returncode == 0 and str(tmp_path / catalog.MULTILINGUAL_JOINED) in result.stdout
    joined = catalog.resolve_speech_model("base")
    assert joined.path == str(tmp_path / catalog.MULTILINGUAL_JOINED) and "balint models join" in joined.note
    assert catalog.embedded_model_files(joined.path) is None  # checked, then loaded from its folder
    assert [w.text for w in transcribe(audio, joined, options).words] == [w.text for w in heard_from_memory]
    release_speech_model()

    with open(Path(joined.path) / "model.bin", "r+b") as model:
        model.seek(1000)
        model.write(b"\0" * 8)
    with pytest.raises(catalog.ModelNotFound, match="damaged.*balint models join"):
        catalog.embedded_model_files(joined.path)


def test_the_embedded_multilingual_model_reads_as_whisper_base_tensor_by_tensor(monkeypatch, tmp_path):
    """tools/compare_ct2_models.py, which found its 212 tensors byte-identical to the other PyPI split of the same
    model, reads the embedded one to its last byte."""
    monkeypatch.setenv("BALINT_MODELS_DIR", str(tmp_path))
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    from compare_ct2_models import variables

    base = {m.name: m for m in catalog.list_models()}["base"]
    blob = catalog.embedded_model_files(base.path)["model.bin"]
    spec, found, _ = variables(blob)
    assert spec.startswith("WhisperSpec") and len(found) == 212
    assert found["encoder/conv1/weight"][0] == (512, 80, 3)  # base: 512 wide, 80 mel bins, kernel 3
