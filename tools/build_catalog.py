#!/usr/bin/env python3
"""Build scope-catalog.toml from the Intercom OAuth-scope research.

Reads the sources in catalog/sources/intercom/ (scopes.tsv, endpoints.tsv, webhooks.tsv and
the Intercom-OpenAPI descriptions in openapi/*.yaml; the formats are described in RESEARCH.md
there) and writes scope-catalog.toml at the repository root: every scope, the inferred relations
between scopes, every REST operation with the spec versions that contain it and the scopes that
grant it, and every webhook topic. Then the legacy rows (tools/legacy/to_catalog.py) and the
evidence lists (tools/evidence/to_catalog.py) are written from the same folder, so this one
command gives the whole catalog.

The committed scope-catalog.toml is the source of truth for scopecheck; this script only
regenerates it. Tests in the Rust crate check the catalog against the research files.

Usage: python3 tools/build_catalog.py [--sources DIR]   (default: catalog/sources/intercom)
"""

import argparse
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
OUTPUT = REPO_ROOT / "scope-catalog.toml"
SOURCES = REPO_ROOT / "catalog" / "sources" / "intercom"

VERSIONS = ["2.7", "2.8", "2.9", "2.10", "2.11", "2.12", "2.13", "2.14", "2.15", "2.16", "preview"]
LATEST_STABLE = "2.16"
HTTP_METHODS = {"get", "post", "put", "patch", "delete", "head", "options"}
PROVENANCES = ["spec", "docs", "third-party", "inferred", "unknown"]

OAUTH_SCOPES_URL = (
    "https://developers.intercom.com/docs/build-an-integration/learn-more/"
    "authentication/oauth-scopes"
)
NOT_ON_SCOPES_PAGE = "not on the oauth-scopes page"

# scopecheck's classification of each scope description; every other scope is "read".
ACCESS = {
    "read-one": ["Read one user and one company", "Read one admin"],
    "delete": ["Delete conversations and metrics", "Read and write custom object instances"],
    "export": ["Export message data", "Export content data", "Export reporting data"],
    "write": [
        "Read and write users",
        "Write users and companies",
        "Write tags",
        "Write conversations",
        "Write events",
        "Write data attributes",
        "Write tickets",
        "Update admins",
        "Read and Write news items and newsfeeds",
        "Read and Write Articles",
        "Create phone call redirects",
        "Read and write AI content",
        "Read and write data connectors",
        "read_write_help_center_redirects_scope",
        "write_content",
        "read_write_content_snippets",
        "read_write_office_hours",
        "manage_ip_allowlist",
        "write_secure_mode_secret",
        "Write custom object instances",
    ],
}
DEFAULT_ACCESS = "read"

# Other labels seen for a scope (RESEARCH.md, "Label drift").
SCOPE_ALIASES = {
    "Read and list users and companies": ["Read users and companies"],
    "Read status of jobs": ["Read jobs"],
    "Read admins": ["Read admins and teammates"],
    "Read data when entered into the app": ["Gather App data"],
}

# (scope, scope it is taken to include); none of these is stated by Intercom.
RELATIONS = [
    ("Read and list users and companies", "Read one user and one company"),
    ("Read admins", "Read one admin"),
    ("Read and Write Articles", "Read and List articles"),
    ("Read and Write news items and newsfeeds", "Read and List news items and newsfeeds"),
    ("Read and write data connectors", "Read data connectors"),
    ("read_write_help_center_redirects_scope", "read_help_center_redirects_scope"),
    ("read_write_content_snippets", "Read content snippets"),
]

# Candidates for provenance-unknown rows whose notes describe them in free text
# (in addition to any quoted scope display names in the notes).
FOLDER_CANDIDATES = [
    "Read and List articles", "Read and Write Articles", "Read content", "write_content",
]
CONVERSATION_ATTRIBUTE_CANDIDATES = ["Write data attributes", "Read conversations"]
MANUAL_CANDIDATES = {
    ("PUT", "/teams/{id}"): ["Update admins"],
    ("GET", "/folders"): FOLDER_CANDIDATES,
    ("POST", "/folders"): FOLDER_CANDIDATES,
    ("DELETE", "/folders/{id}"): FOLDER_CANDIDATES,
    ("GET", "/folders/{id}"): FOLDER_CANDIDATES,
    ("PUT", "/folders/{id}"): FOLDER_CANDIDATES,
    ("GET", "/conversations/attributes"): CONVERSATION_ATTRIBUTE_CANDIDATES,
    ("GET", "/conversations/attributes/{id}"): CONVERSATION_ATTRIBUTE_CANDIDATES,
}

ALSO_SOURCE = "listed as ALSO (inferred) in the research notes: "
CUSTOM_OBJECTS_SPEC = "intercom/Intercom-OpenAPI@8889625a descriptions/2.16 L35668"
CUSTOM_OBJECT_OPERATIONS = [
    ("PUT", "/contacts/{contact_id}"),
    ("PUT", "/conversations/{conversation_id}"),
]
RETAIN_METRICS_CITATION = re.compile(
    r'intercom/Intercom-OpenAPI@8889625a descriptions/2\.16 L11536: "[^"]*"'
)
TICKETS_MARKER = "Tickets reached through this endpoint additionally need"
TICKETS_SOURCE = (
    "https://developers.intercom.com/docs/references/preview/changelog "
    "'Enforcement of ticket permissions on the Conversations API' (Aug 2024)"
)

HEADER = """\
# scope-catalog.toml: which Intercom OAuth scope grants which REST operation and webhook topic.
# Built by tools/build_catalog.py from catalog/sources/intercom/ (scopes.tsv, endpoints.tsv,
# webhooks.tsv) and the Intercom-OpenAPI specs at commit 8889625a.
# Provenance values: spec | docs | third-party | inferred | unknown;
# `inferred` and `unknown` are not documented facts.
# `access` is scopecheck's classification of the scope description.
"""


def fail(message):
    sys.exit(f"build_catalog: error: {message}")


# ---------------------------------------------------------------------------------------------
# Reading the research


def read_tsv(path):
    """Rows of a header-line TSV (no quoting) as dicts keyed by the header names."""
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines[-1] == "":
        lines.pop()
    header = lines[0].split("\t")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != len(header):
            fail(f"{path}:{number}: {len(fields)} fields, expected {len(header)}")
        rows.append(dict(zip(header, fields)))
    return rows


def split_scopes(field):
    """Scope names of a ` | `-joined `scopes` column (empty field: no names)."""
    return [name.strip() for name in field.split(" | ")] if field else []


def load_spec_operations(openapi_dir):
    """{version: [(METHOD, path), ...]} for every operation under `paths:` of each spec."""
    operations = {}
    for version in VERSIONS:
        path = openapi_dir / f"{version}.yaml"
        with path.open(encoding="utf-8") as handle:
            spec = yaml.load(handle, Loader=yaml.CSafeLoader)
        operations[version] = [
            (method.upper(), api_path)
            for api_path, item in spec["paths"].items()
            for method in item
            if method in HTTP_METHODS
        ]
    return operations


# ---------------------------------------------------------------------------------------------
# Operations: spec versions and path variants


def path_shape(path):
    """The path with every `{param}` segment replaced by `{}`."""
    return "/".join("{}" if re.fullmatch(r"\{[^{}]*\}", s) else s for s in path.split("/"))


def match_spec_versions(endpoints, spec_operations):
    """For each endpoints.tsv row: the spec versions containing it and {spelling: versions}
    for the versions that spell its path differently.

    Fails unless every spec operation matches exactly one row and every row matches at least one
    spec operation (matching by method and path shape).
    """
    row_by_key = {}
    for index, row in enumerate(endpoints):
        key = (row["method"], path_shape(row["path"]))
        if key in row_by_key:
            fail(f"endpoints.tsv has two rows for {row['method']} {key[1]}")
        row_by_key[key] = index

    versions = [[] for _ in endpoints]
    variants = [{} for _ in endpoints]
    for version, operations in spec_operations.items():
        for method, path in operations:
            index = row_by_key.get((method, path_shape(path)))
            if index is None:
                fail(f"spec {version}: {method} {path} matches no endpoints.tsv row")
            if version in versions[index]:
                fail(f"spec {version}: {method} {path} is a second spelling of the same operation")
            versions[index].append(version)
            if path != endpoints[index]["path"]:
                variants[index].setdefault(path, []).append(version)

    for row, row_versions in zip(endpoints, versions):
        if not row_versions:
            fail(f"endpoints.tsv row {row['method']} {row['path']} is in no spec")
    return versions, variants


def report_version_mismatches(endpoints, versions):
    """Print rows whose first_version/last_version columns disagree with the specs."""
    for row, row_versions in zip(endpoints, versions):
        stable = [v for v in row_versions if v != "preview"]
        first = row_versions[0]
        last = stable[-1] if stable and stable[-1] != LATEST_STABLE else ""
        problems = []
        if row["first_version"].lower() != first:
            problems.append(f"first_version {row['first_version']!r}, specs say {first!r}")
        if row["last_version"] != last:
            problems.append(f"last_version {row['last_version']!r}, specs say {last!r}")
        if LATEST_STABLE in row_versions and "preview" not in row_versions:
            problems.append(f"in {LATEST_STABLE} but not in preview")
        if problems:
            print(f"version mismatch: {row['method']} {row['path']}: {'; '.join(problems)}")


# ---------------------------------------------------------------------------------------------
# Building the catalog tables (each a list of (key, value) pairs, in output order)


class ScopeNames:
    """The scopes.tsv display names; every scope name used in the catalog must be one."""

    def __init__(self, scopes):
        self.names = [scope["display_name"] for scope in scopes]

    def check(self, name, where):
        if name not in self.names:
            fail(f"{where}: {name!r} is not a scopes.tsv display_name")
        return name


def access_of(scope_names):
    """{display_name: access} for every scope."""
    access = dict.fromkeys(scope_names.names, DEFAULT_ACCESS)
    for kind, names in ACCESS.items():
        for name in names:
            access[scope_names.check(name, f"access {kind!r}")] = kind
    return access


def canvas_kit(value, name):
    """(forced, note) from a canvas_kit_forced value such as `yes`, `no` or `yes (as 'X')`."""
    if value in ("yes", "no"):
        return value == "yes", None
    match = re.fullmatch(r"(?:yes|no) \((.*)\)", value)
    if not match:
        fail(f"scopes.tsv {name!r}: canvas_kit_forced {value!r} is not yes/no (note)")
    return value.startswith("yes"), match.group(1)


def scope_table(scope, access):
    name = scope["display_name"]
    forced, note = canvas_kit(scope["canvas_kit_forced"], name)
    aliases = SCOPE_ALIASES.get(name)
    return [
        ("name", name),
        ("id", scope["identifier"] or None),
        ("id_source", scope["identifier_source"] or None),
        ("group", scope["group"]),
        ("description", scope["description"]),
        ("access", access[name]),
        ("canvas_kit_forced", forced),
        ("canvas_kit_note", note),
        ("aliases", aliases),
        ("notes", scope["notes"] or None),
    ]


def relation_source(scope, included, scope_by_name):
    """A `source` text quoting both scope descriptions and saying the inclusion is inferred."""
    a, b = scope_by_name[scope], scope_by_name[included]
    quoted = f'"{scope}": "{a["description"]}"; "{included}": "{b["description"]}"'
    if NOT_ON_SCOPES_PAGE in (a["group"], b["group"]):
        return (
            "scopes.tsv descriptions (the scopes are not on Intercom's OAuth-scopes page) - "
            f"{quoted}. "
            f"The inclusion is inferred from the scopes' names ({scope} vs {included}); "
            "it is not stated by Intercom."
        )
    return (
        f"scopes.tsv descriptions, from {OAUTH_SCOPES_URL} - {quoted}. "
        "The inclusion is inferred from the descriptions; it is not stated by Intercom."
    )


def relation_table(scope, included, scope_by_name, scope_names):
    scope_names.check(scope, "relation")
    scope_names.check(included, "relation")
    return [
        ("scope", scope),
        ("includes", included),
        ("provenance", "inferred"),
        ("source", relation_source(scope, included, scope_by_name)),
    ]


def grant(scope, provenance, source=None):
    return {"scope": scope, "provenance": provenance, "source": source}


def also_inferred(notes):
    """Names listed after `ALSO (inferred):` in the notes, up to the first `.`."""
    match = re.search(r"ALSO \(inferred\):([^.]*)\.", notes)
    return split_scopes(match.group(1).strip()) if match else []


def operation_grants(row, scope_names):
    where = f"endpoints.tsv {row['method']} {row['path']}"
    names = [scope_names.check(n, where) for n in split_scopes(row["scopes"])]
    grants = [grant(name, row["provenance"]) for name in names]
    for name in also_inferred(row["notes"]):
        if scope_names.check(name, f"{where} ALSO (inferred)") not in names:
            names.append(name)
            grants.append(grant(name, "inferred", ALSO_SOURCE + row["notes"]))
    return grants


def operation_candidates(row, scope_names):
    """Scope names the notes of a provenance-unknown row suggest.

    These are the scope display names quoted in the notes, then MANUAL_CANDIDATES.
    """
    notes = row["notes"]
    quoted = sorted(
        (notes.find(f"'{name}'"), name) for name in scope_names.names if f"'{name}'" in notes
    )
    candidates = [name for _, name in quoted]
    for name in MANUAL_CANDIDATES.get((row["method"], row["path"]), []):
        if scope_names.check(name, "MANUAL_CANDIDATES") not in candidates:
            candidates.append(name)
    return candidates


def operation_conditions(row, scope_names):
    """The [[operation.condition]] tables for a row (see the CONDITIONAL and ticket notes)."""
    method, path, notes = row["method"], row["path"], row["notes"]

    def grants(name, provenance, source=None):
        return [grant(scope_names.check(name, f"{method} {path} condition"), provenance, source)]

    conditions = []
    if (method, path) == ("DELETE", "/conversations/{conversation_id}"):
        citation = RETAIN_METRICS_CITATION.search(notes)
        if not citation:
            fail(f"{method} {path}: the retain_metrics spec citation is missing from the notes")
        conditions.append([
            ("id", "retain-metrics-false"),
            ("when", "the request sets retain_metrics=false, "
                     "deleting the conversation's metrics too"),
            ("query", "retain_metrics=false"),
            ("grants", grants("Delete conversations and metrics", "spec")),
            ("source", citation.group(0)),
        ])
    if (method, path) == ("POST", "/conversations/{id}/merge"):
        conditions.append([
            ("id", "ticket-secondary"),
            ("when", "the secondary conversation is a ticket"),
            ("grants", grants("Write tickets", "spec")),
            ("source", row["source_ref"]),
        ])
    if (method, path) in CUSTOM_OBJECT_OPERATIONS:
        presumed = (
            f"the spec says only 'you need additional permissions' ({CUSTOM_OBJECTS_SPEC}); "
            "the scope is presumed"
        )
        conditions.append([
            ("id", "custom-object-associations"),
            ("when", "the body associates custom object instances"),
            ("grants", grants("Read and write custom object instances", "inferred", presumed)),
            ("source", f"{CUSTOM_OBJECTS_SPEC} "
                       "(Custom Object Instances tag: 'you need additional permissions')"),
        ])
    if TICKETS_MARKER in notes:
        reads = method == "GET" or (method, path) == ("POST", "/conversations/search")
        conditions.append([
            ("id", "tickets"),
            ("when", "the call reaches tickets (ticket conversations)"),
            ("grants", grants("Read tickets" if reads else "Write tickets", "docs")),
            ("source", TICKETS_SOURCE),
        ])
    return conditions


def operation_table(row, versions, variants, scope_names):
    candidates = None
    if row["provenance"] == "unknown":
        candidates = operation_candidates(row, scope_names)
        print(f"candidates: {row['method']} {row['path']}: {candidates}")
    path_variants = [{"path": path, "versions": v} for path, v in variants.items()]
    return [
        ("method", row["method"]),
        ("path", row["path"]),
        ("versions", versions),
        ("path_variants", path_variants or None),
        ("provenance", row["provenance"]),
        ("source", row["source_ref"] or None),
        ("grants", operation_grants(row, scope_names)),
        ("candidates", candidates or None),
        ("notes", row["notes"] or None),
    ]


def topic_table(row, scope_names):
    name, notes = row["topic"], row["notes"]
    where = f"webhooks.tsv {name}"
    grants = [
        grant(scope_names.check(scope, where), row["provenance"])
        for scope in split_scopes(row["scopes"])
    ]
    preview_only = "Preview only." in notes or notes.startswith("Preview;")
    return [
        ("name", name),
        ("grants", grants),
        ("provenance", row["provenance"]),
        ("source", row["source_ref"] or None),
        ("versions", ["preview"] if preview_only else None),
        ("aliases", ["contact.unarchived"] if name == "contact.unarchive" else None),
        ("no_scope_needed", True if name == "ping" else None),
        ("notes", notes or None),
    ]


# ---------------------------------------------------------------------------------------------
# TOML output


def toml_string(text):
    """`text` as a TOML basic string."""
    escapes = {
        '"': '\\"', "\\": "\\\\",
        "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r",
    }
    out = []
    for char in text:
        if char in escapes:
            out.append(escapes[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, dict):
        pairs = ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items() if v is not None)
        return "{ " + pairs + " }"
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return "[\n" + "".join(f"  {toml_value(item)},\n" for item in value) + "]"
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    raise TypeError(f"no TOML form for {value!r}")


def toml_table(header, pairs):
    lines = [f"[[{header}]]"]
    lines += [f"{key} = {toml_value(value)}" for key, value in pairs if value is not None]
    return "\n".join(lines) + "\n"


def render(scopes, relations, operations, topics):
    """The catalog text; `operations` is a list of (table, condition tables)."""
    parts = [
        HEADER
        + "format = 1\n"
        + 'provider = "intercom"\n'
        + 'name = "Intercom"\n'
        + 'console = "the Developer Hub"\n'
        + 'hosts = ["api.intercom.io", "api.eu.intercom.io", "api.au.intercom.io"]\n'
        + f"versions = {toml_value(VERSIONS)}\n"
    ]
    parts += [toml_table("scope", table) for table in scopes]
    parts += [toml_table("relation", table) for table in relations]
    for table, conditions in operations:
        parts.append(toml_table("operation", table))
        parts += [toml_table("operation.condition", condition) for condition in conditions]
    parts += [toml_table("topic", table) for table in topics]
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------------


def check_manual_keys(endpoints):
    """Fail if a hand-written candidate list names an operation that is not an unknown row."""
    unknown = {(r["method"], r["path"]) for r in endpoints if r["provenance"] == "unknown"}
    for method, path in MANUAL_CANDIDATES:
        if (method, path) not in unknown:
            fail(f"MANUAL_CANDIDATES: {method} {path} is not a provenance-unknown row")


def print_summary(scopes, endpoints, webhooks, operations):
    def by_provenance(rows):
        counts = Counter(row["provenance"] for row in rows)
        return ", ".join(f"{p} {counts[p]}" for p in PROVENANCES if counts[p])

    conditions = sum(len(c) for _, c in operations)
    print(f"scopes: {len(scopes)}")
    print(f"operations: {len(endpoints)} ({by_provenance(endpoints)})")
    print(f"topics: {len(webhooks)} ({by_provenance(webhooks)})")
    print(f"conditions: {conditions}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=SOURCES,
                        help="the catalog's sources (default: catalog/sources/intercom)")
    args = parser.parse_args()
    research = args.sources

    scopes = read_tsv(research / "scopes.tsv")
    endpoints = read_tsv(research / "endpoints.tsv")
    webhooks = read_tsv(research / "webhooks.tsv")
    spec_operations = load_spec_operations(research / "openapi")

    scope_names = ScopeNames(scopes)
    scope_by_name = {scope["display_name"]: scope for scope in scopes}
    for name, aliases in SCOPE_ALIASES.items():
        scope_names.check(name, f"aliases {aliases}")
    check_manual_keys(endpoints)

    versions, variants = match_spec_versions(endpoints, spec_operations)
    report_version_mismatches(endpoints, versions)

    access = access_of(scope_names)
    scope_tables = [scope_table(scope, access) for scope in scopes]
    relation_tables = [relation_table(a, b, scope_by_name, scope_names) for a, b in RELATIONS]
    operation_tables = [
        (operation_table(row, v, pv, scope_names), operation_conditions(row, scope_names))
        for row, v, pv in zip(endpoints, versions, variants)
    ]
    topic_tables = [topic_table(row, scope_names) for row in webhooks]

    text = render(scope_tables, relation_tables, operation_tables, topic_tables)
    OUTPUT.write_text(text, encoding="utf-8", newline="\n")
    print_summary(scopes, endpoints, webhooks, operation_tables)
    print(f"wrote {OUTPUT.relative_to(REPO_ROOT)}")
    # The legacy step rewrites the catalog's tail, then runs the evidence step.
    legacy = Path(__file__).resolve().parent / "legacy" / "to_catalog.py"
    subprocess.run([sys.executable, str(legacy), "--sources", str(research)], check=True)


if __name__ == "__main__":
    main()
