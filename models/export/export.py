"""Export the score networks people have to ScoreJ model folders (recipes and measurements in models/README.md).

    /usr/bin/python3 models/export/export.py edm --repo PATH/edm --pickle edm-cifar10-32x32-cond-vp.pkl --out my-edm
    /usr/bin/python3 models/export/export.py score_sde --repo PATH/score_sde_pytorch \\
        --config configs/ve/cifar10_ncsnpp_continuous.py --checkpoint checkpoint_24.pth --out my-ncsnpp
    /usr/bin/python3 models/export/export.py diffusers --model PATH/ddpm-cifar10-32 --out my-ddpm

Each recipe loads the network with its own repository's code, applies the export-time patches that tracing
needs (each named in the log, each checked to leave the network's output unchanged), reads channels,
resolution, preconditioning and schedule from the checkpoint, wraps the network so that it has ScoreJ's
interface forward(x, t[, class]) and writes the card fields that say what the wrapper's output and time input
mean; scorej_export.export does the rest (ONNX, test tensors, cover, rdf.yaml). The folder is then verified
by ScoreJ (`scorej models --action verify`); on any failure nothing is left behind.
"""
import argparse
import importlib
import importlib.util
import json
import math
import os
import pickle
import shutil
import subprocess
import sys
import traceback
import types

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scorej_export import ExportError, export  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def log(msg):
    print(f"export.py: {msg}", file=sys.stderr, flush=True)


def _one_hot(cls, label_dim, dtype):
    """EDM's one-hot class labels from int64 labels; the null class (label_dim) is the all-zero vector."""
    return nn.functional.one_hot(cls, label_dim + 1)[:, :label_dim].to(dtype)


# ----------------------------------------------------------------------------------------------
# export-time patches: each replaces a method of a class by one that computes the same values but traces

def _edm_conv2d_forward(self, x):
    """NVlabs/edm training/networks.py Conv2d.forward with integer paddings (w.shape[-1] // 2 is a tensor when
    traced, which conv2d refuses) and Tensor.repeat for Tensor.tile (no ONNX symbolic for aten::tile at opset 17
    in torch 1.13). Same arithmetic otherwise."""
    w = self.weight.to(x.dtype) if self.weight is not None else None
    b = self.bias.to(x.dtype) if self.bias is not None else None
    f = self.resample_filter.to(x.dtype) if self.resample_filter is not None else None
    w_pad = int(w.shape[-1]) // 2 if w is not None else 0
    f_pad = (int(f.shape[-1]) - 1) // 2 if f is not None else 0
    conv2d, conv_t = nn.functional.conv2d, nn.functional.conv_transpose2d
    if self.fused_resample and self.up and w is not None:
        x = conv_t(x, f.mul(4).repeat(self.in_channels, 1, 1, 1), groups=self.in_channels, stride=2, padding=max(f_pad - w_pad, 0))
        x = conv2d(x, w, padding=max(w_pad - f_pad, 0))
    elif self.fused_resample and self.down and w is not None:
        x = conv2d(x, w, padding=w_pad + f_pad)
        x = conv2d(x, f.repeat(self.out_channels, 1, 1, 1), groups=self.out_channels, stride=2)
    else:
        if self.up:
            x = conv_t(x, f.mul(4).repeat(self.in_channels, 1, 1, 1), groups=self.in_channels, stride=2, padding=f_pad)
        if self.down:
            x = conv2d(x, f.repeat(self.in_channels, 1, 1, 1), groups=self.in_channels, stride=2, padding=f_pad)
        if w is not None:
            x = conv2d(x, w, padding=w_pad)
    if b is not None:
        x = x.add_(b.reshape(1, -1, 1, 1))
    return x


# class name -> (replacement forward, why); applied to the classes the pickle brought (persistent classes)
EDM_PATCHES = {
    "Conv2d": (_edm_conv2d_forward, "integer paddings (a traced w.shape[-1] // 2 is a tensor) and Tensor.repeat for "
                                    "Tensor.tile (aten::tile has no ONNX export at opset 17 in torch 1.13)"),
}


def patch_classes(net, patches, persistent_only=True):
    """Replaces forward on each class of net's modules named in patches (only classes that EDM's persistence
    reconstructed from a pickle's own source, when persistent_only); logs each. Returns the patched names."""
    done = []
    for m in net.modules():
        cls = type(m)
        if cls.__name__ not in patches or cls in done:
            continue
        if persistent_only and not hasattr(cls, "_orig_module_src"):
            continue
        fn, why = patches[cls.__name__]
        cls.forward = fn
        done.append(cls)
        log(f"patch: {cls.__module__}.{cls.__name__}.forward: {why}")
    return [f"{c.__module__}.{c.__name__}" for c in done]


def check_unchanged(before, after, what):
    """A patch must not change the network's values (eager mode, float32 rounding aside)."""
    err = (after - before).abs().max().item() / max(before.abs().max().item(), 1e-12)
    if not err < 1e-5:
        raise ExportError(f"{what}: the patched network differs from the original by {err:.1e} (relative max)")
    log(f"check: {what} gives the original network's output to {err:.1e}")


# ----------------------------------------------------------------------------------------------
# NVlabs/edm: wrappers and cards for EDMPrecond, VPPrecond, VEPrecond, iDDPMPrecond

class EdmWrapper(nn.Module):
    """The inner network F(x_in, c_noise, class_labels) of an EDM preconditioner, F's first img_channels
    outputs; ScoreJ applies the preconditioning the card states (EDMPrecond: c_noise = ln(sigma)/4; VPPrecond:
    c_noise = (M-1) t). Class labels are one-hot in EDM; here an int64 label whose null class (= label_dim)
    is the all-zero vector, EDM's unconditional input."""

    def __init__(self, precond):
        super().__init__()
        self.model = precond.model
        self.label_dim = precond.label_dim
        self.channels = precond.img_channels

    def inner(self, x, c_noise, cls):
        labels = _one_hot(cls, self.label_dim, x.dtype) if self.label_dim else None
        return self.model(x, c_noise, class_labels=labels)[:, :self.channels]

    def forward(self, x, t, cls=None):
        return self.inner(x, t, cls)


class EdmVeWrapper(EdmWrapper):
    """VEPrecond: D = x + sigma F(x, ln(sigma/2)); as eps = -F with time input sigma."""

    def forward(self, x, t, cls=None):
        return -self.inner(x, torch.log(0.5 * t), cls)


class EdmIddpmWrapper(EdmWrapper):
    """iDDPMPrecond: D = x - sigma F(x / sqrt(sigma^2 + 1), M - 1 - j), j the index of the u_j nearest sigma
    (its round_sigma); the whole D, as x0 with time input sigma."""

    def __init__(self, precond):
        super().__init__(precond)
        self.register_buffer("u", precond.u.detach().clone().float())
        self.M = int(precond.M)

    def forward(self, x, t, cls=None):
        j = (t[:, None] - self.u[None, :]).abs().argmin(1)
        s = t.view(-1, 1, 1, 1)
        f = self.inner(x / torch.sqrt(s * s + 1), (self.M - 1 - j).to(x.dtype), cls)
        return x - s * f


def edm_recipe(precond):
    """(wrapper, card fields) for an EDM preconditioner, by its class (EDMPrecond, VPPrecond, VEPrecond, iDDPMPrecond).
    The sigma range is edm_sampler's: [0.002, 80] clipped to the network's."""
    kind = type(precond).__name__
    res = int(precond.img_resolution)
    common = dict(data_range=[-1.0, 1.0], image_size=[res, res], fully_convolutional=False, size_multiple=res,
                  defaults=dict(sampler="heun", steps=18, schedule="karras"))
    lo, hi = float(getattr(precond, "sigma_min", 0)), float(getattr(precond, "sigma_max", math.inf))
    clipped = dict(sigma_min=max(0.002, lo), sigma_max=min(80.0, hi))
    if kind == "EDMPrecond":
        return EdmWrapper(precond), dict(sde="edm", prediction="x0", time_input="log_sigma_quarter", preconditioning="edm",
                                         sigma_data=float(precond.sigma_data), **clipped, **common)
    if kind == "VPPrecond":
        return EdmWrapper(precond), dict(sde="vp", prediction="eps", time_input="index", beta_min=float(precond.beta_min),
                                         beta_max=float(precond.beta_min + precond.beta_d), num_scales=int(precond.M), **common)
    if kind == "VEPrecond":
        return EdmVeWrapper(precond), dict(sde="ve", prediction="eps", time_input="sigma", sigma_min=lo, sigma_max=hi, **common)
    if kind == "iDDPMPrecond":
        return EdmIddpmWrapper(precond), dict(sde="edm", prediction="x0", time_input="sigma", sigma_min=lo, sigma_max=hi, **common)
    raise ExportError(f"edm: unknown preconditioner {kind} (EDMPrecond, VPPrecond, VEPrecond or iDDPMPrecond)")


def load_edm(args):
    sys.path.insert(0, os.path.abspath(args.repo))
    with open(args.pickle, "rb") as f:
        data = pickle.load(f)
    precond = (data["ema"] if isinstance(data, dict) else data).float().eval().requires_grad_(False)
    log(f"{args.pickle}: {type(precond).__name__} with {type(precond.model).__name__}, {precond.img_channels} channel(s), "
        f"{precond.img_resolution}x{precond.img_resolution}, {precond.label_dim} classes")
    g = torch.Generator().manual_seed(0)
    x = torch.randn(2, precond.img_channels, precond.img_resolution, precond.img_resolution, generator=g)
    sigma = torch.tensor([0.5, 5.0])
    labels = torch.eye(precond.label_dim)[torch.arange(2) % precond.label_dim] if precond.label_dim else None
    before = precond(x, sigma, labels)
    patch_classes(precond, EDM_PATCHES)
    check_unchanged(before, precond(x, sigma, labels), "the patched EDM network")
    net, sj = edm_recipe(precond)
    classes = [str(i) for i in range(precond.label_dim)] if precond.label_dim else None
    return net, sj, int(precond.img_channels), classes


# ----------------------------------------------------------------------------------------------
# score_sde_pytorch

class ScoreSdeWrapper(nn.Module):
    """score_sde_pytorch (NCSN++, DDPM++, DDPM, NCSNv2): model(x, labels) as its get_score_fn calls it.
    Continuous VE: labels sigma, output the score; continuous VP and sub-VP: labels 999 t, output eps-like
    (score = -output / std); discrete VE: labels round((1 - t)(N - 1)), the score (the rounding is done here,
    as score_sde does); discrete VP: labels t (N - 1), score = -output / sqrt(1 - alphas_cumprod)[floor(label)]
    (returned here as the score, with the discrete std)."""

    def __init__(self, model, rounding=False, discrete_std=None):
        super().__init__()
        self.model = model
        self.rounding = rounding
        if discrete_std is not None:
            self.register_buffer("std", torch.as_tensor(discrete_std, dtype=torch.float32))
        else:
            self.std = None

    def forward(self, x, t):
        if self.rounding:
            return self.model(x, torch.round(t).long())
        out = self.model(x, t)
        if self.std is not None:
            out = -out / self.std[t.long()].view(-1, 1, 1, 1)
        return out


def score_sde_card(config):
    """Card fields from a score_sde config (training.sde, training.continuous, model.*, data.*)."""
    sde = config.training.sde.lower()
    continuous = bool(config.training.continuous) or sde == "subvpsde"  # score_sde treats sub-VP as continuous
    size = int(config.data.image_size)
    n = int(config.model.num_scales)
    sj = dict(data_range=[-1.0, 1.0] if config.data.centered else [0.0, 1.0], image_size=[size, size],
              fully_convolutional=False, size_multiple=size)
    if sde == "vesde":
        sj.update(sde="ve", prediction="score", time_input="sigma" if continuous else "index",
                  sigma_min=float(config.model.sigma_min), sigma_max=float(config.model.sigma_max), num_scales=n,
                  defaults=dict(sampler="pc", steps=n, schedule="sde"))
    elif sde in ("vpsde", "subvpsde"):
        sj.update(sde="vp" if sde == "vpsde" else "subvp", prediction="eps" if continuous else "score", time_input="index",
                  beta_min=float(config.model.beta_min), beta_max=float(config.model.beta_max),
                  num_scales=1000 if continuous else n, defaults=dict(sampler="dpmpp_2m", steps=50, schedule="vp"))
    else:
        raise ExportError(f"score_sde: unknown training.sde {config.training.sde!r} (vesde, vpsde or subvpsde)")
    return sj, continuous


def _ml_collections_shim():
    """score_sde's configs need only ml_collections.ConfigDict as an attribute dictionary."""
    class ConfigDict(dict):
        def __getattr__(self, k):
            try:
                return self[k]
            except KeyError as e:
                raise AttributeError(k) from e

        def __setattr__(self, k, v):
            self[k] = v

    mod = types.ModuleType("ml_collections")
    mod.ConfigDict = ConfigDict
    return mod


def import_without_cuda_build(module):
    """Imports a module whose import compiles CUDA extensions with torch.utils.cpp_extension.load (score_sde's
    `op`), with load replaced by a stub: a CPU export runs their CPU code (op.upfirdn2d's upfirdn2d_native)."""
    from torch.utils import cpp_extension

    class Unbuilt:
        def __init__(self, name):
            self.name = name

        def __getattr__(self, attr):
            raise RuntimeError(f"the CUDA extension {self.name} was not built (export.py runs on the CPU)")

    real = cpp_extension.load
    cpp_extension.load = lambda name, *a, **k: Unbuilt(name)
    try:
        mod = importlib.import_module(module)
    finally:
        cpp_extension.load = real
    log(f"patch: torch.utils.cpp_extension.load stubbed while importing {module} (its CUDA extensions are not "
        "compiled; on the CPU it runs its own CPU code)")
    return mod


def load_score_sde_config(repo, config_file):
    repo = os.path.abspath(repo)
    if repo not in sys.path:
        sys.path.insert(0, repo)
    if "ml_collections" not in sys.modules and importlib.util.find_spec("ml_collections") is None:
        sys.modules["ml_collections"] = _ml_collections_shim()
        log("ml_collections is not installed (Debian has no package): the config is read with a ConfigDict shim")
    path = config_file if os.path.isabs(config_file) else os.path.join(repo, config_file)
    spec = importlib.util.spec_from_file_location("score_sde_config", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    config = mod.get_config()
    config.device = torch.device("cpu")
    return config


def score_sde_models(repo):
    """score_sde's models/utils with its registry filled: the registry fills only when models.ncsnpp, models.ddpm
    and models.ncsnv2 are imported (run_lib.py imports them; a recipe that does not gets KeyError: 'ncsnpp')."""
    import_without_cuda_build("op")
    for name in ("ncsnpp", "ddpm", "ncsnv2"):
        importlib.import_module("models." + name)
    return importlib.import_module("models.utils")


def load_score_sde(args):
    config = load_score_sde_config(args.repo, args.config)
    mutils = score_sde_models(args.repo)
    from models.ema import ExponentialMovingAverage
    model = mutils.create_model(config)
    ema = ExponentialMovingAverage(model.parameters(), decay=config.model.ema_rate)
    state = torch.load(args.checkpoint, map_location="cpu")
    model.load_state_dict(state["model"])
    ema.load_state_dict(state["ema"])
    ema.copy_to(model.parameters())
    # float32 throughout (NCSN++ keeps its sigmas as a float64 buffer, which would make the output double)
    model = (model.module if hasattr(model, "module") else model).float().eval()
    sj, continuous = score_sde_card(config)
    log(f"{args.checkpoint}: {config.model.name}, {config.training.sde}, {'continuous' if continuous else 'discrete'}, "
        f"{config.data.num_channels} channel(s), {config.data.image_size}x{config.data.image_size}")
    if continuous:
        net = ScoreSdeWrapper(model)
    elif sj["sde"] == "ve":
        net = ScoreSdeWrapper(model, rounding=True)
    else:
        import sde_lib
        vp = sde_lib.VPSDE(beta_min=config.model.beta_min, beta_max=config.model.beta_max, N=config.model.num_scales)
        net = ScoreSdeWrapper(model, discrete_std=vp.sqrt_1m_alphas_cumprod)
    return net, sj, int(config.data.num_channels), None


# ----------------------------------------------------------------------------------------------
# diffusers

class DiffusersWrapper(nn.Module):
    """diffusers UNet2DModel: unet(sample, timestep).sample, timestep the DDPM index 0..N-1."""

    def __init__(self, unet):
        super().__init__()
        self.unet = unet

    def forward(self, x, t):
        return self.unet(x, t).sample


def diffusers_card(scheduler_config, sample_size):
    """A linear beta schedule from b0 to b1 over N steps is ScoreJ's VP SDE with beta_min = N b0, beta_max = N b1."""
    beta_start, beta_end = scheduler_config.get("beta_start", 1e-4), scheduler_config.get("beta_end", 0.02)
    n = scheduler_config.get("num_train_timesteps", 1000)
    if scheduler_config.get("beta_schedule", "linear") != "linear":
        raise ExportError("diffusers: only the linear beta schedule maps onto ScoreJ's VP SDE "
                          f"(got {scheduler_config.get('beta_schedule')})")
    pred = {"epsilon": "eps", "v_prediction": "v", "sample": "x0"}[scheduler_config.get("prediction_type", "epsilon")]
    return dict(sde="vp", prediction=pred, time_input="index", beta_min=beta_start * n, beta_max=beta_end * n,
                num_scales=n, data_range=[-1.0, 1.0], image_size=[sample_size, sample_size],
                fully_convolutional=False, size_multiple=sample_size,
                defaults=dict(sampler="ddim", steps=50, schedule="sde"))


def load_diffusers(args):
    from diffusers import UNet2DModel
    unet = UNet2DModel.from_pretrained(os.path.join(args.model, "unet")).eval()
    with open(os.path.join(args.model, "scheduler", "scheduler_config.json")) as f:
        sched = json.load(f)
    size = unet.config.sample_size
    size = size if isinstance(size, int) else size[0]
    return DiffusersWrapper(unet), diffusers_card(sched, size), int(unet.config.in_channels), None


# ----------------------------------------------------------------------------------------------

def verify(folder):
    """ScoreJ's own check of the folder (scorej models --action verify); raises ExportError if it fails."""
    launcher = os.path.join(ROOT, "scorej")
    if not os.access(launcher, os.X_OK):
        raise ExportError(f"ScoreJ's launcher {launcher} is missing: run export.py from a ScoreJ checkout, or pass --no-verify")
    p = subprocess.run([launcher, "models", "--action", "verify", folder], capture_output=True, text=True)
    if p.returncode != 0:
        raise ExportError("scorej models --action verify failed:\n" + (p.stdout + p.stderr).strip())
    log(p.stdout.strip())


def remove_written(out, existed):
    """What a failed export wrote: the folder, or only its contents when it existed (empty) before."""
    if not os.path.isdir(out):
        return
    if not existed:
        shutil.rmtree(out)
        return
    for f in os.listdir(out):
        path = os.path.join(out, f)
        shutil.rmtree(path) if os.path.isdir(path) and not os.path.islink(path) else os.unlink(path)


LOADERS = {"edm": load_edm, "score_sde": load_score_sde, "diffusers": load_diffusers}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="kind", required=True)
    e = sub.add_parser("edm", help="an NVlabs/edm network pickle (EDMPrecond, VPPrecond, VEPrecond, iDDPMPrecond)")
    e.add_argument("--repo", required=True, help="a checkout of NVlabs/edm (its pickles import torch_utils, dnnlib)")
    e.add_argument("--pickle", required=True)
    a = sub.add_parser("score_sde", help="a score_sde_pytorch checkpoint (NCSN++/DDPM++, VE/VP/sub-VP, continuous or discrete)")
    a.add_argument("--repo", required=True, help="a checkout of yang-song/score_sde_pytorch")
    a.add_argument("--config", required=True, help="its config file, e.g. configs/ve/cifar10_ncsnpp_continuous.py")
    a.add_argument("--checkpoint", required=True)
    d = sub.add_parser("diffusers", help="a diffusers UNet2DModel pipeline folder (DDPM/DDIM)")
    d.add_argument("--model", required=True, help="folder with unet/ and scheduler/ (save_pretrained layout)")
    for p in (a, d, e):
        p.add_argument("--out", required=True, help="the model folder to write (must not exist, or be empty)")
        p.add_argument("--name", help="model name (default: the folder's name)")
        p.add_argument("--description", default="")
        p.add_argument("--no-verify", action="store_true", help="skip ScoreJ's check of the written folder")
    args = ap.parse_args(argv)
    out = os.path.normpath(args.out)
    if os.path.lexists(out) and not (os.path.isdir(out) and not os.listdir(out)):
        raise SystemExit(f"export.py: {out} exists and is not an empty folder; name a new --out (nothing is overwritten)")
    existed = os.path.isdir(out)
    name = args.name or os.path.basename(out)
    try:
        net, sj, channels, classes = LOADERS[args.kind](args)
        export(net.eval(), out, name=name, description=args.description or f"{args.kind} network exported by ScoreJ",
               scorej=sj, channels=channels, classes=classes)
        if not args.no_verify:
            verify(out)
    except BaseException as err:
        remove_written(out, existed)
        if isinstance(err, ExportError):
            raise SystemExit(f"export.py {args.kind}: {err}; nothing written") from err
        if isinstance(err, Exception):
            traceback.print_exc()
            first = (str(err).strip().splitlines() or [""])[0]
            raise SystemExit(f"export.py {args.kind}: failed ({type(err).__name__}: {first}); nothing written") from err
        raise
    print(f"wrote {out}; use it with  ./scorej generate --model {out}  or install it with  "
          f"./scorej models --action install {out}")


if __name__ == "__main__":
    main()
