"""How the utterance classifier reads words: tokens, the codebook's cues, turn context, hashed features.

One definition for training (`tools/train_utterance_heads.py`), the product
(`analysis/dynamics/classify.py`) and the benchmarks: `read_unit` finds the codebook's cues once per
unit (the "why" a report shows), `cue_matrix` turns them into the heads' first columns, and
`feature_ids` hashes words, word pairs, opening and closing words, cues, length and context for
the heads in `utterance_heads.py`, beside the sentence embedding.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

HASH_BITS = 18

FILLERS = {"um", "uh", "er", "erm", "ah", "hmm", "mm", "mhm", "uhm", "eh"}
OPENERS = {"so", "and", "but", "well", "okay", "ok", "oh", "now", "then", "alright", "yeah", "like", "right", "anyway"}
AUXILIARIES = {
    "do", "does", "did", "is", "are", "was", "were", "have", "has", "had", "can", "could", "will", "would",
    "should", "shall", "may", "might", "must", "am", "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't",
    "didn't", "haven't", "hasn't", "hadn't", "can't", "couldn't", "won't", "wouldn't", "shouldn't",
}
SUBJECTS = {
    "you", "she", "he", "they", "it", "we", "i", "there", "that", "this", "the", "her", "his", "your", "their",
    "anyone", "anybody", "someone", "somebody", "everyone", "any", "a", "mrs", "mr", "these", "those",
}
WH_WORDS = {"what", "why", "how", "when", "where", "who", "whom", "whose", "which"}
TAG_ENDINGS = {
    ("right",), ("isn't", "it"), ("didn't", "you"), ("don't", "you"), ("wasn't", "it"), ("aren't", "you"),
    ("is", "it"), ("did", "you"), ("did", "she"), ("did", "he"), ("didn't", "she"), ("didn't", "he"),
    ("doesn't", "she"), ("doesn't", "he"), ("isn't", "she"), ("isn't", "he"), ("wasn't", "she"), ("correct",),
    ("no",), ("yes",), ("eh",), ("huh",), ("okay",), ("ok",),
}

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_REQUEST = re.compile(r"\b(tell me|can you say|could you say|i was wondering if you|do you know|any idea)\b")


def tokens_of(text: str) -> list[str]:
    """Lower-case words, fillers dropped, immediate repeats ("did you did you") collapsed."""
    out = [w for w in _TOKEN.findall(text.lower().replace("’", "'")) if w not in FILLERS]
    # collapse a repeated one- or two-word start of a repair: "did you - did you check" → "did you check"
    for size in (2, 1):
        i = 0
        while i + 2 * size <= len(out):
            if out[i : i + size] == out[i + size : i + 2 * size]:
                del out[i : i + size]
            else:
                i += 1
    return out


SAME_SPEAKER_GAP_S = 1.5  # a unit this soon after the same speaker's continues their turn
REPLY_GAP_S = 2.0  # another speaker this soon after a unit replies to it


def turn_contexts(units: list[tuple[str, float, float, str]]) -> list[TurnContext]:
    """Contexts for (speaker, start, end, text) units in time order: one definition for training and use."""
    contexts = []
    for i, (speaker, start, end, _) in enumerate(units):
        before = units[i - 1] if i > 0 else None
        after = units[i + 1] if i + 1 < len(units) else None
        reply = tokens_of(after[3]) if after else []
        contexts.append(TurnContext(
            previous_same_speaker=before is not None and before[0] == speaker and start - before[2] < SAME_SPEAKER_GAP_S,
            next_other_speaker=after is not None and after[0] != speaker and after[1] - end < REPLY_GAP_S,
            next_first_word=reply[0] if reply else None,
        ))
    return contexts


def content_start(tokens: list[str]) -> int:
    """Index of the first word after discourse openers ("so", "and", "well", "you know", …)."""
    i = 0
    while i < len(tokens):
        if tokens[i] in OPENERS:
            i += 1
        elif tokens[i : i + 2] in (["you", "know"], ["i", "mean"], ["sort", "of"], ["kind", "of"]):
            i += 2
        else:
            break
    return i


QUESTION_CUE_NAMES = ("inverted_auxiliary", "wh_opening", "tell_me", "tag", "or_choice")


def question_cues(tokens: list[str]) -> dict[str, str]:
    """The codebook's lexical question cues found in the unit, name → the words that showed it."""
    cues: dict[str, str] = {}
    start = content_start(tokens)
    head = tokens[start : start + 2]
    if len(head) == 2 and head[0] in AUXILIARIES and head[1] in SUBJECTS:
        cues["inverted_auxiliary"] = " ".join(head)
    if head and head[0].split("'")[0] in WH_WORDS and not (len(head) == 2 and head[1] in {"i", "we"}):  # "what's" too
        cues["wh_opening"] = " ".join(tokens[start : start + 2])
    if head[:2] == ["how", "come"]:
        cues["wh_opening"] = "how come"
    text = " ".join(tokens)
    request = _REQUEST.search(text)
    if request:
        cues["tell_me"] = request.group()
    if len(tokens) >= 3:
        for size in (2, 1):
            if tuple(tokens[-size:]) in TAG_ENDINGS:
                cues["tag"] = " ".join(tokens[-size:])
                break
    if re.search(r"\bor (not|what|something|anything)$", text) or (" or " in f" {text} " and "inverted_auxiliary" in cues):
        cues["or_choice"] = "or"
    return cues


@dataclass(frozen=True)
class TurnContext:
    """Where a unit sits in the conversation, when known: questions draw answers, tags follow statements."""

    previous_same_speaker: bool | None = None  # the unit before was the same speaker's, within SAME_SPEAKER_GAP_S
    next_other_speaker: bool | None = None  # someone else speaks next, within 2 s
    next_first_word: str | None = None  # the first word of that reply


def _hash(feature: str) -> int:
    return zlib.crc32(feature.encode()) & ((1 << HASH_BITS) - 1)


def feature_ids(reading: Reading, context: TurnContext | None = None) -> list[int]:
    """Hashed feature indices for one unit: words, word pairs, opening/closing words, cues, length, context."""
    tokens = reading.tokens
    start = content_start(tokens)
    core = tokens[start:]
    names = [f"w={w}" for w in core]
    names += [f"b={a}_{b}" for a, b in zip(core, core[1:])]
    if core:
        names += [f"first={core[0]}", f"first2={'_'.join(core[:2])}", f"first3={'_'.join(core[:3])}",
                  f"last={core[-1]}", f"last2={'_'.join(core[-2:])}"]
    names.append(f"len={min(len(core), 12) if len(core) < 12 else 12 + min(len(core) // 10, 5)}")
    cues = [name for name in reading.cues if name in QUESTION_CUE_NAMES]  # read once, by read_unit
    names += [f"cue={name}" for name in cues]
    if context is not None:
        last = core[-1] if core else ""
        for flag, value in (("prev_same", context.previous_same_speaker), ("next_other", context.next_other_speaker)):
            if value is not None:
                names += [f"ctx:{flag}={value}", f"ctx:{flag}={value}|last={last}", f"ctx:{flag}={value}|n={min(len(core), 4)}"]
                names += [f"ctx:{flag}={value}|cue={name}" for name in cues]
        if context.next_other_speaker and context.next_first_word:
            names += [f"ctx:reply={context.next_first_word}", f"ctx:reply={context.next_first_word}|last={last}"]
    names.append("bias")
    return sorted({_hash(name) for name in names})  # present or not: a word said fifty times is not fifty times the cue


# The codebook's cues (shared/docs/codebook.md): the "why" a report shows, and the first columns every head reads.
MAX_UNIT_CHARS = 4000  # longer units are judged on their first 4,000 characters (a monologue, not a question)
EMOTIONS = (
    "sad|sadness|angry|anger|irritated|irritation|annoyed|helpless|helplessness|anxious|anxiety|tired|"
    "sleepy|exhausted|drained|frustrated|frustration|guilty|ashamed|shame|scared|afraid|frightened|fear|"
    "uncomfortable|uneasy|confused|overwhelmed|bored|hopeless|protective|tense|"
    "tension|heaviness|relieved|happy|tender|furious|worried|nervous|lonely|"
    "despair|irritable|impatient|resentful|embarrassed|disgusted|defensive|powerless|"
    "sorry|pity|compassion|tightness|tearful|teary|restless|agitated|dread|dreading|"
    "disappointed|hopeful|excited|ambivalent|inadequate|incompetent|"
    "suffocated|rejected|abandoned|defeated|weary|heavy-hearted|emotional|shaken|sympathetic|envious|jealous|"
    "fed up|gutted|heartbroken|devastated|miserable|distressed|panicky|"
    # words with another sense besides the feeling: "I moved to Leeds", "I upset her", "I had to cross the road"
    "moved(?! (to|into|in|out|back|away|from|on|over|house|here|there|around)\\b)|touched(?! (it|the|her|him|them|my|his|on)\\b)|"
    "(upset|hurt)(?! (her|him|them|you|his|their|the|my)\\b)|cross(?! (the|a|over|it|that|this|my|to|off|out)\\b)"
)
#: Words that name a feeling only after "feel": "I was stuck in traffic", "I have lost weight", "a sick note".
FELT_ONLY = "sick|nauseous|lost|stuck|heavy|warm|numb|empty|torn|useless|trapped|exposed|cold|small|curious"
#: Formulas that borrow feeling words: apologies, condolences, regret and willingness as politeness, not the
#: speaker's feeling. "I'm sorry" apologises ("I'm sorry, sir", "I'm sorry to hear that") unless it pities someone.
POLITENESS = re.compile(
    r"\b(i'm|i am) (so |very |really |terribly |awfully |truly )?sorry\b(?! for (her|him|them|his|their|that poor|"
    r"the (patient|woman|man|girl|boy|family|child|kids?|mother|father|wife|husband|parents)\b))|^sorry\b|"
    r"\b(i'm|i am) afraid(,| (that|we|i|you|it|there|not|so|this|the|he|she|they)\b)|"
    r"\bi'd be (happy|glad|delighted|pleased) to\b|\b(i'm|i am) (happy|glad|pleased) to (go|present|help|do|take|start|"
    r"say|see|hear|join|answer|come|leave|stay|wait)\b|\b(i'm|i am) (curious|interested) (what|how|about|whether|if|why|to)\b")
OTHERS = "she|he|they|her|him|his|it|the|you|we|their|them|patient|wife|husband|mother|father|daughter|son"  # whose feeling
BODY = "stomach|chest|throat|heart|shoulders|neck|jaw|body|tummy|gut"

ADVICE = re.compile(
    r"\b((?<!what )(?<!much )(?<!like )you (really |just |probably |definitely )?(should|shouldn't|ought to|need to|"
    r"must(?! have been| have had)|have to|have got to|got to|gotta|"
    r"(could|might|may|can) (also |always |even )?(want to|try|consider|think about|refer|offer|ask|set|book|suggest|"
    r"talk to|speak to|speak with|reach out)|"
    # "you can always come to me" offers the speaker's own help: no advice on what to do
    r"(could|can) always(?! (come|talk|call|ring|ask|speak|reach out|get in touch|contact|email|text)( back)?( to| with)?"
    r" (me|us)\b))|you've got to|(you're|you are) (gonna|going to) (need|have) to|"
    r"(maybe|perhaps) you (could|can|might) (just |also )?(go|get|find|take|make|write|call|let|start|stop|look|join|"
    r"keep|spend|give|put|plan|practise|practice|try|talk to|speak to|speak with|ask|reach out|consider|see|contact)|"
    r"do you think you (could|might|can) (just |also )?(try|talk to|speak to|speak with|ask|reach out|consider|"
    r"contact|refer|offer|set|book|suggest)|"
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
    r"(it's|it is|it would be|it'd be) important (that you|for you to)(?! (know|understand|realise|realize|hear))|"
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
    rf"\b(drives?|drove|driving) me (crazy|mad|nuts|up the wall|round the bend|insane)\b|"
    rf"\bmy ({BODY})( \w+){{0,2}} (tightened|tight|sank|sinks|churning|dropped|hurts|ached|clenched|racing|heavy)\b|"
    rf"\bi (notice|noticed|feel|felt|have|had) (a|an|this|some) (\w+ )?(heaviness|tightness|knot|lump|tension|sadness|"
    rf"anger|irritation|ache|weight|sinking)\b"
)
#: Where the speaker's own feeling would be named, whatever the word: "I feel stupid", "it leaves me feeling a bit
#: hopeless", "part of me feels ashamed", "I'm so relieved". The learned feeling head decides whether the word that
#: follows names a feeling ("I'm really busy" does not); the codebook's list (FEELING) needs no frame.
DEGREE = "so|really|very|quite|a bit|a little|a little bit|kind of|sort of|rather|pretty|just|totally|completely|" \
    "absolutely|still|getting|increasingly|somewhat|bloody|fairly|incredibly|terribly|deeply|slightly"
NOT_A_FEELING_WORD = r"(?!(?:like|that|as|if|it|this|the|a|an|she|he|they|you|we|there|what|how|when|about|to|not|" \
    r"going|gonna|trying|saying|thinking|doing|sure|here|back|in|on|at|with|from|of|and|but|so|i|i'm|my|me)\b)"
FEELING_FRAME = re.compile(
    rf"\b(i|part of me|something in me)( \w+){{0,2}} (feel|felt|feels|feeling|get|got|getting|become|became|grow|grew)"
    rf"(?: (?:{DEGREE}))* {NOT_A_FEELING_WORD}\w+|"
    rf"\b(i'm|i am|i was|i've been|i have been)(?: (?:{DEGREE}))+ {NOT_A_FEELING_WORD}\w+|"
    rf"\b(makes?|made|making|leaves?|left|leaving|drives?|drove|driving|gets?|got) me( feel| feeling)?"
    rf"(?: (?:{DEGREE}))* {NOT_A_FEELING_WORD}\w+"
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
    "politeness", "feeling_frame",
)
PUNCTUATION = re.compile(r"[.,?!;:]")


@dataclass(frozen=True)
class Reading:
    """One unit as the cues see it: the sentence judged, its words, and each cue found with the words that showed it."""

    text: str
    tokens: list[str]
    plain: str
    opening: str
    cues: dict[str, str]


def read_unit(text: str, max_chars: int = MAX_UNIT_CHARS) -> Reading:
    """The codebook's cues in one unit; a unit of several sentences that asks is judged by its asking sentence."""
    whole = text[:max_chars]
    text = question_sentence(whole)
    tokens = tokens_of(text)
    plain = " ".join(tokens)
    opening = " ".join(tokens[content_start(tokens):])
    cues: dict[str, str] = {}
    if "?" in text:
        cues["question_mark"] = "?"
    if STATEMENT_END.search(text):
        cues["statement_end"] = text.rstrip()[-1]
    cues.update(question_cues(tokens))
    lowered = text.lower().replace("’", "'")
    polite = POLITENESS.search(lowered)
    # a feeling is looked for outside the formulas: "I'm sorry, I'm just so angry with her" still voices one
    unformulaic = " ".join(tokens_of(POLITENESS.sub(" , ", lowered))) if polite else plain
    for name, pattern, where in (("invitation", INVITATION, opening), ("quoted_question", QUOTED_QUESTION, plain),
                                 ("advice", ADVICE, plain), ("advice_imperative", ADVICE_IMPERATIVE, opening),
                                 ("feeling", FEELING, unformulaic), ("feeling_frame", FEELING_FRAME, unformulaic),
                                 ("feeling_cognition", FEELING_COGNITION, plain),
                                 ("speculation", SPECULATION, plain), ("wonder", WONDER_STATEMENT, plain),
                                 ("second_person", SECOND_PERSON, plain), ("why_challenge", WHY_CHALLENGE, plain),
                                 ("fact_seeking", FACT_SEEKING, plain)):
        match = pattern.search(where)
        if match:
            cues[name] = match.group().strip()
    if any(FIRST_PERSON.match(token) for token in tokens):
        cues["first_person"] = "I"
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
    cut_off = bool(re.search(r"[\-–—]\s*$", text))
    short_trail = (text.rstrip().endswith(",") or tokens[-1:] == ["or"]) and len(tokens) - content_start(tokens) <= 3
    hanging = cut_off or short_trail
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


def question_sentence(text: str) -> str:
    """In a multi-sentence unit that asks something, the asking sentence is the one to judge."""
    if "?" not in text:
        return text
    sentences = [part for part in re.findall(r"[^.!?]*[.!?]+|[^.!?]+$", text) if part.strip()]
    asking = [part for part in sentences if "?" in part]
    return asking[-1].strip() if asking else text


def binary_scores(truth: Sequence[bool], predicted: Sequence[bool]) -> dict[str, float]:
    """Precision, recall and F1 of one yes/no decision: one definition for training, tests and benchmarks."""
    tp = sum(bool(t) and bool(p) for t, p in zip(truth, predicted))
    positives, predicted_positives = sum(map(bool, truth)), sum(map(bool, predicted))
    precision, recall = tp / max(1, predicted_positives), tp / max(1, positives)
    return {"precision": round(precision, 4), "recall": round(recall, 4),
            "f1": round(2 * precision * recall / max(1e-9, precision + recall), 4),
            "support": positives, "n": len(truth)}


def mrda_codebook_question(row: dict) -> bool:
    """An MRDA unit the codebook calls a question: not "what?" (`br`, a request to repeat) nor "really?" (`bh`, a
    backchannel in a question's form, as SwDA and the codebook have it). One definition for training and scoring."""
    return bool(row["is_question"]) and not {"br", "bh"} & set(row["da_specific"])
