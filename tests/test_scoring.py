from balint.analysis.evaluation import normalise_words, word_error_rate


def test_normalisation_ignores_case_punctuation_and_digit_spelling():
    assert normalise_words("She's 54, isn't she?") == ["she's", "fifty", "four", "isn't", "she"]


def test_word_error_rate_counts_substitutions_insertions_and_deletions():
    assert word_error_rate("the cat sat", "the cat sat") == 0
    assert word_error_rate("the cat sat", "the bat sat") == 1 / 3
    assert word_error_rate("the cat sat", "the cat") == 1 / 3
    assert word_error_rate("the cat", "the cat sat down") == 1.0
