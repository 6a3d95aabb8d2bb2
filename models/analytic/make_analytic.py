#!/usr/bin/python3
"""Writes ScoreJ's analytic models: tiny ONNX networks whose output is the exact closed form of a
Gaussian-mixture data distribution, expressed as each kind of network ScoreJ wraps.

Data: component k is a constant image of value m_k plus white noise of std s_k, weight w_k. In
sigma-space (x = x0 + sigma*eps) the exact denoiser is, per batch item over its C*H*W values P,

    D(x; sigma) = sum_k r_k(x) (m_k + s_k^2/(s_k^2 + sigma^2) (x - m_k)),
    log r_k = log w_k - P/2 log(s_k^2 + sigma^2) - |x - m_k|^2 / (2 (s_k^2 + sigma^2)) + const,

the same formula as io.github.scorej.ops.model.GaussianMixtureDenoiser. Each network receives
x_t = s(t) * x_sigma (VP types) or c_in * x_sigma (EDM preconditioning), a time input, and for the
class-conditional model an int64 class (a class selects its component, null_class the mixture),
and returns the score, eps, x0, v or the EDM-preconditioned F that yields this D. Conventions
(those of NetworkDenoiser.java):

    eps:   D = x_sigma - sigma * eps
    score: D = x_sigma + s * sigma^2 * score      (score w.r.t. x_t = s * x_sigma)
    x0:    D = out
    v:     D = sd^2/(sigma^2+sd^2) x_sigma - sigma sd/sqrt(sigma^2+sd^2) v   (sd = sigma_data;
           for VP, sd = 1, this is x0 = alpha x_t - sigma_t v)
    edm preconditioning: D = c_skip x_sigma + c_out F(c_in x_sigma, c_noise)
    time input: t (the SDE's own t), sigma, log_sigma_quarter = ln(sigma)/4, index = t (N-1) for
    vp/subvp and (1 - t)(N-1) for ve (score_sde's labels, here continuous).

Run with Debian's python3 (python3-onnx, numpy): /usr/bin/python3 models/analytic/make_analytic.py
Writes models/analytic/<name>/{model.onnx, rdf.yaml, test_*.npy}.
"""
import math
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "export"))
from card_yaml import FORMAT_VERSION, sha256, yaml_value  # noqa: E402

OPSET = 17

MODELS = [
    # the bundled demo: `scorej generate` uses it by default
    dict(name="gaussian-mixture-edm", sde="edm", prediction="x0", time_input="log_sigma_quarter",
         preconditioning="edm", sigma_min=0.002, sigma_max=80, sigma_data=0.5, channels=1,
         weights=[0.3, 0.4, 0.3], means=[-0.7, 0.0, 0.7], stds=[0.1, 0.15, 0.1],
         defaults=dict(sampler="heun", steps=18, schedule="karras"),
         description="Demo: a mixture of three constant images (dark, grey, bright) plus white noise, "
                     "as an EDM-preconditioned network F with c_noise = ln(sigma)/4."),
    dict(name="gaussian-mixture-ve-score-sigma", sde="ve", prediction="score", time_input="sigma",
         sigma_min=0.01, sigma_max=50, channels=1,
         weights=[0.5, 0.5], means=[-0.5, 0.5], stds=[0.2, 0.2],
         defaults=dict(sampler="pc", steps=1000, schedule="sde"),
         description="VE SDE, score network conditioned on sigma (NCSN++ continuous)."),
    dict(name="gaussian-mixture-ve-eps-index", sde="ve", prediction="eps", time_input="index",
         sigma_min=0.01, sigma_max=50, num_scales=1000, channels=1,
         weights=[0.5, 0.5], means=[-0.5, 0.5], stds=[0.2, 0.2],
         defaults=dict(sampler="pc", steps=1000, schedule="sde"),
         description="VE SDE, eps network on the discrete NCSN label (1 - t)(N - 1)."),
    dict(name="gaussian-mixture-vp-eps-index", sde="vp", prediction="eps", time_input="index",
         beta_min=0.1, beta_max=20, num_scales=1000, channels=1,
         weights=[0.6, 0.4], means=[-0.4, 0.6], stds=[0.15, 0.25],
         defaults=dict(sampler="dpmpp_2m", steps=20, schedule="karras"),
         description="VP SDE (DDPM), eps network on the label t(N - 1) (score_sde's 999 t)."),
    dict(name="gaussian-mixture-vp-v-t", sde="vp", prediction="v", time_input="t",
         beta_min=0.1, beta_max=20, channels=3,
         weights=[0.5, 0.3, 0.2], means=[-0.6, 0.1, 0.8], stds=[0.1, 0.2, 0.1],
         defaults=dict(sampler="dpmpp_2m", steps=20, schedule="karras"),
         description="VP SDE, v-prediction on continuous t, three channels."),
    dict(name="gaussian-mixture-vp-x0-sigma", sde="vp", prediction="x0", time_input="sigma",
         beta_min=0.1, beta_max=20, channels=1,
         weights=[0.5, 0.5], means=[-0.5, 0.5], stds=[0.2, 0.2],
         defaults=dict(sampler="euler", steps=50, schedule="karras"),
         description="VP SDE, x0-prediction conditioned on the sigma-space noise level."),
    dict(name="gaussian-mixture-subvp-score-t", sde="subvp", prediction="score", time_input="t",
         beta_min=0.1, beta_max=20, channels=1,
         weights=[0.5, 0.5], means=[-0.5, 0.5], stds=[0.2, 0.2],
         defaults=dict(sampler="pc", steps=1000, schedule="sde"),
         description="sub-VP SDE, score network on continuous t."),
    dict(name="gaussian-mixture-edm-v-sigma", sde="edm", prediction="v", time_input="sigma",
         sigma_min=0.002, sigma_max=80, sigma_data=0.5, channels=1,
         weights=[0.5, 0.5], means=[-0.5, 0.5], stds=[0.2, 0.2],
         defaults=dict(sampler="heun", steps=18, schedule="karras"),
         description="EDM noise levels, v-prediction with sigma_data = 0.5, no preconditioning."),
    dict(name="gaussian-mixture-pfgmpp-x0-lsq", sde="pfgmpp", prediction="x0", time_input="log_sigma_quarter",
         preconditioning="edm", sigma_min=0.002, sigma_max=80, sigma_data=0.5, D=128, channels=1,
         weights=[0.5, 0.5], means=[-0.5, 0.5], stds=[0.2, 0.2],
         defaults=dict(sampler="heun", steps=18, schedule="karras"),
         description="PFGM++ (D = 128) with EDM preconditioning. The network is the Gaussian "
                     "(D -> infinity) denoiser, which PFGM++ approximates at large D."),
    dict(name="gaussian-mixture-vp-eps-t-classes", sde="vp", prediction="eps", time_input="t",
         beta_min=0.1, beta_max=20, channels=1,
         weights=[1 / 3, 1 / 3, 1 / 3], means=[-0.7, 0.0, 0.7], stds=[0.1, 0.1, 0.1],
         classes=["dark", "grey", "bright"], null_class=3,
         defaults=dict(sampler="dpmpp_2m", steps=20, schedule="karras"),
         description="Class-conditional VP eps network: class k gives component k, the null class "
                     "(3) the whole mixture, for classifier-free guidance."),
    dict(name="gaussian-edm", sde="edm", prediction="x0", time_input="log_sigma_quarter",
         preconditioning="edm", sigma_min=0.002, sigma_max=80, sigma_data=0.5, channels=3,
         weights=[1.0], means=[0.1], stds=[0.4],
         defaults=dict(sampler="heun", steps=18, schedule="karras"),
         description="A Gaussian prior: every pixel of every channel i.i.d. N(0.1, 0.4^2). With a linear "
                     "Gaussian measurement the posterior is Gaussian and known in closed form: the "
                     "conditional samplers are tested against it."),
]


class Graph:
    def __init__(self):
        self.nodes, self.inits, self.n = [], [], 0

    def name(self, p):
        self.n += 1
        return f"{p}_{self.n}"

    def const(self, value, dtype=np.float32):
        nm = self.name("c")
        self.inits.append(numpy_helper.from_array(np.asarray(value, dtype=dtype), nm))
        return nm

    def op(self, op, *inputs, **attrs):
        out = self.name(op.lower())
        self.nodes.append(helper.make_node(op, list(inputs), [out], **attrs))
        return out

    def add(self, a, b): return self.op("Add", a, b)
    def sub(self, a, b): return self.op("Sub", a, b)
    def mul(self, a, b): return self.op("Mul", a, b)
    def div(self, a, b): return self.op("Div", a, b)
    def sqrt(self, a): return self.op("Sqrt", a)
    def exp(self, a): return self.op("Exp", a)
    def log(self, a): return self.op("Log", a)
    def f(self, v): return self.const(v)


def sigma_from_time(g, m, t):
    """sigma [N] from the network's time input [N]."""
    ti, sde = m["time_input"], m["sde"]
    if ti == "sigma":
        return t
    if ti == "log_sigma_quarter":
        return g.exp(g.mul(t, g.f(4.0)))
    if ti == "index":
        n1 = m.get("num_scales", 1000) - 1
        t = g.div(t, g.f(n1))
        if sde == "ve":
            t = g.sub(g.f(1.0), t)
    # t: the SDE's own time
    if sde in ("edm", "pfgmpp"):
        return t
    if sde == "ve":
        smin, smax = m["sigma_min"], m["sigma_max"]
        return g.mul(g.f(smin), g.exp(g.mul(t, g.f(math.log(smax / smin)))))
    b0, b1 = m["beta_min"], m["beta_max"]
    logm = g.sub(g.mul(g.mul(t, t), g.f(-0.25 * (b1 - b0))), g.mul(t, g.f(0.5 * b0)))
    if sde == "vp":
        return g.sqrt(g.sub(g.exp(g.mul(logm, g.f(-2.0))), g.f(1.0)))
    if sde == "subvp":
        return g.sub(g.exp(g.mul(logm, g.f(-1.0))), g.exp(logm))
    raise ValueError(sde)


def input_scale(g, m, sig):
    """The factor the network input carries: x_in = scale * x_sigma ([N,1,1,1])."""
    if m.get("preconditioning") == "edm":
        sd2 = m["sigma_data"] ** 2
        return g.div(g.f(1.0), g.sqrt(g.add(g.mul(sig, sig), g.f(sd2))))
    if m["sde"] == "vp":
        return g.div(g.f(1.0), g.sqrt(g.add(g.mul(sig, sig), g.f(1.0))))
    if m["sde"] == "subvp":
        return g.div(g.f(2.0), g.add(g.sqrt(g.add(g.mul(sig, sig), g.f(4.0))), sig))  # (sqrt(sigma^2+4) - sigma)/2, stably
    return None


def build(m):
    g = Graph()
    classes = m.get("classes")
    K = len(m["weights"])
    w = np.asarray(m["weights"], np.float64)
    w = w / w.sum()
    t = "t"
    sig1 = sigma_from_time(g, m, t)
    sig = g.op("Reshape", sig1, g.const([-1, 1, 1, 1], np.int64))  # [N,1,1,1]
    scale = input_scale(g, m, sig)
    xs = "x" if scale is None else g.div("x", scale)
    # P = C*H*W as float
    shp = g.op("Shape", "x")
    chw = g.op("Slice", shp, g.const([1], np.int64), g.const([4], np.int64))
    P = g.op("Cast", g.op("ReduceProd", chw, keepdims=1), to=TensorProto.FLOAT)  # [1]
    sig2 = g.mul(sig, sig)
    logits, parts = [], []
    for k in range(K):
        mk, sk2 = m["means"][k], m["stds"][k] ** 2
        v = g.add(sig2, g.f(sk2))
        d = g.sub(xs, g.f(mk))
        ss = g.op("ReduceSum", g.mul(d, d), g.const([1, 2, 3], np.int64), keepdims=1)
        lr = g.sub(g.sub(g.f(math.log(w[k])), g.mul(g.mul(P, g.f(0.5)), g.log(v))),
                   g.div(ss, g.mul(v, g.f(2.0))))
        logits.append(lr)
        parts.append(g.add(g.f(mk), g.mul(g.div(g.f(sk2), v), d)))
    logit = g.op("Concat", *logits, axis=1)  # [N,K,1,1]
    if classes:
        cls = g.op("Reshape", "class", g.const([-1, 1, 1, 1], np.int64))
        onehot = g.op("Equal", cls, g.const(np.arange(K).reshape(1, K, 1, 1), np.int64))
        isnull = g.op("Equal", cls, g.const(m["null_class"], np.int64))
        keep = g.op("Or", onehot, isnull)
        logit = g.op("Where", keep, logit, g.f(-1e30))
    r = g.op("Softmax", logit, axis=1)
    D = None
    for k in range(K):
        rk = g.op("Gather", r, g.const([k], np.int64), axis=1)
        term = g.mul(rk, parts[k])
        D = term if D is None else g.add(D, term)
    # D -> the network's prediction
    pred = m["prediction"]
    if m.get("preconditioning") == "edm":
        sd2 = m["sigma_data"] ** 2
        den = g.add(sig2, g.f(sd2))
        cskip = g.div(g.f(sd2), den)
        cout = g.div(g.mul(sig, g.f(m["sigma_data"])), g.sqrt(den))
        out = g.div(g.sub(D, g.mul(cskip, xs)), cout)
    elif pred == "x0":
        out = D
    elif pred == "eps":
        out = g.div(g.sub(xs, D), sig)
    elif pred == "score":
        s = g.f(1.0) if scale is None or m["sde"] not in ("vp", "subvp") else scale
        out = g.div(g.sub(D, xs), g.mul(s, sig2))
    elif pred == "v":
        sd = m.get("sigma_data", 1.0)
        den = g.add(sig2, g.f(sd * sd))
        cskip = g.div(g.f(sd * sd), den)
        cout = g.div(g.mul(sig, g.f(sd)), g.sqrt(den))
        out = g.div(g.sub(g.mul(cskip, xs), D), cout)
    else:
        raise ValueError(pred)
    g.nodes.append(helper.make_node("Identity", [out], ["out"]))
    dims = ["N", m["channels"], "H", "W"]
    inputs = [helper.make_tensor_value_info("x", TensorProto.FLOAT, dims),
              helper.make_tensor_value_info("t", TensorProto.FLOAT, ["N"])]
    if classes:
        inputs.append(helper.make_tensor_value_info("class", TensorProto.INT64, ["N"]))
    outputs = [helper.make_tensor_value_info("out", TensorProto.FLOAT, dims)]
    graph = helper.make_graph(g.nodes, m["name"].replace("-", "_"), inputs, outputs, g.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="scorej make_analytic.py")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


# ---- numpy reference (float64), for the test tensors ----

def np_sigma(m, t):
    ti, sde = m["time_input"], m["sde"]
    if ti == "sigma":
        return t
    if ti == "log_sigma_quarter":
        return np.exp(4 * t)
    if ti == "index":
        t = t / (m.get("num_scales", 1000) - 1)
        if sde == "ve":
            t = 1 - t
    if sde in ("edm", "pfgmpp"):
        return t
    if sde == "ve":
        return m["sigma_min"] * (m["sigma_max"] / m["sigma_min"]) ** t
    b0, b1 = m["beta_min"], m["beta_max"]
    logm = -0.25 * t * t * (b1 - b0) - 0.5 * t * b0
    return np.sqrt(np.expm1(-2 * logm)) if sde == "vp" else 2 * np.sinh(-logm)


def np_reference(m, x, t, cls):
    sig = np_sigma(m, t.astype(np.float64)).reshape(-1, 1, 1, 1)
    if m.get("preconditioning") == "edm":
        scale = 1 / np.sqrt(sig ** 2 + m["sigma_data"] ** 2)
    elif m["sde"] == "vp":
        scale = 1 / np.sqrt(sig ** 2 + 1)
    elif m["sde"] == "subvp":
        scale = 2 / (np.sqrt(sig ** 2 + 4) + sig)
    else:
        scale = np.ones_like(sig)
    xs = x.astype(np.float64) / scale
    w = np.asarray(m["weights"], np.float64)
    w = w / w.sum()
    P = xs[0].size
    logit, parts = [], []
    for k in range(len(w)):
        v = sig ** 2 + m["stds"][k] ** 2
        d = xs - m["means"][k]
        logit.append(np.log(w[k]) - 0.5 * P * np.log(v) - (d * d).sum(axis=(1, 2, 3), keepdims=True) / (2 * v))
        parts.append(m["means"][k] + m["stds"][k] ** 2 / v * d)
    logit = np.concatenate(logit, axis=1)
    if cls is not None:
        keep = (cls.reshape(-1, 1, 1, 1) == np.arange(len(w)).reshape(1, -1, 1, 1)) | \
               (cls.reshape(-1, 1, 1, 1) == m["null_class"])
        logit = np.where(keep, logit, -1e30)
    r = np.exp(logit - logit.max(axis=1, keepdims=True))
    r /= r.sum(axis=1, keepdims=True)
    D = sum(r[:, k:k + 1] * parts[k] for k in range(len(w)))
    pred = m["prediction"]
    if m.get("preconditioning") == "edm":
        sd = m["sigma_data"]
        out = (D - sd ** 2 / (sig ** 2 + sd ** 2) * xs) / (sig * sd / np.sqrt(sig ** 2 + sd ** 2))
    elif pred == "x0":
        out = D
    elif pred == "eps":
        out = (xs - D) / sig
    elif pred == "score":
        s = scale if m["sde"] in ("vp", "subvp") else 1
        out = (D - xs) / (s * sig ** 2)
    else:
        sd = m.get("sigma_data", 1.0)
        out = (sd ** 2 / (sig ** 2 + sd ** 2) * xs - D) / (sig * sd / np.sqrt(sig ** 2 + sd ** 2))
    return out.astype(np.float32)


def q(s):
    return '"' + s + '"'


def test_inputs(m, rng, size):
    """Two batch items: a noisy sample of component 0 and one of the last component."""
    N, C = 2, m["channels"]
    sigmas = np.array([0.3, 2.0])
    x0 = np.stack([np.full((C, size, size), m["means"][0]), np.full((C, size, size), m["means"][-1])])
    xs = x0 + sigmas.reshape(-1, 1, 1, 1) * rng.standard_normal((N, C, size, size))
    # time input from sigma, and the network input x_in = scale * x_sigma
    if m.get("preconditioning") == "edm":
        scale = 1 / np.sqrt(sigmas ** 2 + m["sigma_data"] ** 2)
    elif m["sde"] == "vp":
        scale = 1 / np.sqrt(sigmas ** 2 + 1)
    elif m["sde"] == "subvp":
        scale = 2 / (np.sqrt(sigmas ** 2 + 4) + sigmas)
    else:
        scale = np.ones(N)
    ti, sde = m["time_input"], m["sde"]
    if ti == "sigma":
        t = sigmas
    elif ti == "log_sigma_quarter":
        t = np.log(sigmas) / 4
    else:
        if sde in ("edm", "pfgmpp"):
            tt = sigmas
        elif sde == "ve":
            tt = np.log(sigmas / m["sigma_min"]) / math.log(m["sigma_max"] / m["sigma_min"])
        elif sde == "vp":
            b0, bd = m["beta_min"], m["beta_max"] - m["beta_min"]
            c = np.log1p(sigmas ** 2)
            tt = 2 * c / (b0 + np.sqrt(b0 * b0 + 2 * bd * c))
        else:
            a, b = 0.25 * (m["beta_max"] - m["beta_min"]), 0.5 * m["beta_min"]
            c = np.arcsinh(sigmas / 2)
            tt = 2 * c / (b + np.sqrt(b * b + 4 * a * c))
        n1 = m.get("num_scales", 1000) - 1
        t = tt if ti == "t" else ((1 - tt) * n1 if sde == "ve" else tt * n1)
    x = (xs * scale.reshape(-1, 1, 1, 1)).astype(np.float32)
    cls = np.array([0, m["null_class"]], np.int64) if m.get("classes") else None
    return x, t.astype(np.float32), cls


def write(m):
    folder = os.path.join(HERE, m["name"])
    os.makedirs(folder, exist_ok=True)
    model = build(m)
    onnx_path = os.path.join(folder, "model.onnx")
    onnx.save(model, onnx_path)
    size = 32
    rng = np.random.default_rng(1234)
    x, t, cls = test_inputs(m, rng, size)
    out = np_reference(m, x, t, cls)
    tensors = {"x": x, "t": t, "out": out}
    if cls is not None:
        tensors["class"] = cls
    shas = {}
    for k, a in tensors.items():
        p = os.path.join(folder, f"test_{k}.npy")
        np.save(p, a)
        shas[k] = sha256(p)
    C = m["channels"]
    img_axes = ("      - type: batch\n"
                "      - type: channel\n"
                f"        channel_names: {yaml_value(['c%d' % c for c in range(C)])}\n"
                "      - type: space\n        id: y\n        size: {min: 8, step: 8}\n"
                "      - type: space\n        id: x\n        size: {min: 8, step: 8}\n")
    # bioimage.io 0.5: only inputs may be parameterized; an output axis refers to the input's
    out_axes = (img_axes.replace("id: y\n        size: {min: 8, step: 8}", "id: y\n        size: {tensor_id: x, axis_id: y}")
                .replace("id: x\n        size: {min: 8, step: 8}", "id: x\n        size: {tensor_id: x, axis_id: x}"))
    ins = ("  - id: x\n"
           "    description: noisy image, the network input x_t (NCHW, float32)\n"
           "    axes:\n" + img_axes +
           f"    test_tensor: {{source: test_x.npy, sha256: {q(shas['x'])}}}\n"
           "    data: {type: float32}\n"
           "  - id: t\n"
           f"    description: time input ({m['time_input']})\n"
           "    axes:\n      - type: batch\n"
           f"    test_tensor: {{source: test_t.npy, sha256: {q(shas['t'])}}}\n"
           "    data: {type: float32}\n")
    if cls is not None:
        ins += ("  - id: class\n"
                "    description: class label, int64; null_class for the unconditional model\n"
                "    axes:\n      - type: batch\n"
                f"    test_tensor: {{source: test_class.npy, sha256: {q(shas['class'])}}}\n"
                "    data: {type: int64}\n")
    outs = ("  - id: out\n"
            f"    description: network output ({m['prediction']}"
            + (", EDM-preconditioned F" if m.get("preconditioning") == "edm" else "") + ")\n"
            "    axes:\n" + out_axes +
            f"    test_tensor: {{source: test_out.npy, sha256: {q(shas['out'])}}}\n"
            "    data: {type: float32}\n")
    sj = dict(sde=m["sde"], prediction=m["prediction"], time_input=m["time_input"])
    if m.get("preconditioning"):
        sj["preconditioning"] = m["preconditioning"]
    for key in ("sigma_min", "sigma_max", "beta_min", "beta_max"):
        if key in m:
            sj[key] = float(m[key])
    sj["num_scales"] = m.get("num_scales", 1000)
    if "sigma_data" in m:
        sj["sigma_data"] = float(m["sigma_data"])
    if "D" in m:
        sj["D"] = m["D"]
    sj["data_range"] = [-1.0, 1.0]
    sj["image_size"] = [size, size]
    sj["fully_convolutional"] = True
    sj["size_multiple"] = 8
    if m.get("classes"):
        sj["classes"] = m["classes"]
        sj["null_class"] = m["null_class"]
    sj["defaults"] = m["defaults"]
    w = np.asarray(m["weights"], np.float64)
    sj["analytic"] = dict(weights=[round(float(v), 12) for v in w / w.sum()],
                          means=[float(v) for v in m["means"]], stds=[float(v) for v in m["stds"]])
    cfg = "".join(f"    {k}: {yaml_value(v)}\n" for k, v in sj.items())
    rdf = (f"# Written by models/analytic/make_analytic.py: do not edit by hand.\n"
           f"format_version: {FORMAT_VERSION}\n"
           "type: model\n"
           f"name: {m['name']}\n"
           f"description: {yaml_value(m['description'])}\n"
           "authors:\n  - name: ScoreJ contributors\n"
           "cite:\n"
           "  - text: Karras et al. 2022, Elucidating the design space of diffusion-based generative models\n"
           "    doi: 10.48550/arXiv.2206.00364\n"
           "  - text: Song et al. 2021, Score-based generative modeling through stochastic differential equations\n"
           "    doi: 10.48550/arXiv.2011.13456\n"
           "license: MIT\n"
           "tags: [diffusion, score-based, analytic, scorej]\n"
           "inputs:\n" + ins +
           "outputs:\n" + outs +
           "weights:\n  onnx:\n    source: model.onnx\n"
           f"    sha256: {q(sha256(onnx_path))}\n"
           f"    opset_version: {OPSET}\n"
           "config:\n  scorej:\n" + cfg)
    with open(os.path.join(folder, "rdf.yaml"), "w") as f:
        f.write(rdf)
    print(m["name"], os.path.getsize(onnx_path), "bytes")


if __name__ == "__main__":
    import sys
    for m in MODELS:
        if len(sys.argv) == 1 or m["name"] in sys.argv[1:]:
            write(m)
