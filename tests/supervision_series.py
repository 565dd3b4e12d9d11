"""Six supervised sessions of one leader in training, written to the codebook, in which the leader improves.

Every session has the same shape (call for a case, presentation, clarifying questions, the presenter pushed
back, discussion, the presenter's return, closing) and the same people, who have names, as in a real
transcript. Early on, members question the presenter during the discussion and the leader takes long to
redirect, talks a lot and lets advice through; by the sixth session the discussion holds speculation and
feelings, a tolerated silence, and no questions to the presenter. Times come from word counts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

LEADER, PRESENTER = "Ruth", "Sam"
MEMBERS = ("Anna", "Ben", "Chloe", "Dev")
PEOPLE = (LEADER, PRESENTER, *MEMBERS)
GROUP, LEADER_NAME = "Tuesday GP group", "Dr Ruth Lee"
DATES = ("2026-01-06", "2026-01-20", "2026-02-03", "2026-02-17", "2026-03-03", "2026-03-17")


@dataclass(frozen=True)
class Progress:
    """How session k went: the leader's habits the supervisor is watching."""

    questions_in_discussion: int  # questions put to the presenter after the chair was pushed back
    answers_before_redirect: int  # how many of them the leader let through before redirecting
    leader_remarks: int  # the leader's own contributions to the discussion
    advice: int
    speculation: int
    feelings: int
    silence_s: float  # a silence held in the discussion (0: none)
    invitations: int  # the leader asking the group in (docs/leader-moves.md)


SERIES = (
    Progress(5, 5, 5, 3, 2, 1, 0, 0),
    Progress(4, 4, 4, 2, 3, 1, 0, 0),
    Progress(4, 3, 3, 2, 3, 2, 0, 1),
    Progress(3, 2, 2, 1, 4, 2, 12, 1),
    Progress(0, 0, 1, 1, 5, 3, 14, 2),
    Progress(0, 0, 1, 0, 6, 3, 15, 2),
)

PRESENTATION = [
    "This is about a patient I will call Mrs Harper.",
    "She is fifty four and has been coming to see me for about three years.",
    "It started with back pain after a fall at work.",
    "Every scan and every blood test has come back normal.",
    "But she books an appointment almost every week.",
    "She always brings something, a card, some biscuits, once a small plant for my desk.",
    "Last month I was twenty minutes late and she was furious with me.",
    "She said I was the only doctor who ever listened, and now I was just like the rest.",
    "Since then I notice I dread seeing her name on my list.",
    "I don't really know what she wants from me.",
]
DISCUSSION_QUESTIONS = [
    ("Why didn't you just refer her to the pain clinic?", "I did think about it, but she refused."),
    ("Did you check her thyroid?", "Yes, it was normal."),
    ("Why do you keep seeing her every single week?", "She asks for the appointments herself."),
    ("Have you talked to her about her husband?", "Only briefly, last year."),
    ("What did you say when she got angry?", "I apologised for being late."),
]
SPECULATION = [
    "Maybe she needs him to fail her, like everyone else has.",
    "I wonder whether the gifts are a way of making sure he can't leave her.",
    "Perhaps the back pain is the only way she can ask to be held.",
    "I imagine her sitting in the car park for an hour before coming in.",
    "It sounds like she is grieving and the surgery is where she can do it.",
    "Maybe he is carrying the husband's place for her.",
]
FEELINGS = [
    "Listening to this I feel really tired, almost sleepy.",
    "I'm a bit angry with her, to be honest.",
    "I notice a heaviness in my chest as I listen.",
]
ADVICE = [
    "You should set a limit on the length of the visits.",
    "You need to book her for a fixed monthly appointment.",
    "You ought to involve the practice nurse.",
]
INVITATIONS = ["What comes up for the rest of you?", "Dev, we haven't heard from you yet."]
LEADER_REMARKS = [
    "I notice we keep coming back to the gifts.",
    "There is a lot of feeling in the room tonight.",
    "Let me just say that this is a very common situation in general practice.",
    "I think we all recognise this kind of patient.",
    "It is interesting how the time has been going in this group.",
]


def lines_for(progress: Progress) -> list[tuple[str, str, float]]:
    """(speaker, text, pause before) for one session."""
    member = lambda i: MEMBERS[i % len(MEMBERS)]  # noqa: E731
    lines = [(LEADER, "Good evening, everyone.", 0), (LEADER, "Let's begin.", 0),
             (LEADER, "Who has a case for us tonight?", 0), (PRESENTER, "I do, if that's all right.", 0),
             (LEADER, "Please, go ahead.", 0)]
    lines += [(PRESENTER, text, 0) for text in PRESENTATION]
    lines += [(LEADER, "Thank you.", 0), (LEADER, "Are there any brief questions of fact before we discuss it?", 0),
              (member(0), "Does she live alone?", 0), (PRESENTER, "Yes, since her husband died four years ago.", 0),
              (member(1), "How long are the appointments usually?", 0), (PRESENTER, "Ten minutes, but they run over.", 0),
              (LEADER, "Thank you.", 0),
              (LEADER, "Now, could you push your chair back a little and just listen, while we think about this together.", 0)]
    discussion = [(member(2), SPECULATION[0], 0), (member(3), FEELINGS[0], 0)]
    for i, (question, answer) in enumerate(DISCUSSION_QUESTIONS[:progress.questions_in_discussion]):
        discussion += [(member(i + 1), question, 0), (PRESENTER, answer, 0)]
        if i + 1 == progress.answers_before_redirect:
            discussion.append((LEADER, "Let's put the questions aside now and just think about her.", 0))
    discussion += [(LEADER, text, 0) for text in LEADER_REMARKS[:progress.leader_remarks]]
    for number, text in enumerate(SPECULATION[1:progress.speculation]):
        if number < progress.invitations:
            discussion.append((LEADER, INVITATIONS[number], 0))
        discussion.append((member(number), text, 0))
    if progress.silence_s:
        discussion.append((member(1), FEELINGS[1], progress.silence_s))
    discussion += [(member(i + 2), text, 0) for i, text in enumerate(FEELINGS[2:1 + progress.feelings])]
    discussion += [(member(i + 3), text, 0) for i, text in enumerate(ADVICE[:progress.advice])]
    lines += discussion
    lines += [(LEADER, "Sam, would you like to come back in and tell us what you heard?", 0),
              (PRESENTER, "It helps to hear how tired everyone felt, that is exactly how I feel with her.", 0),
              (PRESENTER, "I had not thought about her husband in that way at all.", 0),
              (LEADER, "Thank you all, we will stop there for tonight.", 0)]
    return lines


def transcript(progress: Progress) -> list[dict]:
    rows, clock = [], 1.0
    previous = None
    for speaker, text, pause in lines_for(progress):
        clock += pause or (0.4 if speaker == previous else 0.9)
        length = 0.5 + 0.36 * len(text.split())
        rows.append({"speaker": speaker, "start": round(clock, 2), "end": round(clock + length, 2), "text": text})
        clock += length
        previous = speaker
    return rows


def write_series(folder: Path) -> list[Path]:
    """The six transcripts as JSON Lines, ready for `balint analyse --transcript`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, progress in enumerate(SERIES, 1):
        path = folder / f"session-{number}.jsonl"
        path.write_text("".join(json.dumps(row) + "\n" for row in transcript(progress)))
        paths.append(path)
    return paths
