#!/usr/bin/env python3
"""Restoration benchmark on measurements ScoreJ did not make (no inverse crime).

Each measurement is made the way the outside world makes it (scipy's and skimage's filters, numpy's
noise), saved as a file, and restored by the `scorej` command line exactly as a user would run it. The
posterior mean is compared with the strongest classical method at an oracle parameter (the one closest
to the truth, so the baseline is as strong as it can be): NL-means, TV (Chambolle), wavelet, Gaussian and
median filters for denoising; Richardson-Lucy and Wiener (fixed and unsupervised) for deblurring; bicubic
for super-resolution; biharmonic inpainting.

Images: 64x64 crops of the held-out images in test-images/ (the right quarter of each scikit-image
sample, which the bundled priors never saw in training), two crops per image (top-left, bottom-right):
the grey ones (*-held-out.png) with micro-gray, the RGB ones (*-held-out-rgb.png) with histo-rgb for the
RGB tasks (colorize, denoise10-rgb), which get a second table with the mean Lab chroma C* of the truth, of
ScoreJ's posterior mean and of the classical result. Colorization's grey is numpy's (R+G+B)/3; its classical
methods are the grey copy and a per-grey-level colour lookup learned on the training part of histo-rgb's
images (the mean of RGB - grey over the pixels of each grey level), each its own row.

    /usr/bin/python3 site/bench/independent.py                       # all tasks, writes out/bench-independent/
    /usr/bin/python3 site/bench/independent.py --tasks denoise10,deblur-reflect --samples 2 --steps 20

Needs Debian's python3-skimage (with scipy) and python3-tifffile. Prints a markdown table; --table FILE
also writes it there (site/bench/independent.md is such a run).
"""
import argparse
import glob
import os
import subprocess
import sys
import time

import numpy as np
import tifffile
from scipy import ndimage
from skimage import color, io, restoration, transform
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SIZE = 64
RGB_TASKS = {"colorize", "denoise10-rgb"}


def crops(pattern):
    """Two SIZE x SIZE crops (top-left, bottom-right) of every held-out image matching pattern, as float 0..255; flat ones left out."""
    out = {}
    for f in sorted(glob.glob(os.path.join(ROOT, "test-images", pattern))):
        img = io.imread(f).astype(np.float64)
        if img.ndim == 3:
            img = img[..., :3]
        h, w = img.shape[:2]
        if h < SIZE or w < SIZE:
            continue
        name = os.path.basename(f).replace("-held-out", "").rsplit(".", 1)[0]
        for tag, crop in [("a", img[:SIZE, :SIZE]), ("b", img[h - SIZE:, w - SIZE:])]:
            if crop.std() >= 2:  # a flat crop (the phantom's black corner) measures nothing: every method is exact on it
                out[name + "-" + tag] = crop
    return out


def gaussian_psf(sigma, radius):
    """The kernel scipy's gaussian_filter uses (truncate 4), as an image, for the classical deconvolutions."""
    d = np.zeros((2 * radius + 1, 2 * radius + 1))
    d[radius, radius] = 1
    return ndimage.gaussian_filter(d, sigma, mode="constant", truncate=4.0)


# Each task: how the world measures a clean image (rng given), the scorej arguments, and the classical methods,
# each a list of (label, function of the measurement) over its parameter grid.
def tasks(rng):
    psf = gaussian_psf(2.0, 8)
    sd = {"denoise10": 0.10, "denoise20": 0.20}
    t = {}
    for key, s in sd.items():
        t[key] = dict(
            title=f"denoise, Gaussian noise σ = {s:.2f} of the range",
            measure=lambda x, s=s: x + rng.normal(0, s * 255, x.shape),
            args=["restore", "--task", "denoise", "--sigma-y", f"{s * 255:g}"],
            classical=denoisers(s * 255))
    t["denoise10-rgb"] = dict(
        title="denoise RGB, Gaussian noise σ = 0.10 of the range per channel",
        measure=lambda x: x + rng.normal(0, 0.1 * 255, x.shape),
        args=["restore", "--task", "denoise", "--sigma-y", f"{0.1 * 255:g}"],
        classical=denoisers(0.1 * 255, rgb=True))
    t["colorize"] = dict(
        title="colorize, numpy grey (R+G+B)/3", each=True,
        measure=lambda x: x.mean(axis=2),
        args=["colorize"],
        classical=[("grey copy", lambda y: np.repeat(y[..., None], 3, axis=2)),
                   ("grey-level colour lookup (training part)", lambda y: colour_lookup()(y))])
    for mode in ["reflect", "nearest", "constant"]:
        t["deblur-" + mode] = dict(
            title=f"deblur, scipy gaussian_filter σ = 2 mode='{mode}', noise 1%",
            measure=lambda x, mode=mode: ndimage.gaussian_filter(x, 2.0, mode=mode) + rng.normal(0, 2.55, x.shape),
            args=["restore", "--task", "deblur", "--psf-sigma", "2", "--sigma-y", "2.55"],
            classical=deblurrers(psf))
    t["superres4"] = dict(
        title="super-resolution ×4, skimage downscale_local_mean, noise 1%",
        measure=lambda x: transform.downscale_local_mean(x, (4, 4)) + rng.normal(0, 2.55, (SIZE // 4, SIZE // 4)),
        args=["restore", "--task", "superres", "--factor", "4", "--sigma-y", "2.55"],
        classical=[("bicubic", lambda y: transform.resize(y, (SIZE, SIZE), order=3, mode="edge", anti_aliasing=False))])
    for key, frac in [("inpaint50", 0.5), ("inpaint70", 0.7)]:
        mask = rng.random((SIZE, SIZE)) < frac
        t[key] = dict(title=f"inpaint, {int(frac * 100)}% of pixels missing at random", mask=mask,
                      measure=lambda x, mask=mask: np.where(mask, 0, x), args=["inpaint"],
                      classical=[("biharmonic", lambda y, mask=mask: restoration.inpaint_biharmonic(y, mask))])
    hole = np.zeros((SIZE, SIZE), bool)
    hole[24:40, 24:40] = True
    t["inpaint-hole"] = dict(title="inpaint, a 16×16 hole", mask=hole, measure=lambda x: np.where(hole, 0, x), args=["inpaint"],
                             classical=[("biharmonic", lambda y: restoration.inpaint_biharmonic(y, hole))])
    for n_angles in [30, 60]:
        theta = np.linspace(0, 180, n_angles, endpoint=False)
        t[f"ct{n_angles}"] = dict(
            title=f"CT, skimage radon {n_angles} angles (circle=False), noise 0.5% of the sinogram's peak",
            measure=lambda x, theta=theta: ct_measure(x, theta, rng),
            args=["restore", "--task", "ct", "--size", str(SIZE), "--angles", str(n_angles), "--sigma-y", "SIGMA_FROM_MEASUREMENT"],
            classical=[(f"FBP ({f})", lambda y, f=f, theta=theta: iradon_fbp(y, theta, f)) for f in ["ramp", "shepp-logan", "cosine", "hamming", "hann"]]
            + [(f"SART ({k} it.)", lambda y, k=k, theta=theta: sart(y, theta, k)) for k in [1, 2, 5, 10, 20]])
    for accel in [4, 8]:
        mask = mri_mask(accel, rng)
        t[f"mri{accel}"] = dict(
            title=f"MRI, numpy fft2 k-space, R = {accel} (random lines + 8 centre lines)", kmask=mask,
            measure=lambda x, mask=mask: np.fft.fft2(x) * mask,
            args=["restore", "--task", "mri"],
            classical=[("zero-filled inverse FFT", lambda y: np.real(np.fft.ifft2(y)))])
    return t


_LOOKUP = []


def colour_lookup():
    """A classical colorization: RGB = grey + the mean of (RGB - grey) over the training pixels of that grey level
    (256 bins), learned on the left three quarters of histo-rgb's training images (models/train/data.py), equally
    weighted. Its channel mean is the grey exactly, as ScoreJ's is."""
    if not _LOOKUP:
        sys.path.insert(0, os.path.join(ROOT, "models", "train"))
        import data
        total, count = np.zeros((256, 3)), np.zeros(256)
        for part in data.training_parts(sorted(set(data.HISTO_RGB)), True):
            rgb = part.reshape(3, -1).T.astype(np.float64) * 255
            g = rgb.mean(axis=1)
            b = np.clip(np.round(g), 0, 255).astype(int)
            w = 1.0 / len(g)  # every image counts once, whatever its size
            np.add.at(total, b, w * (rgb - g[:, None]))
            np.add.at(count, b, w)
        offset = np.where(count[:, None] > 0, total / np.maximum(count[:, None], 1e-300), 0)
        _LOOKUP.append(lambda y: y[..., None] + offset[np.clip(np.round(y), 0, 255).astype(int)])
    return _LOOKUP[0]


def chroma(rgb):
    """Mean Lab chroma C* = sqrt(a*² + b*²) (skimage's rgb2lab, D65) of an H x W x 3 image in 0..255."""
    lab = color.rgb2lab(np.clip(rgb, 0, 255) / 255)
    return float(np.hypot(lab[..., 1], lab[..., 2]).mean())


def ct_measure(x, theta, rng):
    sino = transform.radon(x, theta=theta, circle=False)
    return sino + rng.normal(0, 0.005 * sino.max(), sino.shape)


def iradon_fbp(y, theta, f):
    return transform.iradon(y, theta=theta, filter_name=f, circle=False, output_size=SIZE)


def sart(y, theta, k):
    x = None
    for _ in range(k):
        x = transform.iradon_sart(y, theta=theta, image=x)
    top = (x.shape[0] - SIZE) // 2  # circle=False: SART reconstructs the detector's square; the image is its centre
    return x[top:top + SIZE, top:top + SIZE]


def mri_mask(accel, rng):
    """Rows of numpy's unshifted k-space: the 8 lowest frequencies (4 at each end) and random others, about H/R in all."""
    rows = np.zeros(SIZE, bool)
    rows[:4] = rows[-4:] = True
    others = [i for i in range(SIZE) if not rows[i]]
    rows[rng.choice(others, SIZE // accel - 8, replace=False)] = True
    return np.repeat(rows[:, None], SIZE, axis=1)


def denoisers(sigma, rgb=False):
    """The classical denoisers over their parameter grids; rgb: H x W x 3 images (channel_axis=-1, filters per channel)."""
    s01 = sigma / 255
    ch = dict(channel_axis=-1) if rgb else {}
    out = []
    for h in [0.6, 0.8, 1.0, 1.2]:
        out.append((f"NL-means (h = {h}σ)", lambda y, h=h: 255 * restoration.denoise_nl_means(
            y / 255, h=h * s01, sigma=s01, patch_size=5, patch_distance=6, fast_mode=True, **ch)))
    for w in [0.04, 0.06, 0.08, 0.12, 0.16, 0.24]:
        out.append((f"TV Chambolle (weight {w})", lambda y, w=w: 255 * restoration.denoise_tv_chambolle(y / 255, weight=w, **ch)))
    out.append(("wavelet (BayesShrink)", lambda y: 255 * restoration.denoise_wavelet(y / 255, sigma=s01, mode="soft", rescale_sigma=True, **ch)))
    for g in [0.8, 1.0, 1.3, 1.6, 2.0]:
        out.append((f"Gaussian filter (σ {g})", lambda y, g=g: ndimage.gaussian_filter(y, (g, g, 0) if rgb else g, mode="reflect")))
    for m in [3, 5]:
        out.append((f"median ({m}×{m})", lambda y, m=m: ndimage.median_filter(y, (m, m, 1) if rgb else m, mode="reflect")))
    return out


def deblurrers(psf):
    out = []
    for it in [5, 10, 20, 40, 80]:
        out.append((f"Richardson-Lucy ({it} it.)", lambda y, it=it: 255 * restoration.richardson_lucy(
            np.clip(y / 255, 0, None), psf, num_iter=it, clip=False)))
    for b in [0.003, 0.01, 0.03, 0.1]:
        out.append((f"Wiener (balance {b})", lambda y, b=b: 255 * restoration.wiener(y / 255, psf, balance=b, clip=False)))
    out.append(("unsupervised Wiener", lambda y: 255 * restoration.unsupervised_wiener(y / 255, psf, clip=False, random_state=0)[0]))
    return out


def score(x, ref):
    x = np.clip(x, 0, 255)
    ch = dict(channel_axis=-1) if ref.ndim == 3 else {}
    return (min(60.0, peak_signal_noise_ratio(ref, x, data_range=255)),  # capped: an exact fill of a flat hole is not infinitely better
            structural_similarity(ref, x, data_range=255, **ch), chroma(x) if ref.ndim == 3 else float("nan"))


def read_restored(path):
    """A restored TIFF as H x W (grey) or H x W x 3 (a 3-channel 32-bit stack C x H x W)."""
    x = tifffile.imread(path).astype(np.float64)
    return np.moveaxis(x, 0, -1) if x.ndim == 3 and x.shape[0] == 3 else x


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default="micro-gray")
    ap.add_argument("--rgb-model", default="histo-rgb", help="the model of the RGB tasks (colorize, denoise10-rgb)")
    ap.add_argument("--tasks", default="denoise10,denoise20,deblur-reflect,deblur-nearest,deblur-constant,superres4,inpaint50,inpaint70,inpaint-hole,"
                    "ct30,ct60,mri4,mri8,denoise10-rgb,colorize")
    ap.add_argument("--samples", type=int, default=4)
    ap.add_argument("--steps", type=int, default=None, help="default: the model card's")
    ap.add_argument("--method", default=None, help="default: the task's")
    ap.add_argument("--out", default=os.path.join(ROOT, "out", "bench-independent"))
    ap.add_argument("--table", default=None, help="also write the markdown table to this file")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--extra", default="", help="more scorej options, space-separated (e.g. \"-o travel_length=5\")")
    ap.add_argument("--reuse", action="store_true", help="score the measurements and restorations already in --out (no scorej run)")
    ap.add_argument("--crops", default="", help="only these crops, comma-separated (e.g. moon-a,retina-b; default all); prints each one's gain")
    a = ap.parse_args()

    grey_crops, rgb_crops = crops("*-held-out.png"), crops("*-held-out-rgb.png")
    if a.crops:
        grey_crops = {n: x for n, x in grey_crops.items() if n in a.crops.split(",")}
        rgb_crops = {n: x for n, x in rgb_crops.items() if n in a.crops.split(",")}
    rng = np.random.default_rng(a.seed)
    all_tasks = tasks(rng)
    keys = a.tasks.split(",")
    head = "| task | ScoreJ PSNR | SSIM | best classical (oracle) | PSNR | SSIM | gain dB | worst image dB | target met |"
    tables = []
    for rgb in (False, True):
        todo = [k for k in keys if (k in RGB_TASKS) == rgb]
        if not todo:
            continue
        clean, model = (rgb_crops, a.rgb_model) if rgb else (grey_crops, a.model)
        lines = [f"model {model}, {len(clean)} held-out {'RGB ' if rgb else ''}crops of {SIZE}×{SIZE}, {a.samples} samples, "
                 f"steps {a.steps or 'the card default'}; measurements by scipy/skimage/numpy, restored by the scorej CLI", "",
                 head + (" C* truth | C* ScoreJ | C* classical |" if rgb else ""),
                 "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |" + (" ---: | ---: | ---: |" if rgb else "")]
        for key in todo:
            lines += run_task(a, key, all_tasks[key], clean, model)
        tables.append("\n".join(lines))
    table = "\n\n".join(tables)
    print(table)
    if a.table:
        with open(a.table, "w") as fh:
            fh.write(table + "\n")


def run_task(a, key, t, clean, model):
    """Measures every crop, runs scorej on the files, scores it against the oracle classical method: the table rows of one task."""
    folder = os.path.join(a.out, key)
    meas_dir, res_dir = os.path.join(folder, "measured"), os.path.join(folder, "restored")
    os.makedirs(meas_dir, exist_ok=True)
    measured = {}
    for name, x in clean.items():
        y = t["measure"](x)
        saved = os.path.join(meas_dir, name + ".tif")
        if a.reuse:
            y = tifffile.imread(saved).astype(np.float64)
            y = y[0] + 1j * y[1] if y.ndim == 3 and y.shape[0] == 2 else np.moveaxis(y, 0, -1) if y.ndim == 3 else y
        measured[name] = y
        if np.iscomplexobj(y):  # k-space: a 2-slice (real, imaginary) stack
            tifffile.imwrite(saved, np.stack([y.real, y.imag]).astype(np.float32), imagej=True)
        elif y.ndim == 3:  # RGB: a 3-channel 32-bit stack, as ImageJ opens it
            tifffile.imwrite(saved, np.moveaxis(y, -1, 0).astype(np.float32), imagej=True, metadata={"axes": "CYX"})
        else:
            tifffile.imwrite(saved, y.astype(np.float32))
    args = [os.path.join(ROOT, "scorej")] + t["args"] + ["--model", model, "-k", str(a.samples), "--seed", str(a.seed),
                                                         "--normalization", "fixed", "--low", "0", "--high", "255",
                                                         "--quiet", "--out", res_dir]
    if "SIGMA_FROM_MEASUREMENT" in args:  # the sinogram noise, as a user who knows their detector would give it
        sd = 0.005 * np.mean([transform.radon(x, theta=np.linspace(0, 180, 30, endpoint=False), circle=False).max() for x in clean.values()])
        args[args.index("SIGMA_FROM_MEASUREMENT")] = f"{sd:.4g}"
    if "kmask" in t:
        mask_file = os.path.join(folder, "kspace-mask.tif")
        tifffile.imwrite(mask_file, (t["kmask"] * 255).astype(np.uint8))
        args += ["--kspace-mask", mask_file]
    if "mask" in t:
        mask_file = os.path.join(folder, "mask.tif")
        tifffile.imwrite(mask_file, (t["mask"] * 255).astype(np.uint8))
        args += ["--mask", mask_file]
    if a.steps:
        args += ["--steps", str(a.steps)]
    if a.method:
        args += ["--method", a.method]
    args += a.extra.split()
    start = time.time()
    run = subprocess.run(["true"] if a.reuse else args + [meas_dir], capture_output=True, text=True)
    seconds = time.time() - start
    if run.returncode != 0:
        print(f"{key}: scorej failed (exit {run.returncode}):\n{run.stdout}{run.stderr}", file=sys.stderr)
    ours = []
    for n in clean:
        path = os.path.join(res_dir, n + "-restored.tif")
        ours.append(score(read_restored(path), clean[n]) if os.path.exists(path) else (float("nan"),) * 3)
    # the oracle classical method: the one (method, parameter) with the best mean PSNR over the images; every method: a row each
    cands = []
    for label, f in t["classical"]:
        vals = [score(f(measured[n]), clean[n]) for n in clean]
        cands.append((np.mean([v[0] for v in vals]), label, vals))
    rows = []
    for _, label, best in (cands if t.get("each") else [max(cands, key=lambda c: c[0])]):
        op, os_ = np.mean([v[0] for v in ours]), np.mean([v[1] for v in ours])
        bp, bs = np.mean([v[0] for v in best]), np.mean([v[1] for v in best])
        worst = min(o[0] - b[0] for o, b in zip(ours, best))
        if a.crops:
            print("  " + ", ".join(f"{n} {o[0]:.2f} vs {b[0]:.2f}" for n, o, b in zip(clean, ours, best)), file=sys.stderr)
        met = "yes" if op - bp >= 1 and worst >= -1 else "no"
        row = f"| {t['title']} | {op:.2f} | {os_:.3f} | {label} | {bp:.2f} | {bs:.3f} | {op - bp:+.2f} | {worst:+.2f} | {met} |"
        if clean and next(iter(clean.values())).ndim == 3:
            row += f" {np.mean([chroma(x) for x in clean.values()]):.1f} | {np.mean([v[2] for v in ours]):.1f} | {np.mean([v[2] for v in best]):.1f} |"
        rows.append(row)
        print(row + f"  ({seconds:.0f} s)", file=sys.stderr)
    return rows

if __name__ == "__main__":
    main()
