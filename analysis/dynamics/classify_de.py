"""German units labelled by the codebook's German cues (docs/codebook-de.md is the spec).

The English classifier's learned heads were trained on English; German has no public corpus of hedges or advice
to train on, so German is labelled by transparent cues alone, in the codebook's precedence: ADVICE > QUESTION >
FEELING > SPECULATION > OTHER. Every label carries the cue that decided it, as in English. Where the audio was
measured, a rising end makes a second-person statement a question ("Und er trinkt immer noch" ↗).

German writes the polite "you" as "Sie", which is also "she" and "they" at the start of a sentence: the cues
read the case of the recogniser's text (mid-sentence "Sie" is the polite you) and the verb's form ("Sie
könnten" advises, "sie könnte" speculates).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from balint.analysis.dynamics.classify import Classification
from balint.analysis.types import Flag

_W_WORDS = r"(wer|wen|wem|wessen|was|wann|wo|woher|wohin|warum|wieso|weshalb|weswegen|wie|wieviel|welche[rsmn]?|" \
           r"womit|wofür|worüber|woran|wozu|wodurch|seit wann|wie viele?|wie lange|wie oft|wie alt)"
_LEAD = r"^(?:(?:und|aber|also|denn|jetzt|ja|na|ok|okay|gut)\W+)*"  # "Und wie alt ist sie?"
_FINITE = ("ist", "sind", "war", "waren", "bist", "seid", "wäre", "wären", "hat", "hatte", "haben", "hatten", "hast",
           "habt", "hattest", "hätte", "hätten", "kann", "kannst", "können", "konnte", "konnten", "könnte", "könnten",
           "will", "willst", "wollen", "wollte", "wollten", "muss", "musst", "müssen", "musste", "soll", "sollte",
           "darf", "durfte", "wird", "wirst", "werden", "wurde", "würde", "würden", "gibt", "gab", "geht", "ging",
           "kommt", "kam", "nimmt", "nahm", "lebt", "wohnt", "arbeitet", "trinkt", "raucht", "weiß", "weißt", "wusste",
           "kennt", "kennst", "kennen", "tut", "tat", "macht", "machte", "sagt", "sagte", "glaubt", "glaubst", "fühlt",
           "hilft", "braucht", "bekommt", "kriegt", "spricht", "sprach", "redet", "schläft", "isst", "läuft", "fährt")
_SUBJECTS = r"(sie|er|es|du|ihr|man|der|die|das|den|dem|ein|eine|einen|jemand|ich|wir|ihre?|seine?|dein|deine|Sie)"
QUESTION_MARK = re.compile(r"\?\s*$")
W_OPENING = re.compile(_LEAD + _W_WORDS + r"\b", re.IGNORECASE)
VERB_FIRST = re.compile(_LEAD + r"(" + "|".join(_FINITE) + r")\s+" + _SUBJECTS + r"\b", re.IGNORECASE)
TAG = re.compile(r",?\s*(oder|ne|nä|gell|gelle|nicht wahr|oder nicht|stimmt's|richtig)\s*\??\s*$", re.IGNORECASE)
TELL_ME = re.compile(_LEAD + r"(erzähl|erzählen sie|erzählt|sag mal|sagen sie mal|beschreib|beschreiben sie)\b",
                     re.IGNORECASE)
WHAT_IF = re.compile(r"\bwas (wäre|würde|passiert),? wenn\b|^was,? wenn\b", re.IGNORECASE)
WHY = re.compile(_LEAD + r"(warum|wieso|weshalb|weswegen)\b", re.IGNORECASE)
PAST_AUXILIARY = re.compile(_LEAD + r"(warum|wieso|weshalb|weswegen)\s+(haben|hast|hat|habt|hatten|hattest|hätten|"
                            r"hättest|sind|bist|seid|waren|warst|wolltest|wollten|konntest|konnten|musstest|mussten|"
                            r"durftest)\b", re.IGNORECASE)
SECOND_PERSON = re.compile(r"\b(du|dich|dir|dein\w*|euch|euer\w*|ihr)\b|(?<!^)(?<![.!?]\s)\b(Sie|Ihnen|Ihr\w*)\b")

def _compiled(cues: tuple[tuple[str, str], ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((name, re.compile(pattern, re.IGNORECASE)) for name, pattern in cues)


ADVICE_CUES: tuple[tuple[str, re.Pattern[str]], ...] = _compiled((
    ("you_should", r"\b(sie|du|ihr|man) (sollten|solltest|solltet|sollte|müssten|müsstest|müsste)\b|"
                   r"\b(sollten|solltest|solltet|müssten|müsstest) (sie|du|ihr)\b|\b(sollte|müsste|muss) man\b|"
                   r"\b(er|sie) (sollte|müsste)\b"),
    ("you_must", r"\b(du musst|ihr müsst|man muss|da muss man|sie müssen (unbedingt|da|das|ihr|ihm|ihn|sie|jetzt|"
                 r"klar|einfach))\b"),
    ("you_could", r"\b(sie könnten|du könntest|ihr könntet|man könnte) (\w+ ){0,6}?(versuchen|vorschlagen|empfehlen|"
                  r"schreiben|sprechen|reden|anrufen|überweisen|schicken|geben|einschalten|abgeben|ansprechen|"
                  r"beantragen|fragen|sagen|einbeziehen|holen)\b|\b(sie könnten|du könntest) (ihr|ihm|ihn|sie) ja\b"),
    ("have_you_considered", r"\b(haben sie|hast du|habt ihr) (es )?(schon|denn schon|mal|schon mal|schon einmal) "
                            r"(\w+ ){0,6}?(überlegt|gedacht|versucht|probiert|erwogen)\b"),
    ("in_your_place", r"\ban (ihrer|deiner|eurer) stelle\b|\bich (an (ihrer|deiner) stelle )?würde (ihn|sie|es|das|die|den|"
                      r"dem|einen|eine|ein|sofort|da|direkt|dann|mal|auf jeden fall|die behandlung|beim)\b(?! (sagen|"
                      r"denken|vermuten|meinen|glauben|fragen))"),
    ("why_not", r"^(und )?(warum|wieso) nicht (einfach|mal|gleich)?\b|\b(warum|wieso) (\w+ ){1,3}nicht (einfach|mal|"
                r"doch|gleich)\b"),
    ("would_be_good", r"\b(es )?wäre (es )?(nicht )?(gut|sinnvoll|besser|hilfreich|wichtig|klug)\b|\bam besten\b|"
                      r"\bes (könnte|würde) (ihr |ihm |ihnen )?helfen\b"),
    ("next_time", r"\bbeim nächsten mal\b|\bnächstes mal (würde|sollte|könnte)"),
    ("you_need", r"\b(sie|du) (brauchen|brauchst) (unbedingt|dringend)\b"),
    ("imperative", r"^(\w+?)(e|en)? (sie |du )?(\w+ )?(doch|mal|einfach)\b(?!.*\?)"),
))
#: imperatives that ask for the case, not tell the presenter what to do ("Erzähl mal …" is a question)
NOT_ADVICE_IMPERATIVE = re.compile(r"^(erzähl|sag|beschreib|hör|schau|guck|warte|moment|na|ja|also|gut|so|und|"
                                   r"jetzt|dann|da|das|es|sie|er|ich|wir|du|mal)\w*\b", re.IGNORECASE)

FEELING_WORDS = (r"(traurig|wütend|ärgerlich|sauer|gereizt|genervt|hilflos|ohnmächtig|müde|erschöpft|berührt|bewegt|"
                 r"erschrocken|ängstlich|beklommen|schuldig|beschämt|überfordert|ungeduldig|unruhig|angespannt|gerührt|"
                 r"erleichtert|froh|dankbar|einsam|leer|verzweifelt|frustriert|irritiert|verunsichert|verwirrt|betroffen|"
                 r"bedrückt|klein|schwer|ratlos|zornig|empört|beschämt|nervös|schläfrig|aufgewühlt|hoffnungslos|wehmütig)")
FEELING_CUES: tuple[tuple[str, re.Pattern[str]], ...] = _compiled((
    ("i_feel", r"\bich (fühle|fühl) mich\b(?!,? (als|wie wenn))"),
    ("to_me", r"\bmir (wird|ist|wurde) (\w+ ){0,3}?(kalt|heiß|übel|schwer|eng|bang|elend|schlecht|komisch|mulmig|"
              r"zumute|schwindlig|flau|angst)\b|\bmir (wird|wurde) (ganz|so|richtig|ein bisschen)\b|\bmir tut (das|es) weh\b"),
    ("makes_me", r"\b(das|es|dies|sie|er) macht mich (\w+ )?" + FEELING_WORDS + r"|\bmich macht (das|es)\b|"
                 r"\bmacht mir angst\b|\b(das|es) (berührt|bewegt|ärgert|erschreckt|bedrückt|belastet) mich\b|"
                 r"\bmich (berührt|bewegt|ärgert|erschreckt|bedrückt) (das|es)\b|\bwie mich das\b"),
    ("i_sense", r"\bich spüre\b|\bich merke,? (dass|wie) (ich|mich|mir|mein)\b|\bich merke (eine|einen|ein|so eine|"
                r"richtig) \w+|\bich merke (\w+ ){0,2}in mir\b"),
    ("i_am", r"\bich bin (\w+ ){0,4}?" + FEELING_WORDS + r"\b|\bich werde (\w+ ){0,2}?" + FEELING_WORDS +
             r"|\bwerde ich (\w+ ){0,2}?" + FEELING_WORDS),
    ("i_have", r"\bich (habe|hab) (angst|mitleid|mitgefühl|wut|schuldgefühle)\b|\bich ärgere mich\b|"
               r"\b(kriege|krieg|bekomme) (ich )?(einen kloß|gänsehaut|wut|angst|bauchschmerzen)\b|\bda kriege ich\b"),
))
SPECULATION_CUES: tuple[tuple[str, re.Pattern[str]], ...] = _compiled((
    ("hedge", r"\b(vielleicht|vermutlich|möglicherweise|wahrscheinlich|eventuell|womöglich|anscheinend|offenbar|"
              r"wohl|bestimmt|sicherlich|kann sein|könnte sein)\b"),
    ("i_wonder", r"\bich frage mich\b|\bich fra(g|ge) mich\b"),
    ("i_imagine", r"\bich (stelle|stell) mir vor\b|\bich könnte mir vorstellen\b|\bich (habe|hab) (den eindruck|das gefühl|"
                  r"die fantasie|die phantasie|die vorstellung|so ein gefühl|so den eindruck)\b"),
    ("image", r"\b(mir kommt|kommt mir|mir fällt) (\w+ ){0,2}bild\b|\bein bild (\w+ ){0,3}(in den sinn|ein)\b|"
              r"\bbild von\b"),
    ("as_if", r"\bals (ob|wäre|würde|hätte|sei)\b|\bes (klingt|hört sich|wirkt|scheint|ist),? (so,? )?(als|an|dass)\b|"
              r"\bes (klingt|wirkt|scheint) so\b"),
    ("i_suppose", r"\bich (vermute|glaube|denke|nehme an|schätze|ahne)\b|\bich denke mir\b"),
    ("what_if", WHAT_IF.pattern),
    ("their_feeling", r"\b(sie|er) (muss|müsste|wird) sich (\w+ ){0,3}fühlen\b|\b(sie|er) fühlt sich\b"),
))
BACKCHANNEL = re.compile(r"^(mhm|hm|hmm|ja|jap|genau|okay|ok|gut|danke|danke schön|vielen dank|richtig|stimmt|"
                         r"ach so|aha|klar|na ja|also|ja genau|ja, genau|mhm, ja|okay, gut|ja, das stimmt)[\s.,!…]*$",
                         re.IGNORECASE)


def _first(cues: tuple[tuple[str, re.Pattern[str]], ...], text: str) -> str | None:
    return next((name for name, cue in cues if cue.search(text)), None)


def classify_german(text: str, rising_pitch: bool | None = None) -> Classification:
    """One unit's label, flags, confidence and cues, by the German cues and the codebook's precedence."""
    said = " ".join(text.replace("’", "'").split())
    question: list[str] = []
    if QUESTION_MARK.search(said) and not WHAT_IF.search(said):
        question.append("question_mark")
    for name, cue in (("w_opening", W_OPENING), ("verb_first", VERB_FIRST), ("tag", TAG), ("tell_me", TELL_ME)):
        if cue.search(said) and not (name == "w_opening" and WHAT_IF.search(said)):
            question.append(name)
    if "tag" in question and not said.rstrip().endswith("?") and not re.search(r",\s*\w+\W*$", said):
        question.remove("tag")  # "ne" or "oder" ending a statement without its comma is not a tag
    advice = _first(ADVICE_CUES, said)
    if advice == "imperative" and NOT_ADVICE_IMPERATIVE.match(said):
        advice = None
    if advice == "why_not" and PAST_AUXILIARY.search(said):
        advice = None  # "Warum haben Sie ihn nicht einfach überwiesen?" challenges what was done
    if advice:
        asked = bool(question) and advice != "imperative"
        return Classification("ADVICE", ["question_form"] if asked else [], 0.85, [f"de:{advice}"] + question)
    if question:
        flags: list[Flag] = ["open"] if {"w_opening", "tell_me"} & set(question) else ["closed"]
        if WHY.search(said) and SECOND_PERSON.search(said):
            flags.append("why_challenge")
        strong = {"question_mark", "w_opening", "verb_first"} & set(question)
        return Classification("QUESTION", flags, 0.9 if strong else 0.7, [f"de:{q}" for q in question])
    feeling = _first(FEELING_CUES, said)
    if feeling:
        return Classification("FEELING", [], 0.85, [f"de:{feeling}"])
    speculation = _first(SPECULATION_CUES, said)
    if speculation:
        return Classification("SPECULATION", [], 0.8, [f"de:{speculation}"])
    if rising_pitch and SECOND_PERSON.search(said) and len(said.split()) <= 14:
        return Classification("QUESTION", ["closed"], 0.6, ["de:rising_end", "de:second_person"])
    if BACKCHANNEL.match(said):
        return Classification("OTHER", [], 0.9, ["de:backchannel"])
    return Classification("OTHER", [], 0.6, [])


def classify_german_batch(texts: Sequence[str], rising: Sequence[bool | None] | None = None) -> list[Classification]:
    rising = rising or [None] * len(texts)
    return [classify_german(text, up) for text, up in zip(texts, rising)]
