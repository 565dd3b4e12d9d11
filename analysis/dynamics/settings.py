"""Every threshold of the session logic, with the codebook's defaults: printed in each report and kept in
session.json, so a supervisor can see what produced a number and a re-render uses the same values."""

from __future__ import annotations

from dataclasses import dataclass

from balint.models.utterance_model import MAX_UNIT_CHARS, REPLY_GAP_S, SAME_SPEAKER_GAP_S


@dataclass(frozen=True)
class PatternSettings:
    presenter_answers_within_s: float = 3.0  # the presenter speaking next within this makes a question theirs
    answer_within_turns: int = 2  # … or, if it says "you", answering within this many turns
    episode_min_questions: int = 3
    episode_max_gap_s: float = 60.0  # between one question to the presenter and the next (a phase change also splits)
    clarifying_planned_min: float = 10.0  # a clarifying episode running past this is flagged
    why_challenges_to_flag: int = 2  # … as is one holding this many "why" challenges
    silence_s: float = 10.0
    # roles: who presents
    min_presentation_s: float = 25.0  # a monologue shorter than this is not a case presentation…
    short_presentation_s: float = 12.0  # …unless it is at least this long and dwarfs every other early monologue
    short_presentation_dominance: float = 3.0  # (this many times the next longest): a brief case is still a case
    backchannel_s: float = 2.0  # someone else's unit this short ("mm-hmm") does not interrupt a monologue
    floor_held_s: float = 5.0  # once it has run this long
    # phases, when the leader did not mark them
    presenter_quiet_share: float = 0.15  # the presenter is "pushed back" holding less than this of the next minute
    quiet_lookahead_s: float = 60.0
    presenter_return_gap_s: float = 30.0  # presenter silent this long in the discussion, then speaks: the return
    return_invitation_s: float = 10.0  # the leader's words this close before the return belong to it
    closing_leader_share: float = 0.5  # the leader holds at least this of the talk after the presenter's last words
    closing_min_s: float = 5.0
    # the leader's moves
    opening_window_s: float = 15.0  # a leader's move this close to a phase's start opened it (the nearest start wins)
    # feedback wording
    timely_redirect_s: float = 30.0  # a redirect within this after the second question is called timely
    small_leader_share: float = 0.2  # a leader share up to this "leaves the room to the group"
    presenter_discussion_near_zero_s: float = 30.0  # the presenter's talk in the discussion up to this is "near zero"
    broad_contribution_share: float = 0.6  # share of speaking members offering speculation or feeling called broad
    tentative_role_confidence: float = 0.5  # roles inferred below this are flagged for checking


@dataclass(frozen=True)
class ClassifierSettings:
    """The utterance classifier's fixed thresholds around its learned heads (whose own thresholds are in the model
    card): kept in session.json and printed in the report like the session logic's."""

    max_chars: int = MAX_UNIT_CHARS  # longer units are judged on their first 4,000 characters (a monologue, not a question)
    rise_max_words: int = 12  # a rising end counts for less on a longer unit (models/intonation.json has the weights)
    # the question head's operating point, chosen on the whole classifier's decisions (cascade, rules, full stop):
    # MRDA's val meetings F1 0.945, the calibrate parts of counselling 0.884 and telephone 0.80 (the head's own best
    # F1 on MRDA val, 0.53, lost declaratives written with "?": 0.939 / 0.882 / 0.79)
    question_threshold: float = 0.4
    # the speculation head's operating point: specificity 0.914 on the reviews' validation half (calibrate part,
    # benchmarks/validation_halves.py), over the 0.90 the label must keep, recalling 0.80 of spoken hedges there
    # (0.10 gave 0.937 and 0.77; its best F1 on BioScope, 0.24, far less)
    speculation_threshold: float = 0.08
    # the advice head's probability that stands for advice without a codebook cue: on the counselling calibrate part,
    # the head alone found no advice above 0.8, only information giving ("We don't really recommend that. The idea is…")
    advice_without_cue: float = 0.98
    # p(feeling) where the speaker names their own feeling: with a word of the codebook's list, and with any other
    # word in its place ("I feel stupid"); chosen on spoken dialogue (benchmarks/spoken_feelings.py, calibrate part)
    feeling_named: float = 0.3
    feeling_in_frame: float = 0.9
    rule_confidence: float = 0.8  # a codebook rule (a quoted question, a politeness formula) over the heads
    statement_question: float = 0.9  # p(question) that outweighs a full stop on a unit without a question's form
    same_speaker_gap_s: float = SAME_SPEAKER_GAP_S  # turn context: the same speaker continuing
    reply_gap_s: float = REPLY_GAP_S  # turn context: another speaker replying


CLASSIFIER = ClassifierSettings()
