"""Label each unit QUESTION, SPECULATION, FEELING, ADVICE or OTHER, with flags, confidence and cues.

The codebook (shared/docs/codebook.md) is the spec. Advice, feelings and speculation
are recognised by its transparent cues. Questions combine its cues (question mark,
inverted auxiliary, wh-opening, tag, "tell me") with a logistic regression trained on
meeting speech without punctuation (models/utterance_model.py), because ASR often drops
the "?". Precedence when several fire: ADVICE > QUESTION > FEELING > SPECULATION >
OTHER, except that "I wonder if/whether …" with no "?" and no "you" is SPECULATION.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

from balint.analysis.types import Flag, Label, Unit
from balint.models.utterance_model import (
    WH_WORDS,
    TurnContext,
    content_start,
    default_question_model,
    question_cues,
    tokens_of,
    turn_contexts,
)

MAX_CHARS = 4000  # longer units are judged on their first 4,000 characters (a monologue, not a question)

EMOTIONS = (
    "sad|sadness|angry|anger|cross|irritated|irritation|annoyed|helpless|helplessness|anxious|anxiety|tired|"
    "sleepy|exhausted|drained|frustrated|frustration|guilty|ashamed|shame|scared|afraid|frightened|fear|upset|"
    "moved|touched|uncomfortable|uneasy|confused|overwhelmed|bored|hopeless|lost|stuck|protective|tense|"
    "tension|heavy|heaviness|sick|nauseous|relieved|happy|warm|tender|furious|worried|nervous|lonely|"
    "despair|irritable|impatient|resentful|hurt|embarrassed|disgusted|defensive|powerless|numb|empty|"
    "sorry|pity|compassion|tightness|tearful|teary|restless|agitated|dread|dreading|"
    "disappointed|hopeful|excited|curious|ambivalent|torn|useless|inadequate|incompetent|trapped|"
    "suffocated|rejected|abandoned|exposed|defeated|weary|heavy-hearted|emotional|shaken|sympathetic|envious|jealous"
)
BODY = "stomach|chest|throat|heart|shoulders|neck|jaw|body|tummy|gut"

ADVICE = re.compile(
    r"\b(you (really |just |probably |definitely )?(should|shouldn't|ought to|need to|must|have to|"
    r"(could|might|may) (want to|try|consider|think about|refer|offer|ask|set|book|suggest)|could always)|"
    r"why (don't|dont|do not|not) you|why not (just )?\w+|"
    r"(have|had|did) you (ever )?(thought about|thought of|considered|tried|looked into)|"
    r"(could|would|can|couldn't) you (not )?(just )?(try|refer|offer|set|book|suggest|prescribe|send|consider)|"
    r"if i were you|"
    r"i would (just |probably )?(refer|prescribe|suggest|set|offer|book|try|send|ask her|ask him|tell her|tell him)|"
    r"i'd (just |probably )?(refer|prescribe|suggest|set|offer|book|try|send)|"
    r"next time,? (try|you could|you should|maybe)|(it )?(might|may|would|could) (help|be worth) (to|if you)|"
    r"my advice|i (would )?(suggest|recommend)|how about (you|trying|referring|offering)|"
    r"what about (referring|trying|offering|asking|sending|booking))\b"
)
ADVICE_IMPERATIVE = re.compile(r"^(try|consider|refer|set|book|offer|don't let|make sure|just tell)\b")
FEELING = re.compile(
    rf"\b(i|i'm|i am|i was|i've been|i have been)( \w+){{0,3}} ({EMOTIONS})\b|"
    rf"\b(makes?|made|making) me( feel)?( \w+){{0,2}} ({EMOTIONS})\b|"
    rf"\bmy ({BODY})( \w+){{0,2}} (tightened|tight|sank|sinks|churning|dropped|hurts|ached|clenched|racing|heavy)\b|"
    rf"\bi (notice|noticed|feel|felt|have|had) (a|an|this|some) (\w+ )?(heaviness|tightness|knot|lump|tension|sadness|"
    rf"anger|irritation|ache|weight|sinking)\b"
)
FEELING_COGNITION = re.compile(r"\bi (feel|felt) (like|that|as if|as though)\b")
SPECULATION = re.compile(
    r"\b(maybe|perhaps|possibly|probably|presumably|might be|might have|might feel|might want|might need|"
    r"could be|could have been|i wonder|i'm wondering|i am wondering|i was wondering|i imagine|i imagined|"
    r"i picture|i suspect|i guess|i suppose|i sense|i have (a|the|this) (fantasy|picture|image|feeling|sense|hunch)|"
    r"(seems|sounds|looks|feels) (like|as if|as though|to me)|it seems|seems to|what if|as if|as though|"
    r"i feel (like|that|as if|as though)|i felt (like|that|as if|as though)|i get the (feeling|sense|impression)|"
    r"(she|he|they) (must|might|may) (feel|be|want|need|think|have)|makes me (think|wonder)|"
    r"i think (she|he|they|it|the patient|there|maybe|perhaps|part)|may (be|have|feel|want|need|mean)|"
    r"(it's|it is) (possible|likely)|likely that|unlikely|appears? to|suggests? that)\b"
)
WONDER_STATEMENT = re.compile(r"\bi (wonder|am wondering|'m wondering) (if|whether|what|why|how|who|when)\b")
WHY_CHALLENGE = re.compile(r"\bwhy (did|didn't|would|wouldn't|do|don't|haven't|hadn't|have|couldn't|weren't|were|not) you\b")
FACT_SEEKING = re.compile(
    r"\b(how (old|long|many|much|often|far)|when (did|was|is|does)|where (does|did|is)|what (did|does) (she|he|they) "
    r"(say|tell|do|take|want)|(did|have|has|had) (you|she|he|they) (check|checked|test|tested|prescribe|prescribed|refer|"
    r"referred|examine|examined|ask|asked|see|seen|scan|scanned|try|tried|been|got|had|do|done|order|ordered|run)|"
    r"(does|did|is|was|has) (she|he|the patient) (live|have|has|work|take|drink|smoke|married|alone|on|got|been|still|"
    r"working|living|taking)|is (she|he) on|(her|his) (age|husband|wife|children|son|daughter|job|history|medication|"
    r"tests|results|bloods|family)|any (children|family|history|tests|results|medication))\b"
)
STATEMENT_END = re.compile(r"[.!]\W*$")
BACKCHANNEL = {"mm-hmm", "mm hmm", "mhm", "right", "yeah", "yes", "okay", "ok", "sure", "uh-huh", "uh huh", "i see",
               "mm", "hmm", "no", "exactly", "true", "indeed"}


@dataclass(frozen=True)
class Classification:
    label: Label
    flags: list[Flag] = field(default_factory=list)
    confidence: float = 0.5
    cues: list[str] = field(default_factory=list)


def _quote(match: re.Match) -> str:
    return f'"{match.group().strip()}"'


def classify(text: str, context: TurnContext | None = None, rising_pitch: bool | None = None) -> Classification:
    """One unit's label by the codebook; `context` and `rising_pitch` help when the transcript has no "?"."""
    text = _question_sentence(text[:MAX_CHARS])
    tokens = tokens_of(text)
    plain = " ".join(tokens)
    if not tokens:
        return Classification("OTHER", [], 0.9, ["no words"])
    opening = " ".join(tokens[content_start(tokens):])
    question_mark = "?" in text
    lexical = question_cues(tokens)
    p_question = default_question_model().probability(tokens, context)
    cues: list[str] = []
    if question_mark:
        cues.append('"?"')
    cues += [f'{name.replace("_", " ")} "{words}"' for name, words in lexical.items()]
    if rising_pitch:
        cues.append("rising final pitch")
    if question_mark or (rising_pitch and len(tokens) <= 12):
        is_question = True
    elif STATEMENT_END.search(text):  # punctuated as a statement: only an unmistakable question form overrides
        is_question = p_question >= 0.5 and bool({"inverted_auxiliary", "wh_opening"} & set(lexical))
    else:  # no punctuation (many ASR outputs, typed notes): the trained model decides
        is_question = p_question >= 0.5
    question_confidence = max(p_question, 0.9 if question_mark else 0.0, 0.7 if rising_pitch else 0.0)

    advice = ADVICE.search(plain) or ADVICE_IMPERATIVE.search(opening)
    if advice:
        phrased_as_question = is_question or "inverted_auxiliary" in lexical or plain.startswith(("why don't", "why not"))
        return Classification("ADVICE", ["question_form"] if phrased_as_question else [], 0.85,
                              [f"advice {_quote(advice)}"] + (cues if phrased_as_question else []))

    wonder = WONDER_STATEMENT.search(plain)
    addresses_you = re.search(r"\b(you|your)\b", plain) is not None
    if is_question and not (wonder and not question_mark and not addresses_you):
        return Classification("QUESTION", _question_flags(plain, opening, lexical, question_mark, rising_pitch),
                              round(question_confidence, 3), cues + [f"model p(question)={p_question:.2f}"])

    feeling = None if FEELING_COGNITION.search(plain) and not _feeling_after_cognition(plain) else FEELING.search(plain)
    if feeling:
        return Classification("FEELING", [], 0.85, [f"own feeling {_quote(feeling)}"])
    speculation = SPECULATION.search(plain)
    if speculation:
        strong = speculation.group().split()[0] in {"maybe", "perhaps", "i"} or wonder is not None
        return Classification("SPECULATION", [], 0.85 if strong else 0.7, [f"hedge {_quote(speculation)}"])
    if plain in BACKCHANNEL:
        return Classification("OTHER", [], 0.95, ["backchannel"])
    return Classification("OTHER", [], round(max(0.5, 1 - p_question), 3), [f"model p(question)={p_question:.2f}"])


def _question_sentence(text: str) -> str:
    """In a multi-sentence unit that asks something, the asking sentence is the one to judge."""
    if "?" not in text:
        return text
    sentences = [part for part in re.findall(r"[^.!?]*[.!?]+|[^.!?]+$", text) if part.strip()]
    asking = [part for part in sentences if "?" in part]
    return asking[-1].strip() if asking else text


def _feeling_after_cognition(plain: str) -> bool:
    """'I feel like a failure' is a feeling; 'I feel like she's testing him' is a hypothesis."""
    match = FEELING_COGNITION.search(plain)
    rest = plain[match.end():].split() if match else []
    return bool(rest) and rest[0] in {"a", "an", "such"} and FEELING.search(plain) is not None


def _question_flags(plain: str, opening: str, lexical: dict[str, str], question_mark: bool,
                    rising_pitch: bool | None) -> list[Flag]:
    flags: list[Flag] = []
    early_wh = set(opening.split()[:4]) & WH_WORDS
    if "wh_opening" in lexical or "tell_me" in lexical or opening.startswith("what about") or early_wh:
        flags.append("open")
    elif {"inverted_auxiliary", "tag", "or_choice"} & set(lexical) or question_mark or rising_pitch:
        flags.append("closed")
    if WHY_CHALLENGE.search(plain):
        flags = ["open", "why_challenge"]
    if FACT_SEEKING.search(plain):
        flags.append("fact_seeking")
    return flags


def classify_units(units: list[Unit]) -> list[Unit]:
    """Label every unit in place, using each unit's neighbours as its turn context; returns the units."""
    contexts = turn_contexts([(u.speaker, u.start, u.end, u.text) for u in units])
    for unit, context in zip(units, contexts):
        result = classify(unit.text, context)
        unit.label, unit.flags, unit.confidence, unit.cues = result.label, result.flags, result.confidence, result.cues
    return units


MAX_LINE_BYTES = 100_000


def read_records(lines: Iterable[bytes]) -> tuple[list[dict], list[str]]:
    """JSON Lines or plain text lines → records with "text"; each unreadable line → one problem, never an abort."""
    records: list[dict] = []
    problems: list[str] = []
    for number, raw in enumerate(lines, 1):
        if len(raw) > MAX_LINE_BYTES:
            problems.append(f"line {number}: {len(raw):,} bytes, over the {MAX_LINE_BYTES:,}-byte limit: skipped")
            continue
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8").strip()  # a leading BOM is not text
        except UnicodeDecodeError as error:
            problems.append(f"line {number}: not UTF-8 (byte 0x{raw[error.start]:02x} at {error.start}): skipped")
            continue
        if not line:
            continue
        if not line.startswith("{"):
            records.append({"id": number, "text": line})
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"line {number}: invalid JSON ({error.msg} at column {error.colno}): skipped")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            problems.append(f'line {number}: a JSON object with a "text" string is needed: skipped')
            continue
        records.append(record)
    return records, problems


def _timed(record: dict) -> bool:
    return isinstance(record.get("speaker"), str) and all(
        isinstance(record.get(key), (int, float)) for key in ("start", "end"))


def classify_records(records: list[dict]) -> Iterable[dict]:
    """Each record with label, flags, confidence and cues added; timed records inform their neighbours."""
    contexts: Sequence[TurnContext | None] = [None] * len(records)
    if records and all(_timed(r) for r in records):
        contexts = turn_contexts([(r["speaker"], r["start"], r["end"], r["text"]) for r in records])
    for record, context in zip(records, contexts):
        yield {**record, **asdict(classify(record["text"], context))}
