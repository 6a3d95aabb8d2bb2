"""Tests of the exporter on modules with the interfaces of real checkpoints (run with Debian's Python):

    /usr/bin/python3 -m unittest discover -s models/export -v

The exported folders are then loaded by ScoreJ's Java tests (ExportedModelTest) through ONNX Runtime.
"""
import os
import sys
import tempfile
import unittest

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scorej_export import ExportError, denoise, export  # noqa: E402

EDM = dict(sde="edm", prediction="x0", time_input="log_sigma_quarter", preconditioning="edm", sigma_min=0.002,
           sigma_max=80.0, sigma_data=0.5, data_range=[-1.0, 1.0], image_size=[16, 16], fully_convolutional=True,
           size_multiple=4, defaults=dict(sampler="heun", steps=18, schedule="karras"))
VP_EPS = dict(sde="vp", prediction="eps", time_input="index", beta_min=0.1, beta_max=20.0, num_scales=1000,
              data_range=[-1.0, 1.0], image_size=[16, 16], fully_convolutional=True, size_multiple=4)


class ConvNet(nn.Module):
    """forward(x, t[, cls]) like an EDM SongUNet, a diffusers UNet2DModel or an NCSN++: conv layers and a time bias."""

    def __init__(self, channels=1, classes=0):
        super().__init__()
        self.a = nn.Conv2d(channels, 8, 3, padding=1)
        self.b = nn.Conv2d(8, channels, 3, padding=1)
        self.t = nn.Linear(1, 8)
        self.c = nn.Embedding(classes + 1, 8) if classes else None

    def forward(self, x, t, cls=None):
        e = self.t(t[:, None])
        if self.c is not None:
            e = e + self.c(cls)
        return self.b(torch.tanh(self.a(x) + e[:, :, None, None]))


class Flatten(ConvNet):
    """Not fully convolutional: a linear layer over the whole 16x16 image."""

    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(256, 256)

    def forward(self, x, t, cls=None):
        return self.lin(x.flatten(1)).view_as(x)


class Shrink(ConvNet):
    def forward(self, x, t, cls=None):
        return super().forward(x, t)[:, :, :-1]


class NaN(ConvNet):
    def forward(self, x, t, cls=None):
        return super().forward(x, t) / 0 * 0


class ExportTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.tmp = tempfile.mkdtemp()

    def folder(self, name):
        return os.path.join(self.tmp, name)

    def test_edm_model_folder(self):
        rdf = export(ConvNet(), self.folder("edm"), name="edm-test", description="test", scorej=EDM, channels=1,
                     cover_samples=4, cover_steps=4)
        files = set(os.listdir(self.folder("edm")))
        self.assertTrue({"model.onnx", "rdf.yaml", "cover.png", "test_x.npy", "test_t.npy", "test_out.npy"} <= files, files)
        with open(rdf) as f:
            text = f.read()
        self.assertIn("preconditioning: \"edm\"", text)
        self.assertIn("format_version: 0.5.7", text)
        # bioimage.io 0.5: the input's spatial axes are parameterized, the output's refer to them
        inputs, outputs = text.split("outputs:\n")[0], text.split("outputs:\n")[1].split("weights:\n")[0]
        self.assertEqual(inputs.count("size: {min: 4, step: 4}"), 2, inputs)
        self.assertIn("size: {tensor_id: x, axis_id: y}", outputs)
        self.assertIn("size: {tensor_id: x, axis_id: x}", outputs)
        self.assertNotIn("min:", outputs)
        # test_t is ln(sigma)/4 of sigma 0.2 and 2
        np.testing.assert_allclose(np.load(os.path.join(self.folder("edm"), "test_t.npy")), np.log([0.2, 2.0]) / 4, rtol=1e-6)
        self.assertFalse([f for f in files if f.endswith(".part")])

    def test_class_conditional_and_rgb(self):
        export(ConvNet(3, classes=2), self.folder("cls"), name="cls", description="test", scorej=VP_EPS, channels=3,
               classes=["a", "b"], cover_samples=2, cover_steps=3)
        with open(os.path.join(self.folder("cls"), "rdf.yaml")) as f:
            text = f.read()
        self.assertIn("null_class: 2", text)
        self.assertIn("test_class.npy", text)
        self.assertEqual(np.load(os.path.join(self.folder("cls"), "test_x.npy")).shape, (2, 3, 16, 16))

    def test_denoiser_conventions_agree(self):
        """An eps network and the x0 network it implies give the same D(x; sigma)."""
        net = ConvNet()
        sj_eps = dict(VP_EPS, time_input="t")

        class AsX0(nn.Module):
            def forward(self, x_t, t):
                sigma = torch.sqrt(torch.expm1(0.5 * t ** 2 * 19.9 + 0.1 * t)).view(-1, 1, 1, 1)
                return x_t * torch.sqrt(1 + sigma ** 2) - sigma * net(x_t, t)

        x = torch.randn(2, 1, 16, 16, dtype=torch.float64)
        sig = torch.tensor([0.3, 3.0], dtype=torch.float64)
        with torch.no_grad():
            d_eps = denoise(net, sj_eps, x, sig)
            d_x0 = denoise(AsX0(), dict(sj_eps, prediction="x0"), x, sig)
        np.testing.assert_allclose(d_eps.numpy(), d_x0.numpy(), rtol=1e-4, atol=1e-4)

    def test_refuses_wrong_output_shape(self):
        with self.assertRaisesRegex(ExportError, r"output has shape \(2, 1, 15, 16\), its input \(2, 1, 16, 16\)"):
            export(Shrink(), self.folder("s"), name="s", description="", scorej=EDM, channels=1)
        self.assertFalse(os.path.exists(os.path.join(self.folder("s"), "model.onnx")))

    def test_refuses_non_finite(self):
        with self.assertRaisesRegex(ExportError, "non-finite values on the test tensor"):
            export(NaN(), self.folder("n"), name="n", description="", scorej=EDM, channels=1)

    def test_refuses_card_contradicting_graph(self):
        with self.assertRaisesRegex(ExportError, "fully_convolutional with size_multiple 4"):
            export(Flatten(), self.folder("f"), name="f", description="", scorej=EDM, channels=1)
        with self.assertRaisesRegex(ExportError, "fails on input|channels"):
            export(ConvNet(3), self.folder("c"), name="c", description="", scorej=EDM, channels=1)
        with self.assertRaisesRegex(ExportError, "class input"):
            export(ConvNet(), self.folder("k"), name="k", description="", scorej=EDM, channels=1, classes=["a", "b"])
        with self.assertRaisesRegex(ExportError, r"image_size \[18, 16\] is not a multiple of size_multiple 4"):
            export(ConvNet(), self.folder("m"), name="m", description="", scorej=dict(EDM, image_size=[18, 16]), channels=1)
        with self.assertRaisesRegex(ExportError, "prediction must be one of"):
            export(ConvNet(), self.folder("p"), name="p", description="", scorej=dict(EDM, prediction="noise"), channels=1)
        with self.assertRaisesRegex(ExportError, "sigma_max is missing"):
            sj = dict(EDM)
            del sj["sigma_max"]
            export(ConvNet(), self.folder("q"), name="q", description="", scorej=sj, channels=1)


if __name__ == "__main__":
    unittest.main()
