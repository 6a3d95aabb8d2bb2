package io.github.scorej.ops.likelihood;

import java.util.Locale;

import io.github.scorej.ops.model.Denoiser;
import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.sde.Sde;

/**
 * The right-hand side of the likelihood ODE: [F(x, t); ∇·F(x, t)] for a batch, with
 * F = f·x − ½g²·(s·D(x/s; σ) − x)/(s²σ²) and ∇·F = D·(f + ½g²/(s²σ²)) − ½g²/(s²σ²)·tr J, tr J by
 * Hutchinson–Skilling with fixed Rademacher probes and a central finite-difference JVP
 * (see {@link Likelihood}). One denoiser call per evaluation, on (1 + 2K)·N images.
 * <p>
 * Holds per-run buffers: one run, one thread.
 */
final class Divergence {

	private final Denoiser denoiser;
	private final Sde sde;
	private final Shape shape, big;
	private final double[][] probes;
	private final double relStep;
	private final double[] in, out, h;
	private int evaluations;

	Divergence(Denoiser denoiser, Sde sde, Shape shape, double[][] probes, double relStep) {
		this.denoiser = denoiser;
		this.sde = sde;
		this.shape = shape;
		this.probes = probes;
		this.relStep = relStep;
		this.big = shape.withBatch(shape.n() * (1 + 2 * probes.length));
		this.in = new double[big.size()];
		this.out = new double[big.size()];
		this.h = new double[shape.n()];
	}

	/** Writes [F(x, t); ∇·F] for state = [x; anything] into {@code rhs}. */
	void eval(double t, double[] state, double[] rhs) {
		int N = shape.n(), per = shape.itemSize(), size = shape.size();
		double s = sde.scale(t), sigma = sde.sigma(t), f = sde.drift(t), g = sde.diffusion(t);
		double c = 0.5 * g * g / (s * s * sigma * sigma); // F = f·x − c·(s·D − x)
		double[] trace = traceJ(state, 1 / s, sigma);
		for (int i = 0; i < size; i++)
			rhs[i] = f * state[i] - c * (s * out[i] - state[i]);
		for (int n = 0; n < N; n++)
			rhs[size + n] = per * (f + c) - c * trace[n];
	}

	/**
	 * Hutchinson estimate of tr ∂D(u; σ)/∂u per image, u = {@code scale}·x (x the first
	 * shape.size() values of {@code state}), averaged over the probes; leaves D(u) in the first
	 * shape.size() values of {@link #out}.
	 */
	double[] traceJ(double[] state, double scale, double sigma) {
		int N = shape.n(), per = shape.itemSize(), size = shape.size(), K = probes.length;
		for (int n = 0; n < N; n++) {
			double ss = 0;
			for (int i = n * per; i < (n + 1) * per; i++) {
				double u = state[i] * scale;
				in[i] = u;
				ss += u * u;
			}
			h[n] = relStep * Math.max(Math.sqrt(ss / per), sigma);
		}
		for (int k = 0; k < K; k++) {
			int plus = (1 + 2 * k) * size, minus = plus + size;
			double[] e = probes[k];
			for (int i = 0; i < size; i++) {
				double he = h[i / per] * e[i];
				in[plus + i] = in[i] + he;
				in[minus + i] = in[i] - he;
			}
		}
		denoiser.denoise(big, in, sigma, out);
		evaluations++;
		for (double v : out)
			if (!Double.isFinite(v))
				throw new IllegalStateException(String.format(Locale.ROOT, "the network returned NaN or infinity at sigma = %.6g (likelihood ODE, evaluation %d)", sigma, evaluations));
		double[] trace = new double[N];
		for (int k = 0; k < K; k++) {
			int plus = (1 + 2 * k) * size, minus = plus + size;
			double[] e = probes[k];
			for (int n = 0; n < N; n++) {
				double acc = 0;
				for (int i = n * per; i < (n + 1) * per; i++)
					acc += e[i] * (out[plus + i] - out[minus + i]);
				trace[n] += acc / (2 * h[n] * K);
			}
		}
		return trace;
	}
}
