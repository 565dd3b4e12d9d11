"""The codebook (shared/docs/codebook.md) as executable examples, plus how real transcripts look."""

import numpy as np
import pytest

from balint.analysis.dynamics.classify import classify
from balint.models.utterance_model import WEIGHTS_PATH, TurnContext, default_question_model

WORKED_EXAMPLES = [
    ("How long has she been coming to see you?", "QUESTION", {"open", "fact_seeking"}),
    ("Did you check her thyroid?", "QUESTION", {"closed", "fact_seeking"}),
    ("Why didn't you just refer him?", "QUESTION", {"open", "why_challenge"}),
    ("So he came back the same afternoon?", "QUESTION", {"closed"}),
    ("Maybe she needs him to fail her, like her father did.", "SPECULATION", set()),
    ("I wonder whether he's the one who feels abandoned.", "SPECULATION", set()),
    ("I imagine her sitting in the car park for an hour before coming in.", "SPECULATION", set()),
    ("Listening to this I feel really tired, almost sleepy.", "FEELING", set()),
    ("I'm a bit angry with her, to be honest.", "FEELING", set()),
    ("I feel like she's testing him.", "SPECULATION", set()),
    ("You should set a limit on the length of the visits.", "ADVICE", set()),
    ("Have you thought about a referral to psychiatry?", "ADVICE", {"question_form"}),
    ("Mm-hmm.", "OTHER", set()),
    ("Right.", "OTHER", set()),
    ("Let's put the questions aside now and just think about her.", "OTHER", set()),
]
COUNTER_EXAMPLES = [  # the table's "not this label" column
    ("I wonder whether she feels abandoned.", "SPECULATION"),
    ("She is 54.", "OTHER"),
    ("You should ask her.", "ADVICE"),
    ("I wonder what would happen if she were referred", "SPECULATION"),
    ("I feel that she is lying", "SPECULATION"),
    ("I feel like she wants rescuing", "SPECULATION"),
    ("She must feel lonely", "SPECULATION"),
    ("She came in on Monday.", "OTHER"),
    ("Let's start.", "OTHER"),
    ("We have ten minutes left.", "OTHER"),
]


@pytest.mark.parametrize("text, label, flags", WORKED_EXAMPLES)
def test_worked_example(text, label, flags):
    result = classify(text)
    assert result.label == label, result
    assert set(result.flags) == flags, result
    assert result.cues and 0 < result.confidence <= 1


@pytest.mark.parametrize("text, label", COUNTER_EXAMPLES)
def test_counter_example(text, label):
    assert classify(text).label == label


@pytest.mark.parametrize("text, label, _", [e for e in WORKED_EXAMPLES if e[0] != "So he came back the same afternoon?"])
def test_worked_example_as_an_unpunctuated_lower_case_transcript(text, label, _):
    plain = "".join(ch for ch in text.lower() if ch.isalnum() or ch in " '")
    assert classify(plain).label == label, plain


def test_a_declarative_question_without_a_question_mark_needs_the_rising_pitch():
    assert classify("so he came back the same afternoon", rising_pitch=True).label == "QUESTION"
    assert "rising final pitch" in classify("so he came back the same afternoon", rising_pitch=True).cues


@pytest.mark.parametrize("text", [
    "um did you uh did you check her thyroid",
    "so you know what did she um what did she say when you told her",
    "and and how old is she",
])
def test_disfluent_questions(text):
    result = classify(text)
    assert result.label == "QUESTION" and "fact_seeking" in result.flags, result


def test_very_short_units():
    assert classify("Why?").label == "QUESTION"
    assert classify("mm-hmm").label == "OTHER"
    assert classify("").label == "OTHER"
    assert classify("   ...  ").label == "OTHER"


def test_a_long_turn_ending_in_a_question_is_a_question():
    text = ("She came in on Monday again with the same pain. I'd seen her the week before and the bloods "
            "were normal. Did you do the bloods again this time?")
    result = classify(text)
    assert result.label == "QUESTION" and "fact_seeking" in result.flags


def test_a_very_long_line_is_judged_on_its_opening_and_does_not_hang():
    assert classify("she told me about her husband and " * 30000).label in {"OTHER", "SPECULATION"}


def test_advice_outranks_question_and_question_outranks_feeling():
    assert classify("Why don't you just refer her?").label == "ADVICE"
    assert classify("Do you feel angry with her?").label == "QUESTION"


def test_turn_context_turns_a_tag_into_a_question():
    """'right' after one's own statement, answered by someone else, asks; alone it acknowledges."""
    model = default_question_model()
    asked = model.probability(["right"], TurnContext(previous_same_speaker=True, next_other_speaker=True,
                                                     next_first_word="yeah"))
    acknowledged = model.probability(["right"], TurnContext(previous_same_speaker=False, next_other_speaker=False))
    assert asked > 3 * acknowledged
    assert classify("right", TurnContext(previous_same_speaker=False, next_other_speaker=False)).label == "OTHER"


def test_the_weights_load_without_pickle():
    with np.load(WEIGHTS_PATH, allow_pickle=False) as data:
        assert all(data[name].dtype != object for name in data.files)
