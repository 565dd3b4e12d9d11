"""Convert resemblyzer's pretrained GE2E speaker encoder to ONNX, and prove the copy is faithful.

Run once by a developer (it needs torch and resemblyzer, which the product does not):

    python -m venv /tmp/conv && /tmp/conv/bin/pip install torch==2.13.0 'setuptools<81' resemblyzer onnx
    /tmp/conv/bin/pip install --no-deps .                            # balint itself: the module under test
    /tmp/conv/bin/python tools/convert_speaker_encoder.py            # convert, verify, write manifest
    /tmp/conv/bin/python tools/convert_speaker_encoder.py --verify   # re-check the committed file

Verification runs the original torch network and the ONNX file on every 1.6 s window
(0.4 s hop) of real speech and requires cosine ≥ 0.999 for each window; it also checks
our numpy mel features against resemblyzer's librosa ones. It writes the original's
embeddings of those windows to tests/fixtures so the test suite can compare the ONNX
model with the original without installing torch.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import numpy as np

from balint.models import speaker_encoder as ge2e

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "models"  # the source tree's files: a conversion writes them, a verification reads them
ONNX, MANIFEST = MODELS / ge2e.ONNX_PATH.name, MODELS / ge2e.MANIFEST_PATH.name
FIXTURE = ROOT / "tests" / "fixtures" / "speaker_encoder_reference.npz"
HOP_FRAMES = 40
MIN_COSINE = 0.999


def speech_windows(wav_path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Mel windows (n, 160, 40) every 0.4 s over the file, each raised to −30 dBFS, and their start frames."""
    from faster_whisper.audio import decode_audio

    audio = decode_audio(str(wav_path), sampling_rate=16_000)
    mels = ge2e.mel_power_frames(audio)
    starts = np.arange(0, len(mels) - ge2e.WINDOW_FRAMES, HOP_FRAMES)
    windows = np.stack([mels[s : s + ge2e.WINDOW_FRAMES] for s in starts])
    gains = np.array([ge2e.loudness_gain(audio[s * 160 : (s + ge2e.WINDOW_FRAMES) * 160]) for s in starts])
    windows *= gains[:, None, None].astype(np.float32)
    return windows, starts


def check_features(wav_path: Path) -> float:
    from faster_whisper.audio import decode_audio
    from resemblyzer import audio as reference_audio

    audio = decode_audio(str(wav_path), sampling_rate=16_000)
    ours = ge2e.mel_power_frames(audio)
    theirs = reference_audio.wav_to_mel_spectrogram(audio)
    assert ours.shape == theirs.shape, (ours.shape, theirs.shape)
    return float(np.max(np.abs(ours - theirs)) / max(1e-12, float(np.max(np.abs(theirs)))))


def original_encoder():
    from resemblyzer import VoiceEncoder

    return VoiceEncoder(device="cpu", verbose=False).eval()


def export(path: Path) -> None:
    import torch

    encoder = original_encoder()
    example = torch.zeros(4, ge2e.WINDOW_FRAMES, 40)
    torch.onnx.export(
        encoder,
        (example,),
        str(path),
        input_names=["mels"],
        output_names=["embeddings"],
        dynamic_axes={"mels": {0: "batch"}, "embeddings": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )


def verify(wav_paths: list[Path]) -> dict:
    import torch

    encoder = original_encoder()
    onnx_encoder = ge2e.SpeakerEncoder(threads=2, path=ONNX)
    all_windows, all_reference, cosines = [], [], []
    for wav in wav_paths:
        windows, _ = speech_windows(wav)
        with torch.no_grad():
            reference = encoder(torch.from_numpy(windows)).numpy()
        converted = onnx_encoder.embed_mels(windows)
        cosines.append(np.sum(reference * converted, axis=1))
        all_windows.append(windows)
        all_reference.append(reference)
    cosine = np.concatenate(cosines)
    feature_error = max(check_features(wav) for wav in wav_paths)
    result = {
        "windows": int(len(cosine)),
        "min_cosine": float(cosine.min()),
        "mean_cosine": float(cosine.mean()),
        "max_relative_mel_error": feature_error,
    }
    if cosine.min() < MIN_COSINE:
        raise SystemExit(f"ONNX model differs from the original: min cosine {cosine.min():.6f} < {MIN_COSINE}")
    # A small, fixed subset for the test suite: the first file's windows and the original's embeddings.
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    windows, starts = speech_windows(wav_paths[0])
    np.savez_compressed(
        FIXTURE,
        source=str(wav_paths[0].name),
        start_frames=starts.astype(np.int32),
        original_embeddings=all_reference[0].astype(np.float32),
    )
    return result


def main() -> None:
    data = Path(os.environ.get("BALINT_DATA", ROOT.parent / "shared" / "data"))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verify", action="store_true", help="only verify the committed ONNX file")
    parser.add_argument(
        "wavs",
        nargs="*",
        type=Path,
        default=[data / "audio" / "pyannote_sample" / "sample.wav", data / "audio" / "ami_clips" / "trn00.wav"],
        help="real speech to verify on (default: the shared pyannote sample and one AMI clip)",
    )
    args = parser.parse_args()
    if not args.verify:
        export(ONNX)
    result = verify(args.wavs)
    import resemblyzer
    import torch

    sha = ge2e.file_sha256(ONNX)
    if args.verify:
        recorded = json.loads(MANIFEST.read_text())["sha256"]
        if recorded != sha:
            raise SystemExit(f"checksum mismatch: manifest {recorded}, file {sha}")
    else:
        MANIFEST.write_text(
            json.dumps(
                {
                    "name": "resemblyzer-ge2e-speaker-encoder",
                    "version": "resemblyzer 0.1.4 pretrained.pt",
                    "licence": "Apache-2.0 (see LICENSE-resemblyzer.txt)",
                    "source": "https://pypi.org/project/Resemblyzer/ (resemblyzer/pretrained.pt)",
                    "format": "ONNX opset 17, input mels (batch, 160, 40) float32 mel power, output (batch, 256)",
                    "converted_with": f"torch {torch.__version__}, resemblyzer {getattr(resemblyzer, '__version__', '0.1.4')}",
                    "sha256": sha,
                    "verification": result,
                },
                indent=2,
            )
            + "\n"
        )
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
