"""The pyannote.audio backend: the state-of-the-art diariser, offline and private.

Optional (`pip install ".[pyannote]"`). A pipeline loads from a local directory
(config.yaml with segmentation/, embedding/ and plda/ beside it, as
pyannote/speaker-diarization-community-1 is laid out), or from a hub id already in the
local cache. Telemetry is switched off and the hub forced offline before pyannote is
imported. Audio is passed in memory. The output is the same `Annotation` as the embedded
backend's, so every later stage is unchanged.
"""

from __future__ import annotations

import importlib.util
import warnings
from pathlib import Path

import numpy as np
from pyannote.core import Annotation

from balint.analysis.speech.audio import SAMPLE_RATE, Audio
from balint.analysis.speech.diarize import DiarizeOptions
from balint.analysis.types import BalintError, Progress, no_progress
from balint.models.catalog import INSTALL_PYANNOTE as INSTALL_HINT
from balint.models.catalog import ModelInfo, pyannote_pipeline_info


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
    source = str(path) if path.exists() else source
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning)
            pipeline = pyannote_audio.Pipeline.from_pretrained(source)
    except Exception as error:  # noqa: BLE001 - hub errors come in many types; all mean "not available offline"
        text = str(error).splitlines()[0][:160] if str(error) else type(error).__name__
        raise BalintError(f"cannot load the pyannote pipeline {source!s} offline ({text}); give a local directory, "
                          f"or fetch it once with 'HF_TOKEN=… balint models fetch {source}'") from None
    if pipeline is None:
        raise BalintError(f"pyannote pipeline {source} is gated or missing: accept its conditions on huggingface.co, "
                          f"then run 'balint models fetch {source}' with your token in HF_TOKEN (or typed when asked)")
    return pipeline


class PyannoteDiarizer:
    """The real pyannote.audio `SpeakerDiarization` pipeline behind the `Diarizer` protocol.

    Pieces are kept in memory (never on disk) until `finish`, when the pipeline, which needs the
    whole recording, loads and runs. The directory and the extra are checked at construction, so a
    wrong `--pyannote` fails before minutes of transcription, not after.
    """

    any_sizes = True

    def __init__(self, source: str | None, options: DiarizeOptions = DiarizeOptions()):
        if not source:
            raise BalintError("--backend pyannote needs --pyannote PATH_OR_ID: a pipeline directory (config.yaml with "
                              "segmentation/, embedding/, plda/) or a hub id fetched with 'balint models fetch'")
        if importlib.util.find_spec("pyannote.audio") is None:
            raise BalintError(INSTALL_HINT)
        path = Path(source).expanduser()
        if path.exists() and not (path / "config.yaml").is_file():
            raise BalintError(f"{path} is not a pyannote pipeline directory: it needs config.yaml "
                              "(with segmentation/, embedding/ and plda/ beside it)")
        self.source, self.options = source, options
        self._pieces: list[np.ndarray] = []
        self._samples = 0

    @property
    def count_options(self) -> dict[str, int]:
        """The count as pyannote's pipeline takes it: exact, or bounds (`record` gives the people present as the
        maximum)."""
        if self.options.speakers:
            return {"num_speakers": self.options.speakers}
        bounds = {"max_speakers": self.options.max_speakers}
        return {"min_speakers": self.options.min_speakers, **bounds} if self.options.min_speakers else bounds

    def add(self, audio: Audio, offset_s: float = 0.0, progress: Progress = no_progress) -> None:
        gap = int(round(offset_s * SAMPLE_RATE)) - self._samples
        if gap > 0:  # a stretch the caller skipped (too short to analyse): silence keeps the times right
            self._pieces.append(np.zeros(gap, np.float32))
        self._pieces.append(audio.samples)
        self._samples += max(gap, 0) + len(audio.samples)

    def finish(self, uri: str, progress: Progress = no_progress) -> Annotation:
        """Who spoke when over everything added, same output type as the embedded diariser."""
        if not self._samples:
            return Annotation(uri=uri)
        pipeline = load_pipeline(self.source, self.options.threads)
        _, torch = _quiet_offline_import()
        waveform = torch.from_numpy(np.concatenate(self._pieces)).unsqueeze(0)
        self._pieces = []

        def hook(step_name, step_artefact, file=None, total=None, completed=None):
            if total:
                progress("diarize", completed or 0, total)

        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning)
            output = pipeline({"waveform": waveform, "sample_rate": SAMPLE_RATE, "uri": uri}, hook=hook,
                              **self.count_options)
        annotation = getattr(output, "speaker_diarization", output)
        return annotation.rename_labels({label: f"SPEAKER_{i:02d}" for i, label in enumerate(sorted(annotation.labels()))})

    def models(self) -> list[ModelInfo]:
        return [pyannote_pipeline_info(self.source)]
