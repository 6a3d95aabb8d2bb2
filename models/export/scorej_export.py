"""Turn a PyTorch score network into a ScoreJ model folder.

    from scorej_export import export
    export(module, "models/my-model", name="my-model", description="...",
           scorej=dict(sde="edm", prediction="x0", time_input="log_sigma_quarter", preconditioning="edm",
                       sigma_min=0.002, sigma_max=80, sigma_data=0.5, data_range=[-1, 1],
                       image_size=[64, 64], fully_convolutional=True, size_multiple=8,
                       defaults=dict(sampler="dpmpp_2m", steps=30, schedule="karras")),
           channels=1)

`module.forward(x, t)` or `forward(x, t, cls)`: x is N x C x H x W float32 (the network input
x_t, see below), t is N float32 (what `time_input` says), cls is N int64. The folder gets:

- `model.onnx`: opset 17, dynamic batch, height and width (batch only if not fully convolutional);
- `test_x.npy`, `test_t.npy`[, `test_class.npy`], `test_out.npy`: one network call on two noisy
  images at sigma = 0.2 and 2.0 (bioimage.io test tensors; ScoreJ's tests reproduce them through
  ONNX Runtime);
- `cover.png`: a grid of samples from 18 Heun steps (EDM, Karras schedule), drawn here in torch
  through the same conventions ScoreJ uses;
- `rdf.yaml`: bioimage.io model spec 0.5 (format_version 0.5.7, valid against the spec's JSON schema) with
  `config.scorej` and every sha256.

Conventions (those of ScoreJ's NetworkDenoiser, see models/analytic/README.md): in sigma-space
x_sigma = x0 + sigma*eps; the network sees x_t = s(t) x_sigma for VP types, c_in x_sigma with EDM
preconditioning, x_sigma otherwise. eps: D = x - sigma*eps; score (w.r.t. x_t): D = x + s sigma^2 score;
v: D = sd^2/(sigma^2+sd^2) x - sigma sd/sqrt(sigma^2+sd^2) v; x0 with preconditioning edm:
D = c_skip x + c_out F.

Refused, with a message naming the problem (ExportError): an output whose shape differs from its
input, non-finite outputs on the test tensors, and card fields that contradict the graph (channel
count, class input present or not, size_multiple, a fully convolutional claim the module fails).
"""
import math
import os
import tempfile

import numpy as np
import torch

from card_yaml import FORMAT_VERSION, sha256, yaml_value

OPSET = 17
SDES = ("ve", "vp", "subvp", "edm", "pfgmpp")
PREDICTIONS = ("score", "eps", "x0", "v")
TIME_INPUTS = ("t", "sigma", "log_sigma_quarter", "index")
TEST_SIGMAS = (0.2, 2.0)


class ExportError(Exception):
    """A module or card that cannot make a valid ScoreJ model; the message names the problem."""


# ----------------------------------------------------------------------------------------------
# the card's conventions, in torch (float64)

def discrete_log_alphas(sj):
    """-ln alphas_cumprod_i, i = 0..N-1, of the DDPM chain beta_i = linspace(beta_min/N, beta_max/N, N) (float64)."""
    n = sj.get("num_scales", 1000)
    betas = torch.linspace(sj.get("beta_min", 0.1) / n, sj.get("beta_max", 20.0) / n, n, dtype=torch.float64)
    return -torch.cumsum(torch.log1p(-betas), 0)


def _discrete_vp_t(sj, sigma):
    """vp with `discrete: true` (ScoreJ's DiscreteVpSde.time): -ln alphas_cumprod = ln(1 + sigma^2), linear in the index
    between the chain's levels (extended by its end segments), t = index / (N - 1)."""
    lv = discrete_log_alphas(sj)
    n = len(lv)
    target = torch.log1p(sigma ** 2)
    i = (torch.searchsorted(lv, target, right=True) - 1).clamp(0, n - 2)
    u = i + (target - lv[i]) / (lv[i + 1] - lv[i])
    return u / (n - 1)


def _sigma_to_t(sj, sigma):
    """SDE time t of a sigma (inverse of sigma(t)), as ScoreJ's Sde.time."""
    sde = sj["sde"]
    if sde in ("edm", "pfgmpp"):
        return sigma
    if sde == "vp" and sj.get("discrete"):
        return _discrete_vp_t(sj, sigma)
    if sde == "ve":
        return torch.log(sigma / sj["sigma_min"]) / math.log(sj["sigma_max"] / sj["sigma_min"])
    b0, b1 = sj.get("beta_min", 0.1), sj.get("beta_max", 20.0)
    if sde == "vp":
        c = torch.log1p(sigma ** 2)
        return 2 * c / (b0 + torch.sqrt(b0 * b0 + 2 * (b1 - b0) * c))
    a, b = 0.25 * (b1 - b0), 0.5 * b0
    c = torch.asinh(sigma / 2)
    return 2 * c / (b + torch.sqrt(b * b + 4 * a * c))


def time_input(sj, sigma):
    """What the network's t input is for a batch of sigmas."""
    ti = sj["time_input"]
    if ti == "sigma":
        return sigma
    if ti == "log_sigma_quarter":
        return torch.log(sigma) / 4
    t = _sigma_to_t(sj, sigma)
    if ti == "t":
        return t
    n1 = sj.get("num_scales", 1000) - 1
    return (1 - t) * n1 if sj["sde"] == "ve" else t * n1


def input_scale(sj, sigma):
    """x_t = scale * x_sigma."""
    if sj.get("preconditioning") == "edm":
        return 1 / torch.sqrt(sigma ** 2 + sj.get("sigma_data", 0.5) ** 2)
    if sj["sde"] == "vp":
        return 1 / torch.sqrt(sigma ** 2 + 1)
    if sj["sde"] == "subvp":
        return 2 / (torch.sqrt(sigma ** 2 + 4) + sigma)
    return torch.ones_like(sigma)


def denoise(module, sj, x, sigma, cls=None):
    """D(x; sigma) of a network under the card's conventions (x float64 N,C,H,W; sigma float64 N)."""
    s4 = sigma.view(-1, 1, 1, 1)
    scale = input_scale(sj, sigma).view(-1, 1, 1, 1)
    args = [(scale * x).float(), time_input(sj, sigma).float()] + ([cls] if cls is not None else [])
    out = module(*args).double()
    pred = sj["prediction"]
    if sj.get("preconditioning") == "edm":
        sd = sj.get("sigma_data", 0.5)
        return sd ** 2 / (s4 ** 2 + sd ** 2) * x + s4 * sd / torch.sqrt(s4 ** 2 + sd ** 2) * out
    if pred == "x0":
        return out
    if pred == "eps":
        return x - s4 * out
    if pred == "score":
        s = scale if sj["sde"] in ("vp", "subvp") else 1
        return x + s * s4 ** 2 * out
    sd = sj.get("sigma_data", 1.0 if sj["sde"] in ("vp", "subvp") else 0.5)
    return sd ** 2 / (s4 ** 2 + sd ** 2) * x - s4 * sd / torch.sqrt(s4 ** 2 + sd ** 2) * out


@torch.no_grad()
def sample(module, sj, shape, cls=None, steps=18, seed=0, sigma_min=None, sigma_max=None, rho=7.0, guidance=1.0, null_class=None):
    """EDM's deterministic Heun sampler (Karras et al. 2022, Algorithm 1) on a Karras schedule, with
    classifier-free guidance D_u + w (D_c - D_u) when guidance != 1 (null_class labels D_u)."""
    def D(x, s):
        sig = s.repeat(shape[0])
        dc = denoise(module, sj, x, sig, cls)
        if cls is None or guidance == 1:
            return dc
        du = denoise(module, sj, x, sig, torch.full_like(cls, null_class))
        return du + guidance * (dc - du)

    g = torch.Generator().manual_seed(seed)
    lo = max(sigma_min or sj.get("sigma_min", 0.002), 0.002)
    hi = min(sigma_max or sj.get("sigma_max", 80.0), 80.0)
    i = torch.arange(steps, dtype=torch.float64)
    sig = (hi ** (1 / rho) + i / (steps - 1) * (lo ** (1 / rho) - hi ** (1 / rho))) ** rho
    sig = torch.cat([sig, torch.zeros(1, dtype=torch.float64)])
    x = torch.randn(shape, generator=g, dtype=torch.float64) * sig[0]
    for k in range(steps):
        s, s_next = sig[k], sig[k + 1]
        d = (x - D(x, s)) / s
        x_next = x + (s_next - s) * d
        if s_next > 0:
            d2 = (x_next - D(x_next, s_next)) / s_next
            x_next = x + (s_next - s) * (d + d2) / 2
        x = x_next
    return x


# ----------------------------------------------------------------------------------------------
# checks

def check_card(sj, channels, classes):
    def need(key):
        if key not in sj:
            raise ExportError(f"config.scorej.{key} is missing (needed for sde '{sj.get('sde')}')")

    for key, allowed in (("sde", SDES), ("prediction", PREDICTIONS), ("time_input", TIME_INPUTS)):
        if sj.get(key) not in allowed:
            raise ExportError(f"config.scorej.{key} must be one of {', '.join(allowed)}, got {sj.get(key)!r}")
    if sj.get("preconditioning", "none") not in ("none", "edm"):
        raise ExportError(f"config.scorej.preconditioning must be none or edm, got {sj['preconditioning']!r}")
    if sj.get("preconditioning") == "edm" and sj["prediction"] != "x0":
        raise ExportError("config.scorej.prediction must be x0 with preconditioning: edm")
    if sj["sde"] in ("ve", "edm", "pfgmpp"):
        need("sigma_min"), need("sigma_max")
        if not 0 < sj["sigma_min"] < sj["sigma_max"]:
            raise ExportError(f"config.scorej: need 0 < sigma_min < sigma_max, got {sj['sigma_min']}, {sj['sigma_max']}")
    if sj["sde"] == "pfgmpp":
        need("D")
    lo, hi = sj.get("data_range", [-1, 1])
    if not lo < hi:
        raise ExportError(f"config.scorej.data_range must be [low, high] with low < high, got {sj.get('data_range')}")
    need("image_size")
    m = sj.get("size_multiple", 1)
    if any(v % m for v in sj["image_size"]):
        raise ExportError(f"config.scorej.image_size {sj['image_size']} is not a multiple of size_multiple {m}")
    if channels < 1:
        raise ExportError(f"channels must be >= 1, got {channels}")
    if classes:
        nc = sj.get("null_class")
        if nc is not None and not 0 <= nc <= len(classes):
            raise ExportError(f"config.scorej.null_class {nc} is outside 0..{len(classes)}")


def _call(module, x, t, cls):
    with torch.no_grad():
        try:
            return module(x, t) if cls is None else module(x, t, cls)
        except TypeError as e:
            has = "with" if cls is not None else "without"
            raise ExportError(f"the module cannot be called {has} a class input: {e}. "
                              "The card's classes must match forward(x, t[, cls])") from e
        except RuntimeError as e:
            raise ExportError(f"the module fails on input {tuple(x.shape)}: {str(e).splitlines()[0]}") from e


def check_module(module, sj, channels, cls):
    h, w = sj["image_size"]
    x = torch.randn(2, channels, h, w)
    t = time_input(sj, torch.tensor(TEST_SIGMAS, dtype=torch.float64)).float()
    out = _call(module, x, t, cls)
    if tuple(out.shape) != tuple(x.shape):
        raise ExportError(f"the module's output has shape {tuple(out.shape)}, its input {tuple(x.shape)}: "
                          "a score network must return an image of the input's shape")
    if sj.get("fully_convolutional"):
        m = sj.get("size_multiple", 1)
        for hh, ww in ((h + m, w), (h, w + 2 * m)):
            try:
                o = _call(module, torch.randn(2, channels, hh, ww), t, cls)
            except ExportError as e:
                raise ExportError(f"config.scorej says fully_convolutional with size_multiple {m}, but {e}") from e
            if tuple(o.shape) != (2, channels, hh, ww):
                raise ExportError(f"config.scorej says fully_convolutional with size_multiple {m}, but on "
                                  f"{hh}x{ww} the output is {tuple(o.shape)}")


# ----------------------------------------------------------------------------------------------
# writing

def save_grid(images, path, data_range, cols=None):
    """A PNG grid of N x C x H x W images (C = 1 or 3) in data_range."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    lo, hi = data_range
    a = np.clip((np.asarray(images) - lo) / (hi - lo), 0, 1)
    n, c, h, w = a.shape
    cols = cols or int(math.ceil(math.sqrt(n)))
    rows = int(math.ceil(n / cols))
    grid = np.ones((rows * (h + 2) + 2, cols * (w + 2) + 2, 3))
    for i in range(n):
        r, q = divmod(i, cols)
        tile = a[i].transpose(1, 2, 0)
        grid[2 + r * (h + 2):2 + r * (h + 2) + h, 2 + q * (w + 2):2 + q * (w + 2) + w] = tile if c == 3 else tile[..., :1]
    plt.imsave(path, grid)


def _write_atomically(path, write):
    d = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(dir=d, suffix=".part")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def export(module, folder, *, name, description, scorej, channels, classes=None, null_class=None,
           cover_samples=16, cover_seed=0, cover_steps=18, cover_classes=None, authors=("ScoreJ contributors",),
           license="MIT", cite=(), tags=(), documentation=None, extra_files=()):
    """Write a model folder (see the module docstring). Returns the path of rdf.yaml."""
    module = module.eval()
    sj = dict(scorej)
    if classes:
        sj["classes"] = list(classes)
        sj["null_class"] = len(classes) if null_class is None else null_class
    check_card(sj, channels, classes)
    cls = torch.tensor([0, sj["null_class"]], dtype=torch.int64) if classes else None
    check_module(module, sj, channels, cls)
    os.makedirs(folder, exist_ok=True)

    # test tensors: two noisy images at sigma 0.2 and 2.0, through the card's conventions
    g = torch.Generator().manual_seed(1234)
    h, w = sj["image_size"]
    sig = torch.tensor(TEST_SIGMAS, dtype=torch.float64)
    lo, hi = sj.get("data_range", [-1, 1])
    x0 = lo + (hi - lo) * torch.rand(2, channels, h, w, generator=g, dtype=torch.float64)
    xs = x0 + sig.view(-1, 1, 1, 1) * torch.randn(2, channels, h, w, generator=g, dtype=torch.float64)
    x_in = (input_scale(sj, sig).view(-1, 1, 1, 1) * xs).float()
    t_in = time_input(sj, sig).float()
    out = _call(module, x_in, t_in, cls)
    if not torch.isfinite(out).all():
        bad = (~torch.isfinite(out)).sum().item()
        raise ExportError(f"the module returns {bad} non-finite values on the test tensor (sigma {TEST_SIGMAS})")
    tensors = {"x": x_in.numpy(), "t": t_in.numpy(), "out": out.numpy()}
    if cls is not None:
        tensors["class"] = cls.numpy()
    shas = {}
    for k, a in tensors.items():
        p = os.path.join(folder, f"test_{k}.npy")
        np.save(p, a)
        shas[k] = sha256(p)

    # ONNX, dynamic batch (and spatial axes when fully convolutional)
    onnx_path = os.path.join(folder, "model.onnx")
    spatial = {2: "h", 3: "w"} if sj.get("fully_convolutional") else {}
    names = ["x", "t"] + (["class"] if cls is not None else [])
    dyn = {"x": {0: "n", **spatial}, "t": {0: "n"}, "out": {0: "n", **spatial}}
    if cls is not None:
        dyn["class"] = {0: "n"}
    args = (x_in, t_in) + ((cls,) if cls is not None else ())

    def write_onnx(path):
        torch.onnx.export(module, args, path, input_names=names, output_names=["out"], opset_version=OPSET,
                          dynamic_axes=dyn, do_constant_folding=True)
        import onnx
        m = onnx.load(path)
        onnx.checker.check_model(m)
        dims = m.graph.input[0].type.tensor_type.shape.dim
        if dims[1].dim_value and dims[1].dim_value != channels:
            raise ExportError(f"the graph's input has {dims[1].dim_value} channels, the card says {channels}")
        if len(m.graph.input) != len(names):
            got = [i.name for i in m.graph.input]
            raise ExportError(f"the graph has inputs {got}, the card needs {names}: "
                              + ("the module ignores its class input" if cls is not None else "unexpected inputs"))

    _write_atomically(onnx_path, write_onnx)

    # cover: samples drawn through the card's conventions
    cover = None
    if cover_samples:
        n = cover_samples
        c = None
        if classes:
            picks = cover_classes if cover_classes is not None else [i % len(classes) for i in range(n)]
            c = torch.tensor(picks, dtype=torch.int64)
        xs = sample(module, sj, (n, channels, h, w), c, steps=cover_steps, seed=cover_seed)
        cover = "cover.png"
        save_grid(xs.numpy(), os.path.join(folder, cover), (lo, hi),
                  cols=len(classes) if classes and n % len(classes) == 0 else None)

    # rdf.yaml
    multiple = sj.get("size_multiple", 1)
    size = f"{{min: {multiple}, step: {multiple}}}" if sj.get("fully_convolutional") else None

    def img_axes(output=False):
        # bioimage.io 0.5: a parameterized size only on inputs; an output axis refers to the input's
        s = ("      - type: batch\n"
             "      - type: channel\n"
             f"        channel_names: {yaml_value(['c%d' % i for i in range(channels)])}\n")
        for axis, n_ in (("y", h), ("x", w)):
            a = (f"{{tensor_id: x, axis_id: {axis}}}" if output else size) if size else n_
            s += f"      - type: space\n        id: {axis}\n        size: {a}\n"
        return s

    def tensor(id_, desc, axes, key, dtype):
        return (f"  - id: {id_}\n    description: {yaml_value(desc)}\n    axes:\n{axes}"
                f"    test_tensor: {{source: test_{key}.npy, sha256: {yaml_value(shas[key])}}}\n"
                f"    data: {{type: {dtype}}}\n")

    batch = "      - type: batch\n"
    ins = tensor("x", "noisy image, the network input x_t (NCHW, float32)", img_axes(), "x", "float32")
    ins += tensor("t", f"time input ({sj['time_input']})", batch, "t", "float32")
    if cls is not None:
        ins += tensor("class", "class label, int64; null_class for the unconditional model", batch, "class", "int64")
    pre = ", EDM-preconditioned F" if sj.get("preconditioning") == "edm" else ""
    outs = tensor("out", f"network output ({sj['prediction']}{pre})", img_axes(output=True), "out", "float32")
    rdf = ("# Written by models/export/scorej_export.py\n"
           f"format_version: {FORMAT_VERSION}\n"
           "type: model\n"
           f"name: {name}\n"
           f"description: {yaml_value(description)}\n"
           "authors:\n" + "".join(f"  - name: {yaml_value(a)}\n" for a in authors))
    if cite:
        rdf += "cite:\n" + "".join(f"  - text: {yaml_value(c['text'])}\n" + (f"    doi: {c['doi']}\n" if c.get("doi") else "")
                                   for c in cite)
    rdf += f"license: {license}\n"
    rdf += f"tags: {yaml_value(list(tags) + ['diffusion', 'score-based', 'scorej'])}\n"
    if documentation:
        rdf += f"documentation: {documentation}\n"
    if cover:
        rdf += f"covers: [{cover}]\n"
    if extra_files:
        rdf += "attachments:\n" + "".join(f"  - source: {f}\n    sha256: {yaml_value(sha256(os.path.join(folder, f)))}\n"
                                          for f in extra_files)
    rdf += ("inputs:\n" + ins + "outputs:\n" + outs +
            "weights:\n  onnx:\n    source: model.onnx\n"
            f"    sha256: {yaml_value(sha256(onnx_path))}\n"
            f"    opset_version: {OPSET}\n"
            "config:\n  scorej:\n" + "".join(f"    {k}: {yaml_value(v)}\n" for k, v in sj.items()))
    rdf_path = os.path.join(folder, "rdf.yaml")
    def write_rdf(path):
        with open(path, "w") as f:
            f.write(rdf)

    _write_atomically(rdf_path, write_rdf)
    return rdf_path
