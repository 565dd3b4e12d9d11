"""Who holds the floor: the runs that roles and phases are read from."""

from balint.analysis.dynamics.roles import infer_presenter, monologue_runs, presentation_run
from balint.analysis.dynamics.settings import PatternSettings
from balint.analysis.types import Unit


def units(*turns: tuple[str, float, float]) -> list[Unit]:
    return [Unit(i, speaker, start, end, "…") for i, (speaker, start, end) in enumerate(turns)]


def test_a_presentation_that_opens_with_short_sentences_begins_with_them():
    """After the leader's short "Please go ahead.", the presenter's "This is about a patient." (1.6 s) and
    "I will call her Mrs H." (1.4 s) open the presentation; they were taken for interjections in the
    leader's talk, and the presentation began 3.6 s late (issue 20's re-rendered demo)."""
    runs = monologue_runs(units(("L", 1.3, 6.8), ("P", 7.8, 9.5), ("L", 10.0, 11.4),
                                ("P", 13.4, 14.9), ("P", 15.0, 16.4), ("P", 16.9, 76.9)), PatternSettings())
    assert runs[-1] == ("P", 13.4, 76.9)


def test_a_backchannel_inside_a_monologue_does_not_interrupt_it():
    runs = monologue_runs(units(("P", 0.0, 20.0), ("M", 20.2, 20.8), ("P", 21.0, 40.0)), PatternSettings())
    assert runs == [("P", 0.0, 40.0)]


def test_a_short_answer_at_the_end_of_someone_elses_talk_is_a_turn():
    """The floor passes: the next speaker's short unit is theirs, not an interjection, when the first does not resume."""
    runs = monologue_runs(units(("P", 0.0, 20.0), ("L", 20.5, 21.5), ("M", 22.0, 30.0)), PatternSettings())
    assert [run[0] for run in runs] == ["P", "L", "M"]


def test_a_brief_case_presentation_is_found_when_it_dwarfs_every_other_monologue():
    """A 20 s presentation among 4 s remarks is the case (written and short real sessions have them); a 13 s
    monologue beside 6 s ones is not."""
    brief = units(("L", 0.0, 4.0), ("P", 5.0, 25.0), ("L", 26.0, 30.0), ("M", 31.0, 35.0), ("P", 36.0, 38.0))
    assert infer_presenter(brief, PatternSettings())[0] == "P"
    assert presentation_run(brief, "P", PatternSettings()) == (5.0, 25.0)
    no_dwarf = units(("L", 0.0, 6.0), ("P", 7.0, 20.0), ("M", 21.0, 27.0), ("L", 28.0, 29.0))
    assert infer_presenter(no_dwarf, PatternSettings())[0] is None
