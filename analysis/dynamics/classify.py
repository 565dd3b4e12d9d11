"""Label each unit QUESTION, SPECULATION, FEELING, ADVICE or OTHER, with flags, confidence and cues.

The codebook (shared/docs/codebook.md) is the spec. Three layers decide, in this order:
1. Its transparent cues (`models/utterance_model.read_unit`): "?", inverted auxiliary, wh-opening, tag, invitation,
   advice phrases, own-feeling phrases, hedges… They are the "why" the report shows, and a
   few are rules of their own: a quoted question inside narration, a request to repeat
   ("what?") and politeness formulas ("I'm afraid we…") are not what their words suggest.
2. Learned heads (models/utterance_heads.py) over the cues, hashed words and, where the
   cheap stage is unsure, the unit's MiniLM sentence embedding: p(question), p(open),
   p(advice), p(speculation), p(feeling). Turn context adds evidence; where the audio was measured, a
   declarative's words and its final pitch decide together (`Intonation`).
3. The codebook's precedence: ADVICE > QUESTION > FEELING > SPECULATION > OTHER, except
   that "I wonder if/whether …" with no "?" and no "you" is SPECULATION.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np

from balint.analysis.dynamics.settings import CLASSIFIER
from balint.analysis.types import BalintError, Flag, Label, Unit
from balint.models.sentence_encoder import default_sentence_encoder
from balint.models.utterance_heads import default_intonation, default_utterance_heads
from balint.models.utterance_model import (
    ADVICE_IMPERATIVE,
    CUE_NAMES,
    FEELING_COGNITION,
    FIRST_PERSON,
    GREETING,
    PROCEDURE,
    STATEMENT_END,
    Reading,
    TurnContext,
    content_start,
    cue_matrix,
    feature_ids,
    read_unit,
    turn_contexts,
)

LANGUAGES = ("en", "de")  # cues exist per language: English with learned heads, German by cues (docs/codebook-de.md)
CLAUSE_SUBJECTS = {"she", "he", "they", "it", "the", "her", "his", "there", "you", "we", "this", "that", "their", "i",
                   "nobody", "everyone", "someone", "something", "maybe", "perhaps"}

@dataclass(frozen=True)
class Classification:
    label: Label
    flags: list[Flag] = field(default_factory=list)
    confidence: float = 0.5
    cues: list[str] = field(default_factory=list)


def head_probabilities(readings: Sequence[Reading], contexts: Sequence[TurnContext | None]) -> np.ndarray:
    """(units, heads): the first stage for all, the sentence encoder and second stage where the first is unsure."""
    heads = default_utterance_heads()
    if heads.cue_names != CUE_NAMES:
        raise RuntimeError("the utterance heads were trained on other cues: run tools/train_utterance_heads.py")
    cues = cue_matrix(readings, contexts)
    ids = [feature_ids(r, c) for r, c in zip(readings, contexts)]
    p = heads.first.probabilities(cues, ids)
    own_feeling_named = np.array([bool({"feeling", "feeling_frame"} & set(r.cues)) for r in readings], dtype=bool)
    unsure = np.flatnonzero(heads.unsure(p, own_feeling_named) & np.array([bool(r.tokens) for r in readings],
                                                                         dtype=bool)).tolist()
    if len(unsure):
        distinct = sorted({readings[i].text for i in unsure})  # repeated units ("yeah", "right") are read once
        row_of = {text: i for i, text in enumerate(distinct)}
        vectors = default_sentence_encoder().embed(distinct)[[row_of[readings[i].text] for i in unsure]]
        p[unsure] = heads.second.probabilities(np.hstack([cues[unsure], vectors]), [ids[i] for i in unsure])
    return p


def classify(text: str, context: TurnContext | None = None, rising_pitch: bool | None = None) -> Classification:
    """One unit's label by the codebook; `context` and `rising_pitch` help when the transcript has no "?"."""
    return classify_batch([text], [context], [rising_pitch])[0]


def classify_batch(texts: Sequence[str], contexts: Sequence[TurnContext | None] | None = None,
                   rising_pitch: Sequence[bool | None] | None = None) -> list[Classification]:
    """Every unit's label: the heads' probabilities, then the codebook's rules and precedence."""
    readings = [read_unit(text, CLASSIFIER.max_chars) for text in texts]
    contexts = list(contexts) if contexts is not None else [None] * len(texts)
    pitches = list(rising_pitch) if rising_pitch is not None else [None] * len(texts)
    heads = default_utterance_heads()
    probabilities = head_probabilities(readings, contexts)
    voiced = voice_question_probabilities(readings, contexts, pitches)
    return [_decide(reading, dict(zip(heads.names, map(float, p))), heads.thresholds, pitch, context, by_voice)
            for reading, p, pitch, context, by_voice in zip(readings, probabilities, pitches, contexts, voiced)]


def voice_question_probabilities(readings: Sequence[Reading], contexts: Sequence[TurnContext | None],
                                 pitches: Sequence[bool | None]) -> list[float | None]:
    """p(question) from words and voice together, for declaratives whose end was measured; None elsewhere.

    The recogniser's full stop on "So she lives alone." is its guess, not the speaker's: the words are read
    without it, and the measured rise (or its absence) weighs in by the fitted `Intonation`."""
    judged = [i for i, (reading, pitch) in enumerate(zip(readings, pitches)) if pitch is not None and reading.tokens
              and not {"question_mark", "invitation", "quoted_question"} & set(reading.cues)
              and not QUESTION_FORMS & set(reading.cues)]
    voiced: list[float | None] = [None] * len(readings)
    if not judged:
        return voiced
    bare = [read_unit(STATEMENT_END.sub("", readings[i].text), CLASSIFIER.max_chars) for i in judged]
    p_words = head_probabilities(bare, [contexts[i] for i in judged])[:, default_utterance_heads().names.index("question")]
    intonation = default_intonation()
    for i, reading, p in zip(judged, bare, p_words):
        voiced[i] = intonation.probability(float(p), bool(pitches[i]), rise_implausible(reading))
    return voiced


def rise_implausible(reading: Reading) -> bool:
    """Words that make a rising end unlikely to ask: a fragment, a long unit, a hedge or feeling, a greeting,
    procedure or an imperative, or the speaker talking about themself ("I'm Sheila from Chicago" rose in a
    real telephone greeting)."""
    core = reading.tokens[content_start(reading.tokens):]
    return (len(reading.tokens) <= 1 or len(reading.tokens) > CLASSIFIER.rise_max_words or "abandoned" in reading.cues
            or bool(core and FIRST_PERSON.match(core[0])) or bool(GREETING.search(reading.plain))
            or bool(PROCEDURE.search(reading.opening) or ADVICE_IMPERATIVE.search(reading.opening))
            or bool({"speculation", "feeling", "backchannel", "politeness"} & set(reading.cues)))


def _decide(reading: Reading, p: dict[str, float], threshold: dict[str, float], rising_pitch: bool | None,
            context: TurnContext | None, by_voice: float | None) -> Classification:
    """The codebook's precedence over the heads' decisions: ADVICE > QUESTION > FEELING > SPECULATION > OTHER."""
    cues = reading.cues
    if not reading.tokens:
        return Classification("OTHER", [], 0.9, ["no words"])
    if "repair_request" in cues:
        return Classification("OTHER", [], 0.9, [f'asks for a repeat "{cues["repair_request"]}"'])
    tag_after_own_statement = context is not None and bool(context.previous_same_speaker and context.next_other_speaker)
    if "backchannel" in cues and "question_mark" not in cues and not rising_pitch and not tag_after_own_statement:
        return Classification("OTHER", [], 0.95, ["backchannel"])
    if "formula" in cues:
        return Classification("OTHER", [], 0.9, [f'acknowledges or takes leave "{cues["formula"]}"'])
    shown = [f'"{cues["question_mark"]}"'] if "question_mark" in cues else []
    shown += [f'{name.replace("_", " ")} "{cues[name]}"' for name in QUESTION_CUES if name in cues]
    if rising_pitch:
        shown.append("rising final pitch")
    if by_voice is not None:  # a declarative with its end measured: words and voice together decide
        words_ask = by_voice >= 0.5
        p = {**p, "question": by_voice}
    else:
        # A transcriber's full stop is evidence too: a statement-punctuated unit asks only in a question's form or
        # when the head is sure. An invitation ("tell us about her") asks, as "tell me" does.
        words_ask = p["question"] >= (CLASSIFIER.question_threshold if "statement_end" not in cues
                                      or QUESTION_FORMS & set(cues) else CLASSIFIER.statement_question)
    # a unit left hanging ("or,", "didn't, uh, you know,") asks only if a question's form carries enough words
    abandoned = "abandoned" in cues and not (QUESTION_FORMS & set(cues) and
                                             len(reading.tokens) - content_start(reading.tokens) >= 4)
    is_question = (words_ask and not abandoned or "invitation" in cues) and "quoted_question" not in cues
    advice_cue = cues.get("advice") or cues.get("advice_imperative")
    if advice_cue and _asks_for_their_own_plan(reading, advice_cue):
        advice_cue = None
    # the head learned advice from meetings' suggestions: without one of the codebook's cues only a sure head says
    # advice, and never for a why-challenge ("Why didn't you just refer him?" questions the presenter's conduct)
    if advice_cue or (p["advice"] >= CLASSIFIER.advice_without_cue and "why_challenge" not in cues):
        question_form = is_question or "inverted_auxiliary" in cues or reading.plain.startswith(("why don't", "why not"))
        confidence = max(p["advice"], CLASSIFIER.rule_confidence) if advice_cue else p["advice"]
        flags: list[Flag] = ["question_form", *_question_flags(reading, _open(reading, p, threshold))] if question_form else []
        return Classification("ADVICE", flags, round(confidence, 3),
                              ([f'advice "{advice_cue}"'] if advice_cue else []) + (shown if question_form else [])
                              + [f"model p(advice)={p['advice']:.2f}"])
    wondering_aloud = "wonder" in cues and "question_mark" not in cues and "second_person" not in cues
    if is_question and not wondering_aloud:
        return Classification("QUESTION", _question_flags(reading, _open(reading, p, threshold)), round(p["question"], 3),
                              shown + [f"model p(question)={p['question']:.2f}"])
    feeling = _own_feeling(reading, p["feeling"]) if not wondering_aloud else None
    if feeling:
        return Classification("FEELING", [], round(p["feeling"], 3), [feeling, f"model p(feeling)={p['feeling']:.2f}"])
    if p["speculation"] >= CLASSIFIER.speculation_threshold or wondering_aloud:
        why = [f'hedge "{cues["speculation"]}"'] if "speculation" in cues else []
        return Classification("SPECULATION", [], round(max(p["speculation"], 0.7 if wondering_aloud else 0), 3),
                              why + [f"model p(speculation)={p['speculation']:.2f}"])
    strongest = max(("question", "advice", "speculation"), key=lambda name: p[name])
    because = [f"model p({strongest})={p[strongest]:.2f}"]
    for rule in ("quoted_question", "politeness"):  # a rule overrode the heads: its own confidence, not theirs
        if rule in cues:
            return Classification("OTHER", [], CLASSIFIER.rule_confidence, [f'{rule.replace("_", " ")} "{cues[rule]}"'] + because)
    return Classification("OTHER", [], round(1 - p[strongest], 3), because)


def _asks_for_their_own_plan(reading: Reading, advice_cue: str) -> bool:
    """"What do you think you need to do?", "What would help you?" ask the presenter's own plan: a question, not
    advice. An advice phrase that opens the unit ("Why don't you…", "What about referring her?") still advises."""
    wh = reading.cues.get("wh_opening", "")
    if re.match(r"what (might|would|could|may) help", advice_cue) and "question_mark" in reading.cues:
        return True  # "What would help you feel more confident?" asks; "What might help is a letter" advises
    if not wh or wh.startswith(("why", "how about", "what about", "what if")):
        return False
    return reading.plain.find(advice_cue) > reading.plain.find(wh)


def _own_feeling(reading: Reading, p_feeling: float) -> str | None:
    """Why the unit voices the speaker's own feeling, or None.

    Whose feeling it is comes from the codebook's cues; whether the words voice one, from the feeling head: a word
    from the codebook's list needs little of it ("I'm tired of waiting" may be a complaint, not a reaction), any
    other word in the place where the speaker's own feeling is named needs much ("I feel stupid" does,
    "I'm really busy" does not)."""
    if _hypothesis_about_others(reading):
        return None
    if "feeling" in reading.cues and p_feeling >= CLASSIFIER.feeling_named:
        return f'own feeling "{reading.cues["feeling"]}"'
    if "feeling_frame" in reading.cues and p_feeling >= CLASSIFIER.feeling_in_frame:
        return f'own feeling, in other words "{reading.cues["feeling_frame"]}"'
    return None


def _hypothesis_about_others(reading: Reading) -> bool:
    """"I feel that she is lying" / "I feel like she wants rescuing": a feeling verb before a clause is a hypothesis."""
    match = FEELING_COGNITION.search(reading.plain)
    rest = reading.plain[match.end():].split() if match else []
    return bool(rest) and rest[0] in CLAUSE_SUBJECTS


QUESTION_CUES = ("inverted_auxiliary", "wh_opening", "tell_me", "invitation", "tag", "or_choice")
QUESTION_FORMS = {"inverted_auxiliary", "wh_opening", "tag", "or_choice"}


def _open(reading: Reading, p: dict[str, float], threshold: dict[str, float]) -> bool:
    """The codebook's open question: wh-/how/tell-me; an invitation ("could you say more…") invites."""
    return p["open"] >= threshold["open"] or bool({"invitation", "tell_me"} & set(reading.cues))


def _question_flags(reading: Reading, open_question: bool) -> list[Flag]:
    flags: list[Flag] = ["open" if open_question else "closed"]
    if "why_challenge" in reading.cues:
        flags = ["open", "why_challenge"]
    if "fact_seeking" in reading.cues:
        flags.append("fact_seeking")
    return flags


def classify_units(units: list[Unit], language: str = "en") -> list[Unit]:
    """Label every unit in place, with its neighbours as turn context and its measured pitch; returns the units.
    German is labelled by its own cues (classify_de.py)."""
    if language not in LANGUAGES:
        raise BalintError(f"the utterance classifier has cues for {', '.join(LANGUAGES)}, not for {language!r}")
    if language == "de":
        from balint.analysis.dynamics.classify_de import classify_german_batch

        results = classify_german_batch([u.text for u in units], [u.rising_pitch for u in units])
    else:
        contexts = turn_contexts([(u.speaker, u.start, u.end, u.text) for u in units])
        results = classify_batch([u.text for u in units], contexts, [u.rising_pitch for u in units])
    for unit, result in zip(units, results):
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


def classify_records(records: list[dict], batch: int = 2048) -> Iterable[dict]:
    """Each record with label, flags, confidence and cues added; timed records inform their neighbours."""
    contexts: Sequence[TurnContext | None] = [None] * len(records)
    if records and all(_timed(r) for r in records):
        contexts = turn_contexts([(r["speaker"], r["start"], r["end"], r["text"]) for r in records])
    for start in range(0, len(records), batch):
        chunk = records[start : start + batch]
        pitches = [r.get("rising_pitch") if isinstance(r.get("rising_pitch"), bool) else None for r in chunk]
        for record, result in zip(chunk, classify_batch([r["text"] for r in chunk], contexts[start : start + batch], pitches)):
            yield {**record, **asdict(result)}
