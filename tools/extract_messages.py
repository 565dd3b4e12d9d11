"""A Babel extractor that reads Python's syntax tree, so that messages inside f-strings are found too.

Babel's own Python extractor reads tokens, and before Python 3.12 an f-string is one token: `_("…")` inside one
is invisible to it. The syntax tree sees every call. Used by `make translations` through babel.cfg.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator


def extract(fileobj, keywords, comment_tags, options) -> Iterator[tuple[int, str, str | tuple[str, ...], list[str]]]:
    """(line, function, message or (singular, plural), comments) for every `_`, `N_` and `ngettext` call whose
    messages are string literals."""
    tree = ast.parse(fileobj.read().decode(options.get("encoding", "utf-8")))
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in keywords):
            continue
        texts = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        if node.func.id == "ngettext" and len(texts) >= 2:
            yield node.lineno, node.func.id, (texts[0], texts[1]), []
        elif node.func.id != "ngettext" and texts:
            yield node.lineno, node.func.id, texts[0], []
