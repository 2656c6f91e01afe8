#!/usr/bin/env python3
"""Write catalog/sources/intercom/evidence.tsv into scope-catalog.toml as `evidence` lists.

Each public statement found since the first catalog becomes one entry of the `evidence` list of
the row it speaks of ([[operation]] or [[legacy]], matched by method and path shape), replacing
any list an earlier run wrote. Kinds: an Intercom author's unpublished text (an unmerged spec
pull request) and an issue thread are `third-party` (Intercom has not published them); a
vendor's integration page is `third-party` at `level = "resource"`: it ties scopes to a
resource, not to this method and path, so it corroborates and never makes a row `docs`. A
statement naming a scope the row does not list (`new` in the research) contradicts the row.
An `observed` row (printed by `scopecheck evidence export`) is Intercom's own answer in a TEST
workspace: it becomes `kind = "observed"` with the stance it was written with. Rows the catalog
lacks are reported, not invented.

Usage: python3 tools/evidence/to_catalog.py [--sources DIR]   (default: catalog/sources/intercom)
(tools/build_catalog.py runs it.)
"""

import argparse
import csv
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
CATALOG = REPO / "scope-catalog.toml"


def shape(path):
    return tuple("{}" if re.fullmatch(r"\{[^}]*\}", s) else s for s in path.split("/") if s)


def toml(value):
    return json.dumps(value, ensure_ascii=False)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", type=Path, default=REPO / "catalog" / "sources" / "intercom")
    args = parser.parse_args()
    rows = list(csv.DictReader(open(args.sources / "evidence.tsv"), delimiter="\t"))
    text = CATALOG.read_text()
    blocks = re.split(r"(?m)^(?=\[\[)", text)
    # Rows by (method, shape): the block index and the scopes it grants.
    index = {}
    for i, block in enumerate(blocks):
        header = block.split("\n", 1)[0]
        if header not in ("[[operation]]", "[[legacy]]"):
            continue
        method = re.search(r'(?m)^method = "([A-Z]+)"', block).group(1)
        path = re.search(r'(?m)^path = "([^"]+)"', block).group(1)
        keyed = re.search(r"(?m)^query = ", block) is not None
        if keyed:
            continue
        scopes = re.findall(r'\{ scope = "([^"]+)"', block.split("\ngrants = [", 1)[1].split("\n]", 1)[0]) if "\ngrants = [" in block else []
        index.setdefault((method, shape(path)), (i, scopes))
    entries = {}
    missing = []
    for row in rows:
        key = (row["method"], shape(row["path"]))
        if key not in index:
            missing.append(f'{row["method"]} {row["path"]}')
            continue
        i, scopes = index[key]
        named = row["scope"] if not row["scope"].startswith("extended scopes") else None
        if row["kind"] == "observed":
            # `scopecheck evidence export`: Intercom's own answer in a TEST workspace, whose
            # stance (a refusal contradicts the scopes the token had) is already decided.
            named = named or None
            stance = row["stance"]
            entry = {"kind": "observed"}
        else:
            stance = "confirms" if row["stance"] == "confirms" or (named in scopes) else "contradicts"
            if named is None:
                stance = "confirms"
            entry = {"kind": "third-party"}
        if row["kind"] == "third-party-doc":
            entry["level"] = "resource"
        if named:
            entry["scope"] = named
        entry["stance"] = stance
        source = f'{row["source_ref"]} ({row["kind"]}): \'{row["quote"]}\''
        if named is None:
            source += " (the scope is not named)"
        entry["source"] = source
        entries.setdefault(i, []).append(entry)
    for i, block in enumerate(blocks):
        if not block.startswith(("[[operation]]", "[[legacy]]")):
            continue
        # Drop a list an earlier run wrote.
        block = re.sub(r"(?ms)^evidence = \[\n.*?^\]\n", "", block)
        if i in entries:
            body = block.rstrip("\n")
            trail = block[len(body):]
            lines = "".join(
                "  { " + ", ".join(f"{k} = {toml(v)}" for k, v in entry.items()) + " },\n"
                for entry in sorted(entries[i], key=lambda e: (e.get("scope") or "", e["source"]))
            )
            block = f"{body}\nevidence = [\n{lines}]{trail if trail else chr(10)}"
        blocks[i] = block
    CATALOG.write_text("".join(blocks))
    for row in sorted(set(missing)):
        print(f"not in the catalog, left out: {row}", file=sys.stderr)


if __name__ == "__main__":
    main()
