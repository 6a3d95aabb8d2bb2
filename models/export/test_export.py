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


class RecipeTest(unittest.TestCase):
    """The wrappers and cards of export.py on modules with the interfaces of the real checkpoints."""

    def setUp(self):
        torch.manual_seed(0)
        self.tmp = tempfile.mkdtemp()

    def test_score_sde_ve_and_vp(self):
        from types import SimpleNamespace as NS
        import export as ex

        class Ncsnpp(nn.Module):  # model(x, labels) -> score-sized output
            def __init__(self):
                super().__init__()
                self.net = ConvNet(3)

            def forward(self, x, labels):
                return self.net(x, labels)

        for sde, centered, want in (("vesde", False, "score"), ("vpsde", True, "eps"), ("subvpsde", True, "eps")):
            cfg = NS(training=NS(sde=sde, continuous=True), data=NS(centered=centered, image_size=16),
                     model=NS(sigma_min=0.01, sigma_max=50, num_scales=1000, beta_min=0.1, beta_max=20))
            sj = ex.score_sde_card(cfg)
            self.assertEqual(sj["prediction"], want)
            self.assertEqual(sj["data_range"], [-1.0, 1.0] if centered else [0.0, 1.0])
            export(ex.ScoreSdeWrapper(Ncsnpp()), os.path.join(self.tmp, sde), name=sde, description="", scorej=sj,
                   channels=3, cover_samples=2, cover_steps=2)
        with self.assertRaises(SystemExit):
            ex.score_sde_card(NS(training=NS(sde="vesde", continuous=False), data=NS(centered=False, image_size=16),
                                 model=NS()))

    def test_diffusers_unet(self):
        import export as ex

        class Out:
            def __init__(self, sample):
                self.sample = sample

        class Unet(nn.Module):  # unet(sample, timestep).sample
            def __init__(self):
                super().__init__()
                self.net = ConvNet(3)

            def forward(self, sample, timestep):
                return Out(self.net(sample, timestep))

        sj = ex.diffusers_card(dict(beta_start=1e-4, beta_end=0.02, num_train_timesteps=1000, beta_schedule="linear",
                                    prediction_type="v_prediction"), 16)
        self.assertAlmostEqual(sj["beta_min"], 0.1)
        self.assertAlmostEqual(sj["beta_max"], 20.0)
        self.assertEqual(sj["prediction"], "v")
        export(ex.DiffusersWrapper(Unet()), os.path.join(self.tmp, "ddpm"), name="ddpm", description="", scorej=sj,
               channels=3, cover_samples=2, cover_steps=2)
        with self.assertRaises(SystemExit):
            ex.diffusers_card(dict(beta_schedule="squaredcos_cap_v2"), 16)

    def test_edm_precond_with_one_hot_classes(self):
        import export as ex

        class Inner(nn.Module):  # F(x, c_noise, class_labels one-hot)
            def __init__(self):
                super().__init__()
                self.net = ConvNet(3)
                self.lab = nn.Linear(4, 8)

            def forward(self, x, noise_labels, class_labels=None):
                return self.net(x, noise_labels) + self.lab(class_labels).mean(1)[:, None, None, None]

        class Precond(nn.Module):
            def __init__(self):
                super().__init__()
                self.model, self.label_dim, self.img_resolution, self.sigma_data = Inner(), 4, 16, 0.5

        wrapped = ex.EdmWrapper(Precond())
        x, t = torch.randn(2, 3, 16, 16), torch.zeros(2)
        # the null class (4) is EDM's all-zero label vector
        null = wrapped(x, t, torch.tensor([4, 4]))
        direct = wrapped.model(x, t, class_labels=torch.zeros(2, 4))
        self.assertTrue(torch.allclose(null, direct))
        export(wrapped, os.path.join(self.tmp, "edm"), name="edm", description="", scorej=ex.edm_card(Precond()),
               channels=3, classes=["a", "b", "c", "d"], cover_samples=4, cover_steps=2)
        self.assertIn("null_class: 4", open(os.path.join(self.tmp, "edm", "rdf.yaml")).read())
