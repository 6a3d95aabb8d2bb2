"""Regression tests of export.py's recipes (run with Debian's Python; the build runs them, see ExporterPythonTest):

    /usr/bin/python3 -m unittest discover -s models/export -v

CI has neither network nor the real repositories, so each test builds a small module that reproduces one way the
real code broke the recipes: EDM's Conv2d (padding computed from a weight shape, a tensor when traced; Tensor.tile,
not exportable at opset 17 in torch 1.13) inside a pickle, EDM's four preconditioners, and a score_sde checkout in
miniature (configs that import ml_collections, a model registry that is empty until models.ncsnpp is imported, an
`op` package whose import compiles a CUDA extension, NCSN++'s float64 sigmas). models/README.md has the
measurements on the real repositories (peers.py). ScoreJ's acceptance of each recipe's card defaults is checked
by the Java test RecipeCardDefaultsTest.
"""
import contextlib
import io
import json
import math
import os
import pickle
import shutil
import sys
import tempfile
import textwrap
import types
import unittest

import numpy as np
import onnx  # noqa: F401  (loaded before any test: the miniatures' clean-up unloads what a test imported, and protobuf cannot load twice)
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export as ex  # noqa: E402
from scorej_export import denoise, time_input  # noqa: E402


# ----------------------------------------------------------------------------------------------
# EDM in miniature: its Conv2d (same attributes and forward as NVlabs/edm training/networks.py) and preconditioners

class Conv2d(nn.Module):
    _orig_module_src = "test"  # as the classes EDM's persistence rebuilds from a pickle's own source

    def __init__(self, in_channels, out_channels, kernel, up=False, down=False, fused_resample=False):
        super().__init__()
        self.in_channels, self.out_channels, self.up, self.down, self.fused_resample = in_channels, out_channels, up, down, fused_resample
        self.weight = nn.Parameter(torch.randn(out_channels, in_channels, kernel, kernel) / (in_channels * kernel)) if kernel else None
        self.bias = nn.Parameter(0.1 * torch.randn(out_channels)) if kernel else None
        f = torch.tensor([1.0, 3.0, 3.0, 1.0])
        self.register_buffer("resample_filter", (f.ger(f) / f.sum() ** 2)[None, None] if up or down else None)

    def forward(self, x):  # EDM's, verbatim
        w = self.weight.to(x.dtype) if self.weight is not None else None
        b = self.bias.to(x.dtype) if self.bias is not None else None
        f = self.resample_filter.to(x.dtype) if self.resample_filter is not None else None
        w_pad = w.shape[-1] // 2 if w is not None else 0
        f_pad = (f.shape[-1] - 1) // 2 if f is not None else 0
        if self.fused_resample and self.up and w is not None:
            x = torch.nn.functional.conv_transpose2d(x, f.mul(4).tile([self.in_channels, 1, 1, 1]), groups=self.in_channels, stride=2, padding=max(f_pad - w_pad, 0))
            x = torch.nn.functional.conv2d(x, w, padding=max(w_pad - f_pad, 0))
        elif self.fused_resample and self.down and w is not None:
            x = torch.nn.functional.conv2d(x, w, padding=w_pad+f_pad)
            x = torch.nn.functional.conv2d(x, f.tile([self.out_channels, 1, 1, 1]), groups=self.out_channels, stride=2)
        else:
            if self.up:
                x = torch.nn.functional.conv_transpose2d(x, f.mul(4).tile([self.in_channels, 1, 1, 1]), groups=self.in_channels, stride=2, padding=f_pad)
            if self.down:
                x = torch.nn.functional.conv2d(x, f.tile([self.in_channels, 1, 1, 1]), groups=self.in_channels, stride=2, padding=f_pad)
            if w is not None:
                x = torch.nn.functional.conv2d(x, w, padding=w_pad)
        if b is not None:
            x = x.add_(b.reshape(1, -1, 1, 1))
        return x


class UNet(nn.Module):
    """F(x, noise_labels, class_labels): down, up (plain and fused), a noise and a label embedding."""

    def __init__(self, channels, out_channels, label_dim):
        super().__init__()
        self.enc = Conv2d(channels, 8, 3)
        self.down = Conv2d(8, 8, 3, down=True, fused_resample=True)
        self.up = Conv2d(8, 8, 0, up=True)
        self.up2 = Conv2d(8, 8, 3, up=True, fused_resample=True)
        self.pool = Conv2d(8, 8, 0, down=True)
        self.dec = Conv2d(8, out_channels, 3)
        self.emb = nn.Linear(1, 8)
        self.lab = nn.Linear(label_dim, 8, bias=False) if label_dim else None

    def forward(self, x, noise_labels, class_labels=None, augment_labels=None):
        e = self.emb(noise_labels[:, None])
        if self.lab is not None:
            e = e + self.lab(class_labels)
        h = torch.tanh(self.enc(x) + e[:, :, None, None])
        h = self.pool(self.up2(self.up(self.down(h))))
        return self.dec(torch.cat([h], 1))


class Precond(nn.Module):
    def __init__(self, channels=1, res=8, label_dim=0, out_factor=1):
        super().__init__()
        self.img_channels, self.img_resolution, self.label_dim = channels, res, label_dim
        self.model = UNet(channels, channels * out_factor, label_dim)

    def labels(self, class_labels):
        return None if not self.label_dim else torch.zeros(1, self.label_dim) if class_labels is None else class_labels.float()


class EDMPrecond(Precond):  # NVlabs/edm's formulas
    sigma_min, sigma_max, sigma_data = 0, math.inf, 0.5

    def forward(self, x, sigma, class_labels=None):
        sigma = sigma.reshape(-1, 1, 1, 1)
        sd = self.sigma_data
        c_skip, c_out, c_in = sd ** 2 / (sigma ** 2 + sd ** 2), sigma * sd / (sigma ** 2 + sd ** 2).sqrt(), 1 / (sd ** 2 + sigma ** 2).sqrt()
        return c_skip * x + c_out * self.model(c_in * x, (sigma.log() / 4).flatten(), self.labels(class_labels))


class VPPrecond(Precond):
    beta_d, beta_min, M = 19.9, 0.1, 1000
    sigma_min, sigma_max = 0.002, 152.0

    def forward(self, x, sigma, class_labels=None):
        sigma = sigma.reshape(-1, 1, 1, 1)
        t = ((self.beta_min ** 2 + 2 * self.beta_d * (1 + sigma ** 2).log()).sqrt() - self.beta_min) / self.beta_d
        return x - sigma * self.model(x / (sigma ** 2 + 1).sqrt(), ((self.M - 1) * t).flatten(), self.labels(class_labels))


class VEPrecond(Precond):
    sigma_min, sigma_max = 0.02, 100

    def forward(self, x, sigma, class_labels=None):
        sigma = sigma.reshape(-1, 1, 1, 1)
        return x + sigma * self.model(x, (0.5 * sigma).log().flatten(), self.labels(class_labels))


class iDDPMPrecond(Precond):
    M = 1000

    def __init__(self, **kw):
        super().__init__(out_factor=2, **kw)
        self.register_buffer("u", torch.exp(torch.linspace(math.log(160.0), math.log(0.006), self.M + 1)))
        self.sigma_min, self.sigma_max = float(self.u[self.M - 1]), float(self.u[0])

    def forward(self, x, sigma, class_labels=None):
        sigma = sigma.reshape(-1, 1, 1, 1)
        j = torch.cdist(sigma.reshape(1, -1, 1), self.u.reshape(1, -1, 1)).argmin(2).reshape(-1)
        f = self.model(x / (sigma ** 2 + 1).sqrt(), (self.M - 1 - j).float(), self.labels(class_labels))
        return x - sigma * f[:, :self.img_channels]


class TileNet(nn.Module):
    """Not one of the pickle's classes, so not patched: its ONNX export fails after the test tensors are written."""

    def forward(self, x, noise_labels, class_labels=None, augment_labels=None):
        return x.tile([1, 1, 1, 1]) * noise_labels[:, None, None, None]


class Broken(EDMPrecond):
    def __init__(self):
        super().__init__()
        self.model = TileNet()


def run_export(argv):
    """export.py's main with --no-verify (the Java tests verify exported folders through ScoreJ); its log."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        ex.main(argv + ["--no-verify"])
    return err.getvalue()


class EdmRecipeTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.tmp = tempfile.mkdtemp()

        self.addCleanup(setattr, Conv2d, "forward", EDM_FORWARD)  # the patch changes the class, as on a pickle's

    def pickle(self, net, name):
        path = os.path.join(self.tmp, name + ".pkl")
        with open(path, "wb") as f:
            pickle.dump(dict(ema=net), f)
        return path

    def test_unpatched_conv2d_does_not_trace(self):
        """The failure modes: a traced w.shape[-1] // 2 is a tensor padding; aten::tile has no ONNX export."""
        with self.assertRaisesRegex(TypeError, "padding=Tensor"):
            torch.onnx.export(Conv2d(2, 2, 3), (torch.randn(1, 2, 8, 8),), os.path.join(self.tmp, "a.onnx"), opset_version=17)

        class Tile(nn.Module):
            def forward(self, x):
                return x.tile([1, 2, 1, 1])

        with self.assertRaisesRegex(Exception, "tile"):
            torch.onnx.export(Tile(), (torch.randn(1, 2, 8, 8),), os.path.join(self.tmp, "b.onnx"), opset_version=17)

    def test_patched_conv2d_is_unchanged_and_exports(self):
        for kw in (dict(), dict(down=True), dict(up=True), dict(down=True, fused_resample=True), dict(up=True, fused_resample=True)):
            Conv2d.forward = EDM_FORWARD
            conv = Conv2d(2, 3, 3, **kw)
            x = torch.randn(2, 2, 8, 8)
            before = conv(x)
            with contextlib.redirect_stderr(io.StringIO()):
                ex.patch_classes(conv, ex.EDM_PATCHES)
            torch.testing.assert_close(conv(x), before, rtol=0, atol=0)
            torch.onnx.export(conv, (x,), os.path.join(self.tmp, "c.onnx"), opset_version=17)

    def test_each_preconditioner_gives_its_denoiser(self):
        """For EDMPrecond, VPPrecond, VEPrecond and iDDPMPrecond: the pickle exports with the patches named in the log,
        channels and size are read from it, and the wrapper under the card's conventions is the preconditioner's D."""
        for cls, label_dim in ((EDMPrecond, 0), (EDMPrecond, 3), (VPPrecond, 0), (VEPrecond, 0), (iDDPMPrecond, 0)):
            with self.subTest(cls.__name__, label_dim=label_dim):
                Conv2d.forward = EDM_FORWARD
                net = cls(channels=2, res=8, label_dim=label_dim).eval()
                out = os.path.join(self.tmp, f"{cls.__name__}-{label_dim}")
                log = run_export(["edm", "--repo", self.tmp, "--pickle", self.pickle(net, cls.__name__), "--out", out])
                self.assertIn("patch: test_recipes.Conv2d.forward: integer paddings", log)
                text = open(os.path.join(out, "rdf.yaml")).read()
                self.assertIn("channel_names: [\"c0\", \"c1\"]", text)
                self.assertIn("image_size: [8, 8]", text)
                self.assertEqual(label_dim and f"null_class: {label_dim}" in text, label_dim and True)
                wrapper, sj = ex.edm_recipe(net)
                x = torch.randn(2, 2, 8, 8, dtype=torch.float64)
                for s in (0.05, 0.7, 9.0):
                    sigma = torch.full((2,), s, dtype=torch.float64)
                    if cls is iDDPMPrecond:  # iDDPM's D is defined on its levels u_j
                        sigma = net.u[torch.tensor([600, 800])].double()
                    cls_in = torch.tensor([1, label_dim]) if label_dim else None  # a class, and the null class
                    one_hot = torch.tensor([[0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]) if label_dim else None
                    with torch.no_grad():
                        ours = denoise(wrapper, sj, x, sigma, cls_in)
                        theirs = net(x.float(), sigma.float(), one_hot).double()
                    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=2e-4, atol=2e-4 * s)

    def test_failed_export_leaves_nothing(self):
        out = os.path.join(self.tmp, "broken")
        with self.assertRaises(SystemExit) as e:
            run_export(["edm", "--repo", self.tmp, "--pickle", self.pickle(Broken(), "broken"), "--out", out])
        self.assertIn("nothing written", str(e.exception))
        self.assertFalse(os.path.exists(out))

    def test_refuses_a_folder_with_files(self):
        out = os.path.join(self.tmp, "mine")
        os.makedirs(out)
        with open(os.path.join(out, "notes.txt"), "w") as f:
            f.write("mine")
        with self.assertRaisesRegex(SystemExit, "exists and is not an empty folder"):
            run_export(["edm", "--repo", self.tmp, "--pickle", self.pickle(EDMPrecond(), "e"), "--out", out])
        self.assertEqual(os.listdir(out), ["notes.txt"])


EDM_FORWARD = Conv2d.forward


# ----------------------------------------------------------------------------------------------
# score_sde_pytorch in miniature

FAKE_SCORE_SDE = {
    "configs/small.py": '''
        import ml_collections  # score_sde's configs import it; Debian has no package

        def get_config():
            config = ml_collections.ConfigDict()
            config.training = ml_collections.ConfigDict()
            config.training.sde = "{sde}"
            config.training.continuous = {continuous}
            config.data = ml_collections.ConfigDict()
            config.data.image_size, config.data.num_channels, config.data.centered = 8, 1, {centered}
            config.model = ml_collections.ConfigDict()
            config.model.name = "ncsnpp"
            config.model.sigma_min, config.model.sigma_max, config.model.num_scales = 0.01, 50.0, 10
            config.model.beta_min, config.model.beta_max, config.model.ema_rate = 0.1, 20.0, 0.999
            return config
        ''',
    "models/__init__.py": "",
    "models/utils.py": '''
        import torch
        _MODELS = {}

        def register_model(cls=None, *, name=None):
            def _register(cls):
                _MODELS[name or cls.__name__] = cls
                return cls
            return _register if cls is None else _register(cls)

        def create_model(config):
            return torch.nn.DataParallel(_MODELS[config.model.name](config))
        ''',
    "models/ncsnpp.py": '''
        import numpy as np
        import torch
        from op import upfirdn2d
        from . import utils

        @utils.register_model(name="ncsnpp")
        class NCSNpp(torch.nn.Module):
            def __init__(self, config):
                super().__init__()
                self.conv = torch.nn.Conv2d(1, 1, 3, padding=1)
                self.emb = torch.nn.Linear(1, 1)
                self.scale = config.training.sde == "vesde"
                n = config.model.num_scales  # a float64 buffer, as NCSN++ has
                self.register_buffer("sigmas", torch.tensor(np.exp(np.linspace(np.log(50.0), np.log(0.01), n))))

            def forward(self, x, labels):
                h = upfirdn2d(torch.tanh(self.conv(x)) + self.emb(labels.float()[:, None] / 100)[:, :, None, None])
                if self.scale and labels.dtype == torch.long:
                    h = h / self.sigmas[labels][:, None, None, None]
                elif self.scale:
                    h = h / labels[:, None, None, None]
                return h
        ''',
    "models/ddpm.py": "from . import utils\n",
    "models/ncsnv2.py": "from . import utils\n",
    "models/ema.py": '''
        class ExponentialMovingAverage:
            def __init__(self, parameters, decay):
                self.decay, self.shadow_params = decay, [p.clone().detach() for p in parameters]

            def state_dict(self):
                return dict(decay=self.decay, shadow_params=self.shadow_params)

            def load_state_dict(self, state):
                self.decay, self.shadow_params = state["decay"], state["shadow_params"]

            def copy_to(self, parameters):
                for s, p in zip(self.shadow_params, parameters):
                    p.data.copy_(s.data)
        ''',
    "op/__init__.py": '''
        import os
        from torch.utils.cpp_extension import load
        # as score_sde's op/: compiles a CUDA kernel at import time (fails without nvcc, or here: no source)
        _ext = load("upfirdn2d", sources=[os.path.join(os.path.dirname(__file__), "upfirdn2d_kernel.cu")])

        def upfirdn2d(x):
            return x  # the CPU path
        ''',
    "sde_lib.py": '''
        import torch

        class VPSDE:
            def __init__(self, beta_min, beta_max, N):
                self.discrete_betas = torch.linspace(beta_min / N, beta_max / N, N)
                self.sqrt_1m_alphas_cumprod = torch.sqrt(1. - torch.cumprod(1. - self.discrete_betas, dim=0))
        ''',
}


class MiniatureRepoTest(unittest.TestCase):
    """A miniature of a repository written to a temporary folder; the modules it imports (and the exporter's
    shims) and the sys.path entries it adds are undone after each test."""

    def setUp(self):
        torch.manual_seed(0)
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.modules = set(sys.modules)
        self.path = list(sys.path)

    def tearDown(self):
        for m in set(sys.modules) - self.modules:
            del sys.modules[m]
        sys.path[:] = self.path

    @staticmethod
    def write_repo(root, files, fill=lambda name, text: text):
        """Writes {relative path: source} under root, each source dedented and passed through fill(name, text)."""
        for name, text in files.items():
            path = os.path.join(root, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(fill(name, textwrap.dedent(text)))
        return root


class ScoreSdeRecipeTest(MiniatureRepoTest):
    def repo(self, sde, continuous, centered):
        return self.write_repo(os.path.join(self.tmp, f"score_sde-{sde}-{continuous}"), FAKE_SCORE_SDE,
                               lambda name, text: text.format(sde=sde, continuous=continuous, centered=centered)
                               if name.startswith("configs") else text)

    def test_registry_cuda_import_and_cards(self):
        """The recipe fills the registry, imports op without compiling it, reads the config without ml_collections,
        and its wrapper is score_sde's score function under the card's conventions."""
        for sde, continuous, want in (("vesde", True, "score"), ("vesde", False, "score"), ("vpsde", True, "eps"),
                                      ("vpsde", False, "score"), ("subvpsde", True, "eps")):
            with self.subTest(sde=sde, continuous=continuous):
                repo = self.repo(sde, continuous, sde != "vesde")
                sys.path.insert(0, repo)
                from torch.utils import cpp_extension
                real_load = cpp_extension.load
                with self.assertRaises(KeyError):  # the registry is empty until models.ncsnpp is imported
                    import models.utils
                    models.utils.create_model(ex.load_score_sde_config(repo, "configs/small.py"))
                config = ex.load_score_sde_config(repo, "configs/small.py")
                mutils = ex.score_sde_models(repo)
                self.assertIs(cpp_extension.load, real_load)
                model = mutils.create_model(config)
                from models.ema import ExponentialMovingAverage
                ckpt = os.path.join(self.tmp, f"{sde}-{continuous}.pth")
                torch.save(dict(model=model.state_dict(), ema=ExponentialMovingAverage(model.parameters(), 0.999).state_dict()), ckpt)
                out = os.path.join(self.tmp, f"out-{sde}-{continuous}")
                log = run_export(["score_sde", "--repo", repo, "--config", "configs/small.py", "--checkpoint", ckpt, "--out", out])
                self.assertIn("patch: torch.utils.cpp_extension.load stubbed while importing op", log)
                text = open(os.path.join(out, "rdf.yaml")).read()
                self.assertIn(f"prediction: \"{want}\"", text)
                self.assertIn("schedule: \"sde\"" if sde == "vesde" else "schedule: \"vp\"", text)
                self.assertIn("data: {type: float32}", text)
                sj, cont = ex.score_sde_card(config)
                self.assertEqual(cont, continuous or sde == "subvpsde")
                # D from the exported wrapper against score_sde's own score: D = x + s sigma^2 score (x_t = s x)
                args = types.SimpleNamespace(repo=repo, config="configs/small.py", checkpoint=ckpt)
                with contextlib.redirect_stderr(io.StringIO()):
                    net = ex.load_score_sde(args)[0]
                x = torch.randn(2, 1, 8, 8, dtype=torch.float64)
                t = torch.tensor([0.3, 0.8], dtype=torch.float64)
                n = config.model.num_scales
                if sde == "vesde":
                    sigma = 0.01 * (50 / 0.01) ** t
                    labels = sigma if cont else torch.round((1 - t) * (n - 1)).long()
                    score = model.module(x.float(), labels.float() if cont else labels).double()
                    want_d, s = x + sigma.view(-1, 1, 1, 1) ** 2 * score, 1
                else:
                    b0, b1 = 0.1, 20.0
                    lmc = -0.25 * t ** 2 * (b1 - b0) - 0.5 * t * b0
                    s, std = torch.exp(lmc).view(-1, 1, 1, 1), torch.sqrt(1 - torch.exp(2 * lmc))
                    if sde == "subvpsde":
                        std = 1 - torch.exp(2 * lmc)
                        sigma = std / torch.exp(lmc)
                    else:
                        sigma = std / torch.exp(lmc)
                    labels = t * (999 if cont else n - 1)
                    f = model.module(s.float() * x.float(), labels.float()).double()
                    if not cont:
                        std = torch.sqrt(1 - torch.cumprod(1 - torch.linspace(b0 / n, b1 / n, n), 0))[labels.long()].double()
                    score = -f / std.view(-1, 1, 1, 1)
                    want_d = x + s * sigma.view(-1, 1, 1, 1) ** 2 * score
                with torch.no_grad():
                    ours = denoise(net, sj, x, sigma.double())
                np.testing.assert_allclose(ours.numpy(), want_d.detach().numpy(), rtol=1e-4, atol=1e-4)
                for m in [m for m in sys.modules if m.split(".")[0] in ("models", "op", "sde_lib", "configs")]:
                    del sys.modules[m]
                sys.path.remove(repo)


# ----------------------------------------------------------------------------------------------
# diffusers in miniature: its imports at module load (v0.21.4's, of huggingface_hub and safetensors, which Debian does
# not package) and UNet2DModel.from_pretrained's reading of unet/ (config.json, then .safetensors before .bin)

FAKE_DIFFUSERS = {
    "src/diffusers/__init__.py": '''
        __version__ = "0.0.test"
        from huggingface_hub import create_repo, hf_hub_download
        from huggingface_hub.constants import HUGGINGFACE_HUB_CACHE, hf_cache_home
        from huggingface_hub.file_download import REGEX_COMMIT_HASH
        from huggingface_hub.utils import EntryNotFoundError, RepositoryNotFoundError, is_jinja_available
        from .unet import UNet2DModel
        ''',
    "src/diffusers/unet.py": '''
        import json, os
        import safetensors
        import torch

        class Output:
            def __init__(self, sample):
                self.sample = sample

        class UNet2DModel(torch.nn.Module):
            def __init__(self, sample_size=8, in_channels=1, out_channels=1):
                super().__init__()
                self.config = type("Config", (), dict(sample_size=sample_size, in_channels=in_channels, out_channels=out_channels))
                self.conv = torch.nn.Conv2d(in_channels, out_channels, 3, padding=1)
                self.emb = torch.nn.Linear(1, out_channels)

            def forward(self, sample, timestep):
                t = timestep * torch.ones(sample.shape[0], dtype=torch.float32)
                return Output(torch.tanh(self.conv(sample)) + self.emb(t[:, None] / 1000)[:, :, None, None])

            @classmethod
            def from_pretrained(cls, folder):
                with open(os.path.join(folder, "config.json")) as f:
                    net = cls(**json.load(f))
                safe = os.path.join(folder, "diffusion_pytorch_model.safetensors")
                state = (safetensors.torch.load_file(safe, device="cpu") if os.path.isfile(safe)
                         else torch.load(os.path.join(folder, "diffusion_pytorch_model.bin")))
                net.load_state_dict(state)
                return net
        ''',
}


def write_safetensors(path, tensors):
    """The safetensors format written from its specification (8-byte little-endian header size, JSON header, data)."""
    import json
    import struct
    names = {torch.float32: "F32", torch.float16: "F16", torch.int64: "I64"}
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, t in tensors.items():
        raw = t.contiguous().numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": names[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode()
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


class DiffusersRecipeTest(MiniatureRepoTest):
    def setUp(self):
        super().setUp()
        self.repo = self.write_repo(os.path.join(self.tmp, "diffusers"), FAKE_DIFFUSERS)

    def pipeline(self, scheduler, safetensors):
        sys.path.insert(0, os.path.join(self.repo, "src"))
        ex.install_shims()
        import diffusers
        unet = diffusers.UNet2DModel()
        folder = os.path.join(self.tmp, "pipeline-" + scheduler.get("prediction_type", "epsilon"))
        os.makedirs(os.path.join(folder, "unet"))
        os.makedirs(os.path.join(folder, "scheduler"))
        with open(os.path.join(folder, "unet", "config.json"), "w") as f:
            f.write('{"sample_size": 8, "in_channels": 1, "out_channels": 1}')
        if safetensors:
            write_safetensors(os.path.join(folder, "unet", "diffusion_pytorch_model.safetensors"), unet.state_dict())
        else:
            torch.save(unet.state_dict(), os.path.join(folder, "unet", "diffusion_pytorch_model.bin"))
        with open(os.path.join(folder, "scheduler", "scheduler_config.json"), "w") as f:
            f.write(json.dumps(dict(_class_name="DDPMScheduler", beta_start=0.0001, beta_end=0.02, num_train_timesteps=1000, **scheduler)))
        for m in [m for m in sys.modules if m.split(".")[0] in ("diffusers", "huggingface_hub", "safetensors")]:
            del sys.modules[m]
        sys.path.remove(os.path.join(self.repo, "src"))
        return unet, folder

    def test_diffusers_does_not_import_without_the_shims(self):
        """The failure mode: diffusers imports huggingface_hub at module load, which Debian does not package (made
        unimportable here too, should it be installed)."""
        sys.path.insert(0, os.path.join(self.repo, "src"))
        sys.modules["huggingface_hub"] = None
        with self.assertRaisesRegex(ModuleNotFoundError, "huggingface_hub"):
            import diffusers  # noqa: F401

    def test_shims_raise_when_the_hub_is_called(self):
        hub = ex.huggingface_hub_shim()
        with self.assertRaisesRegex(ex.ShimError, "huggingface_hub.hf_hub_download was called"):
            hub["huggingface_hub"].hf_hub_download("google/ddpm-cifar10-32", "config.json")
        self.assertTrue(issubclass(hub["huggingface_hub.utils"].EntryNotFoundError, OSError))
        self.assertFalse(hub["huggingface_hub.utils"].is_jinja_available())
        with self.assertRaisesRegex(AttributeError, "not in export.py's shim of huggingface_hub"):
            hub["huggingface_hub"].snapshot_download

    def test_read_safetensors(self):
        tensors = {"w": torch.randn(3, 2, 5), "h": torch.randn(4).half(), "i": torch.arange(6).reshape(2, 3), "e": torch.zeros(0)}
        path = os.path.join(self.tmp, "t.safetensors")
        write_safetensors(path, tensors)
        got = ex.read_safetensors(path)
        self.assertEqual(sorted(got), sorted(tensors))
        for k, t in tensors.items():
            self.assertEqual(got[k].dtype, t.dtype)
            torch.testing.assert_close(got[k], t, rtol=0, atol=0)
        with open(path, "r+b") as f:
            f.truncate(os.path.getsize(path) - 4)  # the last tensor's data cut short
        with self.assertRaisesRegex(ValueError, "data_offsets"):
            ex.read_safetensors(path)

    def test_export_eps_and_v_with_the_ddim_settings(self):
        """diffusers imports with the shims (named in the log), its weights load from .safetensors or .bin, and the card
        is the discrete DDPM chain: at each integer timestep the wrapper sees diffusers' x_t and t, and D is
        DDIMScheduler.step's pred_original_sample."""
        for scheduler, safe in ((dict(prediction_type="epsilon"), True),
                                (dict(prediction_type="v_prediction", timestep_spacing="trailing", steps_offset=1,
                                      set_alpha_to_one=False, clip_sample=False), False)):
            with self.subTest(**scheduler):
                unet, folder = self.pipeline(scheduler, safe)
                out = os.path.join(self.tmp, "out-" + scheduler["prediction_type"])
                log = run_export(["diffusers", "--repo", self.repo, "--model", folder, "--out", out])
                self.assertIn("patch: huggingface_hub is not installed", log)
                self.assertIn("patch: safetensors is not installed", log)
                with open(os.path.join(out, "rdf.yaml")) as f:
                    text = f.read()
                self.assertIn("discrete: true", text)
                v = scheduler["prediction_type"] == "v_prediction"
                self.assertIn('prediction: "v"' if v else 'prediction: "eps"', text)
                self.assertIn('options: {spacing: "trailing", steps_offset: 1, set_alpha_to_one: false, clip_sample: 0.0}' if v else
                              'options: {spacing: "leading", steps_offset: 0, set_alpha_to_one: true, clip_sample: 1.0}', text)
                sys.path.insert(0, os.path.join(self.repo, "src"))
                net, sj = ex.load_diffusers(types.SimpleNamespace(repo=self.repo, model=folder))[:2]
                alphas = torch.cumprod(1 - torch.linspace(1e-4, 0.02, 1000, dtype=torch.float64), 0)
                x_t = torch.randn(2, 1, 8, 8, dtype=torch.float64)
                for t in (0, 1, 480, 999):
                    a = alphas[t]
                    sigma = torch.sqrt((1 - a) / a).repeat(2)
                    self.assertAlmostEqual(float(time_input(sj, sigma)[0]), t, delta=1e-6)
                    with torch.no_grad():
                        ours = denoise(net, sj, x_t / a.sqrt(), sigma)
                        f = unet(x_t.float(), torch.tensor(t)).sample.double()
                    theirs = a.sqrt() * x_t - (1 - a).sqrt() * f if v else (x_t - (1 - a).sqrt() * f) / a.sqrt()
                    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-5, atol=1e-5)

    def test_refuses_what_the_card_cannot_say(self):
        with self.assertRaisesRegex(ex.ExportError, "only the linear beta schedule"):
            ex.diffusers_card(dict(beta_schedule="squaredcos_cap_v2"), 8)
        with self.assertRaisesRegex(ex.ExportError, "rescale_betas_zero_snr"):
            ex.diffusers_card(dict(rescale_betas_zero_snr=True), 8)


if __name__ == "__main__":
    unittest.main()
