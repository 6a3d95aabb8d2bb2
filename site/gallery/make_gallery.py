#!/usr/bin/env python3
"""The documentation site's gallery: one figure per task from the real `scorej` CLI, on held-out images.

Every measurement is made by an independent implementation (scipy, skimage, numpy; the same functions as
site/bench/independent.py, imported from it), saved as a file, and restored by `./scorej` exactly as a user
would run it; the same run is repeated by the ImageJ command's macro line in real ImageJ 1.x (`./scorej imagej
-batch`, under xvfb-run) to check that the macro line in the tutorials does what the page says. Each figure shows
the truth, the input, ScoreJ's posterior mean, its uncertainty (the per-pixel standard deviation of the samples)
and the best classical method at an oracle parameter. Images: 64x64 crops of the held-out test images
(test-images/: the right quarter of each scikit-image sample, never seen by the bundled priors in training).

    /usr/bin/python3 site/gallery/make_gallery.py                 # every task (about 36 min on 2 loaded cores, 16 of them CT)
    /usr/bin/python3 site/gallery/make_gallery.py --tasks ct,mri  # some; the page keeps the others' last results

Writes site/docs/gallery/<task>.png and site/docs/gallery.md (each section from out/gallery/<task>/ where a run
left it there, else as the page has it, so that a fresh clone's `--tasks ct` keeps the other sections);
the inputs, outputs and macros stay in out/gallery/ (git-ignored).
"""
import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import textwrap
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import tifffile  # noqa: E402
from scipy import ndimage  # noqa: E402
from skimage import io  # noqa: E402
from skimage.metrics import peak_signal_noise_ratio  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "site", "bench"))
import independent as bench  # noqa: E402  (the measurements and classical baselines of the benchmark)

OUT = os.path.join(ROOT, "out", "gallery")
FIGS = os.path.join(ROOT, "site", "docs", "gallery")
PAGE = os.path.join(ROOT, "site", "docs", "gallery.md")
ORDER = ["denoise", "deblur", "superres", "inpaint", "colorize", "ct", "mri", "generate", "img2img", "anomaly"]
SEED = 0


def crop(name, rgb=False):
    """The central 64x64 of a held-out image, float 0..255 (RGB: H x W x 3)."""
    img = io.imread(os.path.join(ROOT, "test-images", name)).astype(np.float64)
    img = img[..., :3] if rgb else img
    h, w = img.shape[:2]
    t, l = (h - bench.SIZE) // 2, (w - bench.SIZE) // 2
    return img[t:t + bench.SIZE, l:l + bench.SIZE]


def rel(path):
    return os.path.relpath(path, ROOT)


def run_cli(args):
    """Runs ./scorej ARGS from the repository root; returns (seconds, stdout+stderr). A failure stops the gallery."""
    start = time.time()
    p = subprocess.run([os.path.join(ROOT, "scorej")] + args, cwd=ROOT, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"scorej {' '.join(args)} failed (exit {p.returncode}):\n{p.stdout}{p.stderr}")
    return time.time() - start, p.stdout + p.stderr


# Parts of the output images' titles, by role: ImageJ titles "NAME restored (task)" or, since issue 14, "NAME-restored"
RESTORED, UNCERTAINTY = (" restored (", "-restored"), (" uncertainty (", "-uncertainty")
GENERATED, SDEDIT, ANOMALY = (" samples", "-generated"), ("(ScoreJ SDEdit)", "-img2img"), ("(ScoreJ denoising error)", "-anomaly-")


def run_macro(folder, opens, line, saves):
    """Runs one macro line in real ImageJ 1.x (./scorej imagej -batch, xvfb-run): opens the files, times the line,
    and saves the first image whose title contains one of the parts in each key of saves (a tuple) to its file.
    Returns the line's seconds."""
    macro = ["setBatchMode(true);"] + [f'open("{os.path.abspath(f)}");' for f in opens]
    macro += ["t0 = getTime();", line, "dt = getTime() - t0;"]
    for parts, f in saves.items():
        found = " || ".join(f'indexOf(getTitle(), "{p}") >= 0' for p in parts)
        macro.append(f'for (i = 1; i <= nImages; i++) {{ selectImage(i); if ({found}) {{ saveAs("Tiff", "{os.path.abspath(f)}"); i = nImages + 1; }} }}')
    macro.append('print("macro seconds " + dt / 1000);')
    path = os.path.join(folder, "example.ijm")
    with open(path, "w") as fh:
        fh.write("\n".join(macro) + "\n")
    p = subprocess.run(["xvfb-run", "-a", os.path.join(ROOT, "scorej"), "imagej", "-batch", path], cwd=ROOT, capture_output=True, text=True)
    out = p.stdout + p.stderr
    seconds = [float(x.split()[-1]) for x in out.splitlines() if x.startswith("macro seconds")]
    if p.returncode != 0 or not seconds:
        sys.exit(f"ImageJ macro {path} failed (exit {p.returncode}):\n{out}")
    return seconds[0]


def best_classical(candidates, y, truth):
    """The classical (label, result, PSNR) closest to the truth over its parameter grid (an oracle choice)."""
    best = None
    for label, f in candidates:
        r = f(y)
        p = psnr(r, truth)
        if best is None or p > best[2]:
            best = (label, r, p)
    return best


def psnr(x, truth):
    """PSNR in dB of x (clipped to 0..255) against the truth, grey or RGB, capped at 60 dB as the benchmark's."""
    return min(60.0, peak_signal_noise_ratio(truth, np.clip(np.asarray(x, np.float64), 0, 255), data_range=255))


def figure(key, panels, note):
    """A row of (title, image, kind) panels; kind 'grey' (0..255), 'unc' (own scale, with a colour bar) or 'rgb'."""
    fig, axes = plt.subplots(1, len(panels), figsize=(1.75 * len(panels), 2.2), dpi=90)
    for ax, (title, img, kind) in zip(np.atleast_1d(axes), panels):
        if kind == "unc":
            im = ax.imshow(img, cmap="magma")
            fig.colorbar(im, ax=ax, fraction=0.046, pad=0.03).ax.tick_params(labelsize=6)
        elif kind == "rgb":
            ax.imshow(np.clip(img, 0, 255).astype(np.uint8))
        else:
            ax.imshow(img, cmap="gray", vmin=0, vmax=255) if kind == "grey" else ax.imshow(img, cmap="gray")
        ax.set_title(textwrap.fill(title, 24), fontsize=7)
        ax.axis("off")
    fig.suptitle(note, fontsize=7, y=0.02, va="bottom")
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    os.makedirs(FIGS, exist_ok=True)
    fig.savefig(os.path.join(FIGS, key + ".png"))
    plt.close(fig)


def restoration(key, title, image, bench_key, cli_args, macro, extra=None, rgb=False):
    """A restoration task: measure with bench's independent function, restore by the CLI and by the macro line,
    score against bench's classical methods; returns the page's section (a dict)."""
    folder = os.path.join(OUT, key)
    os.makedirs(folder, exist_ok=True)
    truth = crop(image)
    t = bench.tasks(np.random.default_rng(SEED))[bench_key]
    y = t["measure"](truth)
    stem = image.replace("-held-out.png", "") + "-" + key
    meas = os.path.join(folder, stem + ".tif")
    if np.iscomplexobj(y):
        tifffile.imwrite(meas, np.stack([y.real, y.imag]).astype(np.float32), imagej=True)
    else:
        tifffile.imwrite(meas, y.astype(np.float32))
    opens, files = [meas], []
    extra = dict(extra or {})
    for opt, arr in [("--mask", t.get("mask")), ("--kspace-mask", t.get("kmask"))]:
        if arr is not None:
            f = os.path.join(folder, stem + ("-mask.tif" if opt == "--mask" else "-kmask.tif"))
            tifffile.imwrite(f, (arr * 255).astype(np.uint8))
            files += [opt, rel(f)]
            opens.append(f)
    if "sigma_y" in extra:
        sd = extra.pop("sigma_y")(y)
        cli_args = [a.replace("SIGMA", f"{sd:.3g}") for a in cli_args]
        macro = macro.replace("SIGMA", f"{sd:.3g}")
    res = os.path.join(folder, "cli")
    args = cli_args + files + ["-k", "4", "--seed", str(SEED), "--quiet", "--out", rel(res), rel(meas)]
    cli_s, log = run_cli(args)
    mean = tifffile.imread(os.path.join(res, stem + "-restored.tif")).astype(np.float64)
    unc = tifffile.imread(os.path.join(res, stem + "-uncertainty.tif")).astype(np.float64)
    mfiles = {RESTORED: os.path.join(folder, "macro-restored.tif"), UNCERTAINTY: os.path.join(folder, "macro-uncertainty.tif")}
    macro_line = macro.replace("IMAGE", os.path.basename(meas)).replace("KMASK", stem + "-kmask.tif").replace("MASK", stem + "-mask.tif")
    macro_s = run_macro(folder, opens, macro_line, mfiles)
    same = float(np.max(np.abs(tifffile.imread(mfiles[RESTORED]).astype(np.float64) - mean)))
    label, classical, cp = best_classical(t["classical"], y, truth)
    shown_input = extra.get("show", lambda v: v)(y)
    panels = [("truth (held out)", truth, "grey"), ("input", shown_input, extra.get("input_kind", "grey")),
              (f"ScoreJ mean {psnr(mean, truth):.1f} dB", mean, "grey"), ("uncertainty (std)", unc, "unc"),
              (f"{label} {cp:.1f} dB", classical, "grey")]
    figure(key, panels, f"{title}; {image}, central 64×64")
    return dict(key=key, title=title, image=image, cli="./scorej " + shlex.join(args), cli_s=cli_s, macro=macro_line,
                macro_s=macro_s, macro_vs_cli=same, psnr=psnr(mean, truth), classical=label, classical_psnr=cp,
                unc_mean=float(unc.mean()), unc_max=float(unc.max()), measure=t["title"])


def colorize():
    key, folder = "colorize", os.path.join(OUT, "colorize")
    os.makedirs(folder, exist_ok=True)
    truth = crop("ihc-held-out-rgb.png", rgb=True)
    grey = np.round(truth.sum(axis=2) / 3).astype(np.uint8)  # ImageJ's RGB -> 8-bit, unweighted: (R+G+B)/3
    meas = os.path.join(folder, "ihc-grey.tif")
    tifffile.imwrite(meas, grey)
    res = os.path.join(folder, "cli")
    args = ["colorize", "-k", "4", "--seed", str(SEED), "--quiet", "--out", rel(res), rel(meas)]
    cli_s, _ = run_cli(args)
    mean = tifffile.imread(os.path.join(res, "ihc-grey-restored.tif")).astype(np.float64)
    unc = tifffile.imread(os.path.join(res, "ihc-grey-uncertainty.tif")).astype(np.float64)
    mean = np.moveaxis(mean, 0, -1) if mean.shape[0] == 3 else mean
    unc = np.moveaxis(unc, 0, -1) if unc.ndim == 3 and unc.shape[0] == 3 else unc
    line = 'run("Colorize (ScoreJ)", "image=[ihc-grey.tif] samples=4 seed=0");'
    mfiles = {RESTORED: os.path.join(folder, "macro-restored.tif")}
    macro_s = run_macro(folder, [meas], line, mfiles)
    mac = tifffile.imread(mfiles[RESTORED]).astype(np.float64)
    same = float(np.max(np.abs(mac.reshape(mean.shape) - mean))) if mac.size == mean.size else float("nan")
    grey3 = np.repeat(grey[..., None].astype(np.float64), 3, axis=2)
    p_ours, p_grey = psnr(mean, truth), psnr(grey3, truth)
    chan_mean_err = float(np.abs(mean.mean(axis=2) - grey).max())
    figure(key, [("truth (held out)", truth, "rgb"), ("input: (R+G+B)/3", grey, "grey"), (f"ScoreJ mean {p_ours:.1f} dB", mean, "rgb"),
                 ("uncertainty (std, mean of R,G,B)", unc.mean(axis=2) if unc.ndim == 3 else unc, "unc"),
                 (f"grey in R,G,B {p_grey:.1f} dB", grey3, "rgb")], "colorize, histo-rgb; ihc-held-out-rgb.png, central 64×64")
    return dict(key=key, title="colorize (histo-rgb)", image="ihc-held-out-rgb.png", cli="./scorej " + shlex.join(args), cli_s=cli_s,
                macro=line, macro_s=macro_s, macro_vs_cli=same, psnr=p_ours, classical="grey copied to R, G, B (no classical colorizer without hints)",
                classical_psnr=p_grey, unc_mean=float(unc.mean()), unc_max=float(unc.max()), measure=f"grey = (R+G+B)/3 by numpy; "
                f"the result's channel mean is the grey image within {chan_mean_err:.2f} grey levels")


def generate():
    key, folder = "generate", os.path.join(OUT, "generate")
    os.makedirs(folder, exist_ok=True)
    out = os.path.join(folder, "digits-7.tif")
    args = ["generate", "--model", "mnist-digits", "--class", "7", "-n", "8", "--seed", str(SEED), "--quiet", "--out", rel(out)]
    cli_s, _ = run_cli(args)
    imgs = tifffile.imread(out).astype(np.float64)
    line = 'run("Generate (ScoreJ)", "model=mnist-digits class=7 count=8 seed=0");'
    mac = os.path.join(folder, "macro-digits.tif")
    macro_s = run_macro(folder, [], line, {GENERATED: mac})
    same = float(np.max(np.abs(tifffile.imread(mac).astype(np.float64) - imgs)))
    figure(key, [(f"sample {i + 1}", im, "auto") for i, im in enumerate(imgs)], "generate: mnist-digits, class 7, guidance from the card, 8 samples")
    return dict(key=key, title="generate (mnist-digits, class 7)", image="(none: from noise)", cli="./scorej " + shlex.join(args), cli_s=cli_s,
                macro=line, macro_s=macro_s, macro_vs_cli=same, psnr=None, measure="no measurement")


def img2img():
    key, folder = "img2img", os.path.join(OUT, "img2img")
    os.makedirs(folder, exist_ok=True)
    x = crop("camera-held-out.png")
    meas = os.path.join(folder, "camera.tif")
    tifffile.imwrite(meas, x.astype(np.uint8))
    res = os.path.join(folder, "cli")
    panels = [("input", x, "grey")]
    cli = []
    secs = 0
    for s in [0.2, 0.4, 0.7]:
        args = ["img2img", "--strength", str(s), "--seed", str(SEED), "--quiet", "--out", rel(os.path.join(res, str(s))), rel(meas)]
        sec, _ = run_cli(args)
        secs += sec
        cli.append("./scorej " + shlex.join(args))
        r = tifffile.imread(os.path.join(res, str(s), "camera-img2img.tif")).astype(np.float64)
        panels.append((f"strength {s}", r, "grey"))
    line = 'run("Image to Image (ScoreJ)", "image=[camera.tif] strength=0.4 seed=0");'
    mac = os.path.join(folder, "macro-result.tif")
    macro_s = run_macro(folder, [meas], line, {SDEDIT: mac})
    same = float(np.max(np.abs(tifffile.imread(mac).astype(np.float64) - panels[2][1])))
    figure(key, panels, "Image to Image (SDEdit), micro-gray; camera-held-out.png, central 64×64")
    return dict(key=key, title="image to image (micro-gray)", image="camera-held-out.png", cli="\n".join(cli), cli_s=secs,
                macro=line, macro_s=macro_s, macro_vs_cli=same, psnr=None, measure="no measurement; strengths 0.2, 0.4, 0.7")


def anomaly():
    """An anomaly map of a texture with a foreign patch pasted in, against a classical local-outlier map, and bits/dim."""
    key, folder = "anomaly", os.path.join(OUT, "anomaly")
    os.makedirs(folder, exist_ok=True)
    x = crop("gravel-held-out.png")
    y = x.copy()
    # a foreign patch: white noise, which no natural image has (a flat patch, tried first, is not unlikely: see the tutorial)
    y[24:40, 24:40] = np.random.default_rng(SEED).uniform(0, 255, (16, 16)).round()
    meas = os.path.join(folder, "gravel-patched.tif")
    tifffile.imwrite(meas, y.astype(np.uint8))
    plain = os.path.join(folder, "gravel.tif")
    tifffile.imwrite(plain, x.astype(np.uint8))
    args = ["likelihood", "--anomaly-map", "denoise", "--sigma", "0.2", "--seed", str(SEED), "--quiet", "--out", rel(folder), rel(meas)]
    cli_s, _ = run_cli(args)
    amap = tifffile.imread(os.path.join(folder, "gravel-patched-anomaly-denoise.tif")).astype(np.float64)
    csv = os.path.join(folder, "bpd.csv")
    largs = ["likelihood", "--seed", str(SEED), "--quiet", "--csv", rel(csv), rel(plain), rel(meas)]
    lik_s, log = run_cli(largs)
    log = "\n".join(x.replace(ROOT + os.sep, "") for x in log.splitlines() if not x.startswith("scorej:"))  # the table, not the provider line
    line = 'run("Anomaly Map (ScoreJ)", "image=[gravel-patched.tif] mode=denoise sigma=0.2 repeats=4 seed=0");'
    mac = os.path.join(folder, "macro-anomaly.tif")
    macro_s = run_macro(folder, [meas], line, {ANOMALY: mac})
    same = float(np.max(np.abs(tifffile.imread(mac).astype(np.float64) - amap)))
    classical = np.abs(y - ndimage.median_filter(y, 5, mode="reflect"))
    inside = np.zeros(y.shape, bool)
    inside[24:40, 24:40] = True
    ratio = lambda m: float(m[inside].mean() / m[~inside].mean())  # noqa: E731
    figure(key, [("held-out gravel", x, "grey"), ("input: patch pasted", y, "grey"), (f"anomaly map (in/out {ratio(amap):.2f})", amap, "unc"),
                 (f"|y − median 5×5| (in/out {ratio(classical):.2f})", classical, "unc")],
           "anomaly map (denoising error at σ = 0.2), micro-gray; gravel-held-out.png with a 16×16 patch of white noise")
    return dict(key=key, title="likelihood and anomaly map (micro-gray)", image="gravel-held-out.png with a 16×16 patch of white noise",
                cli="./scorej " + shlex.join(args) + "\n./scorej " + shlex.join(largs), cli_s=cli_s, lik_s=lik_s, likelihood=log.strip(),
                macro=line, macro_s=macro_s, macro_vs_cli=same, psnr=None, ratio=ratio(amap), classical_ratio=ratio(classical),
                measure="the map's mean inside the patch over its mean outside (higher: the patch stands out more)")


def sections():
    ct_sd = lambda y: 0.005 * y.max() / 1.005  # noqa: E731  (bench adds 0.5% of the clean sinogram's peak; a user knows their detector)
    return {
        "denoise": lambda: restoration("denoise", "denoise (micro-gray)", "camera-held-out.png", "denoise10",
                                       ["restore", "--task", "denoise", "--sigma-y", "25.5"],
                                       'run("Restore (ScoreJ)", "image=[IMAGE] task=denoise sigma_y=25.5 samples=4 seed=0");'),
        "deblur": lambda: restoration("deblur", "deblur (micro-gray)", "coins-held-out.png", "deblur-reflect",
                                      ["restore", "--task", "deblur", "--psf-sigma", "2", "--sigma-y", "2.55"],
                                      'run("Restore (ScoreJ)", "image=[IMAGE] task=deblur psf_sigma=2 boundary=valid sigma_y=2.55 samples=4 seed=0");'),
        "superres": lambda: restoration("superres", "super-resolve ×4 (micro-gray)", "moon-held-out.png", "superres4",
                                        ["restore", "--task", "superres", "--factor", "4", "--sigma-y", "2.55"],
                                        'run("Restore (ScoreJ)", "image=[IMAGE] task=super-resolve factor=4 sigma_y=2.55 samples=4 seed=0");',
                                        extra=dict(input_kind="auto")),
        "inpaint": lambda: restoration("inpaint", "inpaint a 16×16 hole (micro-gray)", "brick-held-out.png", "inpaint-hole", ["inpaint"],
                                       'run("Inpaint (ScoreJ)", "image=[IMAGE] mask=[MASK] samples=4 seed=0");'),
        "colorize": colorize,
        "ct": lambda: restoration("ct", "CT, 30 angles (micro-gray)", "phantom-held-out.png", "ct30",
                                  ["restore", "--task", "ct", "--size", "64", "--sigma-y", "SIGMA"],
                                  'run("Restore (ScoreJ)", "image=[IMAGE] task=CT size=64 sigma_y=SIGMA samples=4 seed=0");',
                                  extra=dict(sigma_y=ct_sd, input_kind="auto")),
        "mri": lambda: restoration("mri", "MRI, R = 4 (micro-gray)", "cell-held-out.png", "mri4", ["restore", "--task", "mri"],
                                   'run("Restore (ScoreJ)", "image=[IMAGE] task=MRI kspace_mask=[KMASK] samples=4 seed=0");',
                                   extra=dict(show=lambda k: np.log1p(np.abs(np.fft.fftshift(k))), input_kind="auto")),
        "generate": generate,
        "img2img": img2img,
        "anomaly": anomaly,
    }


PAGE_HEAD = """# Gallery

Real results of the `scorej` command line on **held-out** images (`test-images/`: the right quarter of each
scikit-image sample, which the bundled models never saw in training), central 64×64 crops. Every measurement is
made by an independent implementation (scipy, skimage, numpy), never by ScoreJ's own operators; each figure shows
the truth, the input, ScoreJ's posterior mean (4 samples, the model card's 30 steps, inpainting's 100, seed 0), its
uncertainty (the per-pixel standard deviation of the 4 samples, in the image's pixel values) and the best classical
method at an **oracle** parameter (the one closest to the truth: as strong as the baseline can be). One crop per task, chosen
before running (the anomaly map's pasted patch was changed from a flat one to noise after the flat one was not
flagged: see the [anomaly map](commands/anomaly-map.md#worked-example) tutorial); averages over 20 crops are on the
[benchmarks](benchmarks.md) page.

Each section gives the exact command line and ImageJ macro line that made it, the wall-clock time each took on
this project's shared 2-core CPU machine (the command line's including Java's start), and how far the macro's result
is from the command line's (the same code, seed and noise). Other jobs kept that machine loaded 10–20 deep during
the runs of 2026-11-29 (`./scorej demo`, 36 s on a quieter day, took 673 s during the first): the times are upper bounds.

Remake every figure and this page (36 minutes wall-clock on the loaded 2-core machine, 16 of them CT and 11 the
likelihood; `--tasks ct,mri` for some):

```bash
/usr/bin/python3 site/gallery/make_gallery.py
```
"""


def render(s):
    lines = [f"## {s['title']}", "", f"![{s['title']}](gallery/{s['key']}.png)", "",
             f"Input: {s['image']}; {s['measure']}.", ""]
    if s.get("psnr") is not None:
        lines += [f"PSNR against the truth: ScoreJ's posterior mean **{s['psnr']:.2f} dB**, {s['classical']} "
                  f"{s['classical_psnr']:.2f} dB. Uncertainty: mean {s['unc_mean']:.2f}, max {s['unc_max']:.2f} (pixel values).", ""]
    if s.get("ratio") is not None:
        lines += [f"Anomaly map inside/outside the patch: ScoreJ {s['ratio']:.2f}, |y − median 5×5| {s['classical_ratio']:.2f}.",
                  "", "Bits/dim of the clean crop and of the patched one:", "", "```", s["likelihood"], "```", ""]
    lines += ["```bash", s["cli"], "```", "", "```", s["macro"], "```", "",
              f"Time here: command line {s['cli_s']:.0f} s (with Java's start), macro line {s['macro_s']:.0f} s; "
              f"largest difference between the macro's and the command line's result: {s['macro_vs_cli']:.3g}.", ""]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tasks", default=",".join(ORDER), help="comma-separated, from: " + ", ".join(ORDER))
    a = ap.parse_args()
    todo = sections()
    for key in a.tasks.split(","):
        if key not in todo:
            sys.exit(f"--tasks: '{key}' is not one of {', '.join(ORDER)}")
        start = time.time()
        s = todo[key]()
        os.makedirs(os.path.join(OUT, key), exist_ok=True)
        with open(os.path.join(OUT, key, "section.json"), "w") as fh:
            json.dump(s, fh, indent=1)
        print(f"{key}: done in {time.time() - start:.0f} s", file=sys.stderr, flush=True)
        write_page()


def page_sections():
    """The sections of the page as it stands, by task key (from each one's figure, gallery/KEY.png)."""
    if not os.path.exists(PAGE):
        return {}
    text = open(PAGE, encoding="utf-8").read()
    found = {}
    for part in re.split(r"(?m)^(?=## )", text)[1:]:
        m = re.search(r"\]\(gallery/([\w-]+)\.png\)", part)
        if m:
            found[m.group(1)] = part.rstrip("\n") + "\n"
    return found


def write_page():
    """The page: each task's section from its last run (out/gallery/KEY/section.json), else as the page has it."""
    parts, old = [PAGE_HEAD], page_sections()
    for key in ORDER:
        f = os.path.join(OUT, key, "section.json")
        if os.path.exists(f):
            with open(f) as fh:
                parts.append(render(json.load(fh)))
        elif key in old:
            parts.append(old[key])
    with open(PAGE, "w") as fh:
        fh.write("\n".join(parts))


if __name__ == "__main__":
    main()
