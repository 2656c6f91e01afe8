#!/usr/bin/env python3
"""Pack a built scopecheck binary into the release archive for one target, with its checksum.

    python3 .ci/package.py TARGET BINARY OUT_DIR

writes OUT_DIR/scopecheck-v<version>-<TARGET>.tar.gz (.zip for Windows targets) holding the
folder scopecheck-v<version>-<TARGET>/ with the binary, README.md and LICENSE, and beside it
<archive>.sha256 in `sha256sum` format. These names are what the Action's installer
(action/install.sh) and `cargo binstall` (package.metadata.binstall in Cargo.toml) download, so
the release workflow and the tests both pack with this script. The archive is reproducible:
fixed timestamps, owners and order, so the same binary always gives the same checksum.
"""

import gzip
import hashlib
import io
import os
import re
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# 1980-01-01, the earliest time a zip entry can hold; tar uses the same for one rule.
EPOCH = 315532800


def version():
    text = (ROOT / "Cargo.toml").read_text(encoding="utf-8")
    match = re.search(r'(?m)^version = "([^"]+)"', text)
    if not match:
        sys.exit("package.py: error: no version in Cargo.toml")
    return match.group(1)


def members(binary, windows):
    """(name in the archive, bytes, executable) for each file, in archive order."""
    name = "scopecheck.exe" if windows else "scopecheck"
    return [
        (name, binary.read_bytes(), True),
        ("README.md", (ROOT / "README.md").read_bytes(), False),
        ("LICENSE", (ROOT / "LICENSE").read_bytes(), False),
    ]


def write_tar_gz(path, folder, files):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as archive:
        entries = [(folder + "/", None, True)] + [(f"{folder}/{n}", d, x) for n, d, x in files]
        for name, data, executable in entries:
            info = tarfile.TarInfo(name.rstrip("/"))
            info.mtime = EPOCH
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            if data is None:
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                archive.addfile(info)
            else:
                info.size = len(data)
                info.mode = 0o755 if executable else 0o644
                archive.addfile(info, io.BytesIO(data))
    with open(path, "wb") as out:
        with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0) as compressed:
            compressed.write(raw.getvalue())


def write_zip(path, folder, files):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data, executable in files:
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o100755 if executable else 0o100644) << 16
            archive.writestr(info, data)


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: python3 .ci/package.py TARGET BINARY OUT_DIR")
    target, binary, out_dir = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    if not binary.is_file():
        sys.exit(f"package.py: error: {binary} is not a built binary")
    windows = "windows" in target
    folder = f"scopecheck-v{version()}-{target}"
    archive = out_dir / (folder + (".zip" if windows else ".tar.gz"))
    out_dir.mkdir(parents=True, exist_ok=True)
    files = members(binary, windows)
    partial = archive.with_name(archive.name + ".partial")
    (write_zip if windows else write_tar_gz)(partial, folder, files)
    os.replace(partial, archive)
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    # `sha256sum -c` and `shasum -a 256 -c` both read this line: two spaces, then the name.
    (out_dir / (archive.name + ".sha256")).write_text(f"{digest}  {archive.name}\n")
    print(archive)


if __name__ == "__main__":
    main()
