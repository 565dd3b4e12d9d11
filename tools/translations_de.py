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
    # the group's report ("we")
    " and quotes no one": " und zitiert niemanden",
    "A Balint session": "Eine Balint-Sitzung",
    ("Advice was offered {n} time (including advice put as a question).",
     "Advice was offered {n} times (including advice put as a question)."):
        ("Ein Ratschlag wurde {n}-mal gegeben (auch als Frage gestellt).",
         "Ratschläge wurden {n}-mal gegeben (auch als Frage gestellte)."),
    ("At {start}, for {time}, the presenter was asked {n} question in quick succession ({reason}); {response}.",
     "At {start}, for {time}, the presenter was asked {n} questions in quick succession ({reason}); {response}."):
        ("Um {start} wurde die vortragende Person {time} lang {n} Frage kurz hintereinander gefragt ({reason}); "
         "{response}.",
         "Um {start} wurden der vortragenden Person {time} lang {n} Fragen kurz hintereinander gestellt ({reason}); "
         "{response}."),
    "How we worked together": "Wie wir zusammengearbeitet haben",
    "How we worked together — Balint session": "Wie wir zusammengearbeitet haben — Balint-Sitzung",
    "No advice was given to the presenter.": "Der vortragenden Person wurden keine Ratschläge gegeben.",
    "No discussion phase was recognised.": "Es wurde keine Diskussionsphase erkannt.",
    "Our discussion": "Unsere Diskussion",
    "Our phases": "Unsere Phasen",
    "The members could not be told apart from the leader and the presenter.":
        "Die Mitglieder ließen sich nicht von Leitung und vortragender Person unterscheiden.",
    "The session at a glance": "Die Sitzung auf einen Blick",
    "There was no long silence.": "Es gab kein langes Schweigen.",
    "There was no run of questions to the presenter: the case was left to the group.":
        "Es gab keine Fragenfolge an die vortragende Person: der Fall blieb bei der Gruppe.",
    "This page looks at the group's process, not at any one person: who said what is left out on purpose. It is a "
    "starting point for talking about how the session went.":
        "Diese Seite betrachtet den Prozess der Gruppe, nicht einzelne Personen: wer was sagte, ist mit Absicht "
        "weggelassen. Sie ist ein Ausgangspunkt, um darüber zu sprechen, wie die Sitzung verlief.",
    ("We held {n} silence of {s} s or more: {where}. Holding a silence can give a thought room to arrive.",
     "We held {n} silences of {s} s or more: {where}. Holding a silence can give a thought room to arrive."):
        ("Wir haben {n} Schweigen von {s} s oder mehr ausgehalten: {where}. Ein ausgehaltenes Schweigen kann einem "
         "Gedanken Raum geben.",
         "Wir haben {n}-mal Schweigen von {s} s oder mehr ausgehalten: {where}. Ein ausgehaltenes Schweigen kann einem "
         "Gedanken Raum geben."),
    "When the presenter was questioned": "Als die vortragende Person befragt wurde",
    "a run of questions to the presenter": "eine Fragenfolge an die vortragende Person",
    "at {time} ({length})": "um {time} ({length})",
    "call for a case": "Fallanfrage",
    "clarifying questions": "Verständnisfragen",
    "for the group to read together · names no one": "für die Gruppe zum gemeinsamen Lesen · nennt niemanden",
    "the group's discussion": "die Diskussion der Gruppe",
    "the leader brought us back after {time}": "die Leitung holte uns nach {time} zurück",
    "the presentation": "die Fallvorstellung",
    "the presenter returns": "die vortragende Person kehrt zurück",
    "the session over time": "die Sitzung im Verlauf",
    "we were not brought back": "wir wurden nicht zurückgeholt",
    "who brought us back is not known": "wer uns zurückholte, ist nicht bekannt",
    ("{some} of the {n} member who spoke offered speculation or a feeling.",
     "{some} of the {n} members who spoke offered speculation or a feeling."):
        ("{some} von {n} Mitglied, das sprach, brachte eine Vermutung oder ein Gefühl ein.",
         "{some} der {n} Mitglieder, die sprachen, brachten Vermutungen oder Gefühle ein."),
    "{speculation} % of what was said in the discussion was speculation — images and hypotheses about the patient, "
    "the doctor and their relationship — and {feeling} % voiced our own feelings.":
        "{speculation} % dessen, was in der Diskussion gesagt wurde, waren Vermutungen — Bilder und Hypothesen über "
        "Patientin oder Patient, die Ärztin oder den Arzt und ihre Beziehung — und {feeling} % sprachen unsere eigenen "
        "Gefühle aus.",
    # the supervision history and the trend report
    " on {date}": " am {date}",
    ", now within the codebook's range ({range})": ", jetzt im Bereich des Codebuchs ({range})",
    "Advice given": "Gegebene Ratschläge",
    "All episodes": "Alle Episoden",
    "Balint supervision: sessions over time": "Balint-Supervision: Sitzungen im Verlauf",
    "Flagged episodes": "Markierte Episoden",
    "Invitations in the discussion": "Einladungen in der Diskussion",
    "Leader talk share": "Redeanteil der Leitung",
    "Length": "Dauer",
    "Members' feelings in the discussion": "Eigene Gefühle der Mitglieder in der Diskussion",
    "One session so far: the trends start with the next one.": "Bisher eine Sitzung: der Verlauf beginnt mit der nächsten.",
    "Presenter talk in the discussion": "Redezeit der vortragenden Person in der Diskussion",
    "Protection latency (median)": "Schutzlatenz (Median)",
    "Sessions over time": "Sitzungen im Verlauf",
    "Silences tolerated": "Ausgehaltenes Schweigen",
    "Speculation in the discussion": "Vermutungen in der Diskussion",
    "The leader's own contributions": "Eigene Beiträge der Leitung",
    "The measures held steady {span}.": "Die Werte blieben {span} stabil.",
    "Worth watching: {change}.": "Im Blick behalten: {change}.",
    "advice to the presenter, question-form included (codebook: none)":
        "Ratschläge an die vortragende Person, auch als Frage (Codebuch: keine)",
    "date": "Datum", "episodes": "Episoden", "episodes flagged/all": "Episoden markiert/alle", "feelings": "Gefühle",
    "from an episode's second question to the leader's redirect (timely: ≤ {timely} s)":
        "von der zweiten Frage einer Episode bis zum Umlenken durch die Leitung (rechtzeitig: ≤ {timely} s)",
    "how long the session ran": "wie lange die Sitzung dauerte", "invitations": "Einladungen", "latency": "Latenz",
    "leader talk": "Redezeit Leitung", "none": "keine", "over the last {n} sessions": "über die letzten {n} Sitzungen",
    "own": "eigene", "presenter (disc.)": "Vortragende (Disk.)",
    "runs of questions to the presenter outside the clarifying phase (codebook: none)":
        "Fragenfolgen an die vortragende Person außerhalb der Verständnisfragen (Codebuch: keine)",
    "runs of ≥ 3 questions to the presenter, flagged or not":
        "Folgen von ≥ 3 Fragen an die vortragende Person, markiert oder nicht",
    "share of discussion units that speculate about patient, doctor or relationship":
        "Anteil der Diskussionsbeiträge mit Vermutungen über Patient, Arzt oder Beziehung",
    "share of discussion units voicing the speaker's own feeling":
        "Anteil der Diskussionsbeiträge, die ein eigenes Gefühl aussprechen",
    "silences": "Schweigen",
    "silences of ≥ {silence} s: holding a silence is a skill, not a defect":
        "Schweigen von ≥ {silence} s: Schweigen auszuhalten ist eine Fähigkeit, kein Mangel",
    "speculations and feelings the leader offered: modelling helps, holding back leaves the group room":
        "Vermutungen und Gefühle der Leitung: Vormachen hilft, Zurückhaltung lässt der Gruppe Raum",
    "the leader asking the group for images, feelings, or a quiet member in (docs/leader-moves.md)":
        "die Leitung lädt die Gruppe zu Bildern und Gefühlen oder ein stilles Mitglied ein (docs/leader-moves.md)",
    "the leader's share of all talk (small: ≤ {small} %)": "Anteil der Leitung an aller Rede (klein: ≤ {small} %)",
    "undated": "ohne Datum", "up to {value}": "bis {value}",
    "while pushed back the presenter listens (near zero: ≤ {near_zero} s)":
        "zurückgerückt hört die vortragende Person zu (fast nichts: ≤ {near_zero} s)",
    "{measure} per session": "{measure} je Sitzung",
    "{name} dipped from {first} to {value}{when} and came back to {last} {span}":
        "{name}: von {first} auf {value}{when} gesunken und {span} zurück auf {last}",
    "{name} fell from {first} to {last} {span}": "{name}: {span} von {first} auf {last} gesunken",
    "{name} rose from {first} to {last} {span}": "{name}: {span} von {first} auf {last} gestiegen",
    "{name} rose from {first} to {value}{when} and came back to {last} {span}":
        "{name}: von {first} auf {value}{when} gestiegen und {span} zurück auf {last}",
    "{n} file(s) could not be read and are not shown:": "{n} Datei(en) waren nicht lesbar und fehlen:",
    ("{n} session", "{n} sessions"): ("{n} Sitzung", "{n} Sitzungen"),
    "{sessions} · generated offline by balint · no quotations. Shaded: the codebook's reference range. A point links "
    "to that session's report.":
        "{sessions} · offline erstellt von balint · keine Zitate. Schattiert: der Bereich des Codebuchs. Ein Punkt "
        "verweist auf den Bericht dieser Sitzung.",
    # how a role was found (roles.py)
    "given": "angegeben", "inferred: {how}": "erschlossen: {how}", "not found: {how}": "nicht gefunden: {how}",
    "everyone else": "alle anderen", "no speech": "keine Sprache",
    "only one speaker was heard: nobody presented to a group":
        "nur eine Stimme war zu hören: niemand stellte einer Gruppe einen Fall vor",
    "no early monologue of {seconds} s or more (longest: {best})":
        "kein früher Monolog von {seconds} s oder mehr (längster: {best})",
    "longest early monologue ({seconds} s; next longest {runner_up} s)":
        "längster früher Monolog ({seconds} s; nächstlängster {runner_up} s)",
    "no speaker besides the presenter": "niemand außer der vortragenden Person sprach",
    "no one spoke first, framed the session or introduced the case":
        "niemand sprach zuerst, gab den Rahmen vor oder leitete den Fall ein",
    ("{count} leader phrase", "{count} leader phrases"): ("{count} Wendung der Leitung", "{count} Wendungen der Leitung"),
    "spoke first": "sprach zuerst", "introduced the presentation": "leitete die Fallvorstellung ein",
    # the pipeline's stages, in the terminal's timing line
    "load": "laden", "language": "Sprache", "transcribe": "transkribieren", "diarize": "Sprecher trennen",
    "prosody": "Prosodie", "align": "zuordnen", "classify": "kategorisieren", "roles": "Rollen", "phases": "Phasen",
    "patterns": "Muster",
}
