"""What the leader did: each of the leader's units named by the move it makes (docs/leader-moves.md is the spec).

Supervision asks which interventions opened and held each segment of a session, and what ended an
interrogation. The moves are the leader-move table's cues, checked in its order of precedence: protecting the
presenter, redirecting advice, bringing the presenter back, closing, turning to the relationship, inviting,
framing, teaching. Then context: a question the presenter answers while the session is still calling for a case
is framing ("Who has a patient for us?"), later it is the leader questioning the presenter; the leader's advice
(the classifier's label) is teaching, and their speculation or feeling their own contribution. A bare
acknowledgement ("Right.", "Okay.") makes no move, so it never ends an interrogation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from balint.analysis.dynamics.patterns import is_acknowledgement
from balint.analysis.dynamics.phases import phase_at
from balint.analysis.dynamics.settings import PatternSettings
from balint.analysis.format import duration
from balint.analysis.i18n import N_, _
from balint.analysis.types import LeaderMetrics, LeaderMove, MoveName, Phase, PhaseMoves, PhaseName, TalkMove, Unit

_N = r"(?:\w+ ){0,3}"  # up to three words between a cue's parts ("leave the questions for Jonas to one side")
_NUMBER = r"(?:\d+|a few|two|three|four|five|ten|fifteen|twenty|thirty|forty)"
#: (move, cue), in the table's order of precedence
MOVE_CUES: tuple[tuple[MoveName, re.Pattern[str]], ...] = (
    ("protecting", re.compile(
        rf"\b(put|leave|set|hold|park|stop|pause|skip) {_N}questions?\b|\b(no|enough) (more )?questions\b|"
        rf"\bstop you there\b|\bchair back\b(?! (in|into|to))|\b(sit|step|push|move|lean) (\w+ )?back\b(?! (in|into|to))|"
        r"\b(just |and |now )listen\b|\blisten (now|for now|from here|for a while|while)\b|"
        r"\b(she|he|they)('s| is| are) (just )?listening\b|\bsafe (space|place)\b|"
        r"\blet'?s (move|come|go) (back|away|on) from (the )?(questions|asking)|\bdon'?t (need|have) to answer\b|"
        r"\bthe presenter (will|can|is going to) (just )?(listen|sit back)|\brather than (asking|questioning)|"
        r"\bwe'?re not here to (question|judge|examine)|\blet'?s not (question|put|ask) (him|her|them|the presenter)")),
    ("redirecting_advice", re.compile(
        rf"\b(rather than|instead of|steer clear of|away from|not about|less about|hold off on|leave aside) "
        rf"{_N}(what|how) {_N}(should|ought|could|must|needs? to|has to|have to)\b|"
        rf"\b(rather than|instead of|away from|hold off on|not yet|let'?s not|less about|resist) {_N}"
        r"(solutions?|solv|fix|advice|advis|suggestions|arrangements|telling (him|her|them) what)|"
        r"\bno more (ideas|advice|suggestions|solutions)|\bnot (about|what) (what )?(she|he|they|you) should do")),
    ("bringing_back", re.compile(
        r"\b(bring|invite|ask) (\w+ )?back in\b|\b(come|coming) back (in|and|into|to (us|the group|the circle))\b|"
        r"\b(pull|bring|move) (your|his|her|the) chair (back )?(in|forward)\b|\brejoin\b|\bjoin us( again)?\b|"
        r"\bwhat did you (hear|make of (it|that|all that))\b|\bwhat (was|is) (that|it) like to (listen|hear)\b|"
        r"\bhow was (that|it) (for you|to listen)|\bwhat (struck|stayed with|touched) you\b")),
    ("closing", re.compile(
        r"\b(we'?re|we are|it'?s) (nearly |almost |just about |about )?(at |out of |coming up to )?time\b|"
        r"\btime'?s up\b|\btime to (stop|finish|close|end)\b|\b(coming up to|running out of) time\b|"
        r"\blet'?s (stop|finish|close|end|wind up|wrap up|draw to a close)\b|\b(good place|time) to (end|stop)\b|"
        r"\b(we'?ll|we will|we'?d better|we should|let'?s) (stop|finish|close|end|leave it|wrap up)"
        r"( \w+)? (there|here|now|early|for (today|tonight))|\bstop (a little |a bit )?early\b|"
        r"\bthanks?( you)?,? (all|everyone|everybody)\b|\bthank you,? all of you\b|"
        r"\b(close|end) (the|our|this) (session|group|evening)\b|\bto (close|finish|end),|"
        r"\b(one|any) (last|final) (thoughts?|words?|round)|\bthat'?s (us|time)\b")),
    ("relationship", re.compile(
        r"\bbetween (them|the two of them|you and (her|him|them)|doctor and patient|the doctor and)|"
        r"\bthe relationship\b|\b(back|return|come back) to the patient\b|\bstay with (the patient|her|him)\b|"
        r"\bwhat (might|does|would|could) (the patient|she|he) (feel|want|need|be feeling|be asking)|"
        r"\bwhat (it|this) means (for|to) (her|him|them|the patient)|"
        r"\bwhat (is|'s) going on (between|in the room|for (her|him|the patient))")),
    ("inviting", re.compile(
        r"\bwhat comes up\b|\bcomes? to mind\b|\bwhat do you (all )?(imagine|picture|make of|notice)\b|"
        r"\bwhat (do|did|does) (anyone|others|people|the group|you all|everyone) "
        r"(make|feel|imagine|notice|think|picture|sense)|\b(any|other) (images|fantasies|feelings|thoughts|ideas)\b|"
        r"\bhow does (it|this|that) leave you\b|\bwhat are (you|people) (feeling|noticing|imagining|making of)|"
        r"\bthe rest of (you|us)\b|\b(anything|something) (else )?(struck|strikes|occurring|occurs|coming up)\b|"
        r"\byou look(ed)? (as if|as though|like)\b|\bhaven'?t heard from\b|"
        r"\bwho else\b|\b(would|does) anyone (else )?(like|want|have)\b|\blet'?s hear from\b|"
        r"\byou'?ve been (quiet|very quiet)|\bwhat about you\b|\bwhat do others\b|\banyone else\b|"
        r"\bwhat (is|'s) it like (for|to be) (the doctor|her|him|them)")),
    ("framing", re.compile(
        r"\bwho('s| has| would like to| will| wants to| could| does| brings| is going to)( got)?( bring| present| share)?"
        r" (a |the )?(case|patient|someone|somebody|something)\b|\b(has|does|would) (anyone|anybody|somebody|someone)"
        r" (got |have |like to (bring|present|share) )?(a |an )?(case|patient|someone|somebody)\b|"
        r"\bwho('s| is) (first|presenting|going (first|to present))\b|\bwho wants to go\b|"
        r"\blet'?s (begin|start|get (started|going)|make a start)\b|\bshall we (begin|start|get going)\b|"
        r"^(good )?(evening|morning|afternoon)\b|\bgood (evening|morning|afternoon)\b|^(hello|hi|welcome)\b|"
        rf"\b{_NUMBER} (more )?minutes\b|\btime check\b|\b(now|next) we('ll| will) (move|go|open|turn)\b|"
        r"\bquestions? (of|on|about) (the )?facts?\b|\b(clarifying|factual|brief|quick) questions\b|\bquestions from the group\b|"
        r"\bany (other )?questions\b|\b(open|move to|go to|start) the discussion\b|\bground rules\b|"
        r"\bconfidential\b|\bstays? (here|in (this|the) room)\b|\bthe case (for|tonight)|\btell us about (him|her|them|it)\b|"
        r"\btake (your|all the) time\b|^(please,? )?go ahead\b|\b(someone|somebody|something|a case|a patient) to bring\b|"
        r"\byou'?d bring\b")),
    ("teaching", re.compile(
        r"\bwhat (\w+ )?(we |balint )?(call|called)\b|\bbalint (said|called|wrote|would say|described)\b|"
        r"\b(classic|typical|textbook) (example|presentation|case)\b|\bin my experience\b|\bthe literature\b|"
        r"\b(counter-?)?transference\b|\bcollusion of anonymity\b|\bapostolic function\b|\bthe drug doctor\b|"
        r"\bheartsink\b|\b(research|the evidence|studies) (shows?|suggests?)\b|\bwell described\b|"
        r"\b(learning|teaching) point\b|\btake away\b|\bas a rule\b|\ba (very )?common (situation|problem|presentation)\b")),
)
#: the same table in German (docs/leader-moves.md, "Auf Deutsch"): Sie and du, as leaders speak
_GERMAN_CUES: tuple[tuple[MoveName, str], ...] = (
    ("protecting", r"\b(stellen|lassen|legen|halten) (wir|sie) (\w+ ){0,2}fragen (an \w+ )?(\w+ ){0,2}(zurück|beiseite|zur "
                   r"seite|ruhen)\b|"
                   r"\bkeine (weiteren )?fragen( mehr)?\b|\bschluss mit (den )?fragen\b|\bich (möchte|will|muss) "
                   r"(\w+ ){0,2}(stoppen|unterbrechen)|\bich unterbreche\b|\b(rücken|rück|setzen|setz|lehnen|lehn) "
                   r"(sie |du )?(sich |dich )?(\w+ ){0,3}zurück\b|\b(nur|einfach) zu(zu)?hören\b|\bhören (sie|du) "
                   r"(\w+ ){0,2}zu\b|\bnicht (weiter )?(befragen|ausfragen|verhören)|\b(sie|er) hört (jetzt )?(nur )?zu\b|"
                   r"\bgeschützte?n? (raum|rahmen)\b"),
    ("redirecting_advice", r"\b(statt|anstatt|anstelle) (\w+ ){0,4}(ratschläge?n?|lösungen|tipps|zu (überlegen|sagen), "
                           r"was|was (er|sie|man) tun)|\bkeine (ratschläge|lösungen|tipps)\b|\bweg von (den )?"
                           r"(lösungen|ratschlägen)|\b(lassen|lasst) (sie )?uns (\w+ ){0,2}nicht (\w+ ){0,2}(lösen|"
                           r"beraten)|\bnicht (gleich )?(lösen|lösungen suchen)\b|\b(lassen wir|weniger) (die )?"
                           r"(lösungen|ratschläge|tipps)"),
    ("bringing_back", r"\b(kommen|komm) (sie|du) (\w+ )?(wieder|zurück) (in die runde|dazu|herein|rein|zu uns)|"
                      r"\b(rücken|rück) (sie |du )?(\w+ )?(wieder )?(heran|ran|vor|herein|in die runde)\b|"
                      r"\bzurück in die (runde|gruppe)\b|\bwas (haben sie|hast du) (\w+ )?gehört\b|\bwas (hat|ist) "
                      r"(sie|dich|ihnen|dir) (\w+ ){0,3}(berührt|angesprochen|aufgefallen)|\bwie war (das|es) (für sie|für "
                      r"dich|zuzuhören)|\b(möchten sie|möchtest du|wollen sie|willst du) (\w+ )?(wieder )?dazukommen"),
    ("closing", r"\b(die|unsere) zeit ist (\w+ )?(um|vorbei)\b|\bwir (müssen|sollten) (\w+ )?(schließen|aufhören|zum "
                r"ende kommen)|\b(lassen sie|lasst) uns (\w+ )?(schließen|aufhören|enden)|\bdanke (euch|ihnen) "
                r"(allen|allen zusammen)|\bvielen dank (an alle|euch allen|ihnen allen|für heute)|\bzum (abschluss|"
                r"schluss)\b|\b(letzte|abschließende) (runde|gedanke|gedanken|bemerkung)|\bwir (hören|machen) (\w+ )?"
                r"schluss\b|\bdas war'?s (für heute)?"),
    ("relationship", r"\bbeziehung\b|\bzwischen (den beiden|ihnen beiden|ihm und ihr|arzt und patient|der ärztin und|"
                     r"dem arzt und)|\b(zurück )?zu(m|r)? (patienten|patientin)\b|\bbei (der patientin|dem patienten) "
                     r"bleiben|\bwas (könnte|braucht|will|möchte|fühlt|sucht) (die patientin|der patient)|\bwas "
                     r"(passiert|geschieht|läuft) (da )?zwischen"),
    ("inviting", r"\bwas (kommt|geht) (ihnen|euch|dir) (\w+ )?(in den sinn|durch den kopf)|\bwas löst (das|es) (\w+ )?"
                 r"(bei )?(ihnen|euch|dir) aus|\bwelche (bilder|fantasien|phantasien|gefühle|gedanken|einfälle)|"
                 r"\bwas (stellen sie sich|stellt ihr euch|stellst du dir) vor|\bwas fällt (ihnen|euch|dir) (\w+ )?ein|"
                 r"\bwer (möchte|will) (noch )?(etwas )?(sagen|dazu)|\bwer noch\b|\b(sie|du) (waren|warst|sind|bist) "
                 r"(\w+ ){0,2}(still|ruhig)|\bhaben wir (noch )?nichts gehört|\bwas (denken|meinen|spüren|empfinden) (die "
                 r"anderen|sie alle|ihr)|\bdie anderen\b|\bnoch (andere|weitere) (bilder|gedanken|ideen)"),
    ("framing", r"\bwer (hat|möchte|will|bringt|würde) (\w+ ){0,2}(einen fall|eine patientin|einen patienten|etwas mit)|"
                r"\bhat (jemand|wer) (\w+ )?(einen fall|etwas mitgebracht)|\b(lassen sie uns|lasst uns|wir) (fangen|"
                r"beginnen) (an)?\b|\bfangen wir (\w+ )?an\b|\bbeginnen wir\b|\bguten (abend|morgen|tag)\b|"
                r"\b(herzlich )?willkommen\b|\bwir haben (noch )?(\w+ ){0,2}minuten\b|\b(verständnis|sach|klärende|kurze) "
                r"?fragen\b|\bfragen zu(m sachverhalt| den fakten)\b|\b(kommen|gehen) wir (\w+ )?(zur|in die) "
                r"(diskussion|gruppenphase)|^(bitte,? )?(erzählen sie|erzähl|fangen sie an|schießen sie los)\b|"
                r"\bvertraulich\b|\bbleibt (hier|im raum)\b"),
    ("teaching", r"\bwas (balint|wir|man) (\w+ )?(nennt|nennen|genannt hat)|\bbalint (hat|sagte|nannte|beschrieb)|"
                 r"\b(klassisches|typisches) (beispiel|bild)\b|\b(nach|in) meiner erfahrung\b|\bmeiner erfahrung "
                 r"nach\b|\b(gegen)?übertragung\b|\bdie literatur\b|\bdroge arzt\b|\blernpunkt\b|\bkollusion\b"),
)
MOVE_CUES_DE: tuple[tuple[MoveName, re.Pattern[str]], ...] = tuple((move, re.compile(cue)) for move, cue in _GERMAN_CUES)
CUES_BY_LANGUAGE = {"en": MOVE_CUES, "de": MOVE_CUES_DE}
#: a question the presenter answers is the call for a case while the session is still at this point
CALLING_FOR_A_CASE: set[PhaseName] = {"call_for_case"}
OWN_CONTRIBUTION_LABELS = {"SPECULATION", "FEELING"}
#: sympathy with the presenter ("That sounds like a hard thing to carry.") is no speculation of the leader's own
SYMPATHY = re.compile(r"\b(that|it|this) (sounds|must (have been|be)|seems) (like )?(a |an |really |so |very )*"
                      r"(hard|difficult|painful|tough|awful|upsetting|distressing|lot)\b"
                      r"|\b(das|es) (klingt|muss|war) (\w+ )?(schwer|hart|schlimm|belastend|schmerzhaft|anstrengend)")
#: the moves that turn a group away from questioning the presenter: any but the leader's own questioning
NOT_A_REDIRECT: set[MoveName] = {"questioning_presenter"}
#: how the reports name each move, to the leader
MOVE_WORDS: dict[MoveName, str] = {
    "framing": N_("framing"), "protecting": N_("protecting the presenter"),
    "relationship": N_("turning to the relationship"), "inviting": N_("inviting the group"),
    "redirecting_advice": N_("redirecting advice"), "bringing_back": N_("bringing the presenter back"),
    "closing": N_("closing"), "own_contribution": N_("your own contribution"),
    "questioning_presenter": N_("questioning the presenter"), "teaching": N_("teaching or advising")}


#: talk that makes no move, in `LeaderMetrics.talk_s_by_move`
NO_MOVE: TalkMove = "none"


def move_counts(moves: list[LeaderMove]) -> dict[MoveName, int]:
    """How often each move was made, in the order the moves first came."""
    counts: dict[MoveName, int] = {}
    for move in moves:
        counts[move.move] = counts.get(move.move, 0) + 1
    return counts


def counts_in_words(counts: Mapping[MoveName, int]) -> str:
    """"protecting the presenter ×2, framing"."""
    return ", ".join(_(MOVE_WORDS[m]) + (f" ×{n}" if n > 1 else "") for m, n in counts.items())


def moves_in_words(moves: list[LeaderMove]) -> str:
    return counts_in_words(move_counts(moves))


#: the shares of the leader's talk named first: the frame, the group's voice, and the leader's own
HEADLINE_MOVES: tuple[MoveName, ...] = ("framing", "inviting", "own_contribution")


def talk_in_words(leader: LeaderMetrics) -> str:
    """"Of your 48 s of talk, 19 % framing, 10 % inviting the group and 0 % your own contribution; 23 % …"."""
    share = lambda move: f"{100 * (leader.share(move) or 0):.0f} %"  # noqa: E731
    headline = [f"{share(m)} {_(MOVE_WORDS[m])}" for m in HEADLINE_MOVES]
    others = sorted((k for k in leader.talk_s_by_move if k not in HEADLINE_MOVES and k != NO_MOVE),
                    key=lambda k: -leader.talk_s_by_move[k])
    text = _("Of your {time} of talk, {shares} and {last}").format(
        time=duration(leader.talk_s), shares=", ".join(headline[:-1]), last=headline[-1])
    if others:
        text += "; " + ", ".join(f"{share(m)} {_(MOVE_WORDS[m])}" for m in others)  # type: ignore[index]
    if leader.talk_s_by_move.get(NO_MOVE):
        text += "; " + _("{share} made none of the table's moves (acknowledgements, remarks)").format(
            share=share(NO_MOVE))
    return text + "."


def leader_move(unit: Unit, asks_presenter: bool, phase: PhaseName | None = None,
                language: str = "en") -> LeaderMove | None:
    """The move one leader unit makes, with the words that showed it; None for a bare acknowledgement or talk
    that makes none of the table's moves. `phase` is the session's phase at the unit, where known."""
    if is_acknowledgement(unit):
        return None
    said = " ".join(unit.text.lower().replace("’", "'").split())
    for move, cue in CUES_BY_LANGUAGE.get(language, MOVE_CUES):
        found = cue.search(said)
        if found:
            return LeaderMove(unit.id, unit.start, move, found.group())
    if asks_presenter and phase in CALLING_FOR_A_CASE:
        return LeaderMove(unit.id, unit.start, "framing", "a question the presenter answers with a case")
    if asks_presenter:
        return LeaderMove(unit.id, unit.start, "questioning_presenter", "a question the presenter answers")
    if unit.label == "ADVICE":
        return LeaderMove(unit.id, unit.start, "teaching", "advice")
    if unit.label in OWN_CONTRIBUTION_LABELS and not SYMPATHY.search(said):
        return LeaderMove(unit.id, unit.start, "own_contribution", unit.label.lower())
    return None


def leader_moves(units: list[Unit], leader: str | None, asked_ids: set[int],
                 phase_of: dict[int, PhaseName] | None = None, language: str = "en") -> list[LeaderMove]:
    """Every move of the leader's units, in time order; none when no leader was identified. `phase_of` maps a
    unit's id to its phase."""
    if not leader:
        return []
    phase_of = phase_of or {}
    moves = (leader_move(u, u.id in asked_ids, phase_of.get(u.id), language) for u in units if u.speaker == leader)
    return [m for m in moves if m is not None]


def leader_metrics(units: list[Unit], leader: str | None, moves: list[LeaderMove], phases: list[Phase],
                   settings: PatternSettings) -> LeaderMetrics | None:
    """The leader's talk by move, and per phase the moves that opened it (within `opening_window_s` of its start,
    the nearest start winning: "push your chair back" opens the discussion though said at the end of the
    questions) and those that held it; None where no leader was identified."""
    if not leader:
        return None
    spoken = {u.id: u.end - u.start for u in units if u.speaker == leader}
    by_move: dict[TalkMove, float] = {}
    named = {m.unit_id: m.move for m in moves}
    for unit_id, seconds in spoken.items():
        key: TalkMove = named.get(unit_id, NO_MOVE)
        by_move[key] = by_move.get(key, 0.0) + seconds
    opening: dict[int, int] = {}  # a move's index → the phase it opened
    for index, move in enumerate(moves):
        near = [(abs(move.start - p.start), i) for i, p in enumerate(phases)
                if abs(move.start - p.start) <= settings.opening_window_s]
        if near:
            opening[index] = min(near)[1]
    per_phase = []
    for i, phase in enumerate(phases):
        opened = [m for index, m in enumerate(moves) if opening.get(index) == i]
        held = [m for index, m in enumerate(moves) if index not in opening and phase_at(phases, m.start) is phase]
        per_phase.append(PhaseMoves(phase.name, phase.start, opened_by=[m.move for m in opened],
                                    held_by=move_counts(held), first_unit=(opened + held)[0].unit_id if opened + held
                                    else None))
    discussion = [p for p in phases if p.name == "discussion"]
    invitations = sum(1 for m in moves if m.move == "inviting" and phase_at(phases, m.start) in discussion)
    return LeaderMetrics(
        talk_s=round(sum(spoken.values()), 1), talk_s_by_move={k: round(v, 1) for k, v in by_move.items()},
        per_phase=per_phase, invitations_in_discussion=invitations if discussion else None,
        own_contributions=sum(m.move == "own_contribution" for m in moves))
