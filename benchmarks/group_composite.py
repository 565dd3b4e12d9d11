"""A group of N real voices from the shared AMI clips, as a Balint session sounds: one presenter's long
stretch, then short exchanges round the group with some talk-over, each voice at its own level.

    python benchmarks/group_composite.py 9 out.wav     # writes out.wav and out.rttm ($BALINT_DATA's clips)

Only each speaker's solo speech (no one else talking, per reference.rttm) is cut, so the reference of
the composite is exact. Voices are taken in order of how much solo speech they have; several come from
one meeting (trn00/trn03, trn06/trn09, trn07/trn08), as a group shares one room. The shared clips hold
ten voices with 1.8 s or more of solo speech and twelve with 1 s or more, so N runs from 2 to 12.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pyannote.core import Annotation, Segment

from balint.analysis.evaluation import read_rttm
from balint.analysis.speech.audio import SAMPLE_RATE, load_audio

PIECE_S = (1.2, 4.0)  # an exchange: one to four seconds
PRESENTER_S = 20.0  # the presenter's opening stretch
TALK_OVER = 0.15  # the share of turns that start before the last one ends
FADE = int(0.01 * SAMPLE_RATE)


@dataclass(frozen=True)
class Stretch:
    clip: str
    start: float
    end: float


def solo_speech(folder: Path, shortest_s: float = 0.5) -> dict[str, list[Stretch]]:
    """Each speaker's stretches with nobody else talking, longest speakers first."""
    solo: dict[str, list[Stretch]] = {}
    for clip, reference in sorted(read_rttm(folder / "reference.rttm").items()):
        for speaker in reference.labels():
            others = reference.subset([s for s in reference.labels() if s != speaker]).get_timeline().support()
            own = reference.label_timeline(speaker).support()
            for part in (own.extrude(others) if len(others) else own):
                if part.duration >= shortest_s:
                    solo.setdefault(speaker, []).append(Stretch(clip, part.start, part.end))
    return dict(sorted(solo.items(), key=lambda item: -sum(s.end - s.start for s in item[1])))


def _pieces(stretches: list[Stretch], rng: np.random.Generator, first_s: float | None = None) -> list[Stretch]:
    """Stretches cut into exchange-sized pieces (the first one `first_s` long, when given)."""
    pieces = []
    for stretch in stretches:
        start = stretch.start
        while stretch.end - start >= PIECE_S[0] / 2:
            length = first_s if first_s and not pieces else rng.uniform(*PIECE_S)
            end = stretch.end if stretch.end - (start + length) < PIECE_S[0] else start + length
            pieces.append(Stretch(stretch.clip, start, end))
            start = end
    return pieces


def _next_speaker(queues: dict[str, list[Stretch]], last: str, presenter: str, turn: int,
                  rng: np.random.Generator) -> str | None:
    """Round the group at random, never the same voice twice running while another has speech left; the
    presenter answers every third turn."""
    left = [name for name, pieces in queues.items() if pieces and name != last] or \
        [name for name, pieces in queues.items() if pieces]
    if not left:
        return None
    if presenter in left and (turn % 3 == 0 or left == [presenter]):
        return presenter
    return str(rng.choice([name for name in left if name != presenter]))


def compose(folder: Path, voices: int, seed: int = 0) -> tuple[np.ndarray, Annotation]:
    """Audio (16 kHz mono float32) and its exact reference for `voices` speakers."""
    solo = solo_speech(folder)
    if not 2 <= voices <= len(solo):
        raise ValueError(f"the shared clips hold 2–{len(solo)} voices with solo speech (asked for {voices})")
    rng = np.random.default_rng(seed)
    names = list(solo)[:voices]
    presenter = names[0]
    queues = {name: _pieces(solo[name], rng, PRESENTER_S if name == presenter else None) for name in names}
    gains = {name: 10 ** (rng.uniform(-9, 3) / 20) for name in names}
    clips = {clip: load_audio(folder / f"{clip}.wav").samples for clip in {s.clip for v in solo.values() for s in v}}
    placed, reference, clock = [], Annotation(uri=f"group{voices}"), 0.5
    speaker = presenter
    while speaker:
        piece = queues[speaker].pop(0)
        samples = clips[piece.clip][int(piece.start * SAMPLE_RATE):int(piece.end * SAMPLE_RATE)] * gains[speaker]
        samples[:FADE] *= np.linspace(0, 1, FADE, dtype=np.float32)
        samples[-FADE:] *= np.linspace(1, 0, FADE, dtype=np.float32)
        talk_over = bool(placed) and rng.random() < TALK_OVER
        start = clock - rng.uniform(0.3, 0.8) if talk_over else clock + rng.uniform(0.15, 0.8)
        placed.append((int(start * SAMPLE_RATE), samples.astype(np.float32)))
        reference[Segment(start, start + len(samples) / SAMPLE_RATE), len(placed)] = speaker
        clock = max(clock, start + len(samples) / SAMPLE_RATE)
        speaker = _next_speaker(queues, speaker, presenter, len(placed), rng)
    audio = np.zeros(int((clock + 0.5) * SAMPLE_RATE), np.float32)
    for at, samples in placed:
        audio[at:at + len(samples)] += samples
    return audio, reference


def main() -> None:
    import soundfile

    voices, out = int(sys.argv[1]), Path(sys.argv[2])
    data = Path(os.environ.get("BALINT_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
    folder = data / "audio" / "ami_clips"
    audio, reference = compose(folder, voices)
    soundfile.write(out, audio, SAMPLE_RATE)
    with open(out.with_suffix(".rttm"), "w") as rttm:
        reference.write_rttm(rttm)
    print(f"{voices} voices, {len(audio) / SAMPLE_RATE:.0f} s → {out}")


if __name__ == "__main__":
    main()
