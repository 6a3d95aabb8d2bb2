#!/usr/bin/env python3
"""ScoreJ (ONNX Runtime, Java) against PyTorch eager on the same network, sampler and NFE (issue 15, item 4).

The network is models/bench/bench-convnet-random (made by models/bench/make_bench_model.py, rebuilt here in
PyTorch from the same code and seed), EDM-preconditioned, sampled by EDM's deterministic Heun sampler
(Karras et al. 2022, Algorithm 2, S_churn = 0) with 18 Karras steps: 35 network evaluations on a batch of
16 images of 32x32. PyTorch runs it eagerly under torch.inference_mode() with torch.set_num_threads(T);
ScoreJ runs it with `scorej bench --samplers heun --threads T`, which reports the sampler's end-to-end time
measured inside the JVM (after warm-up, median of --repeats), so neither side pays for start-up or loading.
The two are interleaved round by round (torch T=1, scorej T=1, torch T=2, scorej T=2, ...) so that a busy
machine slows both alike; the table gives each side's median and the ratio.

    nice /usr/bin/python3 site/bench/torch_vs_scorej.py --rounds 3 --threads 1,2
"""
import argparse
import importlib.util
import math
import os
import re
import statistics
import subprocess
import time

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def network():
    spec = importlib.util.spec_from_file_location("make_bench_model", os.path.join(ROOT, "models", "bench", "make_bench_model.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    torch.manual_seed(0)
    return mod.ConvNet().eval()


def karras(n, smin=0.002, smax=80.0, rho=7.0):
    i = torch.arange(n, dtype=torch.float64)
    s = (smax ** (1 / rho) + i / (n - 1) * (smin ** (1 / rho) - smax ** (1 / rho))) ** rho
    return torch.cat([s, torch.zeros(1, dtype=torch.float64)])


def heun(net, x, sigmas, sd=0.5):
    """EDM's deterministic sampler: Euler steps with a second-order correction except the last; D by EDM preconditioning."""
    def denoise(x, s):
        c_skip = sd ** 2 / (s ** 2 + sd ** 2)
        c_out = s * sd / math.sqrt(s ** 2 + sd ** 2)
        c_in = 1 / math.sqrt(s ** 2 + sd ** 2)
        t = torch.full((x.shape[0],), math.log(s) / 4, dtype=torch.float32)
        return c_skip * x + c_out * net((c_in * x).float(), t).double()

    x = x * sigmas[0]
    for i in range(len(sigmas) - 1):
        s, n = float(sigmas[i]), float(sigmas[i + 1])
        d = (x - denoise(x, s)) / s
        x_next = x + (n - s) * d
        if n > 0:
            d2 = (x_next - denoise(x_next, n)) / n
            x_next = x + (n - s) * (d + d2) / 2
        x = x_next
    return x


def torch_seconds(net, threads, steps, batch, size, repeats):
    torch.set_num_threads(threads)
    sigmas = karras(steps)
    times = []
    with torch.inference_mode():
        heun(net, torch.randn(batch, 1, size, size, dtype=torch.float64), sigmas)  # warm-up
        for _ in range(repeats):
            t0 = time.perf_counter()
            heun(net, torch.randn(batch, 1, size, size, dtype=torch.float64), sigmas)
            times.append(time.perf_counter() - t0)
    return statistics.median(times)


def scorej_seconds(threads, steps, batch, size, repeats):
    cmd = [os.path.join(ROOT, "scorej"), "bench", "--model", "bench-convnet-random", "--samplers", "heun", "--steps", str(steps),
           "--threads", str(threads), "--batch", str(batch), "--size", str(size), "--repeats", str(repeats)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    row = re.search(r"^heun\s+(\d+)\s+([0-9.]+)", out, re.M)
    return float(row.group(2)) / 1000, int(row.group(1))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=1, help="timed runs per round and side (after one warm-up)")
    ap.add_argument("--steps", type=int, default=18)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--size", type=int, default=32)
    args = ap.parse_args()
    net = network()
    threads = [int(t) for t in args.threads.split(",")]
    res = {t: {"torch": [], "scorej": []} for t in threads}
    nfe = 2 * args.steps - 1
    for r in range(args.rounds):
        for t in threads:
            res[t]["torch"].append(torch_seconds(net, t, args.steps, args.batch, args.size, args.repeats))
            s, n = scorej_seconds(t, args.steps, args.batch, args.size, args.repeats)
            assert n == nfe, f"scorej bench reports {n} NFE, PyTorch's Heun does {nfe}"
            res[t]["scorej"].append(s)
            print(f"round {r + 1} threads {t}: torch {res[t]['torch'][-1]:.2f} s, scorej {s:.2f} s", flush=True)
    print(f"\nHeun {args.steps} steps ({nfe} NFE), batch {args.batch}, {args.size}x{args.size}, bench-convnet-random, "
          f"{args.rounds} interleaved rounds, medians:\n")
    print("| threads | PyTorch eager (s) | ScoreJ (s) | ScoreJ speed-up |")
    print("| ---: | ---: | ---: | ---: |")
    for t in threads:
        a, b = statistics.median(res[t]["torch"]), statistics.median(res[t]["scorej"])
        print(f"| {t} | {a:.2f} | {b:.2f} | {a / b:.2f}x |")


if __name__ == "__main__":
    main()
