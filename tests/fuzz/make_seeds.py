#!/usr/bin/env python3
"""Writes the synthetic seeds of archive_fuzz and dataset_fuzz (no dataset bytes): run from the repository root."""
import gzip, io, math, struct, zipfile, zlib

HISTORY = 'tests/fuzz/seeds/history/'


def archive_seed(path):
    """A zip export: a CSV, a GPX, a gzip-compressed TCX and a zip holding a CSV (Garmin packs FIT files so)."""
    def info(name, compression):
        z = zipfile.ZipInfo(name, date_time=(2026, 3, 1, 7, 0, 0))
        z.compress_type = compression
        return z
    read = lambda name: open(HISTORY + name, 'rb').read()
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, 'w') as z:
        z.writestr(info('log.csv', zipfile.ZIP_DEFLATED), read('log.csv'))
    with zipfile.ZipFile(path, 'w') as z:
        z.writestr(info('export/log.csv', zipfile.ZIP_DEFLATED), read('log.csv'))
        z.writestr(info('export/run.gpx', zipfile.ZIP_STORED), read('run.gpx'))
        z.writestr(info('activities/run.tcx.gz', zipfile.ZIP_STORED), gzip.compress(read('run.tcx'), mtime=0))
        z.writestr(info('uploads/inner.zip', zipfile.ZIP_STORED), inner.getvalue())


def mat_seeds(plain, compressed, n=24):
    """A PyShoe trial (ts 1×N, imu N×6, gt N×3) as MAT v5, once plain and once with zlib-compressed variables."""
    pad8 = lambda b: b + b'\0' * (-len(b) % 8)
    element = lambda kind, data: struct.pack('<II', kind, len(data)) + pad8(data)

    def matrix(name, rows, cols, values):  # miMATRIX: flags (mxDOUBLE_CLASS), dimensions, name, real part
        body = (element(6, struct.pack('<II', 6, 0)) + element(5, struct.pack('<ii', rows, cols)) +
                element(1, name.encode()) + element(9, struct.pack('<%dd' % len(values), *values)))
        return struct.pack('<II', 14, len(body)) + body
    header = b'MATLAB 5.0 MAT-file, synthetic fuzz seed'.ljust(116) + b'\0' * 8 + struct.pack('<H', 0x0100) + b'IM'
    ts = [0.005 * i for i in range(n)]
    imu = [(9.81 if c == 2 else 0.0) + 0.5 * math.sin(0.7 * i + c) for c in range(6) for i in range(n)]  # column-major
    gt = [(0.02 * i + 0.01 * math.sin(0.8 * i)) if c == 0 else (0.03 * max(0.0, math.sin(0.8 * i)) if c == 2 else 0.0)
          for c in range(3) for i in range(n)]
    variables = [matrix('ts', 1, n, ts), matrix('imu', n, 6, imu), matrix('gt', n, 3, gt)]
    open(plain, 'wb').write(header + b''.join(variables))
    packed = [zlib.compress(v) for v in variables]
    open(compressed, 'wb').write(header + b''.join(struct.pack('<II', 15, len(z)) + z for z in packed))


def voisard_seed(path, n=12):
    """A Voisard trial: the foot file's text, then "\\n--json--\\n", then the trial's JSON (dataset_fuzz splits there)."""
    rows = ['Acquisition frequency: 100 Hz', 'PacketCounter\tAcc_X\tAcc_Y\tAcc_Z\tGyr_X\tGyr_Y\tGyr_Z\tMag_X\tMag_Y\tMag_Z']
    for i in range(n):
        values = [0.3 * math.sin(0.5 * i + c) + (9.81 if c == 2 else 0.0) for c in range(6)]
        rows.append('\t'.join(['%.1f' % i] + ['%.6f' % v for v in values] + ['-0.6', '0.0', '-0.4']))
    trial = ('{"Subject": 1, "Trial": 2, "TrialBoundaries": [1, 10], "UTurnBoundaries": [4, 6], '
             '"LeftFootEvents": [[2, 4], [7, 9]], "RightFootEvents": [[1, 3], [6, 8.0]]}')
    open(path, 'w').write('\n'.join(rows) + '\n--json--\n' + trial + '\n')


if __name__ == '__main__':
    archive_seed('tests/fuzz/seeds/archive/export.zip')
    mat_seeds('tests/fuzz/seeds/dataset/trial.mat', 'tests/fuzz/seeds/dataset/trial_compressed.mat')
    voisard_seed('tests/fuzz/seeds/dataset/voisard.txt')
