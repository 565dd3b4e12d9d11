"""The pyannote.audio backend: the state-of-the-art diariser, offline and private.

Optional (`pip install ".[pyannote]"`). A pipeline loads from a local directory
(config.yaml with segmentation/, embedding/ and plda/ beside it, as
pyannote/speaker-diarization-community-1 is laid out), or from a hub id already in the
local cache. Telemetry is switched off and the hub forced offline before pyannote is
imported. Audio is passed in memory. The output is the same `Annotation` as the embedded
backend's, so every later stage is unchanged.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from pyannote.core import Annotation

from analysis.audio import SAMPLE_RATE, Audio
from analysis.types import BalintError, Progress, no_progress
from models.privacy import apply_private_environment

INSTALL_HINT = 'the pyannote backend needs its extra: pip install "balint[pyannote]" (or: pip install ".[pyannote]")'


def _quiet_offline_import():
    """Import pyannote.audio (telemetry off and hub offline since `models` was imported); its own audio
    decoding is never used."""
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*torchcodec.*")
            warnings.filterwarnings("ignore", category=UserWarning, module="pyannote")
            import pyannote.audio
            import torch
    except ImportError:
        raise BalintError(INSTALL_HINT) from None
    return pyannote.audio, torch


def load_pipeline(source: str | Path, threads: int = 2):
    """A pyannote SpeakerDiarization pipeline from a local directory or a cached hub id, never the network."""
    pyannote_audio, torch = _quiet_offline_import()
    torch.set_num_threads(threads)
    path = Path(source).expanduser()
    if path.exists():
        if not (path / "config.yaml").is_file():
            raise BalintError(f"{path} is not a pyannote pipeline directory: it needs config.yaml "
                              "(with segmentation/, embedding/ and plda/ beside it)")
        source = str(path)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning)
            pipeline = pyannote_audio.Pipeline.from_pretrained(source)
    except Exception as error:  # hub errors come in many types; all mean "not available offline"
        text = str(error).splitlines()[0][:160] if str(error) else type(error).__name__
        raise BalintError(f"cannot load the pyannote pipeline {source!s} offline ({text}); give a local directory, "
                          f"or fetch it once with 'balint models fetch {source} --token YOUR_HF_TOKEN'") from None
    if pipeline is None:
        raise BalintError(f"pyannote pipeline {source} is gated or missing: accept its conditions on huggingface.co, "
                          f"then run 'balint models fetch {source} --token YOUR_HF_TOKEN'")
    return pipeline


def diarize_pyannote(audio: Audio, source: str | Path, speakers: int | None = None, threads: int = 2,
                     progress: Progress = no_progress) -> Annotation:
    """Who spoke when with pyannote.audio, same output type as the embedded diariser."""
    if speakers is not None and speakers < 1:
        raise BalintError("--speakers must be at least 1")
    pipeline = load_pipeline(source, threads)
    _, torch = _quiet_offline_import()
    waveform = torch.from_numpy(audio.samples).unsqueeze(0)

    def hook(step_name, step_artefact, file=None, total=None, completed=None):
        if total:
            progress(f"pyannote {step_name}", completed or 0, total)

    options = {"num_speakers": speakers} if speakers else {}
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning)
        output = pipeline({"waveform": waveform, "sample_rate": SAMPLE_RATE, "uri": Path(audio.source).stem},
                          hook=hook, **options)
    annotation = getattr(output, "speaker_diarization", output)
    return annotation.rename_labels({label: f"SPEAKER_{i:02d}" for i, label in enumerate(sorted(annotation.labels()))})


def fetch_pipeline(model_id: str, token: str | None, target: Path) -> Path:
    """The one networked action for this backend: download a hub pipeline with the user's token."""
    apply_private_environment(allow_hub=True)
    try:
        from huggingface_hub import snapshot_download
    except ImportError:
        raise BalintError(INSTALL_HINT) from None
    try:
        return Path(snapshot_download(model_id, token=token, local_dir=str(target)))
    except Exception as error:  # gated, unauthorised, offline: say which, in one line
        raise BalintError(f"could not fetch {model_id}: {str(error).splitlines()[0][:200]}") from None
