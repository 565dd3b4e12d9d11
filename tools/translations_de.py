"""The German catalogue's translations, kept as data: `make translations` writes them into
analysis/locale/de/LC_MESSAGES/balint.po after extracting, then compiles the .mo. A message without an entry
here stays untranslated (English) and is listed, so a new sentence is never silently left out."""

GERMAN = {
    "  ({how}, confidence {confidence})": "  ({how}, Sicherheit {confidence})",
    " (heard, p {p})": " (erkannt, p {p})",
    " in {n} chunks": " in {n} Teilen",
    "(measured from the second question)": "(gemessen ab der zweiten Frage)",
    ", as a question": ", als Frage",
    ", by {move}": ", durch {move}",
    ("', from {some} of {n} member who spoke.'"): None,
    "; no member could be told apart from the leader and the presenter.":
        "; kein Mitglied ließ sich von Leitung und Vortragender unterscheiden.",
    "A timely protection of the presenter.": "Ein rechtzeitiger Schutz der vortragenden Person.",
    "Asked by {askers}": "Gefragt von {askers}",
    "Audio deleted": "Audio gelöscht",
    "Balint session review": "Rückblick auf die Balint-Sitzung",
    "Balint session review — {name}": "Rückblick auf die Balint-Sitzung — {name}",
    "Episode {n}": "Episode {n}",
    "How this was measured": "Wie das gemessen wurde",
    "In the discussion, {spec} of {contributions} {spec_was} speculation and {feel} {feel_was} members' own feelings":
        "In der Diskussion waren {spec} von {contributions} Vermutungen und {feel} eigene Gefühle der Mitglieder",
    "Labels come from the codebook's cues and learned decision heads (a sentence encoder reads the units they are "
    "unsure of); each unit's confidence and cues are in session.json. Per-utterance labels can be wrong; rates and "
    "episodes are the reliable part, and the excerpts let you check.":
        "Die Kategorien stammen aus den Merkmalen des Codebuchs (im Deutschen allein aus ihnen); Sicherheit und Merkmale "
        "jeder Äußerung stehen in session.json. Einzelne Kategorien können falsch sein; Anteile und Episoden sind der "
        "verlässliche Teil, und die Auszüge erlauben die Prüfung.",
    "Member {letter}": "Mitglied {letter}",
    "Models": "Modelle",
    "No interrogation episode (three or more questions to the presenter in quick succession) was found.":
        "Keine Befragungsepisode (drei oder mehr Fragen an die vortragende Person kurz hintereinander) gefunden.",
    "No leader was identified, so the leader's moves are not shown.":
        "Keine Leitung erkannt, daher werden die Interventionen der Leitung nicht gezeigt.",
    "No leader was identified, so whether and when the questions were redirected is unknown; name the leader with "
    "'balint report --leader SPEAKER_xx' to see it.":
        "Keine Leitung erkannt, daher ist unbekannt, ob und wann die Fragen umgelenkt wurden; benennen Sie die Leitung "
        "mit 'balint report --leader SPEAKER_xx', um es zu sehen.",
    "No questions were found in this session.": "In dieser Sitzung wurden keine Fragen gefunden.",
    "None of your words matched a move of the leader-move table.":
        "Keine Ihrer Äußerungen passte zu einer Intervention der Tabelle.",
    "Of your {time} of talk, {shares} and {last}": "Von Ihren {time} Redezeit: {shares} und {last}",
    "People and talk time": "Personen und Redezeit",
    "Phases": "Phasen",
    "Phases ({source}): {shape}.": "Phasen ({source}): {shape}.",
    "Questions to the presenter": "Fragen an die vortragende Person",
    "Silences": "Schweigen",
    "That breadth is what a Balint discussion hopes for.": "Diese Breite ist das, was eine Balintdiskussion sucht.",
    "The classifier's fixed thresholds": "Die festen Schwellen der Klassifikation",
    "The leader's moves are read from the words, and their cues exist for English and German so far.":
        "Die Interventionen der Leitung werden aus den Worten gelesen; Merkmale dafür gibt es bisher auf Englisch und "
        "Deutsch.",
    "The phases of a case could not be recognised in this session.":
        "Die Phasen einer Fallbesprechung ließen sich in dieser Sitzung nicht erkennen.",
    "The phases of a case could not be recognised; the patterns below are shown for the whole session.":
        "Die Phasen einer Fallbesprechung ließen sich nicht erkennen; die Muster unten gelten für die ganze Sitzung.",
    "The presenter spoke for {time} during the discussion (ideally near zero).":
        "Die vortragende Person sprach {time} während der Diskussion (idealerweise fast nichts).",
    "The questions were not redirected; next time you might try inviting the group back to the patient after the "
    "second one.":
        "Die Fragen wurden nicht umgelenkt; beim nächsten Mal könnten Sie die Gruppe nach der zweiten Frage zur "
        "Patientin oder zum Patienten zurückführen.",
    "The {role} could not be identified ({why}). Name them with --{role} SPEAKER_xx and re-render with 'balint report'.":
        "Die Rolle {role} wurde nicht erkannt ({why}). Benennen Sie sie mit --{role} SPEAKER_xx und erstellen Sie den "
        "Bericht mit 'balint report' neu.",
    "This is the clarifying phase doing its job.": "Das ist die Phase der Verständnisfragen, die ihre Arbeit tut.",
    "Thresholds of the session logic (codebook defaults)": "Schwellen der Sitzungslogik (Vorgaben des Codebuchs)",
    "Utterance labels and the leader's moves are not available for {language} yet (their cues exist for English and "
    "German): who spoke when, the roles, phases and talk time are shown, but questions to the presenter, and so "
    "interrogation episodes, cannot be found.":
        "Kategorien und Interventionen der Leitung gibt es für {language} noch nicht (ihre Merkmale gibt es auf "
        "Englisch und Deutsch): wer wann sprach, Rollen, Phasen und Redezeit werden gezeigt, Fragen an die vortragende "
        "Person und damit Befragungsepisoden lassen sich aber nicht finden.",
    "What stood out": "Was auffiel",
    "What you did as leader": "Was Sie als Leitung getan haben",
    "While recording": "Während der Aufnahme",
    "Who spoke when": "Wer wann sprach",
    "You held {share} % of the talk time, leaving the room to the group.":
        "Sie hatten {share} % der Redezeit und ließen der Gruppe den Raum.",
    "You held {share} % of the talk time; a smaller share leaves more room to the group.":
        "Sie hatten {share} % der Redezeit; ein kleinerer Anteil lässt der Gruppe mehr Raum.",
    "You redirected {latency} after the second question.": "Sie haben {latency} nach der zweiten Frage umgelenkt.",
    "advice": "Ratschlag", "asked by": "gefragt von", "bringing the presenter back": "die vortragende Person zurückholen",
    "call for case": "Fallanfrage", "case: {case}": "Fall: {case}", "clarifying": "Verständnisfragen",
    "closed": "geschlossen", "closing": "Abschluss", "confidence": "Sicherheit",
    "contains excerpts of what was said": "enthält Auszüge des Gesagten", "contains no quotations": "enthält keine Zitate",
    "discussion": "Diskussion", "episode {n}": "Episode {n}", "episode {n} ({state}):": "Episode {n} ({state}):",
    "excerpt": "Auszug", "fact seeking": "nach Fakten", "feeling": "Gefühl", "flagged": "markiert",
    "flagged episode": "markierte Episode", "for example": "zum Beispiel", "framing": "Rahmen geben", "from": "von",
    "generated offline by balint": "offline erstellt von balint", "held by": "gehalten durch",
    "hide excerpts (for sharing or printing)": "Auszüge ausblenden (zum Teilen oder Drucken)",
    "how the role was decided": "wie die Rolle bestimmt wurde", "in the {phase} phase": "in der Phase {phase}",
    "in this session": "in dieser Sitzung", "in {language}": "auf {language}",
    "inviting the group": "die Gruppe einladen", "kind": "Art", "leader's moves:": "Interventionen der Leitung:",
    "led by {name}": "geleitet von {name}", "length": "Dauer",
    "members contributing spec./feeling": "Mitglieder mit Vermutung/Gefühl", "moves": "Interventionen", "name": "Name",
    "no move of yours": "keine Intervention von Ihnen", "not flagged": "nicht markiert", "not redirected": "nicht umgelenkt",
    "open": "offen", "opened by": "eröffnet durch", "other": "Sonstiges", "overlapping speech": "überlappende Rede",
    "people:": "Personen:", "phase": "Phase", "phases:": "Phasen:", "presentation": "Fallvorstellung",
    "presenter returns": "Rückkehr der vortragenden Person", "protecting the presenter": "die vortragende Person schützen",
    "question": "Frage", "question form": "Frageform", "questioning the presenter": "die vortragende Person befragen",
    "questions": "Fragen",
    "ran past the clarifying phase's planned {minutes} min":
        "ging über die geplanten {minutes} Minuten der Verständnisfragen hinaus",
    "redirected after {time}": "umgelenkt nach {time}", "redirecting advice": "Ratschläge umlenken", "role": "Rolle",
    "session": "Sitzung", "share": "Anteil", "source": "Quelle", "speaker": "Sprecher", "speculation": "Vermutung",
    "talk": "Redezeit", "teaching or advising": "lehren oder raten", "the leader's moves": "Interventionen der Leitung",
    "the session's phases are unknown, so this run of questions is shown for review":
        "die Phasen der Sitzung sind unbekannt, daher wird diese Fragenfolge zur Durchsicht gezeigt",
    "time": "Zeit", "time:": "Zeit:", "timeline of who spoke when": "Zeitleiste: wer wann sprach", "to": "bis",
    "turning to the relationship": "zur Beziehung lenken", "units": "Äußerungen", "was": "war", "were": "waren",
    "what stood out:": "was auffiel:",
    "whether it was redirected is unknown: no leader was identified":
        "ob umgelenkt wurde, ist unbekannt: keine Leitung erkannt",
    "why challenge": "Warum-Vorhaltung",
    "within the clarifying phase: questions are expected here": "in der Phase der Verständnisfragen: hier sind Fragen erwartet",
    "your own contribution": "Ihr eigener Beitrag",
    "{expected} speakers were expected, {told} voices were told apart: balint does not split one voice to reach a "
    "count, so some people may share a speaker here.":
        "{expected} Personen wurden erwartet, {told} Stimmen unterschieden: balint teilt keine Stimme, um eine Zahl zu "
        "erreichen, daher teilen sich hier womöglich Personen einen Sprecher.",
    "{name} is {speaker}, but only tentatively ({how}); please check and correct with --{role} if needed.":
        "{name} ist {speaker}, aber nur vorläufig ({how}); bitte prüfen und bei Bedarf mit --{role} korrigieren.",
    "{n} 'why' challenge": "{n} Warum-Vorhaltung", "{n} 'why' challenges": "{n} Warum-Vorhaltungen",
    "{n} 'why' challenges within the clarifying phase": "{n} Warum-Vorhaltungen in der Phase der Verständnisfragen",
    "{n} bytes": "{n} Bytes", "{n} closed": "{n} geschlossen", "{n} fact-seeking": "{n} nach Fakten",
    "{n} questions to the presenter in the {phase} phase": "{n} Fragen an die vortragende Person in der Phase {phase}",
    "{share} made none of the table's moves (acknowledgements, remarks)":
        "{share} ohne Intervention der Tabelle (Bestätigungen, Bemerkungen)",
    "{some} of {all}": "{some} von {all}",
    "{start}–{end}: {count} questions to the presenter {where}{kinds}, {asked} by {asker}.":
        "{start}–{end}: {count} Fragen an die vortragende Person {where}{kinds}, {asked} von {asker}.",
    "leader": "Leitung", "presenter": "vortragende Person", "member": "Mitglied", "Leader": "Leitung",
    "Presenter": "Vortragende", "mark": "markiert", "inferred": "erschlossen",
    ("{n} contribution", "{n} contributions"): ("{n} Beitrag", "{n} Beiträgen"),
    ("{n} speaker", "{n} speakers"): ("{n} Sprecher", "{n} Sprecher"),
    ("{n} unit", "{n} units"): ("{n} Äußerung", "{n} Äußerungen"),
    (", from {some} of {n} member who spoke.", ", from {some} of {n} members who spoke."):
        (", von {some} von {n} Mitglied, das sprach.", ", von {some} von {n} Mitgliedern, die sprachen."),
    ("Advice came up {n} time: {times}.", "Advice came up {n} times: {times}."):
        ("Ein Ratschlag kam {n}-mal: {times}.", "Ratschläge kamen {n}-mal: {times}."),
    ("{n} other question went to the presenter outside any episode.",
     "{n} other questions went to the presenter outside any episode."):
        ("{n} weitere Frage ging außerhalb einer Episode an die vortragende Person.",
         "{n} weitere Fragen gingen außerhalb einer Episode an die vortragende Person."),
    ("{n} silence of {s} s or more: {where}. Tolerated silence gives the group room to think.",
     "{n} silences of {s} s or more: {where}. Tolerated silence gives the group room to think."):
        ("{n} Schweigen von {s} s oder mehr: {where}. Ausgehaltenes Schweigen gibt der Gruppe Raum zum Denken.",
         "{n}-mal Schweigen von {s} s oder mehr: {where}. Ausgehaltenes Schweigen gibt der Gruppe Raum zum Denken."),
}
GERMAN = {key: value for key, value in GERMAN.items() if value is not None}
