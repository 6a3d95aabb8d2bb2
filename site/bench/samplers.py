#!/usr/bin/env python3
"""Sampler quality against the number of network evaluations (NFE), measured through the `scorej` command line.

Two measures with exact answers, so that no learned metric or reference network stands in between:

1. **Discretisation error on the bundled mnist-digits model** (trained, EDM; unconditional, 8 images of 32x32).
   Every deterministic sampler starts from the same initial noise (`--noise`, drawn by numpy) and writes its final
   tensor (`--raw`). With the noise fixed, each of them approximates the same probability-flow ODE solution; the
   reference is Heun with REF_STEPS steps (its own error is measured against half as many). The error is the RMS
   difference from the reference in grey levels of an 8-bit image (the data range [-1, 1] mapped to 0..255).
2. **Distribution error on the analytic Gaussian mixture** (models/analytic/gaussian-mixture-edm: each image is a
   constant m_k plus white noise of standard deviation s_k, k drawn with weight w_k; its denoiser is exact). A
   stochastic sampler's path changes with the step count, so it has no pathwise limit; what it must get right is
   the distribution. Each of 256 generated 32x32 images is assigned the component nearest its mean, and the RMS
   relative error of its pixel standard deviation against s_k is measured (too smooth below, too noisy above).
   Exact samples drawn by numpy give the floor of this estimate (the finite number of pixels).

    nice /usr/bin/python3 site/bench/samplers.py            # about 8 CPU-minutes
    /usr/bin/python3 site/bench/samplers.py --replot        # table and plot again from out/bench-samplers/results.json

Writes the plot to site/bench/samplers.png and the markdown tables to out/bench-samplers/table.md (the samplers
page, site/docs/samplers.md, quotes a run); generated images go to out/bench-samplers/.
"""
import argparse
import json
import os
import re
import sys

import numpy as np
import tifffile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "gallery"))
from make_gallery import ROOT, run_cli  # noqa: E402  (./scorej from the repository root; a failure stops the run)

WORK = os.path.join(ROOT, "out", "bench-samplers")
REF_STEPS = 400
ONE = [6, 10, 18, 32, 64]  # steps of the samplers with one network call per step
TWO = [3, 5, 9, 16, 32]    # steps of those with two (NFE = 2 * steps - 1: none at the last step)


def steps(lst):
    return [["--steps", str(n)] for n in lst]


def tolerances(lst):
    return [["-o", f"rtol={t:g}", "-o", f"atol={t:g}"] for t in lst]


# (label, sampler, fixed options, one list of arguments per measured point)
PATHWISE = [
    ("euler", "euler", [], steps(ONE)),
    ("heun", "heun", [], steps(TWO)),
    ("lms", "lms", [], steps(ONE)),
    ("dpmpp_2m", "dpmpp_2m", [], steps(ONE)),
    ("ddim (eta 0)", "ddim", [], steps(ONE)),
    ("dpm_solver (defaults)", "dpm_solver", [], steps(ONE)),
    ("dpm_solver skip_type=logSNR", "dpm_solver", ["skip_type=logSNR"], steps(ONE)),
    ("dpm_solver logSNR order=3", "dpm_solver", ["skip_type=logSNR", "order=3"], steps(ONE)),
    ("ode (rtol = atol = 0.03 ... 3e-5)", "ode", [], tolerances([0.03, 3e-3, 3e-4, 3e-5])),
]
DISTRIBUTION = [
    ("dpmpp_2m", "dpmpp_2m", [], steps(ONE[:4])),
    ("euler_ancestral", "euler_ancestral", [], steps(ONE[:4])),
    ("dpmpp_2m_sde", "dpmpp_2m_sde", [], steps(ONE[:4])),
    ("edm churn 40", "edm", ["s_churn=40", "s_tmin=0.05", "s_tmax=50"], steps(TWO[:4])),
    ("pc (reverse_diffusion + langevin)", "pc", [], steps([5, 10, 20, 50])),
]
MIXTURE = "gaussian-mixture-edm"
REUSE = False


def generate(model, sampler, options, point, out, source):
    """One `scorej generate` run; returns (its NFE as the CLI reports it, the raw output as float64). With --reuse, a
    run whose output and NFE (OUT.nfe) are already there is read back instead."""
    args = ["generate", "--model", model, "--sampler", sampler, "--raw", "--quiet", "--out", out] + source + point
    for o in options:
        args += ["-o", o]
    if not (REUSE and os.path.exists(out) and os.path.exists(out + ".nfe")):
        _, log = run_cli(args)
        with open(out + ".nfe", "w") as fh:
            fh.write(re.search(r"\(NFE (\d+)\)", log).group(1))
    with open(out + ".nfe") as fh:
        return int(fh.read()), tifffile.imread(out).astype(np.float64)


def name(sampler, options):
    """The file name of a sampler's runs: its name and options."""
    return sampler + "".join("-" + o for o in options)


def grey_rms(x, ref):
    """RMS difference in grey levels of 255 for data in [-1, 1]."""
    return float(np.sqrt(np.mean((x - ref) ** 2)) * 127.5)


def mixture_card():
    import yaml  # python3-yaml comes with Debian's mkdocs and python3-matplotlib's dependencies
    with open(os.path.join(ROOT, "models", "analytic", MIXTURE, "rdf.yaml")) as fh:
        a = yaml.safe_load(fh)["config"]["scorej"]["analytic"]
    return np.array(a["weights"]), np.array(a["means"]), np.array(a["stds"])


def sd_error(images, means, stds):
    """RMS relative error of each image's pixel standard deviation against its nearest component's, and the
    total-variation distance of the component frequencies from the weights (returned second)."""
    flat = images.reshape(images.shape[0], -1)
    k = np.argmin(np.abs(flat.mean(axis=1)[:, None] - means[None, :]), axis=1)
    rel = flat.std(axis=1, ddof=1) / stds[k] - 1
    return float(np.sqrt(np.mean(rel ** 2))), k


def pathwise(results):
    noise = os.path.join(WORK, "noise.tif")
    tifffile.imwrite(noise, np.random.default_rng(0).standard_normal((8, 32, 32)).astype(np.float32))
    ref_nfe, ref = generate("mnist-digits", "heun", [], ["--steps", str(REF_STEPS)], os.path.join(WORK, "ref.tif"), ["-n", "8", "--noise", noise])
    half_nfe, half = generate("mnist-digits", "heun", [], ["--steps", str(REF_STEPS // 2)], os.path.join(WORK, "ref-half.tif"), ["-n", "8", "--noise", noise])
    results["reference"] = dict(nfe=ref_nfe, half_nfe=half_nfe, half_error=grey_rms(half, ref))
    print(f"reference heun {REF_STEPS} steps, NFE {ref_nfe}; {REF_STEPS // 2} steps differ by {results['reference']['half_error']:.4f} grey levels",
          file=sys.stderr, flush=True)
    for label, sampler, options, points in PATHWISE:
        row = []
        for i, point in enumerate(points):
            nfe, x = generate("mnist-digits", sampler, options, point, os.path.join(WORK, f"{name(sampler, options)}-{i}.tif"), ["-n", "8", "--noise", noise])
            row.append((nfe, grey_rms(x, ref)))
            print(f"{label}: NFE {nfe}, {row[-1][1]:.3f} grey levels", file=sys.stderr, flush=True)
        results["pathwise"][label] = row


def distribution(results, count):
    w, m, s = mixture_card()
    rng = np.random.default_rng(1)
    k = rng.choice(len(w), size=count, p=w)
    exact = m[k][:, None, None] + s[k][:, None, None] * rng.standard_normal((count, 32, 32))
    results["floor"], results["count"] = sd_error(exact, m, s)[0], count
    for label, sampler, options, points in DISTRIBUTION:
        row = []
        for i, point in enumerate(points):
            nfe, x = generate(MIXTURE, sampler, options, point, os.path.join(WORK, f"mixture-{name(sampler, options)}-{i}.tif"), ["-n", str(count), "--seed", "1"])
            err, kk = sd_error(x, m, s)
            tv = 0.5 * float(np.abs(np.bincount(kk, minlength=len(w)) / count - w).sum())
            row.append((nfe, err, tv))
            print(f"mixture {label}: NFE {nfe}, sd error {err:.4f}, weights TV {tv:.3f}", file=sys.stderr, flush=True)
        results["distribution"][label] = row


def first_below(row, limit):
    return next((nfe for nfe, err, *_ in sorted(row) if err < limit), None)


def report(results, plot):
    ref = results["reference"]
    lines = [f"Pathwise error on mnist-digits (8 images, the same initial noise; reference: heun, {REF_STEPS} steps = {ref['nfe']} NFE, "
             f"which differs from {REF_STEPS // 2} steps by {ref['half_error']:.4f} grey levels):", "",
             "| sampler | NFE: RMS error vs the ODE's solution (grey levels of 255) | NFE for < 1 grey level |", "| --- | --- | ---: |"]
    for label, row in results["pathwise"].items():
        cells = " · ".join(f"{n}: {e:.3g}" for n, e in row)
        lines.append(f"| {label} | {cells} | {first_below(row, 1.0) or '> ' + str(max(n for n, _ in row))} |")
    lines += ["", f"Distribution error on {MIXTURE} ({results['count']} images of 32×32, seed 1): RMS relative error of each image's standard deviation "
              f"against its component's (exact samples: {results['floor']:.4f}); weights: total-variation distance of the component frequencies:", "",
              "| sampler | NFE: sd error (weights TV) |", "| --- | --- |"]
    for label, row in results["distribution"].items():
        lines.append(f"| {label} | " + " · ".join(f"{n}: {e:.3f} ({tv:.2f})" for n, e, tv in row) + " |")
    table = "\n".join(lines)
    print(table)
    with open(os.path.join(WORK, "table.md"), "w") as fh:
        fh.write(f"<!-- {' '.join(sys.argv)} -->\n{table}\n")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4.5), dpi=80)
    for label, row in results["pathwise"].items():
        a.plot([n for n, _ in row], [e for _, e in row], "o-", ms=3, label=label)
    a.axhline(0.5, color="grey", ls=":", lw=1, label="0.5: below 8-bit rounding")
    a.set_yscale("log")
    a.set_title("mnist-digits: RMS error vs the ODE's solution (grey levels)", fontsize=9)
    for label, row in results["distribution"].items():
        b.plot([n for n, *_ in row], [e for _, e, _ in row], "o-", ms=3, label=label)
    b.axhline(results["floor"], color="grey", ls="--", lw=1, label="exact samples")
    b.set_yscale("log")
    b.set_title(f"{MIXTURE}: RMS relative error of each image's sd", fontsize=9)
    for ax in (a, b):
        ax.set_xscale("log")
        ax.set_xlabel("network evaluations (NFE)")
        ax.legend(fontsize=6)
        ax.grid(True, which="major", lw=0.3)
    fig.tight_layout()
    fig.savefig(plot)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=256, help="images generated from the Gaussian mixture per point")
    ap.add_argument("--parts", default="pathwise,distribution")
    ap.add_argument("--replot", action="store_true", help="table and plot from the saved results, no scorej run")
    ap.add_argument("--reuse", action="store_true", help="read back the runs whose outputs are already in out/bench-samplers")
    ap.add_argument("--plot", default=os.path.join(ROOT, "site", "bench", "samplers.png"))
    a = ap.parse_args()
    global REUSE
    REUSE = a.reuse
    os.makedirs(WORK, exist_ok=True)
    saved = os.path.join(WORK, "results.json")
    if a.replot:
        with open(saved) as fh:
            results = json.load(fh)
    else:
        results = dict(pathwise={}, distribution={})
        if os.path.exists(saved):  # keep the other part's last results
            with open(saved) as fh:
                results.update({k: v for k, v in json.load(fh).items()})
        if "pathwise" in a.parts:
            results["pathwise"] = {}
            pathwise(results)
        if "distribution" in a.parts:
            results["distribution"] = {}
            distribution(results, a.count)
        with open(saved, "w") as fh:
            json.dump(results, fh, indent=1)
    report(results, a.plot)


if __name__ == "__main__":
    main()
