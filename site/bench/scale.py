#!/usr/bin/env python3
"""Time and whole-process peak memory of `scorej restore` against image side (issue 15).

For every side (256 ... 4096) and task (denoise, deblur), a 16-bit image is made outside ScoreJ: the
scikit-image sample `camera` resized to the side (skimage.transform.resize), then for deblurring
blurred by scipy's gaussian_filter (sigma 2), then white Gaussian noise from numpy (sigma 5 grey
levels of 255, scaled to 16 bits). `scorej restore` runs on it as a user runs it, under
`/usr/bin/time -v`, and its wall time and "Maximum resident set size" are read back.

    nice /usr/bin/python3 site/bench/scale.py --sides 256,512,1024,2048,4096 --steps 1 --memory 4G --heap 3g

Writes the markdown table to out/bench-scale/table.md (site/bench/scale.md quotes a run) and the plot to
site/bench/scale.png; the images and outputs go to out/bench-scale/.
"""
import argparse
import os
import re
import subprocess
import sys
import time

import numpy as np
import tifffile
from scipy import ndimage
from skimage import data, transform

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def measurement(side, task, rng):
    """A side x side 16-bit measurement of `camera`, blurred (deblur) and noisy, made by skimage, scipy and numpy."""
    img = transform.resize(data.camera().astype(np.float64), (side, side), order=3, anti_aliasing=True)
    if task == "deblur":
        img = ndimage.gaussian_filter(img, 2.0, mode="reflect", truncate=4.0)
    img = img + rng.normal(0, 5, img.shape)
    return np.clip(np.round(img * 257), 0, 65535).astype(np.uint16)


def run(image, out, task, args):
    """Runs scorej restore under /usr/bin/time -v; returns (seconds, peak RSS bytes, the tiling line or '')."""
    env = dict(os.environ, SCOREJ_JAVA_OPTS=" ".join(["-Xmx" + args.heap] + args.java_opts.split()))
    cmd = ["/usr/bin/time", "-v", os.path.join(ROOT, "scorej"), "restore", "--task", task, "--model", args.model, "-k", str(args.samples),
           "--steps", str(args.steps), "--sigma-max", str(args.sigma_max), "--seed", "1"] + (["--method", args.deblur_method] if task == "deblur" else []) + [ "--memory", args.memory, "--threads", str(args.threads), "--out", out, image]
    t0 = time.time()
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    seconds = time.time() - t0
    if p.returncode != 0:
        sys.exit("scale.py: " + " ".join(cmd) + " failed:\n" + p.stderr[-2000:])
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1)) * 1024
    tiling = re.search(r"runs as (.*)", p.stderr)
    return seconds, rss, tiling.group(1).strip() if tiling else ""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sides", default="256,512,1024,2048,4096")
    ap.add_argument("--tasks", default="denoise,deblur")
    ap.add_argument("--model", default="micro-gray")
    ap.add_argument("--samples", type=int, default=4)
    ap.add_argument("--steps", type=int, default=1)
    ap.add_argument("--sigma-max", type=float, default=2, help="the schedule's top: a denoising or deblurring prior starts near the noise")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--deblur-method", default="ddnm", help="ddnm_plus (the default of scorej) keeps the denoised mean at its last step and needs more steps to fit the data")
    ap.add_argument("--memory", default="4G")
    ap.add_argument("--heap", default="3g")
    ap.add_argument("--java-opts", default="", help="more JVM options, e.g. -Xlog:gc:file=out/bench-scale/gc.log to see the live heap")
    ap.add_argument("--table", default=os.path.join(ROOT, "out", "bench-scale", "table.md"))
    ap.add_argument("--replot", metavar="MARKDOWN", help="run nothing: plot the rows of the table in this file (site/bench/scale.md) to --plot")
    ap.add_argument("--plot", default=os.path.join(ROOT, "site", "bench", "scale.png"))
    args = ap.parse_args()
    if args.replot:
        return plot(table_rows(args.replot), args)
    work = os.path.join(ROOT, "out", "bench-scale")
    os.makedirs(work, exist_ok=True)
    rng = np.random.default_rng(0)
    rows = []
    for task in args.tasks.split(","):
        for side in [int(s) for s in args.sides.split(",")]:
            image = os.path.join(work, f"{task}-{side}.tif")
            tifffile.imwrite(image, measurement(side, task, rng))
            out = os.path.join(work, f"{task}-{side}-out")
            seconds, rss, tiling = run(image, out, task, args)
            per = seconds / (side * side * args.samples * args.steps) * 1e6
            rows.append((task, side, seconds, rss, per, tiling))
            print(f"{task} {side}: {seconds:.1f} s, peak RSS {rss / 2**30:.2f} GB, {per:.2f} us per pixel per sample per step ({tiling})", flush=True)
    report(rows, args)


def report(rows, args):
    """The markdown table (printed and written to --table) and the plot (--plot) of (task, side, seconds, rss, µs, tiling) rows."""
    lines = ["| task | side | wall time (s) | peak RSS (GB) | µs per pixel·sample·step | tiling |", "| --- | ---: | ---: | ---: | ---: | --- |"]
    for task, side, seconds, rss, per, tiling in rows:
        lines.append(f"| {task} | {side} | {seconds:.1f} | {rss / 2**30:.2f} | {per:.2f} | {tiling} |")
    table = "\n".join(lines)
    print(table)
    with open(args.table, "w") as f:
        f.write(f"<!-- {' '.join(sys.argv)} -->\n{table}\n")
    plot(rows, args)


def table_rows(markdown):
    """(task, side, seconds, rss, µs, tiling) rows of the tables in a markdown file whose rows start with a task (peak RSS in GiB), finished runs only."""
    rows = []
    for line in open(markdown, encoding="utf-8"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 6 and cells[0] in ("denoise", "deblur") and cells[1].isdigit():
            try:
                rows.append((cells[0], int(cells[1]), float(cells[2]), float(cells[3]) * 2**30, float(cells[4]), cells[5]))
            except ValueError:  # a run that did not finish has no time
                pass
    return rows


def plot(rows, args):
    """The plot (--plot): µs per pixel·sample·step and peak RSS against side, one line per task."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, (a, b) = plt.subplots(1, 2, figsize=(8, 3), dpi=80)
    for task in sorted({r[0] for r in rows}):
        r = [x for x in rows if x[0] == task]
        a.plot([x[1] for x in r], [x[4] for x in r], "o-", label=task)
        b.plot([x[1] for x in r], [x[3] / 2**30 for x in r], "o-", label=task)
    if args.memory.upper().endswith("G"):
        b.axhline(float(args.memory[:-1]), color="grey", ls="--", lw=1, label="budget")
    for ax, title in [(a, "µs per pixel·sample·step (wall)"), (b, "peak RSS (GB)")]:
        ax.set_xscale("log", base=2)
        ax.set_xlabel("image side (pixels)")
        ax.set_title(title, fontsize=10)
        ax.set_ylim(bottom=0)
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(args.plot)


if __name__ == "__main__":
    main()
