"""`make translations`, after `pybabel extract`: write each catalogue's translations into its .po, then compile.

    python tools/update_translations.py analysis/locale/balint.pot

Lists every message a catalogue leaves untranslated (it then reads English), and exits 1 if any is left."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

sys.path.insert(0, str(Path(__file__).resolve().parent))
from translations_de import GERMAN  # noqa: E402

CATALOGUES = {"de": GERMAN}


def main(template: Path) -> int:
    missing = 0
    for language, translated in CATALOGUES.items():
        with template.open("rb") as stream:
            catalogue = read_po(stream, locale=language, domain="balint")
        catalogue.locale = language  # type: ignore[assignment]
        for message in catalogue:
            if not message.id:
                continue
            found = translated.get(message.id)
            if found is None:
                print(f"{language}: untranslated: {message.id!r}")
                missing += 1
            else:
                message.string = found
        folder = template.parent / language / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "balint.po").open("wb") as stream:
            write_po(stream, catalogue, width=120, omit_header=False, sort_output=True, include_lineno=False)
        with (folder / "balint.mo").open("wb") as stream:
            write_mo(stream, catalogue)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
