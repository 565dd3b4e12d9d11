"""The voice's question mark (codebook: "declarative with rising end"): a measured rise makes a question of a
declarative the recogniser wrote with a full stop, unless its words make a question implausible; real people's
statements that happen to rise stay statements."""

import json
import os
import subprocess
import sys

import pytest

from balint.analysis.dynamics.classify import classify, classify_batch
from tests.conftest import ROOT

CODEBOOK_DECLARATIVE = "So he came back the same afternoon."


def test_a_rising_declarative_is_a_closed_question_and_a_falling_one_a_statement():
    asked = classify(CODEBOOK_DECLARATIVE, rising_pitch=True)
    assert asked.label == "QUESTION" and "closed" in asked.flags and "rising final pitch" in asked.cues
    assert classify(CODEBOOK_DECLARATIVE, rising_pitch=False).label == "OTHER"
    assert classify(CODEBOOK_DECLARATIVE).label == "OTHER"  # no audio: the full stop stands


@pytest.mark.parametrize("text", ["Let's put the questions aside now and just think about her.", "Please go ahead.",
                                  "I'm Sheila, from Chicago.", "Hello.", "I think there should be a break.",
                                  "And then she told me about her mother, her sister, her brother and the neighbours "
                                  "who had all stopped visiting."])
def test_a_rise_does_not_make_procedure_greetings_hedges_or_narration_ask(text):
    assert classify(text, rising_pitch=True).label != "QUESTION", text


@pytest.mark.parametrize("text", ["or,", "So what, what, uh,", "didn't, uh, you know,", "and the-"])
def test_fragments_left_hanging_are_other(text):
    assert classify(text).label == "OTHER", text


@pytest.mark.parametrize("text", ["Really?", "Oh, really?", "Is that right?"])
def test_news_acknowledged_in_a_questions_form_is_a_backchannel(text):
    assert classify(text).label == "OTHER", text


def test_a_question_form_cut_short_still_asks():
    assert classify("Is there much more in it than he").label == "QUESTION"


@pytest.mark.slow
def test_declaratives_told_by_intonation_alone_through_balint_analyse_and_real_statements_that_rise(data_dir):
    """espeak reads each frozen test line as a question and as a statement; the recogniser writes full stops."""
    done = subprocess.run([sys.executable, "benchmarks/intonation.py"], capture_output=True, text=True, timeout=600,
                          cwd=ROOT, env={**os.environ, "BALINT_DATA": str(data_dir)})
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    spoken = printed["frozen_test_lines_through_balint_analyse"]
    asked = int(spoken["declarative_questions_called_question"].split(" of ")[0])
    kept = int(spoken["statements_kept_apart"].split(" of ")[0])
    assert asked >= 16 and kept >= 19, spoken  # ≥ 0.80 and ≥ 0.95 of 20 each
    real = printed["real_speech_units"]
    assert real["statements_called_question"] <= 8, real  # measured 6 of 55 real statements, 19 of which "rise"


def test_the_classifier_reads_a_whole_batch_with_and_without_pitch_alike():
    texts = [CODEBOOK_DECLARATIVE, "Did she come back?", "She came back."]
    one_by_one = [classify(t, rising_pitch=r) for t, r in zip(texts, [True, None, False])]
    assert classify_batch(texts, None, [True, None, False]) == one_by_one
