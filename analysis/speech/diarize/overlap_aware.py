"""The overlap-aware diariser: pyannote's recipe on segmentation-3.0 and CAM++, run by onnxruntime.

1. Sliding 10 s windows (a step of `window_step_s`) go through segmentation-3.0, whose powerset output
   says, for every 17 ms frame, which of up to three *local* speakers talk (two at most at once).
2. Each local speaker's talk in a window is cut into pieces of about two seconds (at pauses, and within
   long runs). In a group, a ten-second window often holds four or five voices, more than its three
   local speakers, so one embedding per local speaker mixed people (nine real voices: DER 0.367 → 0.255
   with pieces). Each moment is seen by four windows, but a piece is embedded only by the window it lies
   most central in (from the frames where they talk alone or, when there are too few, all of theirs);
   the same talk seen from the other windows takes that embedding, found by the frames the two pieces
   share. Only where no such piece exists is it embedded again. Three minutes of AMI: 80 embeddings
   instead of 188, for the same DER; the diariser went from 2.3 to 1.45 times tiny.en's transcription.
3. Embeddings are clustered into global speakers; two pieces of different local speakers that overlap
   in time (two people at once) never go to the same one.
4. Per frame, the number of speakers is averaged over the windows that saw it, and that many of the
   most active global speakers are kept: overlapping speech comes out as overlapping turns.

Windows are processed as audio arrives (`add`), overlapping across the border of two pieces of a
recording, so that it leaves only clustering and reconstruction for the stop.

Where no frame of the whole input has speech as its most likely class (a clip of a few quiet far-field
backchannels), the frames where speech is at least `likely_speech` probable become one speaker's turns:
with no voice heard for certain, none can be told apart, and a few turns say more than "no speech found".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from pyannote.core import Annotation, Segment

from balint.analysis.speech.audio import SAMPLE_RATE, Audio
from balint.analysis.speech.diarize import DiarizeOptions
from balint.analysis.speech.diarize.clustering import speaker_clusters
from balint.analysis.types import Progress, no_progress
from balint.models.catalog import ModelInfo, room_model_infos
from balint.models.room_models import (
    CHUNK_FRAMES,
    CHUNK_S,
    EMBEDDING_SIZE,
    FRAME_DURATION_S,
    FRAME_STEP_S,
    LOCAL_SPEAKERS,
    Segmentation,
    SpeakerEmbedding,
    local_activity,
)

log = logging.getLogger(__name__)
CHUNK = int(CHUNK_S * SAMPLE_RATE)
WINDOWS_AT_ONCE = 16  # 10 MB of audio in flight
EMBEDDING_QUANTUM_S = 0.25
SAME_TALK_SHARE = 0.5  # a piece takes the embedding of the more central view of its talk when they share this much


@lru_cache(maxsize=2)
def _models(threads: int) -> tuple[Segmentation, SpeakerEmbedding]:
    return Segmentation(threads), SpeakerEmbedding(threads)


@dataclass
class _Segmented:
    """A window between segmentation and its last embedding: its pieces' audio is kept until the neighbours
    that may hold the same talk, more centrally, have been segmented too."""

    start_s: float
    activity: np.ndarray  # (CHUNK_FRAMES, 3) uint8
    pieces: np.ndarray  # (m, 3) int: local speaker, first, end frame
    speech: list[np.ndarray]  # the audio to embed, per piece
    owns_from_s: float  # pieces whose middle lies from here to `owns_until_s` are embedded by this window
    owns_until_s: float
    embeddings: np.ndarray = field(init=False)  # (m, EMBEDDING_SIZE); NaN rows until known

    def __post_init__(self) -> None:
        self.embeddings = np.full((len(self.pieces), EMBEDDING_SIZE), np.nan, np.float32)

    def middles_s(self) -> np.ndarray:
        return self.start_s + (self.pieces[:, 1] + self.pieces[:, 2]) / 2 * FRAME_STEP_S

    def owned(self) -> np.ndarray:
        middles = self.middles_s()
        return (middles >= self.owns_from_s) & (middles < self.owns_until_s)


@dataclass
class Windows:
    """What each window found: when it starts, which local speakers talk per frame, and its pieces of speech
    (local speaker, first frame, end frame) with one embedding each."""

    starts: list[float] = field(default_factory=list)
    activity: list[np.ndarray] = field(default_factory=list)  # (CHUNK_FRAMES, 3) uint8 per window
    pieces: list[np.ndarray] = field(default_factory=list)  # (m, 3) int per window: local speaker, first, end frame
    embeddings: list[np.ndarray] = field(default_factory=list)  # (m, EMBEDDING_SIZE) per window
    duration_s: float = 0.0


def _longest_runs(frames: np.ndarray, most: int) -> np.ndarray:
    """At most `most` of the frames, in time order, taken from their longest unbroken runs first."""
    if len(frames) <= most:
        return frames
    runs = sorted(np.split(frames, np.flatnonzero(np.diff(frames) > 1) + 1), key=len, reverse=True)
    kept, total = [], 0
    for run in runs:
        kept.append(run[:most - total])
        total += len(kept[-1])
        if total >= most:
            break
    return np.sort(np.concatenate(kept))


def _runs(frames: np.ndarray, pause: int) -> list[np.ndarray]:
    """Sorted frame indices split wherever more than `pause` frames are missing."""
    if len(frames) == 0:
        return []
    return np.split(frames, np.flatnonzero(np.diff(frames) > pause + 1) + 1)


def _frame_samples(frames: np.ndarray) -> np.ndarray:
    """The sample indices (within a window) that the given frames cover."""
    first = np.floor(frames * FRAME_STEP_S * SAMPLE_RATE).astype(int)
    last = np.minimum(CHUNK, np.ceil((frames * FRAME_STEP_S + FRAME_DURATION_S) * SAMPLE_RATE).astype(int))
    keep = np.zeros(CHUNK, bool)
    for a, b in zip(first, last):
        keep[a:b] = True
    return np.flatnonzero(keep)


class OverlapAwareDiarizer:
    """The default backend: no download, no torch; speakers may overlap."""

    any_sizes = True  # its windows run across the borders of what is added

    def __init__(self, options: DiarizeOptions = DiarizeOptions()):
        self.options = options
        self.step = int(options.window_step_s * SAMPLE_RATE)
        self.windows = Windows()
        self._buffer = np.zeros(0, np.float32)  # audio not yet covered by a full window, in session time
        self._buffer_start = 0  # session sample of _buffer[0]
        self._next_start = 0  # session sample where the next window starts
        self._open: list[_Segmented] = []  # windows with pieces still to embed, and the two before them
        self._settled = 0  # how many of `_open` are complete (and in `windows`)
        self._certain = False  # whether any window so far had a piece of speech (its most likely class)
        self._likely: list[tuple[float, np.ndarray]] = []  # until then, each window's start and frames of likely speech

    def add(self, audio: Audio, offset_s: float = 0.0, progress: Progress = no_progress) -> None:
        start = int(round(offset_s * SAMPLE_RATE))
        gap = start - (self._buffer_start + len(self._buffer))
        pieces = [self._buffer, np.zeros(max(gap, 0), np.float32), audio.samples.astype(np.float32)]
        self._buffer = np.concatenate(pieces)
        self.windows.duration_s = (self._buffer_start + len(self._buffer)) / SAMPLE_RATE
        ready = []
        while self._next_start + CHUNK <= self._buffer_start + len(self._buffer):
            ready.append(self._next_start)
            self._next_start += self.step
        self._process(ready, progress)
        end = self._buffer_start + len(self._buffer)
        keep_from = min(self._next_start, max(0, end - CHUNK))  # the last 10 s stay for the closing window
        self._buffer, self._buffer_start = self._buffer[keep_from - self._buffer_start:], keep_from

    def _process(self, starts: list[int], progress: Progress) -> None:
        if not starts:
            return
        segmentation, embed = _models(self.options.threads)
        for first in range(0, len(starts), WINDOWS_AT_ONCE):  # a whole file's windows would not fit in memory
            group = starts[first:first + WINDOWS_AT_ONCE]
            chunks = np.stack([self._window(s) for s in group])
            scores = segmentation(chunks)
            activity = local_activity(scores).astype(np.uint8)
            for start, chunk, active in zip(group, chunks, activity):
                self._open.append(self._segmented(start / SAMPLE_RATE, chunk, active))
            new = self._open[-len(group):]
            self._note_likely_speech(new, scores)
            _embed(embed, [(window, int(i)) for window in new for i in np.flatnonzero(window.owned())])
            self._settle(embed, final=False)
            progress("diarize", first + len(group), len(starts))

    def _note_likely_speech(self, windows: list[_Segmented], scores: np.ndarray) -> None:
        """Keep each window's likely speech (p(nobody) ≤ 1 − `likely_speech`) until a piece of speech is certain."""
        if self._certain or any(len(window.pieces) for window in windows):
            self._certain, self._likely = True, []
            return
        likely = np.exp(scores[..., 0]) <= 1.0 - self.options.likely_speech
        self._likely.extend((window.start_s, frames) for window, frames in zip(windows, likely))

    def _segmented(self, start_s: float, chunk: np.ndarray, active: np.ndarray) -> _Segmented:
        found = self._speech_of(chunk, active)
        owns_from = self._open[-1].owns_until_s if self._open else -np.inf
        return _Segmented(start_s, active, np.array([piece for *piece, _ in found], int).reshape(-1, 3),
                          [speech for *_, speech in found], owns_from,
                          start_s + (CHUNK_S + self.options.window_step_s) / 2)

    def _settle(self, embed: SpeakerEmbedding, final: bool) -> None:
        """Give every piece of the windows whose neighbours are known an embedding: its own if this window was
        the most central view of its talk, else that of the window where it was, else a new one. (Cutting a
        piece that straddles two windows' middles in two, each part taking its own, embedded 14 instead of 37
        of 145 again but cost the nine-voice composite 0.258 → 0.284.)"""
        ready = len(self._open) if final else len(self._open) - 2  # the next two windows may hold it more centrally
        settling = self._open[self._settled:ready]
        again: list[tuple[_Segmented, int]] = []
        for window in settling:
            for i in np.flatnonzero(np.isnan(window.embeddings[:, 0])):
                central = self._central_view(window, window.pieces[i])
                if central is None:
                    again.append((window, int(i)))
                else:
                    window.embeddings[i] = central
        _embed(embed, again)
        log.debug("%d pieces embedded again: no central view shared their talk", len(again))
        for window in settling:
            self.windows.starts.append(window.start_s)
            self.windows.activity.append(window.activity)
            self.windows.pieces.append(window.pieces)
            self.windows.embeddings.append(window.embeddings)
        self._settled += len(settling)
        drop = max(0, self._settled - 2)  # the two before the first unsettled one may still be its talk's centre
        del self._open[:drop]
        self._settled -= drop

    def _central_view(self, window: _Segmented, piece: np.ndarray) -> np.ndarray | None:
        """The embedding of the same talk as `piece` (local speaker, first, end frame), from the window where it
        lies most central: there, the local speaker sharing the most active frames with it, if they share at
        least `SAME_TALK_SHARE` of its own; the mean of that speaker's pieces, weighted by what each shares (a
        long run may be cut elsewhere). Views from two windows are never mixed: at a change of speaker they
        may hold two people (tried: the two-voice sample merged into one, DER 0.005 → 0.475)."""
        local, a, b = piece
        middle = window.start_s + (a + b) / 2 * FRAME_STEP_S
        owner = next((w for w in self._open if w.owns_from_s <= middle < w.owns_until_s), None)
        if owner is None or owner is window:
            return None
        shift = int(round((owner.start_s - window.start_s) / FRAME_STEP_S))  # the owner's frame f is our f + shift
        shared = np.zeros(len(owner.pieces))
        for j in np.flatnonzero(owner.owned()):
            speaker, first, end = owner.pieces[j]
            lo, hi = max(a, first + shift), min(b, end + shift)
            if hi > lo:
                shared[j] = (window.activity[lo:hi, local] & owner.activity[lo - shift:hi - shift, speaker]).sum()
        by_speaker = np.bincount(owner.pieces[:, 0], weights=shared, minlength=LOCAL_SPEAKERS)
        speaker = int(np.argmax(by_speaker))
        if by_speaker[speaker] == 0 or by_speaker[speaker] < SAME_TALK_SHARE * window.activity[a:b, local].sum():
            return None
        mean = np.where(owner.pieces[:, 0] == speaker, shared, 0.0) @ np.nan_to_num(owner.embeddings)
        return mean / np.linalg.norm(mean)

    def _window(self, start: int) -> np.ndarray:
        piece = self._buffer[start - self._buffer_start: start - self._buffer_start + CHUNK]
        return np.pad(piece, (0, CHUNK - len(piece)))

    def _speech_of(self, chunk: np.ndarray, active: np.ndarray) -> list[tuple[int, int, int, np.ndarray]]:
        """Each local speaker's talk, cut into pieces of about `piece_s` at their pauses and within long runs
        (a local speaker of a busy ten-second window is sometimes two people taking turns): per piece, the
        local speaker, first and end frame, and the audio to embed: its solo speech (or, when there is
        little, all of it), at most `max_embedding_s` from its longest runs, cut to a whole number of
        `EMBEDDING_QUANTUM_S` so that stretches of one length batch together."""
        alone = active * (active.sum(axis=1, keepdims=True) == 1)
        clean, floor, pause, piece = (int(seconds / FRAME_STEP_S) for seconds in (
            self.options.min_embedding_s, self.options.min_speech_s, self.options.piece_pause_s, self.options.piece_s))
        most, quantum = (int(seconds * SAMPLE_RATE) for seconds in (self.options.max_embedding_s,
                                                                     EMBEDDING_QUANTUM_S))
        found = []
        for speaker in range(LOCAL_SPEAKERS):
            frames = np.flatnonzero(active[:, speaker])
            for run in _runs(frames, pause):
                for part in np.array_split(run, max(1, round(len(run) / piece))):
                    if len(part) < floor:
                        continue
                    solo = part[alone[part, speaker] > 0]
                    chosen = solo if len(solo) >= clean else part  # little solo speech: all of theirs is better
                    speech = chunk[_frame_samples(_longest_runs(chosen, int(self.options.max_embedding_s / FRAME_STEP_S)))]
                    length = min(len(speech), most)
                    found.append((speaker, int(part[0]), int(part[-1]) + 1,
                                  speech[:length - length % quantum if length >= quantum else length]))
        return found

    def finish(self, uri: str, progress: Progress = no_progress) -> Annotation:
        end = self._buffer_start + len(self._buffer)
        covered = self._next_start - self.step + CHUNK if self._next_start else 0
        if end > covered:
            self._process([max(0, end - CHUNK)], progress)  # the last window ends with the audio
        if self._open:  # the last window is the most central view of everything after it
            _, embed = _models(self.options.threads)
            last = self._open[-1]
            before = last.owned()
            last.owns_until_s = np.inf
            _embed(embed, [(last, int(i)) for i in np.flatnonzero(last.owned() & ~before)])
            self._settle(embed, final=True)
        if not self._certain:
            return _one_unsure_voice(self._likely, self.windows.duration_s, self.options, uri)
        return reconstruct(self.windows, self.options, uri)

    def models(self) -> list[ModelInfo]:
        return room_model_infos()


def _embed(embed: SpeakerEmbedding, wanted: list[tuple[_Segmented, int]]) -> None:
    """Embed the given pieces (window, index) in one batched pass."""
    if wanted:
        for (window, i), vector in zip(wanted, embed.many([window.speech[i] for window, i in wanted])):
            window.embeddings[i] = vector


def reconstruct(windows: Windows, options: DiarizeOptions, uri: str) -> Annotation:
    """Global speakers per piece (clustered; two people talking at once kept apart), then per-frame activity
    with the counted speakers."""
    annotation = Annotation(uri=uri)
    if not any(len(pieces) for pieces in windows.pieces):
        return annotation
    embeddings = np.concatenate(windows.embeddings)
    labels = speaker_clusters(embeddings, options)
    clusters = int(labels.max()) + 1
    centroids = np.stack([embeddings[labels == k].mean(0) for k in range(clusters)])
    centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-9)
    total_frames = int(np.ceil(windows.duration_s / FRAME_STEP_S)) + CHUNK_FRAMES
    scores = np.zeros((total_frames, clusters), np.float32)
    counts = np.zeros(total_frames, np.float32)
    seen = np.zeros(total_frames, np.float32)
    first_piece = 0
    for start, active, window_pieces in zip(windows.starts, windows.activity, windows.pieces):
        first = int(round(start / FRAME_STEP_S))
        ours = slice(first_piece, first_piece + len(window_pieces))
        first_piece += len(window_pieces)
        for (local, a, b), cluster in zip(window_pieces, _apart(window_pieces, labels[ours], embeddings[ours], centroids)):
            scores[first + a:first + b, cluster] += active[a:b, local]
        counts[first:first + CHUNK_FRAMES] += active.sum(axis=1)
        seen[first:first + CHUNK_FRAMES] += 1
    covered = seen > 0
    scores[covered] /= seen[covered, None]
    speaking = np.rint(np.where(covered, counts / np.maximum(seen, 1), 0)).astype(int)
    ranked = np.argsort(-scores, axis=1)
    on = np.zeros_like(scores, bool)
    for count in range(1, min(LOCAL_SPEAKERS, clusters) + 1):
        rows = np.flatnonzero(speaking >= count)
        on[rows, ranked[rows, count - 1]] = scores[rows, ranked[rows, count - 1]] > 0
    for cluster in range(clusters):
        _add_turns(annotation, on[:, cluster], f"SPEAKER_{cluster:02d}", windows.duration_s, options)
    return annotation.rename_labels({label: f"SPEAKER_{i:02d}" for i, label in enumerate(annotation.labels())})


def _one_unsure_voice(likely: list[tuple[float, np.ndarray]], duration_s: float, options: DiarizeOptions,
                      uri: str) -> Annotation:
    """Turns of one speaker wherever any window found speech likely: the fallback when no one was heard for
    certain (on AMI's `trn01`, three quiet backchannels, the model's most likely class is nobody in every frame)."""
    annotation = Annotation(uri=uri)
    if likely:
        on = np.zeros(int(np.ceil(duration_s / FRAME_STEP_S)) + CHUNK_FRAMES, bool)
        for start_s, frames in likely:
            first = int(round(start_s / FRAME_STEP_S))
            on[first:first + CHUNK_FRAMES] |= frames
        _add_turns(annotation, on, "SPEAKER_00", duration_s, options)
    if annotation:
        log.warning("no one was heard for certain: %.1f s of likely speech is given to one speaker",
                    annotation.get_timeline().support().duration())
    return annotation


def _apart(pieces: np.ndarray, labels: np.ndarray, embeddings: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """The clusters of one window's pieces, where two pieces of different local speakers that overlap in time
    (two people talking at once) never share a speaker: the one further from it takes its next nearest."""
    labels = labels.copy()
    for i, j in zip(*np.triu_indices(len(pieces), k=1)):
        (local_i, a_i, b_i), (local_j, a_j, b_j) = pieces[i], pieces[j]
        if labels[i] != labels[j] or local_i == local_j or min(b_i, b_j) <= max(a_i, a_j) or len(centroids) < 2:
            continue
        moved = i if embeddings[i] @ centroids[labels[i]] < embeddings[j] @ centroids[labels[j]] else j
        nearest = np.argsort(-(centroids @ embeddings[moved]))
        labels[moved] = nearest[1] if nearest[0] == labels[moved] else nearest[0]
    return labels


def _add_turns(annotation: Annotation, on: np.ndarray, label: str, duration_s: float, options: DiarizeOptions) -> None:
    """Runs of active frames become turns; gaps shorter than `fill_gaps_s` are closed."""
    changes = np.flatnonzero(np.diff(np.concatenate([[0], on.astype(np.int8), [0]])))
    turns = [(a * FRAME_STEP_S + FRAME_DURATION_S / 2, b * FRAME_STEP_S + FRAME_DURATION_S / 2)
             for a, b in zip(changes[::2], changes[1::2])]
    merged: list[list[float]] = []
    for start, end in turns:
        if merged and start - merged[-1][1] < options.fill_gaps_s:
            merged[-1][1] = end
        else:
            merged.append([start, end])
    for start, end in merged:
        end = min(end, duration_s)
        if end - start >= options.min_turn_s:
            annotation[Segment(start, end), len(annotation)] = label
