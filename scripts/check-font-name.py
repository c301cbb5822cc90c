#!/usr/bin/env python3
# Fails the build when face <number> of a font collection is not the family we expect, so a
# Debian update that reorders Noto Sans CJK's faces cannot ship Japanese or Simplified glyph
# shapes as Traditional Chinese. Usage: check-font-name.py <collection.ttc> <number> <family>
import sys

from fontTools.ttLib import TTCollection

path, number, family = sys.argv[1], int(sys.argv[2]), sys.argv[3]
collection = TTCollection(path, lazy=True)
if number >= len(collection.fonts):
    sys.exit(f"{path} has {len(collection.fonts)} faces; face {number} does not exist")
found = collection.fonts[number]["name"].getDebugName(1)
if found != family:
    names = ", ".join(f"{i}: {f['name'].getDebugName(1)}" for i, f in enumerate(collection.fonts))
    sys.exit(f"{path} face {number} is '{found}', expected '{family}' (faces: {names})")
