"""Train ScoreJ's bundled score networks with EDM (Karras et al. 2022) on 2 CPU cores.

    /usr/bin/python3 models/train/train.py mnist-digits  --iters 6000
    /usr/bin/python3 models/train/train.py micro-gray    --iters 6000
    /usr/bin/python3 models/train/train.py histo-rgb     --iters 5000

Each run is seeded, logs one line per 50 iterations to models/train/runs/<name>/train.log
(iteration, loss, seconds), and checkpoints (network, EMA, optimiser, RNG) every 500 iterations
to runs/<name>/ckpt.pt; `--resume` continues from it. The EMA network is what gets exported
(models/export/export.py, called by models/train/make_models.py).

Why EDM: its preconditioning keeps the network's input and target at unit variance at every
noise level, which trains fastest for small networks and few iterations, and its log-normal
noise distribution spends the training where the denoiser matters (sigma around 0.1 to 1). The
network is F in D(x; sigma) = c_skip x + c_out F(c_in x, ln(sigma)/4); ScoreJ applies the same
preconditioning (card: `sde: edm`, `prediction: x0`, `preconditioning: edm`).
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import data  # noqa: E402
from unet import UNet  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SIGMA_DATA = 0.5
P_MEAN, P_STD = -1.2, 1.2

# name -> network and data settings
CONFIGS = {
    "mnist-digits": dict(channels=1, base=24, mult=(1, 2, 2), blocks=1, num_classes=10, batch=32,
                         lr=1e-3, label_dropout=0.1, crop=32),
    "micro-gray": dict(channels=1, base=24, mult=(1, 2, 2, 2), blocks=1, num_classes=0, batch=8,
                       lr=5e-4, crop=64),
    "histo-rgb": dict(channels=3, base=24, mult=(1, 2, 2, 2), blocks=1, num_classes=0, batch=8,
                      lr=5e-4, crop=64),
}


def network(cfg):
    return UNet(channels=cfg["channels"], base=cfg["base"], mult=cfg["mult"], blocks=cfg["blocks"],
                num_classes=cfg["num_classes"])


def precondition(sigma):
    """EDM's c_skip, c_out, c_in, c_noise for a batch of sigmas (shape N,1,1,1)."""
    c_skip = SIGMA_DATA ** 2 / (sigma ** 2 + SIGMA_DATA ** 2)
    c_out = sigma * SIGMA_DATA / (sigma ** 2 + SIGMA_DATA ** 2).sqrt()
    c_in = 1 / (sigma ** 2 + SIGMA_DATA ** 2).sqrt()
    return c_skip, c_out, c_in, sigma.log().flatten() / 4


def denoise(net, x, sigma, cls=None):
    c_skip, c_out, c_in, c_noise = precondition(sigma)
    return c_skip * x + c_out * net(c_in * x, c_noise, cls)


def edm_loss(net, y, cls, gen):
    """E ||F(c_in x, c_noise) - (y - c_skip x)/c_out||^2, which equals EDM's lambda-weighted loss. The noise
    comes from `gen` (a CPU generator, so a seed gives the same noise on every device), then moves to y's device."""
    n = y.shape[0]
    sigma = (torch.randn(n, 1, 1, 1, generator=gen) * P_STD + P_MEAN).exp().to(y.device)
    x = y + sigma * torch.randn(y.shape, generator=gen).to(y.device)
    c_skip, c_out, c_in, c_noise = precondition(sigma)
    target = (y - c_skip * x) / c_out
    return ((net(c_in * x, c_noise, cls) - target) ** 2).mean()


def step(net, ema, opt, loss, it):
    """One Adam step on the loss, the gradient norm clipped to 1, then the EMA of the weights
    (decay min(0.999, (1 + it) / (10 + it)), so that it follows the network closely at first)."""
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
    opt.step()
    decay = min(0.999, (1 + it) / (10 + it))
    with torch.no_grad():
        for pe, p in zip(ema.parameters(), net.parameters()):
            pe.mul_(decay).add_(p, alpha=1 - decay)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", choices=sorted(CONFIGS))
    ap.add_argument("--iters", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--runs", default=os.path.join(HERE, "runs"))
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    cfg = CONFIGS[a.model]
    out = os.path.join(a.runs, a.model)
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(a.seed)
    gen = torch.Generator().manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    source = data.source(a.model, cfg["crop"])
    net = network(cfg)
    ema = network(cfg)
    ema.load_state_dict(net.state_dict())
    ema.requires_grad_(False)
    opt = torch.optim.Adam(net.parameters(), lr=cfg["lr"])
    start = 0
    ckpt_path = os.path.join(out, "ckpt.pt")
    if a.resume and os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path)
        net.load_state_dict(ck["net"])
        ema.load_state_dict(ck["ema"])
        opt.load_state_dict(ck["opt"])
        gen.set_state(ck["gen"])
        rng.bit_generator.state = ck["rng"]
        start = ck["iter"]
    params = sum(p.numel() for p in net.parameters())
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(dict(cfg, model=a.model, iters=a.iters, seed=a.seed, params=params,
                       sigma_data=SIGMA_DATA, p_mean=P_MEAN, p_std=P_STD), f, indent=1)
    log = open(os.path.join(out, "train.log"), "a")
    if start == 0:
        log.write(f"# {a.model}: {params} parameters, {a.iters} iterations, batch {cfg['batch']}, seed {a.seed}\n"
                  "# iter loss(mean of last 50) lr seconds\n")
    t0, acc = time.time(), []
    net.train()
    for it in range(start, a.iters):
        # linear warm-up, then cosine decay to 10% of the peak learning rate
        lr = cfg["lr"] * min(1.0, (it + 1) / 500) * (0.55 + 0.45 * math.cos(math.pi * it / a.iters))
        for g in opt.param_groups:
            g["lr"] = lr
        y, cls = source.batch(rng, cfg["batch"])
        y = torch.from_numpy(y)
        if cls is not None:
            cls = torch.from_numpy(cls)
            drop = torch.rand(cls.shape, generator=gen) < cfg["label_dropout"]
            cls = torch.where(drop, torch.full_like(cls, cfg["num_classes"]), cls)
        loss = edm_loss(net, y, cls, gen)
        step(net, ema, opt, loss, it)
        acc.append(loss.item())
        if (it + 1) % 50 == 0:
            log.write(f"{it + 1} {np.mean(acc):.5f} {lr:.2e} {time.time() - t0:.1f}\n")
            log.flush()
            acc = []
        if (it + 1) % 500 == 0 or it + 1 == a.iters:
            tmp = ckpt_path + ".tmp"
            torch.save(dict(net=net.state_dict(), ema=ema.state_dict(), opt=opt.state_dict(),
                            gen=gen.get_state(), rng=rng.bit_generator.state, iter=it + 1, config=cfg), tmp)
            os.replace(tmp, ckpt_path)
    log.write(f"# done in {time.time() - t0:.0f} s\n")
    log.close()


if __name__ == "__main__":
    main()
