"""Units follow the codebook: split at speaker changes, sentence punctuation and pauses ≥ 1 s."""

from pyannote.core import Annotation, Segment

from balint.analysis.speech.align import units_from_words
from balint.analysis.types import Word


def who(*turns):
    annotation = Annotation()
    for start, end, speaker in turns:
        annotation[Segment(start, end)] = speaker
    return annotation


def words(*items):
    return [Word(start, end, text, 0.9) for start, end, text in items]


def test_a_speaker_change_ends_a_unit():
    units = units_from_words(words((0.0, 0.4, "Does"), (0.5, 0.9, "she"), (1.0, 1.3, "drive"), (1.5, 1.9, "Yes")),
                             who((0, 1.4, "A"), (1.4, 2.0, "B")))
    assert [(u.speaker, u.text) for u in units] == [("A", "Does she drive"), ("B", "Yes")]


def test_sentence_punctuation_ends_a_unit_but_titles_do_not():
    units = units_from_words(words((0.0, 0.3, "Mrs."), (0.3, 0.7, "Harper"), (0.8, 1.0, "came."), (1.1, 1.5, "Why?")),
                             who((0, 2, "A")))
    assert [u.text for u in units] == ["Mrs. Harper came.", "Why?"]


def test_a_pause_of_one_second_ends_a_unit():
    units = units_from_words(words((0.0, 0.5, "so"), (1.5, 1.9, "then"), (2.0, 2.3, "she"), (2.9, 3.2, "left")),
                             who((0, 4, "A")))
    assert [u.text for u in units] == ["so", "then she left"]


def test_a_word_outside_every_turn_goes_to_the_nearest_speaker():
    units = units_from_words(words((5.0, 5.3, "okay")), who((0, 2, "A"), (5.6, 7, "B")))
    assert units[0].speaker == "B"


def test_units_are_numbered_in_order_and_keep_their_words():
    units = units_from_words(words((0, 0.2, "One."), (0.3, 0.5, "Two.")), who((0, 1, "A")))
    assert [u.id for u in units] == [0, 1]
    assert units[1].words[0].text == "Two." and units[1].start == 0.3
