#!/usr/bin/env python3
"""Writes a folder of N FIT activities for the bulk-import benchmark (docs/benchmarks.md), by re-stamping
copies of the real files in ../shared/datasets/fit: copy k gets time_created + k and serial_number + k in
its file_id message (so each is a new activity to runload's duplicate check), and a recomputed file CRC.
Never write into the repository: give a temporary folder.

    tools/make_fit_export.py OUT_DIR [N=1000] [--zip OUT.zip]
"""
import os
import struct
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "shared", "datasets", "fit")
# Device-relative clocks (no date): runload refuses them, so they are no use for a timing run.
UNDATED = {"antfs-dump.63.fit", "compressed-speed-distance.fit"}
CRC_TABLE = [0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
             0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400]


def crc16(data, crc=0):
    for byte in data:
        tmp = CRC_TABLE[crc & 0xF]
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ CRC_TABLE[byte & 0xF]
        tmp = CRC_TABLE[crc & 0xF]
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ CRC_TABLE[(byte >> 4) & 0xF]
    return crc


def file_id_fields(data):
    """(offset, size, big_endian) of file_id fields 3 (serial) and 4 (time_created) in the first file."""
    header = data[0]
    end = header + struct.unpack_from("<I", data, 4)[0]
    pos, defs = header, {}
    while pos < end:
        h = data[pos]
        pos += 1
        if h & 0x80:
            local = (h >> 5) & 3
        elif h & 0x40:
            arch, glob = data[pos + 1], data[pos + 2:pos + 4]
            glob = struct.unpack(">H" if arch else "<H", glob)[0]
            n = data[pos + 4]
            fields = [tuple(data[pos + 5 + 3 * i:pos + 8 + 3 * i]) for i in range(n)]
            pos += 5 + 3 * n
            size = sum(f[1] for f in fields)
            if h & 0x20:
                m = data[pos]
                size += sum(data[pos + 1 + 3 * i + 1] for i in range(m))
                pos += 1 + 3 * m
            defs[h & 0x0F] = (glob, arch == 1, fields, size)
            continue
        else:
            local = h & 0x0F
        glob, big, fields, size = defs[local]
        if glob == 0:
            out, off = {}, pos
            for num, fsize, _ in fields:
                out[num] = (off, fsize, big)
                off += fsize
            return out, end
        pos += size
    raise ValueError("no file_id message")


def restamp(data, k):
    data = bytearray(data)
    fields, end = file_id_fields(data)
    for num in (3, 4):
        if num in fields and fields[num][1] == 4:
            off, _, big = fields[num]
            fmt = ">I" if big else "<I"
            value = struct.unpack_from(fmt, data, off)[0]
            struct.pack_into(fmt, data, off, (value + k) % 0xFFFFFFF0 or 1)
    if end + 2 <= len(data):  # a truncated file keeps its (missing) CRC
        struct.pack_into("<H", data, end, crc16(data[:end]))
    return bytes(data)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 and not sys.argv[2].startswith("--") else 1000
    zip_path = sys.argv[sys.argv.index("--zip") + 1] if "--zip" in sys.argv else None
    sources = sorted(os.path.join(d, f) for d, _, fs in os.walk(SHARED) for f in fs
                     if f.lower().endswith(".fit") and f not in UNDATED)
    os.makedirs(out, exist_ok=True)
    total = 0
    archive = zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) if zip_path else None
    for k in range(n):
        src = sources[k % len(sources)]
        with open(src, "rb") as f:
            data = restamp(f.read(), k + 1)
        name = "%04d_%s" % (k, os.path.basename(src))
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        if archive:
            archive.writestr("activities/" + name, data)
        total += len(data)
    if archive:
        archive.close()
    print("%d FIT files, %.1f MB in %s" % (n, total / 1e6, out))


if __name__ == "__main__":
    main()
