"""Train a ScoreJ prior on your own images: a folder in, an installable model folder out.

    ./scorej train FOLDER --out DIR [--minutes 30] [--init micro-gray|histo-rgb|scratch|MODEL_DIR]
    /usr/bin/python3 models/train/train_images.py FOLDER --out DIR ...      (the same)

FOLDER holds .tif/.tiff/.png images: 8- or 16-bit (or float), grey or RGB, any sizes; a TIFF stack
counts as one image per slice. Each image is mapped to [-1, 1] as ScoreJ maps it at run time (its 1st
and 99.8th percentiles to -1 and 1, RGB colours together; `--low`, `--high`). A part of the files,
drawn from the seed (`--hold-out`, default 20%, at least one file), is held out: never trained on,
listed in the log, the card and the README, and used to measure the result. With a single image, its
right quarter is held out instead.

The network is the bundled priors' fully convolutional EDM U-Net (models/train/unet.py). By default it
is fine-tuned from the bundled prior with the same channels (micro-gray for grey, histo-rgb for RGB),
whose PyTorch weights are rebuilt from the ONNX graph's initializers and checked against the model's
test tensors; `--init scratch` trains from random weights, `--init DIR` fine-tunes a folder this
script wrote. Training: EDM loss (Karras et al. 2022) on random crops (`--crop`, at scale 1 and 1/2,
flips, 90-degree rotations), Adam, EMA 0.999, a cosine learning rate over the budget: `--minutes`
(wall clock, or CPU time with `--cpu-time`) and/or `--iters`, whichever ends first. On a GPU when
torch sees one (`--device`). Seeded: with `--iters` (and no time budget) a run is repeatable on the
same machine; a time budget ends after however many iterations fit.

Everything of the run lives in RUN (default DIR-run/): train.log, split.json (training and held-out
files), ckpt.pt (network, EMA, optimiser, random states; written every `--save-every` iterations, every 5 minutes, at
the end, and on Ctrl-C or kill, which stop the run), so a stopped run continues with `--resume`
(a larger `--minutes`/`--iters` extends a finished one; a smaller one finishes a stopped one now). At the end it measures held-out denoising PSNR (one network call at the true sigma,
0.1 and 0.2 of the data range, starting network against trained), runs the real `./scorej restore`
on held-out crops (`--check cli`), and writes DIR (model.onnx, rdf.yaml, test tensors, cover,
loss.png, README.md), which `./scorej models --action verify DIR` and `--action install DIR` accept.
DIR must not exist yet: nothing is overwritten.
"""
import argparse
import datetime
import io
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
import torch

warnings.filterwarnings("ignore", category=UserWarning, module=r"torch\.onnx")  # tracing notes on every export

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "models", "export"))
import data  # noqa: E402
import make_models  # noqa: E402
import train  # noqa: E402
from scorej_export import export  # noqa: E402

EXTENSIONS = (".tif", ".tiff", ".png")
BUNDLED = {1: "micro-gray", 3: "histo-rgb"}
SIGMAS = (0.1, 0.2)  # held-out noise levels, as fractions of the data range
ARCH = dict(base=24, mult=(1, 2, 2, 2), blocks=1, num_classes=0)  # the bundled priors' network


class Refused(Exception):
    """Bad input or a state that must not be overwritten: one line naming what is wrong."""


# ----------------------------------------------------------------------------------------------
# the user's images

def image_files(folder):
    if not os.path.isdir(folder):
        raise Refused(f"{folder}: not a folder of images")
    files = sorted(f for f in os.listdir(folder)
                   if f.lower().endswith(EXTENSIONS) and not f.startswith(".") and os.path.isfile(os.path.join(folder, f)))
    if not files:
        raise Refused(f"{folder}: no .tif, .tiff or .png images in it")
    return files


def read_planes(path):
    """The planes of an image file as float32 arrays H x W (grey) or H x W x 3 (RGB)."""
    try:
        if path.lower().endswith((".tif", ".tiff")):
            import tifffile
            a = tifffile.imread(path)
        else:
            from skimage import io as skio
            a = skio.imread(path)
    except Exception as e:  # noqa: BLE001 - any reader error is the file's problem
        raise Refused(f"{path}: cannot be read as an image ({str(e).splitlines()[0] if str(e) else type(e).__name__})")
    a = np.asarray(a)
    if a.dtype == bool:
        a = a.astype(np.uint8)
    if not (np.issubdtype(a.dtype, np.integer) or np.issubdtype(a.dtype, np.floating)):
        raise Refused(f"{path}: pixel type {a.dtype} is not an integer or float type")
    if a.ndim >= 3 and a.shape[-1] in (3, 4):
        planes = a[..., :3].reshape(-1, *a.shape[-3:-1], 3)  # RGB, alpha dropped; stacks of RGB too
    elif a.ndim == 2:
        planes = a[None]
    elif a.ndim == 3:
        planes = a  # a stack of grey slices
    else:
        raise Refused(f"{path}: shape {a.shape} is not a grey or RGB image or a stack of them")
    if min(planes.shape[1:3]) < 8:
        raise Refused(f"{path}: {planes.shape[2]}x{planes.shape[1]} pixels, the network needs at least 8x8")
    out = [p.astype(np.float32) for p in planes]
    if not all(np.isfinite(p).all() for p in out):
        raise Refused(f"{path}: has NaN or infinite pixel values")
    return out


def normalise(plane, channels, low, high):
    """C x H x W in ScoreJ's run-time scale: the low/high percentiles to 0 and 1 (RGB colours together)."""
    if plane.ndim == 3 and channels == 1:
        plane = plane.mean(axis=2)  # ImageJ's unweighted RGB -> grey
    lo, hi = np.percentile(plane, [low, high])
    if not hi > lo:
        hi = lo + 1
    x = (plane - lo) / (hi - lo)
    if x.ndim == 2:
        x = x[None] if channels == 1 else np.stack([x] * 3)
    else:
        x = x.transpose(2, 0, 1)
    return np.ascontiguousarray(x, dtype=np.float32)


def split(files, hold_out, seed):
    """(training files, held-out files): round(hold_out * n) files (at least 1) drawn from the seed."""
    if len(files) == 1:
        return list(files), []
    n = min(len(files) - 1, max(1, int(round(hold_out * len(files)))))
    pick = set(np.random.default_rng(seed).permutation(len(files))[:n].tolist())
    return [f for i, f in enumerate(files) if i not in pick], [f for i, f in enumerate(files) if i in pick]


def load_images(folder, files, channels, low, high):
    """(labels, images): each plane normalised, labelled by its file (and slice, in a stack)."""
    labels, images = [], []
    for f in files:
        planes = read_planes(os.path.join(folder, f))
        for k, p in enumerate(planes):
            labels.append(f if len(planes) == 1 else f"{f} slice {k + 1}")
            images.append(normalise(p, channels, low, high))
    return labels, images


def detect_channels(folder, files):
    return 3 if any(p.ndim == 3 for f in files for p in read_planes(os.path.join(folder, f))) else 1


# ----------------------------------------------------------------------------------------------
# the network: bundled priors rebuilt from their ONNX initializers

def model_dir(init):
    d = init if os.path.isdir(init) else os.path.join(ROOT, "models", init)
    if not os.path.isfile(os.path.join(d, "model.onnx")):
        raise Refused(f"--init {init}: no model.onnx there (a bundled prior's name, a folder this script wrote, or scratch)")
    return d


def from_onnx(folder, channels):
    """The PyTorch UNet whose ONNX export is folder/model.onnx, and the largest relative error of its
    output on the folder's test tensors (test_x, test_t -> test_out).

    The graph keeps the parameters' names except GroupNorm's scale and bias, which the exporter folds
    into anonymous initializers; exporting a network with known, distinct weights the same way names them."""
    import onnx
    from onnx import numpy_helper
    cfg = dict(ARCH, channels=channels)
    graph = onnx.load(os.path.join(folder, "model.onnx")).graph
    stored = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    if "inp.weight" in stored and stored["inp.weight"].shape[1] != channels:
        raise Refused(f"--init {folder} has {stored['inp.weight'].shape[1]} channel(s), the images {channels} (see --channels)")
    probe = train.network(cfg)
    g = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for p in probe.parameters():
            p.copy_(torch.randn(p.shape, generator=g))
    buf = io.BytesIO()
    torch.onnx.export(probe, (torch.randn(1, channels, 64, 64), torch.zeros(1)), buf, input_names=["x", "t"],
                      output_names=["out"], opset_version=17, do_constant_folding=True,
                      dynamic_axes={"x": {0: "n", 2: "h", 3: "w"}, "t": {0: "n"}, "out": {0: "n", 2: "h", 3: "w"}})
    probed = {i.name: numpy_helper.to_array(i) for i in onnx.load_from_string(buf.getvalue()).graph.initializer}
    params = {k: v.numpy() for k, v in probe.state_dict().items()}
    state = {}
    for name, value in probed.items():
        if name in params:
            key = name
        else:
            hits = [k for k, v in params.items() if v.size == value.size and np.array_equal(v.ravel(), value.ravel())]
            if len(hits) != 1:
                continue  # a constant of the graph (the Fourier frequencies), not a parameter
            key = hits[0]
        if name not in stored or stored[name].size != params[key].size:
            raise Refused(f"{folder}/model.onnx is not models/train/unet.py's network {cfg}: "
                          f"initializer {name} ({key}) is missing or has another shape; use --init scratch")
        state[key] = torch.from_numpy(stored[name].reshape(params[key].shape).copy())
    missing = sorted(set(k for k in params if not k.endswith("freqs")) - set(state))
    if missing:
        raise Refused(f"{folder}/model.onnx: no weights found for {', '.join(missing[:3])}; use --init scratch")
    net = train.network(cfg)
    net.load_state_dict(state, strict=False)
    net.eval()
    x, t, want = (np.load(os.path.join(folder, f"test_{k}.npy")) for k in ("x", "t", "out"))
    with torch.no_grad():
        got = net(torch.from_numpy(x), torch.from_numpy(t)).numpy()
    err = float(np.abs(got - want).max() / np.abs(want).max())
    if not err < 1e-4:
        raise Refused(f"{folder}: weights rebuilt from model.onnx give relative error {err:.1e} on the test tensors; "
                      "use --init scratch")
    return net, err


# ----------------------------------------------------------------------------------------------
# measuring

@torch.no_grad()
def held_out_psnr(net, crops, device, seed=0):
    """Per crop, PSNR (dB, peak = data range) of the noisy crop and of one network call D(x; sigma)."""
    g = torch.Generator().manual_seed(seed)
    rows = []
    for c in crops:
        x0 = torch.from_numpy(c)[None].double() * 2 - 1
        row = []
        for s in SIGMAS:
            noisy = x0 + 2 * s * torch.randn(x0.shape, generator=g, dtype=torch.float64)
            sig = torch.full((1, 1, 1, 1), 2 * s, dtype=torch.float64)
            den = train.denoise(net, noisy.float().to(device), sig.float().to(device)).double().cpu()
            row += [make_models.psnr(noisy, x0), make_models.psnr(den, x0)]
        rows.append(row)
    return np.array(rows)


def eval_crops(images, size=128):
    """The centre of each held-out image, up to size x size, sides multiples of 8."""
    out = []
    for img in images:
        h, w = img.shape[-2:]
        ch, cw = min(size, h) // 8 * 8, min(size, w) // 8 * 8
        y0, x0 = (h - ch) // 2, (w - cw) // 2
        out.append(np.ascontiguousarray(img[:, y0:y0 + ch, x0:x0 + cw]))
    return out


def cli_check(models, crops, work, samples, seed=0):
    """Posterior-mean denoising through the real `./scorej restore` (DDRM, its default for denoising):
    noisy crops made here with numpy at sigma 0.1 and 0.2 of the range, read back, PSNR per model."""
    import tifffile
    rng = np.random.default_rng(seed)
    os.makedirs(work, exist_ok=True)
    result = {}
    for s in SIGMAS:
        names = []
        for i, c in enumerate(crops):
            noisy = c + s * rng.standard_normal(c.shape)
            name = f"s{s:g}-{i}.tif"
            tifffile.imwrite(os.path.join(work, name), noisy.astype(np.float32).squeeze() if c.shape[0] == 1
                             else noisy.astype(np.float32))
            names.append(name)
        for label, model in models.items():
            out = os.path.join(work, f"{label.replace(' ', '-')}-s{s:g}")
            scorej("restore", "--task", "denoise", "--model", model, "--sigma-y", str(s), "--normalization", "fixed",
                   "--low", "0", "--high", "1", "-k", str(samples), "--seed", str(seed), "--quiet", "--out", out,
                   *[os.path.join(work, n) for n in names])
            vals = []
            for c, n in zip(crops, names):
                mean = tifffile.imread(restored_mean(out, n)).astype(np.float64)
                ref = c.squeeze() if c.shape[0] == 1 else c
                vals.append(10 * math.log10(1 / float(((mean.reshape(ref.shape) - ref) ** 2).mean())))
            result[(label, s)] = vals
        result[("noisy", s)] = [10 * math.log10(1 / s ** 2)] * len(crops)
    return result


def scorej(*args):
    """Runs ./scorej with args; a failure is refused with the command's last words."""
    r = subprocess.run([os.path.join(ROOT, "scorej"), *args], cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        raise Refused(f"./scorej {args[0]} failed ({r.returncode}): {(r.stderr or r.stdout).strip()[-400:]}")
    return r.stdout


def restored_mean(folder, name):
    """The posterior mean `scorej restore` writes for an input file: NAME-restored.tif."""
    path = os.path.join(folder, os.path.splitext(name)[0] + "-restored.tif")
    if not os.path.isfile(path):
        raise Refused(f"./scorej restore wrote no {os.path.basename(path)} in {folder}")
    return path


# ----------------------------------------------------------------------------------------------
# training

class Clock:
    """Seconds spent training (wall clock or this process's CPU time), carried over a resume."""

    def __init__(self, cpu, before=0.0):
        self.cpu, self.before = cpu, before
        self.t0, self.wall0 = self.now(), time.time()

    def now(self):
        return time.process_time() if self.cpu else time.time()

    def spent(self):
        return self.before + self.now() - self.t0

    def wall_per_second(self):
        """Wall-clock seconds per counted second in this session (1 for the wall clock)."""
        return (time.time() - self.wall0) / max(1e-9, self.now() - self.t0) if self.cpu else 1.0


def progress(it, start, iters, clock, budget, loss, tty):
    """One line: a bar, the iteration, the loss, the time spent and an estimate of the wall-clock time left."""
    spent = clock.spent()
    done = max(it / iters if iters else 0.0, spent / budget if budget else 0.0)
    rate = (spent - clock.before) / max(1, it - start)
    left = min((iters - it) * rate if iters else math.inf, budget - spent if budget else math.inf)
    bar = "#" * int(20 * min(1, done))
    line = (f"[{bar:<20}] {100 * min(1, done):3.0f}% iter {it}{'/' + str(iters) if iters else ''} "
            f"loss {loss:.4f} {spent / 60:.1f} min{' CPU' if clock.cpu else ''}, "
            f"about {max(0, left) * clock.wall_per_second() / 60:.1f} min left")
    sys.stderr.write(("\r" + line) if tty else line + "\n")
    sys.stderr.flush()


def parse(argv):
    ap = argparse.ArgumentParser(prog="scorej train", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", help="folder of .tif/.tiff/.png images")
    ap.add_argument("--out", required=True, help="model folder to write (must not exist)")
    ap.add_argument("--name", help="the model's name in its card (default: the --out folder's name)")
    ap.add_argument("--init", default="auto",
                    help="auto (micro-gray for grey, histo-rgb for RGB), scratch, a bundled prior's name or a model folder")
    ap.add_argument("--channels", default="auto", choices=["auto", "1", "3"],
                    help="1 (RGB images become grey), 3 (grey images are repeated), or auto: 3 if any image is RGB")
    ap.add_argument("--minutes", type=float, help="training time budget (default 30 without --iters)")
    ap.add_argument("--cpu-time", action="store_true", help="--minutes counts this process's CPU time, not wall clock")
    ap.add_argument("--iters", type=int, help="iterations at most")
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--crop", type=int, default=64, help="training crop side (a multiple of 8)")
    ap.add_argument("--lr", type=float, help="peak learning rate (default 2e-4 fine-tuning, 5e-4 from scratch)")
    ap.add_argument("--hold-out", type=float, default=0.2, help="fraction of the files held out (default 0.2)")
    ap.add_argument("--low", type=float, default=1.0, help="percentile mapped to -1 (ScoreJ's default 1)")
    ap.add_argument("--high", type=float, default=99.8, help="percentile mapped to 1 (ScoreJ's default 99.8)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=0, help="CPU threads for torch (0: torch's default)")
    ap.add_argument("--device", default="auto", help="auto (cuda when torch sees a GPU), cpu or cuda")
    ap.add_argument("--run", help="folder for the log, the split and the checkpoint (default OUT-run)")
    ap.add_argument("--resume", action="store_true", help="continue from the checkpoint in --run")
    ap.add_argument("--save-every", type=int, default=200, help="iterations between checkpoints (and every 5 minutes)")
    ap.add_argument("--check", default="cli", choices=["cli", "none"],
                    help="cli: also denoise held-out crops with the real ./scorej restore (default)")
    ap.add_argument("--check-samples", type=int, default=4, help="posterior samples per crop in the CLI check")
    ap.add_argument("--cover", type=int, default=16, help="samples in cover.png (0: no cover)")
    a = ap.parse_args(argv)
    if a.crop % 8 or a.crop < 8:
        ap.error(f"--crop must be a multiple of 8, got {a.crop}")
    if not 0 <= a.hold_out < 1:
        ap.error(f"--hold-out must lie in [0, 1), got {a.hold_out}")
    if a.minutes is None and a.iters is None:
        a.minutes = 30.0
    a.out = os.path.abspath(a.out)
    a.run = os.path.abspath(a.run or a.out.rstrip("/") + "-run")
    a.name = a.name or os.path.basename(a.out.rstrip("/"))
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", a.name):
        ap.error(f"the model's name '{a.name}' (from --out, or --name) must be letters, digits, '.', '_' and '-', "
                 "as `scorej models --action install` needs: give --name")
    return a


def main(argv=None):
    a = parse(argv)
    try:
        run(a)
    except Refused as e:
        print(f"scorej train: {e}", file=sys.stderr)
        return 2
    return 0


def run(a):
    if os.path.exists(a.out):
        raise Refused(f"{a.out} exists: choose a new --out (nothing is overwritten)")
    ckpt_path = os.path.join(a.run, "ckpt.pt")
    if os.path.exists(ckpt_path) and not a.resume:
        raise Refused(f"{ckpt_path} exists: add --resume to continue that run, or choose another --run")
    if a.resume and not os.path.exists(ckpt_path):
        raise Refused(f"--resume: no checkpoint {ckpt_path}")
    if a.threads:
        torch.set_num_threads(a.threads)
    device = torch.device("cuda" if a.device == "auto" and torch.cuda.is_available() else
                          ("cpu" if a.device == "auto" else a.device))
    files = image_files(a.folder)
    channels = detect_channels(a.folder, files) if a.channels == "auto" else int(a.channels)
    ck = torch.load(ckpt_path, map_location="cpu") if a.resume else None
    if ck is not None:
        if ck["files"] != files or ck["channels"] != channels:
            raise Refused(f"--resume: {a.folder} holds other files or channels than the checkpoint's run "
                          f"({len(ck['files'])} files, {ck['channels']} channels)")
        setup = ck["setup"]
    else:
        init = BUNDLED[channels] if a.init == "auto" else a.init
        setup = dict(init=init, seed=a.seed, hold_out=a.hold_out, low=a.low, high=a.high, crop=a.crop, batch=a.batch,
                     lr=a.lr or (5e-4 if init == "scratch" else 2e-4), warmup=500 if init == "scratch" else 100,
                     folder=os.path.abspath(a.folder))
    train_files, held_files = split(files, setup["hold_out"], setup["seed"])
    _, images = load_images(a.folder, train_files, channels, setup["low"], setup["high"])
    if held_files:
        held_labels, held = load_images(a.folder, held_files, channels, setup["low"], setup["high"])
        held_note = ", ".join(held_files)
    else:  # one image: its right quarter is held out
        cut = data.split_column(images[0].shape[-1])
        held, images = [images[0][..., cut:]], [images[0][..., :cut]]
        held_note = f"{train_files[0]}, columns from {cut} (its right quarter)"
        held_labels = [held_note]

    cfg = dict(ARCH, channels=channels, crop=setup["crop"], batch=setup["batch"], lr=setup["lr"])
    rebuilt_err = None
    if ck is not None:  # the starting network, kept in the checkpoint for the closing comparison
        start_net = train.network(cfg)
        start_net.load_state_dict(ck["start"])
        rebuilt_err = ck["rebuilt_err"]
    elif setup["init"] == "scratch":
        torch.manual_seed(setup["seed"])
        start_net = train.network(cfg)
    else:
        start_net, rebuilt_err = from_onnx(model_dir(setup["init"]), channels)

    os.makedirs(a.run, exist_ok=True)
    log = open(os.path.join(a.run, "train.log"), "a")

    def say(msg):
        print(msg, file=sys.stderr)
        log.write(f"# {msg}\n")
        log.flush()

    with open(os.path.join(a.run, "split.json"), "w") as f:
        json.dump(dict(seed=setup["seed"], hold_out=setup["hold_out"], train=train_files,
                       held_out=held_files or [held_note]), f, indent=1)
    net = train.network(cfg)
    net.load_state_dict(start_net.state_dict())
    ema = train.network(cfg)
    ema.load_state_dict(net.state_dict())
    ema.requires_grad_(False)
    net.to(device), ema.to(device)
    opt = torch.optim.Adam(net.parameters(), lr=setup["lr"])
    gen = torch.Generator().manual_seed(setup["seed"])
    rng = np.random.default_rng(setup["seed"])
    start, spent_before = 0, 0.0
    if ck is not None:
        net.load_state_dict(ck["net"])
        ema.load_state_dict(ck["ema"])
        opt.load_state_dict(ck["opt"])
        gen.set_state(ck["gen"])
        rng.bit_generator.state = ck["rng"]
        start, spent_before = ck["iter"], ck["spent"]
    source = data.Crops(images, channels == 3, setup["crop"], jitter=False)
    budget = a.minutes * 60 if a.minutes is not None else None
    iters = a.iters
    if start == 0:
        say(f"{datetime.datetime.now():%Y-%m-%d %H:%M} {a.name}: {len(files)} files in {a.folder}, {channels} channel(s); "
            f"held out ({len(held_files) or 1}): {held_note}")
        say(f"init {setup['init']}" + (f" (weights rebuilt from its model.onnx, test tensors within {rebuilt_err:.1e})"
                                       if rebuilt_err is not None else "") +
            f", device {device}, batch {setup['batch']}, crop {setup['crop']}, lr {setup['lr']}, seed {setup['seed']}, "
            f"budget {a.minutes or '-'} min{' CPU' if a.cpu_time else ''}, iters {iters or '-'}")
        log.write("# iter loss(mean of last 50) lr seconds\n")
    else:
        say(f"resumed at iteration {start} ({spent_before / 60:.1f} min spent)")
    clock = Clock(a.cpu_time, spent_before)
    tty = sys.stderr.isatty()
    net.train()
    it, acc, last_print, last_save, losses = start, [], 0.0, time.time(), []

    def save():
        tmp = ckpt_path + ".tmp"
        torch.save(dict(net=net.state_dict(), ema=ema.state_dict(), opt=opt.state_dict(), gen=gen.get_state(),
                        rng=rng.bit_generator.state, iter=it, spent=clock.spent(), files=files, channels=channels,
                        setup=setup, config=cfg, start=start_net.state_dict(), rebuilt_err=rebuilt_err), tmp)
        os.replace(tmp, ckpt_path)

    def done():
        return (iters is not None and it >= iters) or (budget is not None and clock.spent() >= budget)

    stop = []  # Ctrl-C or kill: save the checkpoint at the end of the iteration and stop (--resume continues)
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.append(1))
    while not done() and not stop:
        frac = max(it / iters if iters else 0.0, clock.spent() / budget if budget else 0.0)
        lr = setup["lr"] * min(1.0, (it + 1) / setup["warmup"]) * (0.55 + 0.45 * math.cos(math.pi * min(1.0, frac)))
        for grp in opt.param_groups:
            grp["lr"] = lr
        y, _ = source.batch(rng, setup["batch"])
        loss = train.edm_loss(net, torch.from_numpy(y).to(device), None, gen)
        train.step(net, ema, opt, loss, it)
        it += 1
        acc.append(loss.item())
        losses.append(acc[-1])
        if it % 50 == 0:
            log.write(f"{it} {np.mean(acc):.5f} {lr:.2e} {clock.spent():.1f}\n")
            log.flush()
            acc = []
        if time.time() - last_print > (1 if tty else 30):
            progress(it, start, iters, clock, budget, float(np.mean(losses[-50:])), tty)
            last_print = time.time()
        if it % a.save_every == 0 or time.time() - last_save > 300:
            save()
            last_save = time.time()
    if it > start or ck is None:
        save()
    if tty:
        sys.stderr.write("\n")
    if stop:
        say(f"stopped at iteration {it} ({clock.spent() / 60:.1f} min): the checkpoint is saved, --resume continues "
            "(with a smaller --minutes or --iters it finishes now)")
        return
    minutes = clock.spent() / 60
    say(f"trained {it} iterations in {minutes:.1f} min{' CPU' if a.cpu_time else ''}")
    finish(a, ema.cpu().eval(), start_net.cpu().eval(), setup, cfg, channels, held, held_labels, held_note, it, minutes, say)
    log.close()


def finish(a, net, start_net, setup, cfg, channels, held, held_labels, held_note, iters, minutes, say):
    crops = eval_crops(held)
    t0 = time.time()
    trained = held_out_psnr(net, crops, "cpu")
    before = held_out_psnr(start_net, crops, "cpu")
    label = "bundled " + setup["init"] if setup["init"] in BUNDLED.values() else setup["init"]
    table = ["| held-out image | size | noisy, 0.1 | " + f"{label}, 0.1 | trained, 0.1 | noisy, 0.2 | {label}, 0.2 | trained, 0.2 |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for n, c, t, b in zip(held_labels, crops, trained, before):
        table.append(f"| {n} | {c.shape[2]}x{c.shape[1]} | {t[0]:.2f} | {b[1]:.2f} | {t[1]:.2f} | {t[2]:.2f} | {b[3]:.2f} | {t[3]:.2f} |")
    mt, mb = trained.mean(0), before.mean(0)
    table.append(f"| **mean** | | {mt[0]:.2f} | {mb[1]:.2f} | **{mt[1]:.2f}** | {mt[2]:.2f} | {mb[3]:.2f} | **{mt[3]:.2f}** |")
    say(f"held-out denoising PSNR, one network call (dB): sigma 0.1: {label} {mb[1]:.2f}, trained {mt[1]:.2f}; "
        f"sigma 0.2: {label} {mb[3]:.2f}, trained {mt[3]:.2f}")

    parent = os.path.dirname(a.out) or "."
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="." + os.path.basename(a.out) + ".", dir=parent)
    try:
        sj = make_models.edm_card(cfg, [setup["crop"], setup["crop"]], dict(sampler="dpmpp_2m", steps=30, schedule="karras"),
                                  held_out=dict(files=held_note, seed=setup["seed"],
                                                normalization=f"percentile {setup['low']:g} {setup['high']:g}"))
        curve = make_models.loss_plot(a.run, tmp, f"{a.name}: EDM training loss")
        src = os.path.basename(setup["folder"].rstrip("/"))
        desc = (f"A fully convolutional EDM prior ([-1, 1], {'RGB' if channels == 3 else 'grey'}) trained by "
                f"models/train/train_images.py on the images of '{src}'"
                + (f", fine-tuned from {setup['init']}" if setup["init"] != "scratch" else ", from scratch") + ".")
        export(net, tmp, name=a.name, channels=channels, scorej=sj, description=desc, cite=make_models.CITE,
               tags=["prior", "restoration", "rgb" if channels == 3 else "grey"], documentation="README.md",
               cover_samples=a.cover, cover_steps=30)
        cli = ""
        if a.check == "cli" and not (shutil.which("java") and shutil.which("mvn")):
            say("no Java 17 and Maven here, so no check through ./scorej: run  ./scorej models --action verify "
                f"{a.out}  where ScoreJ runs")
        elif a.check == "cli":
            scorej("models", "--action", "verify", tmp)
            models = {} if setup["init"] == "scratch" else {label: setup["init"]}
            models["trained"] = tmp
            rows = cli_check(models, crops, os.path.join(a.run, "check"), a.check_samples)
            cli = cli_table(rows, label, a.check_samples)
            say("./scorej restore on held-out crops, posterior mean PSNR (dB): " + "; ".join(
                f"{k[0]} sigma {k[1]:g} {np.mean(v):.2f}" for k, v in rows.items()))
        readme = report(a, setup, cfg, channels, held_note, iters, minutes, curve, desc, table, cli, time.time() - t0)
        with open(os.path.join(tmp, "README.md"), "w") as f:
            f.write(readme)
        os.rename(tmp, a.out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    say(f"wrote {a.out}; check it with  ./scorej models --action verify {a.out}  and add it with  "
        f"./scorej models --action install {a.out}")


def cli_table(rows, label, samples):
    lines = [f"| sigma (of range) | noisy | {label} | trained |" if (label, SIGMAS[0]) in rows else
             "| sigma (of range) | noisy | trained |"]
    lines.append("| --- " * (len(lines[0].split("|")) - 2) + "|")
    for s in SIGMAS:
        cells = [f"{np.mean(rows[('noisy', s)]):.2f}"] + ([f"{np.mean(rows[(label, s)]):.2f}"] if (label, s) in rows else []) \
            + [f"**{np.mean(rows[('trained', s)]):.2f}**"]
        lines.append(f"| {s:g} | " + " | ".join(cells) + " |")
    return ("\n## Measured: `./scorej restore` on the held-out crops\n\nPosterior mean of "
            f"{samples} samples (`./scorej restore --task denoise --sigma-y S --normalization fixed --low 0 --high 1 "
            f"-k {samples} --seed 0`: DDRM, ScoreJ's default for denoising, with the card's steps), noisy crops made with numpy; "
            "mean PSNR in dB over the "
            "crops (peak = data range):\n\n" + "\n".join(lines) + "\n")


def report(a, setup, cfg, channels, held_note, iters, minutes, curve, desc, table, cli, eval_s):
    init = setup["init"]
    start = ("from random weights" if init == "scratch" else
             f"fine-tuned from `{init}` (its PyTorch weights rebuilt from model.onnx and checked on its test tensors)")
    return f"""# {a.name}

{desc}

Network: models/train/unet.py, base {cfg['base']} channels, levels {list(cfg['mult'])}, no attention, fully
convolutional (sides multiples of 8), {start}. {iters} iterations of batch {setup['batch']} random
{setup['crop']}x{setup['crop']} crops (scale 1 and 1/2, flips, 90-degree rotations) in {minutes:.1f}
minutes{' of CPU time' if a.cpu_time else ''}, EDM loss (P_mean {train.P_MEAN}, P_std {train.P_STD}, sigma_data {train.SIGMA_DATA}),
Adam, peak lr {setup['lr']}, EMA 0.999, seed {setup['seed']}; final loss {curve['final_loss']:.4f} (`loss.png`).
Each image mapped to [-1, 1] by its percentiles {setup['low']:g} and {setup['high']:g} (ScoreJ's default normalization).

**Held out** (seed {setup['seed']}, {setup['hold_out']:g} of the files): {held_note}. Never trained on.

## Measured: one network call, denoising the held-out images

PSNR in dB (peak = data range) of the noisy input and of D(x; sigma) at the true sigma, for noise of
0.1 and 0.2 of the data range, on the centre (up to 128x128) of each held-out image; `{init}` is the starting network:

{chr(10).join(table)}
{cli}
Measured by `{' '.join(['./scorej train'] + sys.argv[1:])}` ({eval_s:.0f} s of measuring).
"""


if __name__ == "__main__":
    sys.exit(main())
