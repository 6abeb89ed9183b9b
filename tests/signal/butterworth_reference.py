#!/usr/bin/env python3
"""Reference Butterworth coefficients for tests/signal/biquad_test.cpp.

scipy is not installable in the build environment, so this script re-derives what
scipy.signal.butter(N, Wn, btype) returns (Wn normalised to Nyquist, output='ba') with the same
algorithm scipy documents, in pure Python (complex double):
  1. analog prototype poles p_k = exp(jπ(2k + N + 1) / (2N)), k = 0..N-1, no zeros, gain 1;
  2. pre-warp: Ω_c = 2·fs·tan(π·Wn / fs) with fs = 2 (scipy's convention for normalised Wn);
  3. lp2lp (p·Ω_c, gain·Ω_c^N) or lp2hp (Ω_c/p, N zeros at 0);
  4. bilinear transform z = (2fs + s) / (2fs − s), extra zeros at z = −1 (low-pass);
  5. expand zeros/poles to polynomials b, a (a0 = 1).
This is the pole/zero route, independent of the per-section closed form in signal/src/biquad.cpp.
Cross-check: for butter(2, 0.1) it prints b = [0.02008337, 0.04016673, 0.02008337],
a = [1, -1.56101808, 0.64135154], the values scipy 1.x prints.

Run: python3 tests/signal/butterworth_reference.py   (paste the output into biquad_test.cpp)
"""
import cmath
import math


def poly(roots):
    c = [1 + 0j]
    for r in roots:
        nxt = [0j] * (len(c) + 1)
        for i, v in enumerate(c):
            nxt[i] += v
            nxt[i + 1] -= v * r
        c = nxt
    return c


def butter(n, wn, btype):
    fs = 2.0
    p = [cmath.exp(1j * math.pi * (2 * k + n + 1) / (2 * n)) for k in range(n)]
    warped = 2 * fs * math.tan(math.pi * wn / fs)
    if btype == "low":
        z = []
        p = [warped * pk for pk in p]
        k = warped ** n
    else:
        z = [0j] * n
        p = [warped / pk for pk in p]
        k = 1.0
    fs2 = 2 * fs
    zd = [(fs2 + zz) / (fs2 - zz) for zz in z]
    pd = [(fs2 + pp) / (fs2 - pp) for pp in p]
    zd += [-1 + 0j] * (len(pd) - len(zd))
    num = 1 + 0j
    for zz in z:
        num *= fs2 - zz
    den = 1 + 0j
    for pp in p:
        den *= fs2 - pp
    kd = k * (num / den).real
    b = [kd * c.real for c in poly(zd)]
    a = [c.real for c in poly(pd)]
    return b, a


CASES = [(2, 0.1, "low"), (2, 0.1, "high"), (4, 0.1, "low"), (4, 0.2, "high"),
         (2, 0.04, "low"), (4, 0.04, "low"), (2, 0.001, "high")]

if __name__ == "__main__":
    for n, wn, bt in CASES:
        b, a = butter(n, wn, bt)
        fmt = lambda v: ", ".join(f"{x:.17g}" for x in v)
        print(f"    // butter({n}, {wn}, '{bt}')")
        print(f"    {{{n}, {wn}, FilterResponse::k{'LowPass' if bt == 'low' else 'HighPass'},")
        print(f"     {{{fmt(b)}}},")
        print(f"     {{{fmt(a)}}}}},")
