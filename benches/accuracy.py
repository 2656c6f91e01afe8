#!/usr/bin/env python3
"""Recall and precision of `scopecheck scan` on real public Intercom integrations.

Each repository of benches/accuracy/repos.toml is checked out at its pinned commit, scanned
whole, and its calls compared with the list a person wrote by reading its code
(benches/accuracy/<name>.toml). A found call matches an expected one in the same file with
the same method and path (parameters as `{}`), the nearest line first. Recall and precision
are printed per project and in total, for the app's own calls (what init, sync and drift use)
and for tests apart; webhook topics the same way. Repositories of the "validation" group were
never used to tune the scanner and are totalled apart.

    python3 benches/accuracy.py [--scopecheck PATH] [--checkouts DIR] [--only NAME...]

Checkouts are made in DIR (default ~/.cache/scopecheck-accuracy) with git, from the
repository's URL, or from a bare mirror in $SCOPECHECK_MIRRORS/<owner>+<name>/repo when
that is set (for machines without network access). Needs Python 3.11 (tomllib).
"""

import argparse
import json
import os
import subprocess
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent / "accuracy"
ROOT = HERE.parent.parent
LINE_SLACK = 3


def checkout(repo, directory):
    """The repository's files at its commit, in directory/name (made once)."""
    target = directory / repo["name"]
    stamp = target / ".scopecheck-accuracy-commit"
    if stamp.exists() and stamp.read_text().strip() == repo["commit"]:
        return target
    owner_name = repo["repository"].removeprefix("https://github.com/")
    mirrors = os.environ.get("SCOPECHECK_MIRRORS")
    git_dir = Path(mirrors) / owner_name.replace("/", "+") / "repo" if mirrors else None
    if git_dir is None or not git_dir.exists():
        git_dir = directory / (repo["name"] + ".git")
        if not git_dir.exists():
            subprocess.run(
                ["git", "clone", "--bare", "--filter=blob:none", repo["repository"], str(git_dir)],
                check=True,
            )
    if target.exists():
        subprocess.run(["rm", "-rf", str(target)], check=True)
    target.mkdir(parents=True)
    extract(git_dir, repo["commit"], target)
    stamp.write_text(repo["commit"] + "\n")
    return target


def extract(git_dir, commit, target):
    """Writes every blob of the commit (a snapshot may lack a few large ones: they are skipped)."""
    listing = subprocess.run(
        ["git", f"--git-dir={git_dir}", "ls-tree", "-r", "-z", commit],
        capture_output=True, check=True,
    ).stdout
    entries = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, path = record.split(b"\t", 1)
        mode, kind, obj = meta.split()
        if kind == b"blob" and mode != b"120000":
            entries.append((obj, path.decode("utf-8", "replace")))
    cat = subprocess.Popen(
        ["git", f"--git-dir={git_dir}", "cat-file", "--batch"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )
    for obj, path in entries:
        cat.stdin.write(obj + b"\n")
        cat.stdin.flush()
        header = cat.stdout.readline().split()
        if len(header) < 3 or header[1] == b"missing":
            continue
        data = cat.stdout.read(int(header[2]))
        cat.stdout.read(1)
        file = target / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(data)
    cat.stdin.close()
    cat.wait()


def match(expected, found):
    """Pairs expected and found entries with the same key, nearest lines first (within
    LINE_SLACK); returns (matched, missed, extra) lists."""
    by_key = defaultdict(list)
    for entry in found:
        by_key[entry[0]].append(entry)
    matched, missed = [], []
    for entry in sorted(expected, key=lambda e: e[1]):
        candidates = by_key.get(entry[0], [])
        best = min(candidates, key=lambda f: abs(f[1] - entry[1]), default=None)
        if best is not None and abs(best[1] - entry[1]) <= LINE_SLACK:
            candidates.remove(best)
            matched.append(entry)
        else:
            missed.append(entry)
    extra = [entry for entries in by_key.values() for entry in entries]
    return matched, missed, extra


def ratio(part, whole):
    return 1.0 if whole == 0 else part / whole


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scopecheck", default=str(ROOT / "target" / "release" / "scopecheck"))
    parser.add_argument("--checkouts", default=str(Path.home() / ".cache" / "scopecheck-accuracy"))
    parser.add_argument("--only", nargs="*", default=[])
    parser.add_argument("--verbose", "-v", action="store_true", help="list misses and extras")
    args = parser.parse_args()
    directory = Path(args.checkouts)
    directory.mkdir(parents=True, exist_ok=True)
    repos = tomllib.loads((HERE / "repos.toml").read_text())["repo"]
    # group -> (kind, class) -> matched, expected, found
    totals = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    rows = []
    for repo in repos:
        if args.only and repo["name"] not in args.only:
            continue
        tree = checkout(repo, directory)
        truth = tomllib.loads((HERE / f"{repo['name']}.toml").read_text())
        run = subprocess.run(
            [args.scopecheck, "scan", ".", "--format", "json"],
            cwd=tree, capture_output=True, text=True,
        )
        if run.returncode != 0:
            sys.exit(f"{repo['name']}: scopecheck failed: {run.stderr}")
        hits = json.loads(run.stdout)["hits"]
        group = repo.get("group", "development")
        row = {"name": repo["name"], "group": group}
        for kind, field in (("call", "request"), ("topic", "topic")):
            for klass in ("app", "test"):
                expected = [
                    ((e["file"], e[field]), e["line"])
                    for e in truth.get(kind, [])
                    if e.get("class", "app") == klass
                ]
                found = [
                    ((h["path"].removeprefix("./"), h[field]), h["line"])
                    for h in hits
                    # Scanners before 0.1 had no class: every hit was the app's.
                    if h["kind"] == kind and h.get("class", "app") == klass
                ]
                matched, missed, extra = match(expected, found)
                for counts in (totals[group][(kind, klass)], totals["all"][(kind, klass)]):
                    counts[0] += len(matched)
                    counts[1] += len(expected)
                    counts[2] += len(found)
                row[(kind, klass)] = (len(matched), len(expected), len(found))
                if args.verbose:
                    for (file, what), line in missed:
                        print(f"  {repo['name']}: missed {kind} ({klass}) {file}:{line} {what}")
                    for (file, what), line in extra:
                        print(f"  {repo['name']}: extra  {kind} ({klass}) {file}:{line} {what}")
        rows.append(row)

    def cells(counts):
        matched, expected, found = counts
        if expected == 0 and found == 0:
            return "      -            -     "
        return (
            f"{100 * ratio(matched, expected):5.1f}% ({matched}/{expected})".ljust(18)
            + f"{100 * ratio(matched, found):5.1f}% ({matched}/{found})".ljust(18)
        )

    header = "project      app calls: recall   precision         test calls: recall  precision         topics: recall    precision"
    print(header)
    summary = []
    for group in ("development", "validation", "all"):
        if group in totals and (group != "all" or len(totals) > 2):
            counts = {key: tuple(value) for key, value in totals[group].items()}
            summary.append({"name": "TOTAL " + group[:3], **counts})
    ordered = [r for r in rows if r["group"] == "development"] + [
        r for r in rows if r["group"] == "validation"
    ]
    for row in ordered + summary:
        topics = tuple(
            sum(x) for x in zip(row.get(("topic", "app"), (0, 0, 0)), row.get(("topic", "test"), (0, 0, 0)))
        )
        print(
            row["name"].ljust(13)
            + cells(row.get(("call", "app"), (0, 0, 0)))
            + "  "
            + cells(row.get(("call", "test"), (0, 0, 0)))
            + "  "
            + cells(topics)
        )


if __name__ == "__main__":
    main()
