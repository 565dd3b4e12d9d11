"""The committed ONNX speaker encoder is the original resemblyzer network (converted by tools/convert_speaker_encoder.py)."""

import numpy as np

from balint.models.speaker_encoder import (
    MANIFEST_PATH,
    ONNX_PATH,
    WINDOW_FRAMES,
    SpeakerEncoder,
    file_sha256,
    loudness_gain,
    manifest,
    mel_filterbank,
    mel_power_frames,
)
from tests.conftest import ROOT


def test_the_committed_model_matches_its_recorded_checksum_and_licence():
    meta = manifest()
    assert file_sha256(ONNX_PATH) == meta["sha256"]
    assert "Apache-2.0" in meta["licence"] and (MANIFEST_PATH.parent / "LICENSE-resemblyzer.txt").is_file()
    assert meta["verification"]["min_cosine"] >= 0.999


def test_onnx_embeddings_match_the_original_torch_model_on_real_speech(data_dir):
    """The original's embeddings of these windows were computed with torch at conversion time."""
    from balint.analysis.speech.audio import load_audio

    reference = np.load(ROOT / "tests" / "fixtures" / "speaker_encoder_reference.npz")
    audio = load_audio(data_dir / "audio" / "pyannote_sample" / str(reference["source"])).samples
    mels = mel_power_frames(audio)
    windows = np.stack([mels[s : s + WINDOW_FRAMES] * loudness_gain(audio[s * 160 : (s + WINDOW_FRAMES) * 160])
                        for s in reference["start_frames"]])
    ours = SpeakerEncoder(threads=1).embed_mels(windows)
    cosine = np.sum(ours * reference["original_embeddings"], axis=1)
    assert len(cosine) >= 50
    assert cosine.min() >= 0.999, cosine.min()


def test_mel_features_have_resemblyzers_shape():
    audio = np.random.default_rng(0).standard_normal(16000).astype(np.float32) * 0.1
    frames = mel_power_frames(audio)
    assert frames.shape == (101, 40)  # centred frames: 1 + samples // hop
    assert mel_filterbank().shape == (40, 201) and (frames >= 0).all()


def test_quiet_audio_is_raised_to_minus_30_dbfs_and_loud_audio_left_alone():
    quiet = np.full(1000, 10 ** (-50 / 20), np.float32)
    assert abs(10 * np.log10(loudness_gain(quiet)) - 20) < 1e-6
    assert loudness_gain(np.ones(1000, np.float32)) == 1.0
