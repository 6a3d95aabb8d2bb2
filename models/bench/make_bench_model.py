"""A timing-only model for `scorej bench`: an EDM-preconditioned convolutional network of a
realistic cost (about 1.2 GFLOP per 32x32 image) with *random* weights.

The analytic models cost almost nothing per call, so the sampler's own arithmetic looks large
next to them; this network lets `scorej bench` measure the overhead against a network of the
size a small real score model has. Its samples are meaningless. Run with Debian's python3-torch:

    /usr/bin/python3 models/bench/make_bench_model.py
"""
import hashlib
import math
import os

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "bench-convnet-random")


class ConvNet(nn.Module):
    """F(x, c_noise): 8 conv layers of 64 channels, the noise level added as a channel bias."""

    def __init__(self, width=64, depth=8):
        super().__init__()
        self.inp = nn.Conv2d(1, width, 3, padding=1)
        self.body = nn.ModuleList(nn.Conv2d(width, width, 3, padding=1) for _ in range(depth - 2))
        self.emb = nn.Linear(1, width)
        self.out = nn.Conv2d(width, 1, 3, padding=1)

    def forward(self, x, t):
        h = torch.relu(self.inp(x) + self.emb(t[:, None])[:, :, None, None])
        for conv in self.body:
            h = h + torch.relu(conv(h)) * 0.1
        return torch.tanh(self.out(h))


def main():
    torch.manual_seed(0)
    os.makedirs(OUT, exist_ok=True)
    net = ConvNet().eval()
    x, t = torch.randn(2, 1, 32, 32), torch.zeros(2)
    path = os.path.join(OUT, "model.onnx")
    torch.onnx.export(net, (x, t), path, input_names=["x", "t"], output_names=["out"], opset_version=17,
                      dynamic_axes={"x": {0: "n", 2: "h", 3: "w"}, "t": {0: "n"}, "out": {0: "n", 2: "h", 3: "w"}})
    sha = hashlib.sha256(open(path, "rb").read()).hexdigest()
    flops = sum(p.numel() for p in net.parameters()) * 2 * 32 * 32
    with open(os.path.join(OUT, "rdf.yaml"), "w") as f:
        f.write(f"""# Written by models/bench/make_bench_model.py: do not edit by hand.
format_version: 0.5.7
type: model
name: bench-convnet-random
description: "Timing only: an EDM-preconditioned 8-layer, 64-channel conv net with RANDOM weights (about {flops / 1e9:.1f} GFLOP per 32x32 image), so that scorej bench measures sampler overhead against a network of realistic cost. Its samples are meaningless."
authors:
  - name: ScoreJ contributors
license: MIT
tags: [benchmark, scorej]
inputs:
  - id: x
    axes:
      - type: batch
      - type: channel
        channel_names: ["c0"]
      - type: space
        id: y
        size: {{min: 8, step: 8}}
      - type: space
        id: x
        size: {{min: 8, step: 8}}
    data: {{type: float32}}
  - id: t
    axes:
      - type: batch
    data: {{type: float32}}
outputs:
  - id: out
    axes:
      - type: batch
      - type: channel
        channel_names: ["c0"]
      - type: space
        id: y
        size: {{tensor_id: x, axis_id: y}}
      - type: space
        id: x
        size: {{tensor_id: x, axis_id: x}}
    data: {{type: float32}}
weights:
  onnx:
    source: model.onnx
    sha256: "{sha}"
    opset_version: 17
config:
  scorej:
    sde: "edm"
    prediction: "x0"
    time_input: "log_sigma_quarter"
    preconditioning: "edm"
    sigma_min: 0.002
    sigma_max: 80.0
    sigma_data: 0.5
    data_range: [-1.0, 1.0]
    image_size: [32, 32]
    fully_convolutional: true
    size_multiple: 8
    defaults: {{sampler: "heun", steps: 18, schedule: "karras"}}
""")
    print(f"wrote {OUT} ({os.path.getsize(path) / 1e6:.2f} MB, sha256 {sha})")


if __name__ == "__main__":
    main()
