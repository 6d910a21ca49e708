#!/usr/bin/env python3
"""Write a layer tar from a JSON list of entries, as a hostile image would:
make-layer.py OUT.tar '[{"name": "a", "type": "sym", "linkname": "/etc"}, ...]'
Fields: name, type (file dir sym link chr fifo), data, linkname, mode
(octal string), uid, gid, size (a header size that differs from data),
pax (extra pax headers).  '@FILE' reads the list from FILE (a long
list is past the kernel's limit for one argument)."""
import io
import json
import sys
import tarfile

KINDS = {"file": tarfile.REGTYPE, "dir": tarfile.DIRTYPE, "sym": tarfile.SYMTYPE,
         "link": tarfile.LNKTYPE, "chr": tarfile.CHRTYPE, "fifo": tarfile.FIFOTYPE}

with tarfile.open(sys.argv[1], "w", format=tarfile.PAX_FORMAT) as out:
    spec = sys.argv[2]
    if spec.startswith("@"):
        with open(spec[1:], encoding="utf-8") as f:
            spec = f.read()
    for entry in json.loads(spec):
        info = tarfile.TarInfo(entry["name"])
        info.type = KINDS[entry.get("type", "file")]
        info.mode = int(entry.get("mode", "644"), 8)
        info.uid, info.gid = entry.get("uid", 0), entry.get("gid", 0)
        info.linkname = entry.get("linkname", "")
        info.pax_headers = entry.get("pax", {})
        data = entry.get("data", "").encode()
        info.size = entry.get("size", len(data))
        out.addfile(info, io.BytesIO(data.ljust(info.size, b"\0")) if info.size else None)
