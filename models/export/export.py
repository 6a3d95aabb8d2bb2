"""Export the score networks people have to ScoreJ model folders (recipes and measurements in models/README.md).

    /usr/bin/python3 models/export/export.py edm --repo PATH/edm --pickle edm-cifar10-32x32-cond-vp.pkl --out my-edm
    /usr/bin/python3 models/export/export.py score_sde --repo PATH/score_sde_pytorch \\
        --config configs/ve/cifar10_ncsnpp_continuous.py --checkpoint checkpoint_24.pth --out my-ncsnpp
    /usr/bin/python3 models/export/export.py diffusers --repo PATH/diffusers --model PATH/ddpm-cifar10-32 --out my-ddpm

Each recipe loads the network with its own repository's code, applies the export-time patches that tracing
needs (each named in the log, each checked to leave the network's output unchanged), reads channels,
resolution, preconditioning and schedule from the checkpoint, wraps the network so that it has ScoreJ's
interface forward(x, t[, class]) and writes the card fields that say what the wrapper's output and time input
mean; scorej_export.export does the rest (ONNX, test tensors, cover, rdf.yaml). The folder is then verified
by ScoreJ (`scorej models --action verify`); on any failure nothing is left behind.
"""
import argparse
import importlib
import importlib.machinery
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

# What diffusers (v0.21.4) imports from huggingface_hub when `from diffusers import UNet2DModel` runs, by module. Debian
# has no python3-huggingface-hub: without it these names are shims; the functions reach the Hugging Face Hub
# (downloads, uploads, tokens), which a recipe reading a local folder never calls, so each raises if it is called.
HUB_NAMES = {
    "huggingface_hub": ["HfFolder", "ModelCard", "ModelCardData", "cached_download", "create_repo", "hf_hub_download",
                        "model_info", "upload_folder", "whoami"],
    "huggingface_hub.utils": ["EntryNotFoundError", "RepositoryNotFoundError", "RevisionNotFoundError", "is_jinja_available"],
    "huggingface_hub.constants": ["HUGGINGFACE_HUB_CACHE", "hf_cache_home"],
    "huggingface_hub.file_download": ["REGEX_COMMIT_HASH"],
}


class ShimError(RuntimeError):
    """A shimmed huggingface_hub or safetensors function was called."""


def _shim_module(name, names):
    mod = types.ModuleType(name)
    mod.__spec__ = importlib.machinery.ModuleSpec(name, None, is_package=True)
    mod.__path__ = []
    mod.__file__ = f"<export.py's {name} shim>"

    def missing(attr):
        raise AttributeError(f"{name}.{attr}: not in export.py's shim of {name} (it has {', '.join(names) or 'submodules only'}); "
                             f"install {name.split('.')[0]} to use this diffusers")
    mod.__getattr__ = missing
    return mod


def _offline(qualified):
    def call(*args, **kwargs):
        raise ShimError(f"{qualified} was called: huggingface_hub is not installed (export.py's shim), so nothing can be "
                        "downloaded or uploaded; pass --model a local folder with unet/ and scheduler/")
    call.__name__ = qualified.rsplit(".", 1)[1]
    return call


def huggingface_hub_shim():
    """Modules huggingface_hub, .utils, .constants and .file_download with only HUB_NAMES: its exception classes, the
    cache paths and commit-hash pattern it defines, is_jinja_available() = False, and functions and classes that raise
    ShimError when called. Returns {module name: module}."""
    import re
    home = os.path.expanduser(os.getenv("HF_HOME", os.path.join(os.getenv("XDG_CACHE_HOME", "~/.cache"), "huggingface")))
    values = {"hf_cache_home": home, "HUGGINGFACE_HUB_CACHE": os.path.join(home, "hub"),
              "REGEX_COMMIT_HASH": re.compile(r"^[0-9a-f]{40}$"), "is_jinja_available": lambda: False}
    mods = {}
    for name, names in HUB_NAMES.items():
        mod = mods[name] = _shim_module(name, names)
        for attr in names:
            if attr in values:
                value = values[attr]
            elif attr.endswith("Error"):
                value = type(attr, (OSError,), {"__module__": name})
            else:
                value = _offline(f"{name}.{attr}")
            setattr(mod, attr, value)
    for name, mod in mods.items():
        if "." in name:
            setattr(mods["huggingface_hub"], name.split(".")[1], mod)
    return mods


SAFETENSORS_DTYPES = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
                      "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8,
                      "BOOL": torch.bool}


def read_safetensors(path, device="cpu"):
    """A .safetensors file as {name: tensor}: 8 bytes little-endian header length n, n bytes of JSON
    {name: {dtype, shape, data_offsets: [begin, end]}, __metadata__: {...}}, then the little-endian data, offsets
    relative to its start (huggingface/safetensors' format)."""
    import struct
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        raise ValueError(f"{path}: not a safetensors file ({len(raw)} bytes)")
    (n,) = struct.unpack("<Q", raw[:8])
    if n > len(raw) - 8:
        raise ValueError(f"{path}: not a safetensors file (header of {n} bytes in a file of {len(raw)})")
    header = json.loads(raw[8:8 + n])
    data = memoryview(raw)[8 + n:]
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = SAFETENSORS_DTYPES.get(info["dtype"])
        if dtype is None:
            raise ValueError(f"{path}: tensor {name}: dtype {info['dtype']} is not one of {', '.join(SAFETENSORS_DTYPES)}")
        begin, end = info["data_offsets"]
        shape = [int(d) for d in info["shape"]]
        if not 0 <= begin <= end <= len(data) or end - begin != math.prod(shape) * torch.empty(0, dtype=dtype).element_size():
            raise ValueError(f"{path}: tensor {name}: data_offsets {info['data_offsets']} do not hold {info['dtype']} {shape}")
        t = torch.frombuffer(bytearray(data[begin:end]), dtype=dtype) if end > begin else torch.empty(0, dtype=dtype)
        if sys.byteorder != "little" and t.element_size() > 1:
            t = torch.from_numpy(t.numpy().byteswap())
        out[name] = t.reshape(shape).to(device)
    return out


def safetensors_shim():
    """Modules safetensors and safetensors.torch: load_file reads the format (read_safetensors), save_file raises
    (save with safe_serialization=False). Returns {module name: module}."""
    top, sub = _shim_module("safetensors", ["torch"]), _shim_module("safetensors.torch", ["load_file", "save_file"])
    sub.load_file = read_safetensors
    sub.save_file = _offline("safetensors.torch.save_file")
    top.torch = sub
    return {"safetensors": top, "safetensors.torch": sub}


def install_shims():
    """Puts the huggingface_hub and safetensors shims in sys.modules for each package that is not installed; logs each.
    Returns the names of the shimmed packages."""
    done = []
    for package, make, why in (("huggingface_hub", huggingface_hub_shim, "its functions raise if called (nothing is downloaded)"),
                               ("safetensors", safetensors_shim, "load_file reads .safetensors with export.py's reader")):
        if package in sys.modules or importlib.util.find_spec(package) is not None:
            continue
        sys.modules.update(make())
        done.append(package)
        log(f"patch: {package} is not installed (Debian has no package): diffusers imports export.py's shim of it; {why}")
    return done


def import_diffusers(repo=None):
    """diffusers from a checkout (REPO/src) or as installed, with the shims it needs on Debian."""
    if repo:
        src = os.path.join(os.path.abspath(repo), "src")
        if not os.path.isfile(os.path.join(src, "diffusers", "__init__.py")):
            raise ExportError(f"{repo}: not a diffusers checkout (no src/diffusers/__init__.py)")
        sys.path.insert(0, src)
    install_shims()
    import diffusers
    log(f"diffusers {diffusers.__version__} from {os.path.dirname(diffusers.__file__)}")
    return diffusers


class DiffusersWrapper(nn.Module):
    """diffusers UNet2DModel: unet(sample, timestep).sample, timestep the DDPM index 0..N-1."""

    def __init__(self, unet):
        super().__init__()
        self.unet = unet

    def forward(self, x, t):
        return self.unet(x, t).sample


def diffusers_card(scheduler_config, sample_size):
    """The card of a UNet2DModel trained with this DDPM/DDIM scheduler config. The linear beta_t = linspace(b0, b1, N)
    is ScoreJ's vp with beta_min = N b0, beta_max = N b1 and `discrete: true`: the noise levels are the chain's
    alphas_cumprod at the integer timesteps (not the continuous VP SDE's). Defaults: `ddim` as diffusers' DDIMScheduler
    steps (its timestep_spacing, steps_offset, set_alpha_to_one, clip_sample)."""
    c = scheduler_config
    if c.get("beta_schedule", "linear") != "linear" or c.get("trained_betas") is not None:
        raise ExportError("diffusers: only the linear beta schedule maps onto ScoreJ's vp "
                          f"(got beta_schedule {c.get('beta_schedule')!r}, trained_betas {'set' if c.get('trained_betas') is not None else None})")
    if c.get("rescale_betas_zero_snr"):
        raise ExportError("diffusers: rescale_betas_zero_snr gives alphas_cumprod[N-1] = 0, an infinite noise level, "
                          "which ScoreJ's vp cannot take")
    beta_start, beta_end, n = c.get("beta_start", 1e-4), c.get("beta_end", 0.02), c.get("num_train_timesteps", 1000)
    prediction = c.get("prediction_type", "epsilon")
    if prediction not in ("epsilon", "v_prediction", "sample"):
        raise ExportError(f"diffusers: unknown prediction_type {prediction!r} (epsilon, v_prediction or sample)")
    if c.get("thresholding"):
        log("note: the scheduler's dynamic thresholding is not reproduced by ScoreJ's ddim; the card's default clips instead")
    options = dict(spacing=c.get("timestep_spacing", "leading"), steps_offset=int(c.get("steps_offset", 0)),
                   set_alpha_to_one=bool(c.get("set_alpha_to_one", True)),
                   clip_sample=float(c.get("clip_sample_range", 1.0)) if c.get("clip_sample", True) else 0.0)
    return dict(sde="vp", discrete=True, prediction={"epsilon": "eps", "v_prediction": "v", "sample": "x0"}[prediction],
                time_input="index", beta_min=beta_start * n, beta_max=beta_end * n, num_scales=n, data_range=[-1.0, 1.0],
                image_size=[sample_size, sample_size], fully_convolutional=False, size_multiple=sample_size,
                defaults=dict(sampler="ddim", steps=50, schedule="sde", options=options))


def load_diffusers(args):
    diffusers = import_diffusers(args.repo)
    unet_dir = os.path.join(args.model, "unet")
    sched_file = os.path.join(args.model, "scheduler", "scheduler_config.json")
    for need in (os.path.join(unet_dir, "config.json"), sched_file):
        if not os.path.isfile(need):
            raise ExportError(f"{args.model}: no {os.path.relpath(need, args.model)} (a folder saved by save_pretrained: unet/, scheduler/)")
    unet = diffusers.UNet2DModel.from_pretrained(unet_dir).float().eval()
    with open(sched_file) as f:
        sched = json.load(f)
    size = unet.config.sample_size
    size = size if isinstance(size, int) else size[0]
    log(f"{args.model}: UNet2DModel, {unet.config.in_channels} channel(s), {size}x{size}, {sched.get('_class_name')} "
        f"{sched.get('prediction_type', 'epsilon')}, {sched.get('num_train_timesteps', 1000)} timesteps")
    if unet.config.in_channels != unet.config.out_channels:
        raise ExportError(f"diffusers: in_channels {unet.config.in_channels} != out_channels {unet.config.out_channels}")
    if getattr(unet.config, "num_class_embeds", None) or getattr(unet.config, "class_embed_type", None):
        raise ExportError("diffusers: a class-conditional UNet2DModel is not handled by this recipe")
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
    d.add_argument("--repo", help="a checkout of huggingface/diffusers (imports REPO/src); default: the installed diffusers")
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
