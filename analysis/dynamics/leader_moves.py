"""What the leader did: each of the leader's units named by the move it makes (docs/leader-moves.md is the spec).

Supervision asks which interventions opened and held each segment of a session, and what ended an
interrogation. The moves are the leader-move table's cues, checked in its order of precedence: protecting the
presenter, redirecting advice, bringing the presenter back, closing, turning to the relationship, inviting,
framing; then a question the presenter answers is the leader questioning the presenter ("Who has a case?" is
framing, though the presenter answers it), and a leader's speculation or feeling (the classifier's label) is
their own contribution. A bare acknowledgement ("Right.", "Okay.") makes no move.
"""

from __future__ import annotations

import re

from balint.analysis.dynamics.patterns import is_acknowledgement
from balint.analysis.types import LeaderMove, MoveName, Unit

#: (move, cue), in the table's order of precedence
MOVE_CUES: tuple[tuple[MoveName, re.Pattern[str]], ...] = (
    ("protecting", re.compile(
        r"\b(put|leave|set|hold) (the |your |those |any more )?questions? (aside|there|for now|back)|"
        r"\b(no|enough) (more )?questions\b|\b(stop|pause) (the |asking )?questions?\b|\bstop you there\b|"
        r"\b(just )?listen (now|for now|from here|for a while)|\bpush (your|his|her|the) chair back\b|"
        r"\bsit back and (just )?listen|\blet'?s (move|come|go) (back|away|on) from (the )?(questions|asking)|"
        r"\bthe presenter (will|can|is going to) (just )?(listen|sit back)|\brather than (asking|questioning)|"
        r"\bwe'?re not here to (question|judge|examine)|\blet'?s not (question|put) (him|her|them|the presenter)")),
    ("redirecting_advice", re.compile(
        r"\bno more (ideas|advice|suggestions|solutions)( about what (to do|she should|he should))?|"
        r"\brather than (what|how) (she|he|they|you|we) (should|could|might|ought)|\brather than (solutions?|"
        r"advice|fixing|solving)|\binstead of (solutions?|advice|fixing|solving|telling (him|her|them) what)|"
        r"\blet'?s not (solve|fix|give advice|try to (solve|fix))|\baway from (solutions?|advice|fixing)|"
        r"\bnot (about|what) (what )?(she|he|they|you) should do")),
    ("bringing_back", re.compile(
        r"\b(bring|invite|ask) (\w+ )?back in\b|\bcome back in\b|\b(pull|bring|move) (your|his|her|the) chair "
        r"(back )?(in|forward)\b|\bjoin us again\b|\bwhat did you hear\b|\bwhat (was|is) (that|it) like to "
        r"(listen|hear)\b|\bhow was (that|it) (for you|to listen)|\bwhat (struck|stayed with|touched) you\b")),
    ("closing", re.compile(
        r"\b(we'?re|we are|it'?s) (nearly |almost |just about )?(at |out of |coming up to )?time\b|"
        r"\blet'?s (stop|finish|close|end|wind up|draw to a close)\b|\bwe'?ll (stop|finish|close|end) (there|here|now)|"
        r"\bthank you (all|everyone|everybody)\b|\b(close|end) (the|our|this) (session|group|evening)\b|"
        r"\bto (close|finish|end),|\bone (last|final) (thought|word|round)")),
    ("relationship", re.compile(
        r"\bbetween (them|the two of them|you and (her|him|them)|doctor and patient|the doctor and)|"
        r"\bthe relationship\b|\b(back|return|come back) to the patient\b|\bstay with (the patient|her|him)\b|"
        r"\bwhat (might|does|would|could) (the patient|she|he) (feel|want|need|be feeling|be asking)|"
        r"\bwhat (is|'s) going on (between|in the room|for (her|him|the patient))")),
    ("inviting", re.compile(
        r"\bwhat comes up\b|\bcomes? to mind\b|\bwhat do you (all )?(imagine|picture|make of|notice)\b|"
        r"\bwhat (do|did|does) (anyone|others|people|the group|you all|everyone) "
        r"(make|feel|imagine|notice|think|picture|sense)|\b(any|other) (images|fantasies|feelings|thoughts|ideas)\b|"
        r"\bhow does (it|this|that) leave you\b|\bwhat are (you|people) (feeling|noticing|imagining)|"
        r"\bwho else\b|\b(would|does) anyone (else )?(like|want|have)\b|\blet'?s hear from\b|"
        r"\byou'?ve been (quiet|very quiet)|\bwhat about you\b|\bwhat do others\b|\banyone else\b|"
        r"\bwhat (is|'s) it like (for|to be) (the doctor|her|him|them)")),
    ("framing", re.compile(
        r"\bwho (has|would like to bring|will bring|wants to bring|could bring|does|brings) (a |the )?case\b|"
        r"\b(has|does) anyone (got |have )?a case\b|\blet'?s (begin|start|get started)\b|\bgood (evening|morning|"
        r"afternoon)\b|\b(we have|there are|we've got) (about |only |just )?(\d+|two|three|four|five|ten|fifteen|"
        r"twenty) minutes\b|\btime check\b|\b(now|next) we('ll| will) (move|go|open|turn)\b|\bclarifying questions\b|"
        r"\b(open|move to|go to|start) the discussion\b|\bfactual questions\b|\bground rules\b|\bthe case (for|tonight)|"
        r"^(please )?go ahead\b")),
)
OWN_CONTRIBUTION_LABELS = {"SPECULATION", "FEELING"}
#: how the reports name each move, to the leader
MOVE_WORDS: dict[MoveName, str] = {
    "framing": "framing", "protecting": "protecting the presenter", "relationship": "turning to the relationship",
    "inviting": "inviting the group", "redirecting_advice": "redirecting advice",
    "bringing_back": "bringing the presenter back", "closing": "closing", "own_contribution": "your own contribution",
    "questioning_presenter": "questioning the presenter"}


def moves_in_words(moves: list[LeaderMove]) -> str:
    """"protecting the presenter ×2, framing" in the order the moves first came."""
    counts: dict[MoveName, int] = {}
    for move in moves:
        counts[move.move] = counts.get(move.move, 0) + 1
    return ", ".join(MOVE_WORDS[m] + (f" ×{n}" if n > 1 else "") for m, n in counts.items())


def leader_move(unit: Unit, asks_presenter: bool) -> LeaderMove | None:
    """The move one leader unit makes, with the words that showed it; None for a bare acknowledgement or talk
    that makes none of the table's moves."""
    if is_acknowledgement(unit):
        return None
    said = " ".join(unit.text.lower().replace("’", "'").split())
    for move, cue in MOVE_CUES:
        found = cue.search(said)
        if found:
            return LeaderMove(unit.id, unit.start, move, found.group())
    if asks_presenter:
        return LeaderMove(unit.id, unit.start, "questioning_presenter", "a question the presenter answers")
    if unit.label in OWN_CONTRIBUTION_LABELS:
        return LeaderMove(unit.id, unit.start, "own_contribution", unit.label.lower())
    return None


def leader_moves(units: list[Unit], leader: str | None, asked_ids: set[int]) -> list[LeaderMove]:
    """Every move of the leader's units, in time order; none when no leader was identified."""
    if not leader:
        return []
    moves = (leader_move(u, u.id in asked_ids) for u in units if u.speaker == leader)
    return [m for m in moves if m is not None]
