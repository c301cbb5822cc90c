#!/usr/bin/env python3
"""Merges translations into the catalogs (assets/i18n/<code>.json), keeping keys sorted.

  python3 scripts/i18n-merge.py FILE.json [FILE.json ...]

Each FILE is a JSON object {"pl": {key: translation}, "zh-Hant": {key: translation}}; a
translation is a string or, for counted phrases, the list of plural forms. Existing entries
are replaced. Afterwards run scripts/i18n-check.mjs.
"""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
for name in sys.argv[1:]:
    update = json.loads(pathlib.Path(name).read_text(encoding="utf-8"))
    for code, entries in update.items():
        path = ROOT / "assets" / "i18n" / f"{code}.json"
        catalog = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        catalog.update(entries)
        path.write_text(json.dumps(dict(sorted(catalog.items())), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(entries)} entries merged, {len(catalog)} in all")
