package io.github.scorej.ops.likelihood;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import io.github.scorej.ops.model.Denoiser;
import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.sample.Callback;
import io.github.scorej.ops.sample.DormandPrince;
import io.github.scorej.ops.sample.NoiseSource;
import io.github.scorej.ops.sample.Param;
import io.github.scorej.ops.sample.Params;
import io.github.scorej.ops.sde.Sde;

/**
 * log p₀(x) = log p_T(x(T)) + ∫_eps^T ∇·F(x(t), t) dt along the probability-flow ODE
 * dx/dt = F(x, t) = f(t)·x − ½g(t)²·∇log p_t(x), started at x(eps) = x, and
 * bits/dim = −log p₀(x)/(D·ln 2) + offset (Song et al. 2021, "Score-based generative modeling
 * through stochastic differential equations", §4.3 and Appendix D.2; score_sde's
 * {@code likelihood.py}; Chen et al. 2018 and Grathwohl et al. 2019 for the instantaneous change
 * of variables and FFJORD's trace estimator).
 * <p>
 * The state [x; Δlog p] of the whole batch is one vector integrated by {@link DormandPrince}
 * (RK45, rtol = atol = 1e-5 by default, scipy's step control) from eps to T in the SDE's own
 * scale x_t. The score comes from the denoiser: ∇_{x_t} log p_t = (s·D(x_t/s; σ) − x_t)/(s²σ²).
 * <p>
 * <b>Divergence.</b> ∇·F = D·(f + ½g²/(s²σ²)) − ½g²/(s²σ²)·tr J, with J = ∂D(u; σ)/∂u at
 * u = x_t/s: the linear terms are exact, and tr J is estimated by Hutchinson–Skilling,
 * tr J ≈ (1/K) Σ_k ε_kᵀ J ε_k with Rademacher probes ε_k (K = {@code probes}, drawn per image from
 * the seed and fixed along the whole integration, as in score_sde). An ONNX forward pass gives no
 * gradients, so the Jacobian–vector product is a <b>central finite difference</b>
 * Jε ≈ (D(u + hε) − D(u − hε))/(2h) — the same value as the difference of the drift
 * (F(x + h_x ε) − F(x − h_x ε))/(2h_x) with h_x = s·h, whose linear part is exact — where the
 * step is relative to the image's scale: h = {@code fdStep}·max(rms(u), σ) per image
 * (default 1e-3). D(u), D(u ± hε_k) go to the network as one batch of (1 + 2K)·N images, so one
 * function evaluation (NFE) is one network call on (1 + 2K)·N images.
 * <p>
 * <b>Accuracy</b>, measured by {@code LikelihoodTest} (every pixel N(0.1, 0.4²), EDM SDE σ ∈ [0.002, 80],
 * network through ONNX Runtime in float32, whose D is linear so that J = s²/(s² + σ²)·I):
 * <ul>
 * <li>FD JVP: with an exact (double) denoiser the FD trace is exact to 7e-12 (D linear: no
 * truncation error). Through the float32 network the error is rounding, ~6e-8·|u|/h per pixel:
 * the largest relative error of tr J over σ ∈ [0.002, 80] is 8.8e-4, 1.6e-4 and 6.6e-6 at
 * {@code fdStep} 1e-4, 1e-3 and 1e-2. The divergence itself, D·(1 − s²/(s² + σ²))/σ here, is a
 * small difference at small σ, where its relative error reaches 0.5, 3.7e-2 and 4.6e-3; yet
 * going from 1e-4 to 1e-2 moves bits/dim by at most 1.5e-5, under the ODE's own error. A
 * larger step trades rounding for truncation error (h² terms) on a non-linear network; for a
 * two-component mixture 1e-3 and 1e-2 agree to 3e-4 bits/dim.</li>
 * <li>bits/dim: max error 2.2e-4 (4 images of 3×8×8, 98 NFE) and 2.0e-4 (2 images of 3×32×32,
 * 92 NFE) at rtol = atol = 1e-5, 7.9e-4 and 1.1e-3 at 1e-4 (68–74 NFE); VP (in-memory
 * Gaussian denoiser): 1.3e-4 at 50 NFE. Two parts: the RK45 tolerance (1.4e-4 at 1e-5, 5e-7 at
 * 1e-8 with 248 NFE, against the exact limit of the method) and the model's prior mismatch
 * (the EDM prior N(0, T²) against the true p_T = N(0.1, 0.4² + T²): 1.3e-4 here).</li>
 * <li>Hutchinson: for a Gaussian J is diagonal and a Rademacher probe gives its trace with zero
 * variance. Otherwise one probe has variance 2·Σ_{i≠j} J_ij² (J is symmetric for an exact denoiser); on the two-component mixture
 * (1×8×8, VP) the worst of 4 images is off by 0.03–0.07 bits/dim with one probe, 0.04 with 4 and
 * 0.009 with 16: use more probes, or average over many images, as score_sde does.</li>
 * </ul>
 * <p>
 * <b>Offset.</b> bits/dim of the density in the model's data units has offset 0. score_sde reports
 * bits/dim of 8-bit data scaled to [−1, 1]: the map [0, 256) → [−1, 1] divides by 128, adding
 * log₂ 128 = 7 bits per dimension; in general {@link #offsetBits(int, double, double)} =
 * log₂(levels/(b − a)). For a true bound on discrete data the caller dequantises first,
 * x = a + (b − a)(k + u)/levels, u ~ U[0, 1).
 * <p>
 * Stateless and thread-safe; the denoiser is used by the calling thread only. Progress: the
 * callback's {@link Callback#onEvaluation onEvaluation(nfe, σ(t), done)} after every function
 * evaluation (RK45's step count is not known in advance, and the fraction of [eps, T] integrated
 * says little about the work left: the steps grow by orders of magnitude along the way);
 * cancellation throws {@link java.util.concurrent.CancellationException}.
 */
public final class Likelihood {

	private Likelihood() {}

	/** score_sde's offset for 8-bit data in [−1, 1]: log₂(256/2) = 7. */
	public static final double OFFSET_8BIT_SYMMETRIC = 7;

	public static final Param<Double> RTOL = Param.real("rtol", 1e-5, 1e-12, 1, "relative tolerance of RK45");
	public static final Param<Double> ATOL = Param.real("atol", 1e-5, 1e-12, 1, "absolute tolerance of RK45");
	public static final Param<Double> EPS = Param.real("eps", 0, 0, 1e6,
			"start time of the ODE; 0: score_sde's 1e-5 for SDEs on [0, 1], else the SDE's eps (sigma_min)");
	public static final Param<Integer> PROBES = Param.integer("probes", 1, 1, 1024, "Rademacher probes per image (Hutchinson)");
	public static final Param<Double> FD_STEP = Param.real("fd_step", 1e-3, 1e-8, 0.5,
			"finite-difference step of the Jacobian-vector product, relative to max(rms(x), sigma)");
	public static final Param<Double> OFFSET = Param.real("offset_bits", OFFSET_8BIT_SYMMETRIC, -64, 64,
			"bits/dim added for the data scaling: 7 for 8-bit data in [-1, 1], 8 in [0, 1], 0 for the density in data units");

	/** The parameters, declared once for the CLI, macros and dialogs. */
	public static List<Param<?>> params() {
		return List.of(RTOL, ATOL, EPS, PROBES, FD_STEP, OFFSET);
	}

	/** log₂(levels/(b − a)): bits/dim of {@code levels}-level data mapped onto the model's range [a, b]. */
	public static double offsetBits(int levels, double a, double b) {
		if (levels < 2 || !(b > a)) throw new IllegalArgumentException("need levels >= 2 and a < b, got " + levels + ", [" + a + ", " + b + "]");
		return Math.log(levels / (b - a)) / Math.log(2);
	}

	/**
	 * @param rtol RK45 relative tolerance (score_sde 1e-5)
	 * @param atol RK45 absolute tolerance (score_sde 1e-5)
	 * @param eps start time of the ODE; 0 for the default ({@link #eps(Sde, Options)})
	 * @param probes Rademacher probes per image
	 * @param fdStep finite-difference step relative to max(rms(x/s), σ)
	 * @param offsetBits added to bits/dim ({@link #OFFSET_8BIT_SYMMETRIC}, 0 for data units)
	 * @param seed seeds the probes, one stream per image
	 * @param callback progress and cancel
	 */
	public record Options(double rtol, double atol, double eps, int probes, double fdStep, double offsetBits, long seed, Callback callback) {

		public Options {
			RTOL.check(rtol);
			ATOL.check(atol);
			EPS.check(eps);
			PROBES.check(probes);
			FD_STEP.check(fdStep);
			OFFSET.check(offsetBits);
			if (callback == null) callback = Callback.NONE;
		}

		/** rtol = atol = 1e-5, default eps, one probe, FD step 1e-3, offset 7 (8-bit data in [−1, 1]), seed 0. */
		public static Options defaults() {
			return of(Params.defaults(params()), 0, Callback.NONE);
		}

		/** From declared parameters (CLI, macro keys). */
		public static Options of(Params p, long seed, Callback callback) {
			return new Options(p.get(RTOL), p.get(ATOL), p.get(EPS), p.get(PROBES), p.get(FD_STEP), p.get(OFFSET), seed, callback);
		}

		public Options withTolerance(double rtol, double atol) { return new Options(rtol, atol, eps, probes, fdStep, offsetBits, seed, callback); }
		public Options withEps(double e) { return new Options(rtol, atol, e, probes, fdStep, offsetBits, seed, callback); }
		public Options withProbes(int k) { return new Options(rtol, atol, eps, k, fdStep, offsetBits, seed, callback); }
		public Options withFdStep(double h) { return new Options(rtol, atol, eps, probes, h, offsetBits, seed, callback); }
		public Options withOffsetBits(double o) { return new Options(rtol, atol, eps, probes, fdStep, o, seed, callback); }
		public Options withSeed(long s) { return new Options(rtol, atol, eps, probes, fdStep, offsetBits, s, callback); }
		public Options withCallback(Callback c) { return new Options(rtol, atol, eps, probes, fdStep, offsetBits, seed, c); }
	}

	/**
	 * Per image: bits/dim (with the offset), log p₀(x) in nats = prior + Δlog p (the log-likelihood, of the
	 * opposite sign to bits/dim, without the offset), the prior term
	 * log p_T(x(T)), the Δlog p term, and the number of function evaluations (RK45 right-hand
	 * sides, each one network call on (1 + 2·probes)·N images) shared by the batch.
	 */
	public record Result(double[] bitsPerDim, double[] logp, double[] priorLogp, double[] deltaLogp, int nfe) {}

	/** The ODE's start time: {@code o.eps()}, or 1e-5 (score_sde's likelihood eps) on SDEs with T = 1, else {@code sde.eps()}. */
	public static double eps(Sde sde, Options o) {
		if (o.eps() > 0) return o.eps();
		return sde.T() == 1 ? 1e-5 : sde.eps();
	}

	/**
	 * Bits/dim of each image of {@code x} under the model; see the class javadoc.
	 *
	 * @param shape batch shape; x has {@code shape.size()} values in NCHW order, in the model's data range
	 * @throws IllegalArgumentException for an x of the wrong size or a non-finite pixel
	 * @throws IllegalStateException if the network returns NaN or infinity
	 * @throws java.util.concurrent.CancellationException when the callback cancels
	 */
	public static Result bitsPerDim(Denoiser d, Sde sde, Shape shape, double[] x, Options o) {
		checkImage(shape, x);
		int N = shape.n(), D = shape.itemSize(), size = shape.size();
		double eps = eps(sde, o);
		if (!(eps < sde.T())) throw new IllegalArgumentException("eps = " + eps + " must be below T = " + sde.T());
		double[][] probes = probes(shape, o.probes(), o.seed());
		Divergence div = new Divergence(d, sde, shape, probes, o.fdStep());
		double[] y = new double[size + N];
		System.arraycopy(x, 0, y, 0, size);
		double T = sde.T();
		int[] nfe = { 0 };
		DormandPrince.Rhs rhs = (t, state, out) -> {
			div.eval(t, state, out);
			o.callback().evaluation(++nfe[0], sde.sigma(t), false);
		};
		DormandPrince.Result r = DormandPrince.integrate(rhs, eps, T, y, o.rtol(), o.atol(), null);
		o.callback().evaluation(r.nfe(), sde.sigma(T), true);
		double[] z = java.util.Arrays.copyOf(y, size);
		double[] prior = sde.priorLogp(shape, z);
		double[] delta = new double[N], logp = new double[N], bpd = new double[N];
		for (int n = 0; n < N; n++) {
			delta[n] = y[size + n];
			logp[n] = prior[n] + delta[n];
			bpd[n] = -logp[n] / (D * Math.log(2)) + o.offsetBits();
		}
		return new Result(bpd, logp, prior, delta, r.nfe());
	}

	/** Rademacher probes, [probe][NCHW], item n from stream n of {@code NoiseSource(seed, shape)}. */
	static double[][] probes(Shape shape, int k, long seed) {
		NoiseSource noise = new NoiseSource(seed, shape);
		double[][] e = new double[k][shape.size()];
		int per = shape.itemSize();
		for (int n = 0; n < shape.n(); n++) {
			SplittableRandom r = noise.stream(n);
			for (int p = 0; p < k; p++)
				for (int i = n * per; i < (n + 1) * per; i++)
					e[p][i] = r.nextBoolean() ? 1 : -1;
		}
		return e;
	}

	/** Size and finiteness of an input image, with the pixel named. */
	static void checkImage(Shape shape, double[] x) {
		if (x == null) throw new IllegalArgumentException("no image");
		if (x.length != shape.size())
			throw new IllegalArgumentException("image has " + x.length + " values, expected " + shape.size() + " for shape [N, C, H, W] = " + shape);
		for (int i = 0; i < x.length; i++)
			if (!Double.isFinite(x[i])) {
				int w = shape.w(), h = shape.h(), c = shape.c();
				throw new IllegalArgumentException(String.format(Locale.ROOT, "pixel (x %d, y %d, channel %d, image %d) is %s: the likelihood needs finite values",
						i % w, i / w % h, i / (w * h) % c, i / (w * h * c), x[i]));
			}
	}
}
