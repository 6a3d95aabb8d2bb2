"""A small, fully convolutional U-Net score network F(x_in, c_noise[, class]) for EDM training.

No attention, so the cost and the behaviour do not depend on the image size: the network runs on
any H, W that are multiples of 2**(len(mult) - 1). The time input is EDM's c_noise = ln(sigma)/4;
the EDM preconditioning (c_skip, c_out, c_in) is applied outside the network, by the trainer here
and by ScoreJ's `preconditioning: edm` at run time.
"""
import math

import torch
from torch import nn
import torch.nn.functional as F


class Fourier(nn.Module):
    """Sinusoidal embedding of a scalar (c_noise) into `dim` features."""

    def __init__(self, dim, max_period=1000.0):
        super().__init__()
        half = dim // 2
        freqs = torch.exp(-math.log(max_period) * torch.arange(half, dtype=torch.float32) / half)
        self.register_buffer("freqs", freqs)

    def forward(self, t):
        a = (t[:, None] * 250.0) * self.freqs[None, :]  # c_noise in about [-1.6, 1.1]: spread it out
        return torch.cat([torch.cos(a), torch.sin(a)], dim=1)


def norm(c):
    return nn.GroupNorm(min(8, c // 4), c)


class ResBlock(nn.Module):
    def __init__(self, cin, cout, emb, dropout):
        super().__init__()
        self.n1, self.c1 = norm(cin), nn.Conv2d(cin, cout, 3, padding=1)
        self.e = nn.Linear(emb, 2 * cout)
        self.n2, self.c2 = norm(cout), nn.Conv2d(cout, cout, 3, padding=1)
        self.drop = nn.Dropout(dropout)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()
        nn.init.zeros_(self.c2.weight)
        nn.init.zeros_(self.c2.bias)

    def forward(self, x, emb):
        h = self.c1(F.silu(self.n1(x)))
        scale, shift = self.e(emb)[:, :, None, None].chunk(2, dim=1)
        h = self.n2(h) * (1 + scale) + shift
        h = self.c2(self.drop(F.silu(h)))
        return (h + self.skip(x)) / math.sqrt(2)


class UNet(nn.Module):
    """forward(x, t[, cls]) with x: N×C×H×W, t: N (c_noise), cls: N int64 (num_classes = null)."""

    def __init__(self, channels=1, base=32, mult=(1, 2, 2), blocks=1, num_classes=0, dropout=0.0):
        super().__init__()
        emb = 4 * base
        self.num_classes = num_classes
        self.fourier = Fourier(base)
        self.t_mlp = nn.Sequential(nn.Linear(base, emb), nn.SiLU(), nn.Linear(emb, emb))
        self.cls = nn.Embedding(num_classes + 1, emb) if num_classes else None
        self.inp = nn.Conv2d(channels, base, 3, padding=1)
        self.down = nn.ModuleList()
        chans, c = [base], base
        for i, m in enumerate(mult):
            for _ in range(blocks):
                self.down.append(ResBlock(c, base * m, emb, dropout))
                c = base * m
                chans.append(c)
            if i < len(mult) - 1:
                self.down.append(nn.Conv2d(c, c, 3, stride=2, padding=1))
                chans.append(c)
        self.mid = nn.ModuleList([ResBlock(c, c, emb, dropout), ResBlock(c, c, emb, dropout)])
        self.up = nn.ModuleList()
        for i, m in reversed(list(enumerate(mult))):
            for _ in range(blocks + 1):
                self.up.append(ResBlock(c + chans.pop(), base * m, emb, dropout))
                c = base * m
            if i > 0:
                self.up.append(nn.Upsample(scale_factor=2, mode="nearest"))
        self.out_norm = norm(c)
        self.out = nn.Conv2d(c, channels, 3, padding=1)
        nn.init.zeros_(self.out.weight)
        nn.init.zeros_(self.out.bias)
        self.size_multiple = 2 ** (len(mult) - 1)

    def forward(self, x, t, cls=None):
        emb = self.t_mlp(self.fourier(t))
        if self.cls is not None:
            emb = emb + self.cls(cls)
        emb = F.silu(emb)
        h = self.inp(x)
        hs = [h]
        for layer in self.down:
            h = layer(h, emb) if isinstance(layer, ResBlock) else layer(h)
            hs.append(h)
        for layer in self.mid:
            h = layer(h, emb)
        for layer in self.up:
            if isinstance(layer, ResBlock):
                h = layer(torch.cat([h, hs.pop()], dim=1), emb)
            else:
                h = layer(h)
        return self.out(F.silu(self.out_norm(h)))
