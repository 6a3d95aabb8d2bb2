#!/usr/bin/env python3
"""Conjugate-gradient iterations of the valid-boundary deblur's A† against its preconditioner (issue 15).

ScoreJ's ValidBlurOperator solves (AAᵀ + δI)u = y on the H×W measurement, AAᵀ being the convolution with the
PSF's autocorrelation h with zeros beyond the measurement (a Toeplitz operator). This replica, in numpy and
scipy only, counts preconditioned CG iterations to a relative residual of 1e-4 (ScoreJ's TOLERANCE) with:
the periodic AAᵀ + δI inverted by the FFT (circulant, ScoreJ before 2026-11-29), and the reflecting
(Neumann) one inverted by the orthonormal DCT-II (Ng, Chan and Tang 1999), for a white measurement and
for a blurred, noisy `camera`, over sizes, δ and PSF shapes. ScoreJ takes the DCT when the autocorrelation's
asymmetry ‖h − h↕‖/‖h‖ is at most 0.5 (NeumannNormal.MAX_ASYMMETRY).

    /usr/bin/python3 site/bench/cg_preconditioners.py              # about 5 minutes on 2 cores
"""
import argparse

import numpy as np
from scipy.fft import dctn, idctn, fft2, ifft2
from scipy.signal import fftconvolve
from skimage import data, transform

R = 8  # PSF radius: 17×17 supports


def gaussian(sx, sy=None, angle=0.0):
    x = np.arange(-R, R + 1)
    a, b = np.meshgrid(x, x, indexing="ij")
    u = np.cos(angle) * a + np.sin(angle) * b
    v = -np.sin(angle) * a + np.cos(angle) * b
    k = np.exp(-(u ** 2 / (2 * sx ** 2) + v ** 2 / (2 * (sy or sx) ** 2)))
    return k / k.sum()


def psfs(rng):
    g = gaussian(2.0)
    noisy = lambda s: (lambda k: k / k.sum())(np.clip(g + s * g.max() * rng.normal(size=g.shape), 0, None))
    x = np.arange(-R, R + 1)
    coma = lambda sh: (lambda k: k / k.sum())(np.exp(-((x[:, None] - sh * (x[None, :] > 0)) ** 2 + x[None, :] ** 2) / 8))
    return {"Gaussian σ 2": g, "Gaussian + 1 % noise": noisy(0.01), "Gaussian + 10 % noise": noisy(0.1),
            "coma (shift 0.7)": coma(0.7), "coma (shift 1.5)": coma(1.5),
            "elliptic σ 2 × 1, on an axis": gaussian(2.0, 1.0), "elliptic σ 2.4 × 0.9, diagonal": gaussian(np.sqrt(6), np.sqrt(0.75), np.pi / 4)}


def iterations(k, n, delta, y, cap):
    h = fftconvolve(k, k[::-1, ::-1])
    a = np.arange(-2 * R, 2 * R + 1)

    def symbol(t, cosine_only):
        c = np.cos(np.outer(t, a))
        if cosine_only:
            return c @ h @ c.T
        s = np.sin(np.outer(t, a))
        return c @ h @ c.T - s @ h @ s.T

    s_dct = np.maximum(symbol(np.pi * np.arange(n) / n, True), 0)
    s_fft = symbol(2 * np.pi * np.arange(n) / n, False)
    pre = {"periodic (FFT)": lambda v: np.real(ifft2(fft2(v) / (s_fft + delta))),
           "reflecting (DCT)": lambda v: idctn(dctn(v, type=2, norm="ortho") / (s_dct + delta), type=2, norm="ortho")}
    out = {"asymmetry": np.linalg.norm(h - h[::-1, :]) / np.linalg.norm(h)}
    for name, m in pre.items():
        u, r = np.zeros_like(y), y.copy()
        z = m(r)
        p, rz, ny = z.copy(), (r * z).sum(), np.linalg.norm(y)
        for it in range(1, cap + 1):
            q = fftconvolve(p, h, mode="same") + delta * p
            alpha = rz / (p * q).sum()
            u += alpha * p
            r -= alpha * q
            if np.linalg.norm(r) / ny < 1e-4:
                break
            z = m(r)
            nz = (r * z).sum()
            p, rz = z + nz / rz * p, nz
        out[name] = it if it < cap else f"> {cap}"
    return out


def measurements(n, k, rng):
    cam = transform.resize(data.camera().astype(float) / 255, (n + 2 * R, n + 2 * R), anti_aliasing=True)
    return {"white": rng.normal(size=(n, n)), "camera": fftconvolve(cam, k, mode="valid") + 0.02 * rng.normal(size=(n, n))}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sides", default="128,256,1024")
    ap.add_argument("--cap", type=int, default=600)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    print("| PSF | side | δ | measurement | asymmetry | periodic (FFT) | reflecting (DCT) |")
    print("| --- | ---: | ---: | --- | ---: | ---: | ---: |")
    row = lambda name, n, d, m, r: print(f"| {name} | {n} | {d:g} | {m} | {r['asymmetry']:.2f} | {r['periodic (FFT)']} | {r['reflecting (DCT)']} |", flush=True)
    g = gaussian(2.0)
    for n in [int(s) for s in args.sides.split(",")]:
        for m, y in measurements(n, g, rng).items():
            row("Gaussian σ 2", n, 1e-4, m, iterations(g, n, 1e-4, y, args.cap))
    for d in (1e-6, 1e-2):
        for m, y in measurements(256, g, rng).items():
            row("Gaussian σ 2", 256, d, m, iterations(g, 256, d, y, args.cap))
    y = rng.normal(size=(256, 256))
    for name, k in psfs(rng).items():
        if name != "Gaussian σ 2":
            row(name, 256, 1e-4, "white", iterations(k, 256, 1e-4, y, args.cap))


if __name__ == "__main__":
    main()
