#!/usr/bin/env python3
"""The translation check `make lint` runs: fails when a catalogue

* is stale: `makemessages` would add or drop a message (msgids compared, not dates),
* has a Dutch message that is untranslated or fuzzy,
* does not compile (`msgfmt --check`),

or when the code still holds bilingual pairs (`t("nl", "en")`, `{% t %}`) to convert.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))
import i18n_codemod as codemod

LANGS = ("nl", "en")


def _po(lang: str) -> Path:
    return codemod.LOCALE / lang / "LC_MESSAGES" / "django.po"


def _ids(po: polib.POFile) -> set[tuple[str | None, str, str | None]]:
    return {(e.msgctxt, e.msgid, e.msgid_plural or None) for e in po if not e.obsolete}


def main() -> int:
    problems: list[str] = []
    missing = [lang for lang in LANGS if not _po(lang).exists()]
    if missing:
        print(f"Missing catalogue(s): {', '.join(missing)}: run 'make i18n-convert'.")
        return 1
    before = {lang: _po(lang).read_text() for lang in LANGS}
    try:
        codemod.refresh_catalogues(compile_=False)
        fresh = {lang: polib.pofile(str(_po(lang))) for lang in LANGS}
    finally:
        for lang, text in before.items():
            _po(lang).write_text(text)
    for lang in LANGS:
        committed = polib.pofile(str(_po(lang)))
        added = _ids(fresh[lang]) - _ids(committed)
        dropped = _ids(committed) - _ids(fresh[lang])
        for ctx, msgid, _plural in sorted(added, key=str)[:20]:
            problems.append(
                f"{lang}: not in the catalogue: {msgid!r}" + (f" ({ctx})" if ctx else "")
            )
        for ctx, msgid, _plural in sorted(dropped, key=str)[:20]:
            problems.append(
                f"{lang}: no longer in the code: {msgid!r}" + (f" ({ctx})" if ctx else "")
            )
        result = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(_po(lang))], capture_output=True, text=True
        )
        if result.returncode:
            problems.append(f"{lang}: does not compile:\n{result.stderr.strip()}")
    for e in polib.pofile(str(_po("nl"))):
        if e.obsolete:
            continue
        where = f"nl: {e.msgid!r}" + (f" ({e.msgctxt})" if e.msgctxt else "")
        if "fuzzy" in e.flags:
            problems.append(f"{where} is fuzzy")
        elif e.msgid_plural and not all(e.msgstr_plural.values()):
            problems.append(f"{where} has an untranslated plural form")
        elif not e.msgid_plural and not e.msgstr:
            problems.append(f"{where} is untranslated")
    left = codemod.leftovers()
    problems += [f"bilingual pair left: {line}" for line in left]
    if codemod.count_pairs():
        problems.append(f"{codemod.count_pairs()} bilingual pairs left: run 'make i18n-convert'.")
    for line in problems:
        print(line)
    if problems:
        print(
            "Translation check failed: run 'make i18n-convert', translate, see src/brug/locale/README.md."
        )
        return 1
    print("Translation catalogues are current, complete and compile.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
