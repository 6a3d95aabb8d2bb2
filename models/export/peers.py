"""ScoreJ against the repositories' own samplers, on small randomly initialised networks built by their own code
and exported by export.py's recipes as written (the table in models/README.md).

    /usr/bin/python3 models/export/peers.py edm --repo PATH/edm --work /tmp/peers
    /usr/bin/python3 models/export/peers.py score_sde --repo PATH/score_sde_pytorch --work /tmp/peers
    /usr/bin/python3 models/export/peers.py diffusers --repo PATH/diffusers --work /tmp/peers

For each network: build it with the repository's code (random weights), save it as the repository saves it
(an EDM pickle; a score_sde checkpoint with its config; a diffusers pipeline folder by save_pretrained), export it with `export.py` (a subprocess, the recipe's
exact command), draw standard-normal noise, sample it with `scorej generate --noise --raw` and with the
repository's own sampler from the same noise, and print one markdown row: relative L2 ||a - b|| / ||b|| and NFE.
Needs the ScoreJ launcher (`./scorej` in the repository root) and Debian's python3-torch, -onnx, -matplotlib,
-scipy, -tifffile, and for EDM's generate.py -click, -tqdm, -pil.
"""
import argparse
import os
import pickle
import subprocess
import sys

import numpy as np
import tifffile
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
N, RES = 4, 16  # images per comparison, their size


def run(cmd):
    print("$ " + " ".join(cmd), file=sys.stderr, flush=True)
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stdout}\n{p.stderr}")
    return p.stdout + p.stderr


def export(kind, out, *args):
    run([sys.executable, os.path.join(HERE, "export.py"), kind, *args, "--out", out])


def scorej(model, noise, work, tag, *opts):
    """ScoreJ's sample from the noise (N x C x H x W), raw, and its NFE (network calls it reported)."""
    nfile, ofile = os.path.join(work, tag + "-noise.tif"), os.path.join(work, tag + "-scorej.tif")
    tifffile.imwrite(nfile, noise.reshape(-1, *noise.shape[2:]).astype(np.float32))
    run([os.path.join(ROOT, "scorej"), "generate", "--model", model, "--noise", nfile, "--raw", "--quiet", "--cpu",
               "-n", str(noise.shape[0]), "--out", ofile, *opts])
    with tifffile.TiffFile(ofile) as t:
        info = (t.imagej_metadata or {}).get("Info", "")
        x = t.asarray().reshape(noise.shape).astype(np.float64)
    # scorej.nfe: network evaluations per sampler run (one run here: 4 images in one batch)
    nfe = next((line.split("=", 1)[1] for line in info.splitlines() if line.startswith("scorej.nfe=")), "?")
    return x, nfe


def rel(a, b):
    return float(np.linalg.norm(a - b) / np.linalg.norm(b))


def row(*cells):
    print("| " + " | ".join(str(c) for c in cells) + " |", flush=True)


def perturb(net, seed, scale):
    """Random weights everywhere (the repositories zero-initialise output layers, which would make D trivial)."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in net.parameters():
            p.add_(scale * torch.randn(p.shape, generator=g))


# ----------------------------------------------------------------------------------------------

EDM_ARCH = {  # EDM train.py's --arch settings, small
    "ddpmpp": dict(model_type="SongUNet", embedding_type="positional", encoder_type="standard", decoder_type="standard",
                   channel_mult_noise=1, resample_filter=[1, 1]),
    "ncsnpp": dict(model_type="SongUNet", embedding_type="fourier", encoder_type="residual", decoder_type="standard",
                   channel_mult_noise=2, resample_filter=[1, 3, 3, 1]),
    "adm": dict(model_type="DhariwalUNet"),
}


def edm(repo, work):
    sys.path.insert(0, repo)
    import dnnlib
    from generate import edm_sampler
    cases = [("EDMPrecond", "ddpmpp", 0), ("EDMPrecond", "ncsnpp", 0), ("EDMPrecond", "adm", 4), ("VPPrecond", "ddpmpp", 0),
             ("VEPrecond", "ncsnpp", 0), ("iDDPMPrecond", "adm", 0)]
    for i, (pre, arch, labels) in enumerate(cases):
        tag = f"edm-{pre}-{arch}" + ("-cond" if labels else "")
        torch.manual_seed(i)
        net = dnnlib.util.construct_class_by_name(
            class_name=f"training.networks.{pre}", img_resolution=RES, img_channels=3, label_dim=labels, model_channels=16,
            channel_mult=[1, 2], num_blocks=1, attn_resolutions=[8], **EDM_ARCH[arch]).eval().requires_grad_(False)
        perturb(net, i, 0.05)
        pkl, out = os.path.join(work, tag + ".pkl"), os.path.join(work, tag)
        with open(pkl, "wb") as f:
            pickle.dump(dict(ema=net), f)
        export("edm", out, "--repo", repo, "--pickle", pkl)
        g = torch.Generator().manual_seed(100 + i)
        latents = torch.randn(N, 3, RES, RES, generator=g, dtype=torch.float64)
        cls = torch.arange(N) % labels if labels else None
        opts = ["--sampler", "heun", "--steps", "18", "--schedule", "karras", "--sigma-min", f"{max(0.002, net.sigma_min)!r}",
                "--sigma-max", f"{min(80.0, net.sigma_max)!r}"]
        if labels:  # one class for all: ScoreJ's --class takes one label
            cls = torch.full((N,), 2)
            opts += ["--class", "2", "--guidance", "1"]
        ours, nfe = scorej(out, latents.numpy(), work, tag, *opts)
        one_hot = torch.eye(labels, dtype=torch.float64)[cls] if labels else None
        theirs = edm_sampler(net, latents, one_hot).numpy()
        note = ""
        if pre == "iDDPMPrecond":  # edm_sampler rounds each sigma step to iDDPM's 1000 levels; ScoreJ does not
            unrounded = edm_sampler(_Unrounded(net), latents, one_hot).numpy()
            note = f"edm_sampler with round_sigma = identity: {rel(ours, unrounded):.1e}"
        row(f"EDM {pre} / {type(net.model).__name__} ({arch})" + (f", {labels} classes" if labels else ""),
            "`heun`, 18 steps, karras", "`edm_sampler` (18 steps)", f"{nfe} / 35", f"{rel(ours, theirs):.1e}", note)


class _Unrounded:
    """An EDM network whose sampler steps are not rounded to its discrete noise levels (iDDPM)."""

    def __init__(self, net):
        self.net = net
        self.sigma_min, self.sigma_max = net.sigma_min, net.sigma_max

    def round_sigma(self, sigma):
        return torch.as_tensor(sigma)

    def __call__(self, *a):
        return self.net(*a)


# ----------------------------------------------------------------------------------------------

SMALL = """
from {module} import get_config as _base

def get_config():
    config = _base()
    config.data.image_size = {res}
    config.model.nf = 16
    config.model.ch_mult = (1, 2)
    config.model.num_res_blocks = 1
    config.model.attn_resolutions = (8,)
    config.model.num_scales = {scales}
    return config
"""


def score_sde(repo, work, only=None):
    sys.path.insert(0, HERE)
    import export as ex  # the recipe's own loading of score_sde (ml_collections shim, op without CUDA, registry)
    cases = ["ve/cifar10_ncsnpp_continuous", "ve/cifar10_ncsnpp", "vp/cifar10_ddpmpp_continuous", "vp/cifar10_ddpmpp",
             "subvp/cifar10_ddpmpp_continuous", "subvp/cifar10_ncsnpp_continuous"]
    for i, name in enumerate(cases):
        if only and name not in only:
            continue
        tag = "score_sde-" + name.replace("/", "-")
        cfg_file = os.path.join(work, tag + "_config.py")
        with open(cfg_file, "w") as f:
            # 100 noise levels for the discrete ones (their samplers step once per level); continuous NCSN++
            # indexes its sigmas by 999 t, so keeps its 1000
            f.write(SMALL.format(module="configs." + name.replace("/", "."), res=RES,
                                 scales=1000 if name.endswith("continuous") else 100))
        config = ex.load_score_sde_config(repo, cfg_file)
        mutils = ex.score_sde_models(repo)
        import sampling
        import sde_lib
        from models.ema import ExponentialMovingAverage
        torch.manual_seed(i)
        model = mutils.create_model(config)
        perturb(model, i, 0.02)
        ema = ExponentialMovingAverage(model.parameters(), decay=config.model.ema_rate)
        ckpt, out = os.path.join(work, tag + ".pth"), os.path.join(work, tag)
        torch.save(dict(model=model.state_dict(), ema=ema.state_dict(), step=0), ckpt)
        export("score_sde", out, "--repo", repo, "--config", cfg_file, "--checkpoint", ckpt)
        # score_sde's NCSN++ keeps its sigmas as a float64 buffer: with discrete VE labels its output is float64 and
        # score_sde's own PC sampler then fails (conv2d of a float64 x); float32 as export.py does (no change elsewhere)
        discrete_ve = config.training.sde == "vesde" and not config.training.continuous
        note = "score_sde's sampler run on `model.float()` (as written it fails: float64 output)" if discrete_ve else ""
        model.float().eval()

        sde_name, m = config.training.sde, config.model
        if sde_name == "vesde":
            sde, eps = sde_lib.VESDE(m.sigma_min, m.sigma_max, m.num_scales), 1e-5
        elif sde_name == "vpsde":
            sde, eps = sde_lib.VPSDE(m.beta_min, m.beta_max, m.num_scales), 1e-3
        else:
            sde, eps = sde_lib.subVPSDE(m.beta_min, m.beta_max, m.num_scales), 1e-3
        shape = (N, config.data.num_channels, RES, RES)
        continuous = config.training.continuous or sde_name == "subvpsde"
        torch.manual_seed(1000 + i)
        noise = torch.randn(shape)
        if continuous:  # probability-flow ODE, scipy RK45
            fn = sampling.get_ode_sampler(sde, shape, lambda x: x, denoise=False, rtol=1e-5, atol=1e-5, eps=eps, device="cpu")
            z = noise * (sde.sigma_max if sde_name == "vesde" else 1)
            theirs, nfe_theirs = fn(model, z=z)
            opts = ["--sampler", "ode", "-o", "rtol=1e-5", "-o", "atol=1e-5", "-o", "denoise=false"]
            how, peer = "`ode` RK45, rtol = atol = 1e-5", "`get_ode_sampler` (scipy RK45)"
        else:  # score_sde's PC sampler on the probability flow: reverse-diffusion predictor, no corrector
            fn = sampling.get_pc_sampler(sde, shape, sampling.ReverseDiffusionPredictor, sampling.NoneCorrector, lambda x: x,
                                         snr=0.16, n_steps=1, probability_flow=True, continuous=False, denoise=False,
                                         eps=eps, device="cpu")
            torch.manual_seed(1000 + i)  # pc_sampler draws its own prior sample: the same noise
            theirs, nfe_theirs = fn(model)
            nfe_theirs = sde.N  # it counts the (absent) corrector too
            opts = ["--sampler", "pc", "--steps", str(sde.N), "-o", "predictor=reverse_diffusion", "-o", "corrector=none",
                    "-o", "probability_flow=true", "-o", "noise_removal=false"]
            how, peer = f"`pc` probability flow, reverse diffusion, {sde.N} steps", "`get_pc_sampler` (same)"
        # score_sde returns x_t at t = eps; ScoreJ works in sigma-space, x = x_t / s(eps) (s = 1 for VE)
        theirs = theirs / sde.marginal_prob(torch.ones(1), torch.tensor([eps]))[0]
        ours, nfe = scorej(out, noise.numpy(), work, tag, *opts)
        row(f"score_sde {name.split('/')[1]} ({sde_name}, {'continuous' if continuous else 'discrete'})", how, peer,
            f"{nfe} / {nfe_theirs}", f"{rel(ours, theirs.numpy()):.1e}", note)


# ----------------------------------------------------------------------------------------------

DIFFUSERS_CASES = [  # (scheduler class, its config, DDIM steps): save_pretrained's scheduler/, then DDIMScheduler.from_config
    ("DDPMScheduler", dict(prediction_type="epsilon", clip_sample=False), 50),  # DDPMPipeline's leading spacing
    ("DDIMScheduler", dict(prediction_type="v_prediction", clip_sample=False, set_alpha_to_one=False, steps_offset=1), 50),
    ("DDIMScheduler", dict(prediction_type="epsilon", clip_sample=False, timestep_spacing="trailing"), 20),
    ("DDIMScheduler", dict(prediction_type="v_prediction", timestep_spacing="linspace"), 30),  # clip_sample
    ("DDPMScheduler", dict(prediction_type="epsilon"), 10),  # the DDPMPipeline default (google/ddpm-*): clip_sample
    ("DDPMScheduler", dict(prediction_type="epsilon"), 50),
]


def ddim_loop(unet, sched, noise, dtype):
    """DDIMPipeline's loop (its scheduler is DDIMScheduler.from_config(scheduler.config)) without its final
    (x / 2 + 0.5).clamp(0, 1), in float32 or float64."""
    import copy
    unet, sched = copy.deepcopy(unet).to(dtype), copy.deepcopy(sched)
    sched.alphas_cumprod, sched.final_alpha_cumprod = sched.alphas_cumprod.to(dtype), sched.final_alpha_cumprod.to(dtype)
    x = noise.clone().to(dtype)
    with torch.no_grad():
        for t in sched.timesteps:
            x = sched.step(unet(x, t).sample, t, x, eta=0.0).prev_sample
    # without set_alpha_to_one diffusers ends at x_t of level 0; ScoreJ returns sigma-space x = x_t / sqrt(alphas_cumprod[0])
    return (x / sched.final_alpha_cumprod.sqrt()).double().numpy()


def diffusers(repo, work):
    sys.path.insert(0, HERE)
    import export as ex  # the recipe's own import of diffusers (its huggingface_hub and safetensors shims)
    d = ex.import_diffusers(repo)
    for i, (cls, config, steps) in enumerate(DIFFUSERS_CASES):
        tag = f"diffusers-{i}-{config['prediction_type']}-{config.get('timestep_spacing', 'leading')}"
        torch.manual_seed(i)
        unet = d.UNet2DModel(sample_size=RES, in_channels=3, out_channels=3, layers_per_block=1, block_out_channels=(16, 32),
                             down_block_types=("DownBlock2D", "AttnDownBlock2D"), up_block_types=("AttnUpBlock2D", "UpBlock2D"),
                             norm_num_groups=8, attention_head_dim=8).eval().requires_grad_(False)
        perturb(unet, i, 0.02)
        folder, out = os.path.join(work, tag + "-pipeline"), os.path.join(work, tag)
        unet.save_pretrained(os.path.join(folder, "unet"), safe_serialization=False)  # no safetensors writer on Debian
        getattr(d, cls)(**config).save_pretrained(os.path.join(folder, "scheduler"))
        export("diffusers", out, "--repo", repo, "--model", folder)
        sched = d.DDIMScheduler.from_config(getattr(d, cls).from_pretrained(os.path.join(folder, "scheduler")).config)
        sched.set_timesteps(steps)
        torch.manual_seed(1000 + i)
        noise = torch.randn(N, 3, RES, RES)
        theirs, theirs64 = ddim_loop(unet, sched, noise, torch.float32), ddim_loop(unet, sched, noise, torch.float64)
        ours, nfe = scorej(out, noise.numpy(), work, tag, "--steps", str(steps))
        c = sched.config
        row(f"diffusers `UNet2DModel` ({c.prediction_type}), {cls} config: {c.timestep_spacing}, steps_offset {c.steps_offset}, "
            f"set_alpha_to_one {c.set_alpha_to_one}, clip_sample {c.clip_sample}",
            f"`ddim` η = 0, {steps} steps, the card's options", f"`DDIMScheduler` η = 0, {steps} steps", f"{nfe} / {len(sched.timesteps)}",
            f"{rel(ours, theirs):.1e}", f"diffusers float32 against float64: {rel(theirs, theirs64):.1e}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("family", choices=["edm", "score_sde", "diffusers"])
    ap.add_argument("--repo", required=True)
    ap.add_argument("--work", required=True, help="a folder for checkpoints, exported models and samples")
    ap.add_argument("--only", nargs="*", help="score_sde: only these configs (e.g. ve/cifar10_ncsnpp)")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    repo = os.path.abspath(args.repo)
    commit = subprocess.run(["git", "-C", repo, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip() or "unknown (not a git checkout)"
    print(f"{args.family}: {repo} at commit {commit}")
    row("network", "ScoreJ", "peer", "NFE ScoreJ / peer", "rel. L2", "")
    row(*["---"] * 6)
    if args.family == "edm":
        edm(repo, args.work)
    elif args.family == "diffusers":
        diffusers(repo, args.work)
    else:
        score_sde(repo, args.work, args.only)


if __name__ == "__main__":
    main()
