"""Label each unit QUESTION, SPECULATION, FEELING, ADVICE or OTHER, with flags, confidence and cues.

The codebook (shared/docs/codebook.md) is the spec. Three layers decide, in this order:
1. Its transparent cues (`read_unit`): "?", inverted auxiliary, wh-opening, tag, invitation,
   advice phrases, own-feeling phrases, hedges… They are the "why" the report shows, and a
   few are rules of their own: a quoted question inside narration, a request to repeat
   ("what?") and politeness formulas ("I'm afraid we…") are not what their words suggest.
2. Learned heads (models/utterance_heads.py) over the cues, hashed words and, where the
   cheap stage is unsure, the unit's MiniLM sentence embedding: p(question), p(open),
   p(advice), p(speculation). Turn context and a rising final pitch add evidence when the
   transcript has no "?".
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
from balint.models.utterance_model import TurnContext, content_start, feature_ids, question_cues, tokens_of, turn_contexts

LANGUAGES = ("en",)  # cues and training data exist per language; German comes next (models/utterance_model.md)
CLAUSE_SUBJECTS = {"she", "he", "they", "it", "the", "her", "his", "there", "you", "we", "this", "that", "their", "i",
                   "nobody", "everyone", "someone", "something", "maybe", "perhaps"}

EMOTIONS = (
    "sad|sadness|angry|anger|cross|irritated|irritation|annoyed|helpless|helplessness|anxious|anxiety|tired|"
    "sleepy|exhausted|drained|frustrated|frustration|guilty|ashamed|shame|scared|afraid|frightened|fear|upset|"
    "moved|touched|uncomfortable|uneasy|confused|overwhelmed|bored|hopeless|protective|tense|"
    "tension|heaviness|relieved|happy|tender|furious|worried|nervous|lonely|"
    "despair|irritable|impatient|resentful|hurt|embarrassed|disgusted|defensive|powerless|"
    "sorry|pity|compassion|tightness|tearful|teary|restless|agitated|dread|dreading|"
    "disappointed|hopeful|excited|ambivalent|inadequate|incompetent|"
    "suffocated|rejected|abandoned|defeated|weary|heavy-hearted|emotional|shaken|sympathetic|envious|jealous"
)
#: Words that name a feeling only after "feel": "I was stuck in traffic", "I have lost weight", "a sick note".
FELT_ONLY = "sick|nauseous|lost|stuck|heavy|warm|numb|empty|torn|useless|trapped|exposed|cold|small|curious"
#: Formulas that borrow feeling words: apologies, regret and willingness as politeness, not the speaker's feeling.
POLITENESS = re.compile(
    r"\b(i'm|i am) (so |very |really |terribly |awfully )?sorry(,| but\b| i\b| we\b| to (keep|interrupt|bother|say|tell)\b|"
    r" for (the|my|being)\b| about (that|the)\b|\W*$)|^sorry\b|"
    r"\b(i'm|i am) afraid (that|we|i|you|it|there|not|so|this|the|he|she|they)\b|"
    r"\bi'd be (happy|glad|delighted|pleased) to\b|\b(i'm|i am) (happy|glad|pleased) to (go|present|help|do|take|start|"
    r"say|see|hear|join|answer|come|leave|stay|wait)\b|\b(i'm|i am) (curious|interested) (what|how|about|whether|if|why|to)\b")
OTHERS = "she|he|they|her|him|his|it|the|you|we|their|them|patient|wife|husband|mother|father|daughter|son"  # whose feeling
BODY = "stomach|chest|throat|heart|shoulders|neck|jaw|body|tummy|gut"

ADVICE = re.compile(
    r"\b((?<!what )(?<!much )(?<!like )you (really |just |probably |definitely )?(should|shouldn't|ought to|need to|"
    r"must(?! have been| have had)|have to|"
    r"(could|might|may|can) (also |always |even )?(want to|try|consider|think about|refer|offer|ask|set|book|suggest|"
    r"talk to|speak to|speak with|reach out)|could always|can always)|"
    r"(maybe|perhaps) you (could|can|might) (just |also )?(go|get|find|take|make|write|call|let|start|stop|look|join|"
    r"keep|spend|give|put|plan|practise|practice)|"
    r"what if you (just )?(tried|told|asked|talked|spoke|wrote|called|took|let|gave|started|stopped|were to|offered|"
    r"referred|sent|booked)|"
    r"why (don't|dont|do not|not) you(?! (tell|fill|say|talk|walk) (me|us)\b)|why not (just )?(?!(a|an|the|now|yet|me)\b)\w+|"
    r"(have|had|did) you (ever )?(thought about|thought of|considered|tried|looked into)|"
    r"(could|would|can|couldn't) you (not )?(just )?(try|refer|offer|set|book|suggest|prescribe|send|consider)|"
    r"if i were you|"
    r"(^(so |and |but |well |honestly |personally |i think |myself )?|if i were you )(i would|i'd) "
    r"(just |probably |probably just |just probably )?(refer|prescribe|suggest|set|offer|book|try|send|"
    r"stop|start|give|ask (her|him|them)|tell (her|him|them)|see (her|him|them)|ring|call|involve|increase|reduce|"
    r"change|switch|write)|what (might|would|could|may) help|(it's|it is|it'd be|it would be|might be|could be) worth(?! it)|"
    r"worth (asking|checking|trying|getting|ringing|calling|considering|involving|talking)|best to|"
    r"the thing to do|one option would|(a )?good idea (might be |would be )?(to|if you|for you to)|"
    r"(it|that) (would|might|may|could)( really)? be (a |really |very )?(good|great|helpful|useful|wise|better|"
    r"worthwhile|best) (to|if you|for you to)(?! (hear|know|move on|stop|pause|go round|come back))|"
    r"(it's|it is|it would be|it'd be) important (that you|for you to)|"
    r"(some|many|a lot of|lots of|most) (people|patients|doctors|gps|clinicians|colleagues) find (it )?(helpful|useful)|"
    r"one thing (you could|you can|that might|that could|that may) (do|try|help)|^(so |and |but |well )?you (just )?have to|"
    r"(wouldn't|would) it be (easier|better|simpler|kinder) to|(can't|couldn't) you just|could you not|"
    r"next time,? (try|you could|you should|maybe)|(it )?(might|may|would|could) (help|be worth) (to|if you)|"
    r"my (advice|recommendation|suggestion)|i (would )?(suggest|recommend)|(i'm|i am) (really |just )?(gonna|going to) "
    r"(recommend|suggest|advise)|(not )?a bad idea (to|if you)|i'd (suggest|recommend|advise|encourage)|"
    r"i (would )?(advise|encourage) you|"
    r"(how|what) about (you (just )?(try|ask|call|talk|tell|take|give|refer|offer|book|send|write)|"
    r"(?!(?:any|some|every|no)?thing\b|during\b|morning\b|evening\b|feeling\b|being\b)\w+ing))\b"
)
#: An imperative with the patient or the case as its object advises ("Just tell her", "Hand it back to the hospital");
#: "tell me" and "let's" are invitations and procedure, not advice.
ADVICE_IMPERATIVE = re.compile(
    r"^(just |maybe |perhaps |so )?(try|consider|make sure|don't let|do not let|take (care|a break|a walk|some time|time)|"
    r"don't (give up|be (too |so )?hard)|be (kind|gentle|patient|easy) (to|with|on) yourself|remember to|reach out|"
    r"make (time|a list|an appointment)|get (some|a|more|enough) (rest|sleep|help|exercise|fresh air|support)|"
    r"(ask|tell|give|let|hand|bring|write|document|stop|start|ring|call|phone|involve|share|put|keep|leave|take|"
    r"send|refer|book|offer|set|don't take|don't give|don't tell|never|always) (her|him|them|it|the|a|an|this|that|some|"
    r"your|their|his|to|yourself))\b")
FEELING = re.compile(
    rf"\b(i|i'm|i am|i was|i've been|i have been)( (?!(?:{OTHERS})\b)\w+){{0,4}} ({EMOTIONS})\b|"
    rf"\b(i|me)( \w+){{0,3}} (feel|felt|feeling) (so |quite |really |very |a bit |a little |rather )?({FELT_ONLY})\b|"
    rf"\b(close to|near) tears\b|\bwant(ed)? to cry\b|\bsinking feeling\b|\b(knot|lump) in my\b|\bmy heart (sank|sinks)\b|"
    rf"\b(makes?|made|making|leaves?|left|leaving) me( feel)?( \w+){{0,2}} ({EMOTIONS})\b|"
    rf"\bmy ({BODY})( \w+){{0,2}} (tightened|tight|sank|sinks|churning|dropped|hurts|ached|clenched|racing|heavy)\b|"
    rf"\bi (notice|noticed|feel|felt|have|had) (a|an|this|some) (\w+ )?(heaviness|tightness|knot|lump|tension|sadness|"
    rf"anger|irritation|ache|weight|sinking)\b"
)
FEELING_COGNITION = re.compile(r"\bi (feel|felt) (like|that|as if|as though)\b")
SPECULATION = re.compile(
    r"\b(maybe|perhaps|possibly|probably|presumably|might be|might have|might feel|might want|might need|"
    r"could be|could have been|i wonder|i'm wondering|i am wondering|i was wondering|i imagine|i imagined|"
    r"i picture|i suspect|i guess|i suppose|i sense|i have (a|the|this) (fantasy|picture|image|feeling|sense|hunch)|"
    r"(seems|sounds|looks|feels) (like|as if|as though|to me)|seem|seems|seemed|seemingly|what if|as if|as though|"
    r"i feel (like|that|as if|as though)|i felt (like|that|as if|as though)|i get the (feeling|sense|impression)|"
    r"(she|he|they) (must|might|may) (feel|be|want|need|think|have)|makes me (think|wonder)|might (?!not\b)\w+|"
    r"i think (?!(we|so|i|you)\b)\w+|i thought (she|he|they|it|maybe|perhaps|there|the)\b|may (be|have|feel|want|need|mean)|"
    r"(it's|it is) (possible|likely)|likely that|unlikely|appears? to|suggests? that|i'd say|my (sense|guess|hunch) is|"
    r"i reckon|i'd (imagine|have thought|guess)|it strikes me|something tells me|i believe|not sure|i doubt|"
    r"(almost|kind of|sort of) like|could it be|there's a sense|apparently|supposedly|would probably|will probably)\b"
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
#: "Really?" and "Is that right?" acknowledge news: backchannels in a question's form (SwDA's `bh`), not asking.
NEWS_RECEIPTS = {"really", "oh really", "is that right", "oh is that right", "is that so", "oh is that so", "no way",
            "seriously", "oh wow", "wow"}
#: "Have a good evening, all right?" takes leave: a formula, not a question.
FAREWELL = re.compile(r"^(you )?(have a (good|nice|great|lovely) (day|evening|night|weekend|one|time)|take care|see you)\b")
#: A unit left hanging ("or,", "So what, what, uh,", "and the-") was abandoned: it asks nothing it completes.
#: "…, or?" and "what's that?" end complete questions: "or", "that" and pronouns do not dangle.
DANGLING = {"and", "but", "because", "cause", "the", "a", "an", "to", "of", "my", "your", "with", "for", "than"}
#: "What?" and "Sorry?" ask for a repeat, not for information: the codebook's OTHER.
REPAIR_REQUEST = {"what", "sorry", "pardon", "huh", "eh", "what sorry", "sorry what", "come again", "pardon me",
                  "excuse me", "say again", "sorry say again", "sorry come again", "i'm sorry", "you what", "what was that"}
#: A question inside narration ("and she said, do you see that building?") reports one; nobody in the room is asked.
QUOTED_QUESTION = re.compile(
    r"\b(said|says|asked|asks|go|goes|went|thought|wondered|shouted|yelled|kept asking|was like|turned round and said)"
    r"( (to )?(me|him|her|them|us))?,? (do|does|did|is|are|was|were|have|has|had|can|could|will|would|should|why|what|how|"
    r"where|when|who|whether|if)\b")
#: Invitations ask as much as questions do (the codebook's "tell me"): open questions without a question form.
INVITATION = re.compile(
    r"^(tell|talk|walk|take|say|describe|give) (me|us)\b|^say (a bit|a little|more|something)\b|"
    r"\b(can|could|would|will) you (tell|say|describe|talk|walk|give) (me|us)?\b|\b(can|could|would) you say\b|"
    r"\bi'd (be interested|like|love) to (hear|know)\b|\bi'm (curious|interested) (what|how|why|about|to)\b|"
    r"\bhelp me (understand|see|picture)\b|\bwhy (don't|do not) you (tell|fill|say|talk|walk) (me|us)\b")
GREETING = re.compile(r"\b(hello|hi|hey|thank you|thanks|bye|goodbye|good morning|good afternoon|good evening)\b")
#: The leader's procedure ("Let's put the questions aside", "Please go ahead") may rise and still asks nothing.
PROCEDURE = re.compile(r"^(please|let's|let us|go ahead|carry on|over to you|shall we)\b")
FIRST_PERSON = re.compile(r"^(i|i'm|i've|i'd|i'll|me|my|myself)$")
SECOND_PERSON = re.compile(r"\b(you|your|you're|you've|you'd|yourself)\b")
REPLY_YES_NO = {"yes", "yeah", "no", "yep", "nope", "nah", "mhm", "mm-hmm", "uh-huh", "yea", "not"}

#: The transparent cues, in the order of the columns every head reads first (then hashed words, then, in the second
#: stage, the sentence embedding). Changing them means retraining: the heads check the list they were trained on.
CUE_NAMES = (
    "question_mark", "statement_end", "inverted_auxiliary", "wh_opening", "tell_me", "tag", "or_choice", "invitation",
    "repair_request", "quoted_question", "advice", "advice_imperative", "feeling", "feeling_cognition", "speculation",
    "wonder", "second_person", "first_person", "backchannel", "why_challenge", "fact_seeking", "one_word", "short",
    "long", "no_punctuation", "context_known", "previous_same_speaker", "next_other_speaker", "reply_yes_no",
    "politeness",
)
PUNCTUATION = re.compile(r"[.,?!;:]")


@dataclass(frozen=True)
class Classification:
    label: Label
    flags: list[Flag] = field(default_factory=list)
    confidence: float = 0.5
    cues: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Reading:
    """One unit as the cues see it: the sentence judged, its words, and each cue found with the words that showed it."""

    text: str
    tokens: list[str]
    plain: str
    opening: str
    cues: dict[str, str]


def read_unit(text: str) -> Reading:
    """The codebook's cues in one unit; a unit of several sentences that asks is judged by its asking sentence."""
    whole = text[:CLASSIFIER.max_chars]
    text = _question_sentence(whole)
    tokens = tokens_of(text)
    plain = " ".join(tokens)
    opening = " ".join(tokens[content_start(tokens):])
    cues: dict[str, str] = {}
    if "?" in text:
        cues["question_mark"] = "?"
    if STATEMENT_END.search(text):
        cues["statement_end"] = text.rstrip()[-1]
    cues.update(question_cues(tokens))
    for name, pattern, where in (("invitation", INVITATION, opening), ("quoted_question", QUOTED_QUESTION, plain),
                                 ("advice", ADVICE, plain), ("advice_imperative", ADVICE_IMPERATIVE, opening),
                                 ("feeling", FEELING, plain), ("feeling_cognition", FEELING_COGNITION, plain),
                                 ("speculation", SPECULATION, plain), ("wonder", WONDER_STATEMENT, plain),
                                 ("second_person", SECOND_PERSON, plain), ("why_challenge", WHY_CHALLENGE, plain),
                                 ("fact_seeking", FACT_SEEKING, plain)):
        match = pattern.search(where)
        if match:
            cues[name] = match.group().strip()
    if any(FIRST_PERSON.match(token) for token in tokens):
        cues["first_person"] = "I"
    polite = POLITENESS.search(text.lower().replace("’", "'"))
    if polite:
        cues["politeness"] = polite.group().strip(" ,")
    if plain in BACKCHANNEL:
        cues["backchannel"] = plain
    if plain in REPAIR_REQUEST:
        cues["repair_request"] = plain
    if "advice" not in cues and whole != text:  # "I'd recommend you cut down. Could you do that?" advises, then asks
        advice = ADVICE.search(" ".join(tokens_of(whole)))
        if advice:
            cues["advice"] = advice.group().strip()
    if plain in NEWS_RECEIPTS or FAREWELL.match(plain):
        cues["formula"] = plain
    # a recogniser ends a segment with a comma where the speaker goes on: only a short one was left hanging
    hanging = re.search(r"[\-–—]\s*$", text) or (text.rstrip().endswith(",") or tokens[-1:] == ["or"]) and \
        len(tokens) - content_start(tokens) <= 3
    if tokens and "?" not in text and (hanging or tokens[-1] in DANGLING):
        cues["abandoned"] = text.rstrip()[-1] if hanging else tokens[-1]
    return Reading(text, tokens, plain, opening, cues)


def cue_matrix(readings: Sequence[Reading], contexts: Sequence[TurnContext | None]) -> np.ndarray:
    """The cues as 0/1 columns (CUE_NAMES), with length and turn context: what every head reads first."""
    cues = np.zeros((len(readings), len(CUE_NAMES)), dtype=np.float32)
    column = {name: i for i, name in enumerate(CUE_NAMES)}
    for row, (reading, context) in enumerate(zip(readings, contexts)):
        found = set(reading.cues)
        words = len(reading.tokens)
        found |= {name for name, on in (("one_word", words == 1), ("short", 2 <= words <= 4), ("long", words > 15),
                                        ("no_punctuation", not PUNCTUATION.search(reading.text))) if on}
        if context is not None and context.next_other_speaker is not None:
            found.add("context_known")
            found |= {name for name, on in (("previous_same_speaker", context.previous_same_speaker),
                                            ("next_other_speaker", context.next_other_speaker),
                                            ("reply_yes_no", context.next_other_speaker
                                             and context.next_first_word in REPLY_YES_NO)) if on}
        cues[row, [column[name] for name in found if name in column]] = 1.0
    return cues


def head_probabilities(readings: Sequence[Reading], contexts: Sequence[TurnContext | None]) -> np.ndarray:
    """(units, heads): the first stage for all, the sentence encoder and second stage where the first is unsure."""
    heads = default_utterance_heads()
    if heads.cue_names != CUE_NAMES:
        raise RuntimeError("the utterance heads were trained on other cues: run models/train_utterance_heads.py")
    cues = cue_matrix(readings, contexts)
    ids = [feature_ids(r.tokens, c) for r, c in zip(readings, contexts)]
    p = heads.first.probabilities(cues, ids)
    unsure = np.flatnonzero(heads.unsure(p) & np.array([bool(r.tokens) for r in readings], dtype=bool)).tolist()
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
    readings = [read_unit(text) for text in texts]
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
    bare = [read_unit(STATEMENT_END.sub("", readings[i].text)) for i in judged]
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
        words_ask = p["question"] >= (threshold["question"] if "statement_end" not in cues or QUESTION_FORMS & set(cues)
                                      else CLASSIFIER.statement_question)
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
        confidence = p["question"]
        return Classification("QUESTION", _question_flags(reading, _open(reading, p, threshold)), round(confidence, 3),
                              shown + [f"model p(question)={p['question']:.2f}"])
    if "feeling" in cues and "politeness" not in cues and not wondering_aloud and not _hypothesis_about_others(reading):
        return Classification("FEELING", [], CLASSIFIER.feeling_confidence, [f'own feeling "{cues["feeling"]}"'])
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
    """"What do you think you need to do?" asks the presenter's own plan: a question, not advice. An advice
    phrase that opens the unit ("Why don't you…", "What about referring her?") still advises."""
    wh = reading.cues.get("wh_opening", "")
    if not wh or wh.startswith(("why", "how about", "what about", "what if")):
        return False
    return reading.plain.find(advice_cue) > reading.plain.find(wh)


def _hypothesis_about_others(reading: Reading) -> bool:
    """"I feel that she is lying" / "I feel like she wants rescuing": a feeling verb before a clause is a hypothesis."""
    match = FEELING_COGNITION.search(reading.plain)
    rest = reading.plain[match.end():].split() if match else []
    return bool(rest) and rest[0] in CLAUSE_SUBJECTS


QUESTION_CUES = ("inverted_auxiliary", "wh_opening", "tell_me", "invitation", "tag", "or_choice")
QUESTION_FORMS = {"inverted_auxiliary", "wh_opening", "tag", "or_choice"}


def _question_sentence(text: str) -> str:
    """In a multi-sentence unit that asks something, the asking sentence is the one to judge."""
    if "?" not in text:
        return text
    sentences = [part for part in re.findall(r"[^.!?]*[.!?]+|[^.!?]+$", text) if part.strip()]
    asking = [part for part in sentences if "?" in part]
    return asking[-1].strip() if asking else text


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
    """Label every unit in place, with its neighbours as turn context and its measured pitch; returns the units."""
    if language not in LANGUAGES:
        raise BalintError(f"the utterance classifier has cues and training data for {', '.join(LANGUAGES)}, "
                          f"not for {language!r}")
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
