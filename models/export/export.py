"""Export the score networks people have to ScoreJ model folders (recipes in models/README.md).

    /usr/bin/python3 models/export/export.py score_sde --repo PATH/score_sde_pytorch \\
        --config configs/ve/cifar10_ncsnpp_continuous.py --checkpoint checkpoint_24.pth --out models/my-ncsnpp
    /usr/bin/python3 models/export/export.py diffusers --model PATH/ddpm-cifar10-32 --out models/my-ddpm
    /usr/bin/python3 models/export/export.py edm --repo PATH/edm --pickle edm-cifar10-32x32-cond-vp.pkl --out models/my-edm

Each wraps the network so that it has ScoreJ's interface forward(x, t[, class]) and writes the card
fields that say what the wrapper's output and time input mean; scorej_export.export does the rest
(ONNX, test tensors, cover, rdf.yaml) and refuses what does not fit.
"""
import argparse
import importlib
import os
import pickle
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scorej_export import export  # noqa: E402


# ----------------------------------------------------------------------------------------------
# wrappers: forward(x, t[, cls]) -> tensor of x's shape

class ScoreSdeWrapper(nn.Module):
    """score_sde_pytorch (NCSN++, DDPM++, NCSNv2): model(x, labels). With continuous training the labels
    are sigma (VE) or 999 t (VP, sub-VP); the output is the score (VE, scale_by_sigma) or eps-like
    (VP, sub-VP: score = -output / std), which the card states as prediction score / eps."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x, t):
        return self.model(x, t)


class DiffusersWrapper(nn.Module):
    """diffusers UNet2DModel: unet(sample, timestep).sample, timestep the DDPM index 0..999."""

    def __init__(self, unet):
        super().__init__()
        self.unet = unet

    def forward(self, x, t):
        return self.unet(x, t).sample


class EdmWrapper(nn.Module):
    """NVlabs/edm EDMPrecond: its inner network F(c_in x, c_noise, class_labels) with c_noise = ln(sigma)/4.
    Class labels are one-hot in EDM; here an int64 label, and the null class (= number of classes) is the
    all-zero vector, EDM's unconditional input."""

    def __init__(self, precond):
        super().__init__()
        self.model = precond.model
        self.label_dim = precond.label_dim

    def forward(self, x, t, cls=None):
        labels = None
        if self.label_dim:
            labels = torch.nn.functional.one_hot(cls, self.label_dim + 1)[:, :self.label_dim].to(x.dtype)
        return self.model(x, t, class_labels=labels)


# ----------------------------------------------------------------------------------------------
# cards

def score_sde_card(config):
    """Card fields from a score_sde ml_collections config (training.sde, model.sigma_min/max, data.centered)."""
    sde = config.training.sde.lower()
    data_range = [-1.0, 1.0] if config.data.centered else [0.0, 1.0]
    size = config.data.image_size
    sj = dict(data_range=data_range, image_size=[size, size], fully_convolutional=False, size_multiple=size)
    if not config.training.continuous:
        raise SystemExit("score_sde: only continuously trained checkpoints (training.continuous = True) are supported; "
                         "discrete NCSN/DDPM labels need time_input: index with the same num_scales")
    if sde == "vesde":
        sj.update(sde="ve", prediction="score", time_input="sigma", sigma_min=float(config.model.sigma_min),
                  sigma_max=float(config.model.sigma_max), num_scales=int(config.model.num_scales),
                  defaults=dict(sampler="pc", steps=1000, schedule="ve"))
    elif sde in ("vpsde", "subvpsde"):
        sj.update(sde="vp" if sde == "vpsde" else "subvp", prediction="eps", time_input="index",
                  beta_min=float(config.model.beta_min), beta_max=float(config.model.beta_max),
                  num_scales=1000, defaults=dict(sampler="dpmpp_2m", steps=50, schedule="vp"))
    else:
        raise SystemExit(f"score_sde: unknown training.sde {config.training.sde}")
    return sj


def diffusers_card(scheduler_config, sample_size):
    beta_start, beta_end = scheduler_config.get("beta_start", 1e-4), scheduler_config.get("beta_end", 0.02)
    n = scheduler_config.get("num_train_timesteps", 1000)
    if scheduler_config.get("beta_schedule", "linear") != "linear":
        raise SystemExit("diffusers: only the linear beta schedule maps onto ScoreJ's VP SDE "
                         f"(got {scheduler_config.get('beta_schedule')})")
    pred = {"epsilon": "eps", "v_prediction": "v", "sample": "x0"}[scheduler_config.get("prediction_type", "epsilon")]
    return dict(sde="vp", prediction=pred, time_input="index", beta_min=beta_start * n, beta_max=beta_end * n,
                num_scales=n, data_range=[-1.0, 1.0], image_size=[sample_size, sample_size],
                fully_convolutional=False, size_multiple=sample_size,
                defaults=dict(sampler="dpmpp_2m", steps=50, schedule="vp"))


def edm_card(precond):
    size = precond.img_resolution
    return dict(sde="edm", prediction="x0", time_input="log_sigma_quarter", preconditioning="edm",
                sigma_min=0.002, sigma_max=80.0, sigma_data=float(precond.sigma_data), data_range=[-1.0, 1.0],
                image_size=[size, size], fully_convolutional=False, size_multiple=size,
                defaults=dict(sampler="heun", steps=18, schedule="karras"))


# ----------------------------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="kind", required=True)
    a = sub.add_parser("score_sde", help="a score_sde_pytorch checkpoint (NCSN++/DDPM++, VE/VP/sub-VP, continuous)")
    a.add_argument("--repo", required=True, help="a checkout of yang-song/score_sde_pytorch")
    a.add_argument("--config", required=True, help="its config file, e.g. configs/ve/cifar10_ncsnpp_continuous.py")
    a.add_argument("--checkpoint", required=True)
    d = sub.add_parser("diffusers", help="a diffusers UNet2DModel pipeline folder (DDPM/DDIM)")
    d.add_argument("--model", required=True, help="folder with unet/ and scheduler/ (save_pretrained layout)")
    e = sub.add_parser("edm", help="an NVlabs/edm network pickle (EDMPrecond)")
    e.add_argument("--repo", required=True, help="a checkout of NVlabs/edm (its pickles import torch_utils, dnnlib)")
    e.add_argument("--pickle", required=True)
    for p in (a, d, e):
        p.add_argument("--out", required=True, help="the model folder to write")
        p.add_argument("--name", help="model name (default: the folder's name)")
        p.add_argument("--description", default="")
        p.add_argument("--channels", type=int, default=3)
    args = ap.parse_args(argv)
    name = args.name or os.path.basename(os.path.normpath(args.out))
    classes = None
    if args.kind == "score_sde":
        sys.path.insert(0, args.repo)
        spec = importlib.util.spec_from_file_location("cfg", os.path.join(args.repo, args.config))
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        config = mod.get_config()
        config.device = torch.device("cpu")
        from models import utils as mutils  # noqa: score_sde's package
        from models.ema import ExponentialMovingAverage
        model = mutils.create_model(config)
        ema = ExponentialMovingAverage(model.parameters(), decay=config.model.ema_rate)
        state = torch.load(args.checkpoint, map_location="cpu")
        model.load_state_dict(state["model"], strict=False)
        ema.load_state_dict(state["ema"])
        ema.copy_to(model.parameters())
        net, sj = ScoreSdeWrapper(model.module if hasattr(model, "module") else model), score_sde_card(config)
    elif args.kind == "diffusers":
        from diffusers import UNet2DModel, DDPMScheduler
        unet = UNet2DModel.from_pretrained(os.path.join(args.model, "unet"))
        sched = DDPMScheduler.from_pretrained(os.path.join(args.model, "scheduler"))
        net, sj = DiffusersWrapper(unet), diffusers_card(dict(sched.config), unet.config.sample_size)
    else:
        sys.path.insert(0, args.repo)
        with open(args.pickle, "rb") as f:
            precond = pickle.load(f)["ema"]
        net, sj = EdmWrapper(precond), edm_card(precond)
        if precond.label_dim:
            classes = [str(i) for i in range(precond.label_dim)]
    export(net.eval(), args.out, name=name, description=args.description or f"{args.kind} network exported by ScoreJ",
           scorej=sj, channels=args.channels, classes=classes)
    print(f"wrote {args.out}: check it with  ./scorej models --verify {args.out}")


if __name__ == "__main__":
    main()
