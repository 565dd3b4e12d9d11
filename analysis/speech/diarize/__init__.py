"""Who spoke when: one `Diarizer` protocol; the overlap-aware backend (default), GE2E and pyannote.audio.

A diariser is fed audio piece by piece (a file is one piece; a recording, each stretch as it is
sealed) and, at `finish`, returns a `pyannote.core.Annotation`, the ecosystem's who-spoke-when
type. Each backend owns its window geometry and batching and says which models it used. The
choice between backends is made in one place, `balint.analysis.pipeline.make_diarizer`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from pyannote.core import Annotation

from balint.analysis.speech.audio import Audio
from balint.analysis.types import MAX_SPEAKERS, BalintError, Progress, Turn, no_progress
from balint.models.catalog import ModelInfo


@dataclass(frozen=True)
class DiarizeOptions:
    speakers: int | None = None  # how many spoke; an exact count never splits one voice to reach it
    min_speakers: int | None = None
    max_speakers: int = MAX_SPEAKERS  # `record --participants N` sets this: people present may stay silent
    hop_s: float = 0.4
    threads: int = 2
    vad_threshold: float = 0.3  # AMI far-field speech is missed at Silero's default 0.5
    min_silence_ms: int = 300
    speech_pad_ms: int = 100
    auto_threshold: float = 0.3  # cosine distance at which clusters stop merging when the count is unknown
    min_cluster_share: float = 0.02  # clusters holding less speech than this are absorbed by their nearest neighbour
    max_direct_windows: int = 2000  # above this, k-means first reduces windows to this many centroids
    smoothing_frames: int = 5  # median filter over 0.1 s frames: removes sub-0.5 s speaker flips
    # the overlap-aware diariser
    window_step_s: float = 2.5  # 10 s windows every 2.5 s: each moment is seen four times
    min_embedding_s: float = 0.5  # solo speech wanted for an embedding; with less, all their speech is used
    max_embedding_s: float = 3.0  # CAM++ gains little beyond 3 s and its cost grows with length
    min_speech_s: float = 0.2  # a piece of a local speaker with less speech than this is left out
    piece_s: float = 2.0  # a local speaker's talk in a window is embedded in pieces of about this length
    piece_pause_s: float = 0.25  # and cut at pauses longer than this
    same_speaker_distance: float = 0.65  # average cosine distance under which two clusters are one voice
    voice_pieces: int = 12  # a cluster of this many pieces (~6 s of talk, each moment seen by four windows) is a
    # voice, which a maximum never merges with another voice; smaller clusters are outliers or halves and may merge
    likely_speech: float = 0.5  # where no frame's most likely class is speech, speech this probable is one voice's
    fill_gaps_s: float = 0.1  # pauses shorter than this inside one speaker's talk are closed
    min_turn_s: float = 0.05

    def __post_init__(self) -> None:
        if self.speakers is not None and not 1 <= self.speakers <= MAX_SPEAKERS:
            raise BalintError(f"the speaker count must lie in 1–{MAX_SPEAKERS} (got {self.speakers})")


class Diarizer(Protocol):
    """Feed audio with `add` (in session time order), then `finish` once for the speaker turns. Where the result
    does not depend on how the audio was cut (`any_sizes`), a recording feeds each stretch as it is sealed,
    so that little is left for the stop; otherwise it feeds the transcriber's pieces of about 30 s."""

    any_sizes: bool

    def add(self, audio: Audio, offset_s: float = 0.0, progress: Progress = no_progress) -> None: ...

    def finish(self, uri: str, progress: Progress = no_progress) -> Annotation: ...

    def models(self) -> list[ModelInfo]: ...


def turns_of(annotation: Annotation) -> list[Turn]:
    return [Turn(str(label), round(seg.start, 3), round(seg.end, 3))
            for seg, _, label in annotation.itertracks(yield_label=True)]
