"""Fill empty Chinese msgstr entries from a dictionary module, then report what is left.

Usage: python tools/fill_translations.py tools/zh_hans_foundation.py [more dict modules]
Needs polib (pip install polib); a maintenance tool, not a runtime dependency.
"""

import runpy
import sys

import polib

PO = "locale/zh_Hans/LC_MESSAGES/django.po"


def main(paths: list[str]) -> int:
    zh, zh_plural = {}, {}
    for path in paths:
        module = runpy.run_path(path)
        zh.update(module.get("ZH", {}))
        zh_plural.update(module.get("ZH_PLURAL", {}))
    po = polib.pofile(PO)
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            if entry.msgid in zh_plural:
                entry.msgstr_plural = {0: zh_plural[entry.msgid]}
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
            elif not entry.msgstr_plural.get(0):
                missing.append(entry.msgid)
        elif entry.msgid in zh:
            entry.msgstr = zh[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        elif not entry.msgstr:
            missing.append(entry.msgid)
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.save()
    for msgid in missing:
        print("untranslated:", msgid)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
