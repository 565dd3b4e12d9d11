"""Every threshold of the session logic, with the codebook's defaults: printed in each report and kept in
session.json, so a supervisor can see what produced a number and a re-render uses the same values."""

from __future__ import annotations

from dataclasses import dataclass


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
    min_presentation_s: float = 25.0  # a monologue shorter than this is not a case presentation
    backchannel_s: float = 2.0  # someone else's unit this short ("mm-hmm") does not interrupt a monologue
    # phases, when the leader did not mark them
    presenter_quiet_share: float = 0.15  # the presenter is "pushed back" holding less than this of the next minute
    quiet_lookahead_s: float = 60.0
    presenter_return_gap_s: float = 30.0  # presenter silent this long in the discussion, then speaks: the return
    return_invitation_s: float = 10.0  # the leader's words this close before the return belong to it
    closing_leader_share: float = 0.5  # the leader holds at least this of the talk after the presenter's last words
    closing_min_s: float = 5.0
    # feedback wording
    timely_redirect_s: float = 30.0  # a redirect within this after the second question is called timely
    small_leader_share: float = 0.2  # a leader share up to this "leaves the room to the group"
    broad_contribution_share: float = 0.6  # share of speaking members offering speculation or feeling called broad
    tentative_role_confidence: float = 0.5  # roles inferred below this are flagged for checking
