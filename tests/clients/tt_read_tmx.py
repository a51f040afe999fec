#!/usr/bin/env python3
"""Read a TMX file with translate-toolkit and print what it sees.

Usage: python3 tt_read_tmx.py FILE.tmx

The file is opened with translate.storage.factory.getobject, the reader that
every translate-toolkit command (pocount, pogrep, pretranslate --tm, ...) uses
for a .tmx file; it must come back as a translate.storage.tmx.tmxfile.
translate-toolkit has no tmx2po converter, so this is its TMX import path.

Standard output: one JSON object per line.
  first line: {"toolkit": VERSION, "class": "...", "srclang": "..."}
  then, for every unit in file order:
  {"id": tuid, "source": text, "target": text, "langs": [xml:lang of each <tuv>]}
JSON is ASCII-escaped, so the output does not depend on the locale.
"""

import json
import sys

from translate.__version__ import sver
from translate.misc.xml_helpers import getXMLlang
from translate.storage import factory, tmx


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    store = factory.getobject(sys.argv[1])
    if not isinstance(store, tmx.tmxfile):
        print(f"not read as TMX: {type(store)!r}", file=sys.stderr)
        return 1
    print(
        json.dumps(
            {
                "toolkit": sver,
                "class": f"{type(store).__module__}.{type(store).__name__}",
                "srclang": store.sourcelanguage,
            }
        )
    )
    for unit in store.units:
        print(
            json.dumps(
                {
                    "id": unit.getid(),
                    "source": unit.source,
                    "target": unit.target,
                    "langs": [getXMLlang(node) for node in unit.getlanguageNodes()],
                }
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
