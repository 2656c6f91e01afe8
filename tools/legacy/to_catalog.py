#!/usr/bin/env python3
"""Write the legacy rows of scope-catalog.toml from catalog/sources/intercom/legacy-*.tsv.

Replaces everything from the line `# Legacy rows` to the end of the catalog (appending it the
first time), so the catalog's other rows are never touched. The `/leads` rows are added here,
not in the research files: no Intercom API served `/leads` (the 1.x Leads API lived at
`/contacts`), but integrations and issue reports write it, so a call to it must get a
`legacy-endpoint` finding that says so, not an "unknown call".

Usage: python3 tools/legacy/to_catalog.py [--sources DIR]   (default: catalog/sources/intercom)
(tools/build_catalog.py runs it.)
"""

import argparse
import csv
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CATALOG = REPO / "scope-catalog.toml"
MARKER = "# Legacy rows"

LEADS_SOURCE = (
    "no source shows Intercom serving /leads: the 1.x Leads API lived at /contacts "
    "(https://developers.intercom.com/docs/references/1.4/rest-api/leads/convert-a-lead: "
    "'curl https://api.intercom.io/contacts/convert'); listed because integrations write it"
)
LEADS = [
    ("GET", "/leads", "POST /contacts/search", "search contacts with role = lead",
     "Read and list users and companies | Read and write users"),
    ("POST", "/leads", "POST /contacts", "create a contact with role = lead",
     "Write users and companies | Read and write users"),
    ("GET", "/leads/{id}", "GET /contacts/{contact_id}", "leads are contacts with role = lead",
     "Read one user and one company | Read and list users and companies | Read and write users"),
    ("DELETE", "/leads/{id}", "DELETE /contacts/{contact_id}", "leads are contacts with role = lead",
     "Write users and companies | Read and write users"),
]


def toml(value):
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def grants(scopes, provenance, source):
    names = [name.strip() for name in scopes.split("|") if name.strip()]
    if not names:
        return "grants = []\n"
    lines = "".join(
        f"  {{ scope = {toml(name)}, provenance = {toml(provenance)}, source = {toml(source)} }},\n"
        for name in names
    )
    return f"grants = [\n{lines}]\n"


def endpoint(method, path, removed_in, successor, note, scopes, provenance, scope_source,
             existence, notes, served=True):
    path, _, query = path.partition("?")
    out = f"\n[[legacy]]\nmethod = {toml(method)}\npath = {toml(path)}\n"
    if query:
        keys = [part.rstrip("=") if part.endswith("=") else part for part in query.split("&")]
        out += f"query = [{', '.join(toml(key) for key in keys)}]\n"
    out += f"removed_in = {toml(removed_in)}\n"
    if successor != "none":
        out += f"successor = {toml(successor)}\n"
    if note:
        out += f"successor_note = {toml(note)}\n"
    if not served:
        out += "served = false\n"
    out += f"provenance = {toml(provenance if scopes.strip() else 'unknown')}\n"
    out += f"source = {toml(existence)}\n"
    out += grants(scopes, provenance, scope_source)
    if notes:
        out += f"notes = {toml(notes)}\n"
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", type=Path, default=REPO / "catalog" / "sources" / "intercom")
    sources = parser.parse_args().sources
    text = CATALOG.read_text()
    head = text.split(f"\n{MARKER}", 1)[0].rstrip("\n") + "\n"
    out = [
        f"\n{MARKER}: API 1.x endpoints and webhook topics no 2.x description has, written by\n"
        "# tools/legacy/to_catalog.py from catalog/sources/intercom/legacy-*.tsv (edit those, then\n"
        "# run tools/build_catalog.py).\n"
    ]
    rows = list(csv.DictReader(open(sources / "legacy-endpoints.tsv"), delimiter="\t"))
    entries = [
        (row["path"], row["method"], endpoint(
            row["method"], row["path"], row["removed_in"], row["successor"],
            row["successor_note"], row["scopes"], row["scope_provenance"], row["scope_source"],
            row["existence_source"], row["notes"]))
        for row in rows
    ]
    for method, path, successor, note, scopes in LEADS:
        entries.append((path, method, endpoint(
            method, path, "2.0", successor, note, scopes, "inferred",
            "inferred: as for the successor, from https://developers.intercom.com/docs/build-an-integration/learn-more/authentication/oauth-scopes",
            LEADS_SOURCE, "", served=False)))
    out += [entry for _, _, entry in sorted(entries, key=lambda e: (e[0], e[1]))]
    for row in csv.DictReader(open(sources / "legacy-topics.tsv"), delimiter="\t"):
        block = f"\n[[legacy_topic]]\nname = {toml(row['topic'])}\nremoved_in = {toml(row['removed_in'])}\n"
        if row["successor"] and row["successor"] != "none":
            block += f"successor = {toml(row['successor'])}\n"
        block += f"provenance = {toml(row['scope_provenance'])}\nsource = {toml(row['source'])}\n"
        block += grants(row["scopes"], row["scope_provenance"], row["source"])
        if row["notes"]:
            block += f"notes = {toml(row['notes'])}\n"
        out.append(block)
    CATALOG.write_text(head + "".join(out))
    # The evidence lists of legacy rows come from tools/evidence/to_catalog.py: rewrite them,
    # so the catalog does not depend on which script ran last.
    evidence = HERE.parent / "evidence" / "to_catalog.py"
    subprocess.run([sys.executable, str(evidence), "--sources", str(sources)], check=True)


if __name__ == "__main__":
    main()
