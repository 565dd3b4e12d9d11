"""The leader's moves on sessions written in five leading styles, scored against a supervisor's labels.

    python benchmarks/leader_moves.py [--part dev|test|both] [--errors]

`benchmarks/data/leader_sessions/` holds the sessions (its README gives the format and the frozen split).
Each runs through the whole chain from its transcript, as `balint analyse --transcript` would: roles, phases,
episodes, then the moves. Printed per part:
- move accuracy over the leader's units, end to end (the leader found from the talk), and with the leader and
  presenter given (as `--leader`/`--presenter` would), so role errors and move errors are told apart;
- precision and recall per move, and accuracy per leading style;
- every interrogation episode (flagged or not): whether the unit credited with ending it really redirected (a
  supervisor's label other than none or questioning_presenter), and whether its move was named right;
- against a floor: the codebook's redirect before moves (any leader unit that is not a bare acknowledgement or
  a question to the presenter).
`--errors` lists the development part's mistakes, never the test part's.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from balint.analysis.pipeline import Known, analyse_transcript
from balint.analysis.types import MOVES, SessionAnalysis

SESSIONS = Path(__file__).resolve().parent / "data" / "leader_sessions"
NO_MOVE = "none"
NOT_A_REDIRECT = {NO_MOVE, "questioning_presenter"}


@dataclass
class Session:
    name: str
    style: str
    leader: str
    presenter: str
    lines: list[tuple[str, str, str | None]]  # speaker, words, the leader's move as labelled


def read_session(path: Path) -> Session:
    header: dict[str, str] = {}
    lines: list[tuple[str, str, str | None]] = []
    for raw in path.read_text().splitlines():
        if raw.startswith("#"):
            key, _, value = raw[1:].partition(":")
            header[key.strip()] = value.strip()
        elif raw.strip():
            speaker, _, said = raw.partition(": ")
            words, _, move = said.partition(" || ")
            if speaker == header["leader"] and move not in (*MOVES, NO_MOVE):
                raise SystemExit(f"{path.name}: the leader's line {words!r} needs '|| move' (one of {MOVES} or none)")
            lines.append((speaker, words, move or None))
    return Session(path.stem, header["style"], header["leader"], header["presenter"], lines)


def transcript_rows(session: Session) -> list[dict]:
    """Times from word counts, as tests/supervision_series.py makes them."""
    rows, clock, previous = [], 1.0, None
    for speaker, words, _ in session.lines:
        clock += 0.4 if speaker == previous else 0.9
        length = 0.5 + 0.36 * len(words.split())
        rows.append({"speaker": speaker, "start": round(clock, 2), "end": round(clock + length, 2), "text": words})
        clock += length
        previous = speaker
    return rows


def analyse(session: Session, given_roles: bool) -> SessionAnalysis:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{session.name}.jsonl"
        path.write_text("".join(json.dumps(row) + "\n" for row in transcript_rows(session)))
        known = Known(leader=session.leader, presenter=session.presenter) if given_roles else Known()
        return analyse_transcript(path, known=known)


def predicted_moves(session: Session, analysis: SessionAnalysis) -> list[tuple[str, str]]:
    """(labelled, predicted) for every leader line; units keep the transcript's order, one per line."""
    named = {m.unit_id: m.move for m in analysis.leader_moves}
    return [(str(move), named.get(index, NO_MOVE)) for index, (speaker, _, move) in enumerate(session.lines)
            if speaker == session.leader]


def codebook_redirect(session: Session, analysis: SessionAnalysis, after: float) -> int | None:
    """The floor: the first leader unit after `after` that is no question to the presenter or bare acknowledgement."""
    from balint.analysis.dynamics.patterns import is_acknowledgement
    asked = {i for e in analysis.episodes for i in e.unit_ids}
    phase_end = next((p.end for p in analysis.phases if p.start <= after < p.end), float("inf"))
    return next((u.id for u in analysis.units if u.speaker == session.leader and u.start > after and u.start < phase_end
                 and u.id not in asked and not is_acknowledgement(u)), None)


def score(sessions: list[Session], show_errors: bool) -> None:
    for given in (False, True):
        pairs: list[tuple[str, str]] = []
        by_style: dict[str, list[bool]] = defaultdict(list)
        episodes = Counter()
        for session in sessions:
            analysis = analyse(session, given)
            found = predicted_moves(session, analysis)
            pairs += found
            by_style[session.style] += [gold == guess for gold, guess in found]
            leader_lines = [i for i, (s, _, _) in enumerate(session.lines) if s == session.leader]
            gold_of = {i: session.lines[i][2] for i in leader_lines}
            for episode in analysis.episodes:
                episodes["episodes"] += 1
                episodes["flagged"] += episode.flagged
                truth = gold_of.get(episode.redirect_unit) if episode.redirect_unit is not None else None
                named = next((m.move for m in analysis.leader_moves if m.unit_id == episode.redirect_unit), None)
                episodes["credited"] += episode.redirect_unit is not None
                episodes["credited a real redirect"] += truth is not None and truth not in NOT_A_REDIRECT
                episodes["credited an acknowledgement or no move"] += truth in NOT_A_REDIRECT
                episodes["its move named right"] += truth is not None and named == truth
                second = analysis.units[episode.unit_ids[1]].start
                floor = codebook_redirect(session, analysis, second)
                episodes["floor: credited an acknowledgement or no move"] += gold_of.get(floor) in NOT_A_REDIRECT
            if show_errors and given:
                for (gold, guess), index in zip(found, leader_lines):
                    if gold != guess:
                        print(f"  {session.name}: {session.lines[index][1]!r} labelled {gold}, found {guess}")
        right = sum(g == p for g, p in pairs)
        print(f"\n{'leader and presenter given' if given else 'end to end (roles from the talk)'}: "
              f"move accuracy {right / len(pairs):.3f} on {len(pairs)} leader units")
        for style, hits in sorted(by_style.items()):
            print(f"  {style:16s} {sum(hits) / len(hits):.3f} ({len(hits)} units)")
        print(f"  {'move':22s} precision recall  labelled")
        for move in (*MOVES, NO_MOVE):
            labelled = sum(g == move for g, _ in pairs)
            found_n = sum(p == move for _, p in pairs)
            hit = sum(g == p == move for g, p in pairs)
            print(f"  {move:22s} {hit / found_n if found_n else float('nan'):9.3f} "
                  f"{hit / labelled if labelled else float('nan'):6.3f}  {labelled}")
        print("  interrogation episodes: " + ", ".join(f"{k} {v}" for k, v in episodes.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=["dev", "test", "both"], default="both")
    parser.add_argument("--errors", action="store_true", help="list the development part's mistakes")
    args = parser.parse_args()
    for part in (["dev", "test"] if args.part == "both" else [args.part]):
        sessions = [read_session(p) for p in sorted((SESSIONS / part).glob("*.txt"))]
        print(f"== {part}: {len(sessions)} sessions")
        score(sessions, args.errors and part == "dev")
    return 0


if __name__ == "__main__":
    sys.exit(main())
