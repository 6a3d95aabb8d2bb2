package io.github.scorej.ops.likelihood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;

import io.github.scorej.ops.model.Denoiser;
import io.github.scorej.ops.model.GaussianMixtureDenoiser;
import io.github.scorej.ops.model.Model;
import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.onnx.OrtNetwork;
import io.github.scorej.ops.sample.Callback;
import io.github.scorej.ops.sde.EdmSde;
import io.github.scorej.ops.sde.Sde;
import io.github.scorej.ops.sde.VpSde;

/**
 * The likelihood against the closed-form density of Gaussian data, through ONNX Runtime and in
 * memory; the finite-difference divergence against the exact one; input checks, progress and cancel.
 */
class LikelihoodTest {

	static final Path ANALYTIC = Path.of("..", "models", "analytic");
	static final OrtNetwork.Options ORT = OrtNetwork.Options.defaults().withIntraOpThreads(1).withMaxBatch(64);
	static final double M = 0.1, S = 0.4; // gaussian-edm: every pixel N(0.1, 0.4²)

	static Denoiser onnx(String name) {
		Model model = Model.load(ANALYTIC.resolve(name));
		return model.denoiser(OrtNetwork.open(model, ORT));
	}

	static double[] gaussianImages(Shape shape, double m, double s, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		double[] x = new double[shape.size()];
		for (int i = 0; i < x.length; i++)
			x[i] = m + s * r.nextGaussian();
		return x;
	}

	/** log N(x_n; m, s²I) per image, in nats. */
	static double[] gaussianLogp(Shape shape, double[] x, double m, double s) {
		int per = shape.itemSize();
		double[] out = new double[shape.n()];
		for (int n = 0; n < shape.n(); n++) {
			double ss = 0;
			for (int i = n * per; i < (n + 1) * per; i++)
				ss += (x[i] - m) * (x[i] - m);
			out[n] = -0.5 * per * Math.log(2 * Math.PI * s * s) - ss / (2 * s * s);
		}
		return out;
	}

	static double maxBpdError(Shape shape, Likelihood.Result r, double[] exactNats) {
		double max = 0;
		for (int n = 0; n < shape.n(); n++)
			max = Math.max(max, Math.abs(r.bitsPerDim()[n] + exactNats[n] / (shape.itemSize() * Math.log(2))));
		return max;
	}

	static void report(String what, Object... args) {
		System.out.println("[likelihood] " + String.format(Locale.ROOT, what, args));
	}

	/** The acceptance test: EDM, 3×8×8 images of N(0.1, 0.4²), through ONNX Runtime, within 0.02 bits/dim of the exact density. */
	@Test
	void gaussianEdmThroughOnnxMatchesExactDensity() {
		Model model = Model.load(ANALYTIC.resolve("gaussian-edm"));
		Denoiser d = model.denoiser(OrtNetwork.open(model, ORT));
		Sde sde = model.sde();
		Shape shape = new Shape(4, 3, 8, 8);
		double[] x = gaussianImages(shape, M, S, 11);
		Likelihood.Options o = Likelihood.Options.defaults().withOffsetBits(0).withSeed(5);
		Likelihood.Result r = Likelihood.bitsPerDim(d, sde, shape, x, o);
		double[] exact = gaussianLogp(shape, x, M, S);
		double err = maxBpdError(shape, r, exact);
		// the ODE gives the density of p_eps = N(m, s² + σ_min²): 1e-5 nats per dim from the data's
		double[] exactEps = gaussianLogp(shape, x, M, Math.hypot(S, sde.eps()));
		double errEps = maxBpdError(shape, r, exactEps);
		report("EDM via ONNX, %s: bpd %.5f (exact %.5f), max |error| %.2e bits/dim (vs p_eps %.2e), prior %.2f + delta %.2f nats, NFE %d",
				shape, r.bitsPerDim()[0], -exact[0] / (192 * Math.log(2)), err, errEps, r.priorLogp()[0], r.deltaLogp()[0], r.nfe());
		assertTrue(err < 0.02, "bits/dim error " + err);
		assertTrue(errEps < 2e-3, "bits/dim error against p_eps " + errEps);
		for (int n = 0; n < shape.n(); n++)
			assertEquals(r.priorLogp()[n] + r.deltaLogp()[n], r.logp()[n], 1e-9);
		// offset: the default adds 7 bits/dim
		Likelihood.Result r7 = Likelihood.bitsPerDim(d, sde, shape, x, o.withOffsetBits(Likelihood.OFFSET_8BIT_SYMMETRIC));
		assertEquals(r.bitsPerDim()[0] + 7, r7.bitsPerDim()[0], 1e-9);
		assertEquals(7, Likelihood.offsetBits(256, -1, 1), 1e-12);
		assertEquals(8, Likelihood.offsetBits(256, 0, 1), 1e-12);
	}

	/** VP SDE (score_sde defaults, eps = 1e-5) on the exact in-memory Gaussian denoiser. */
	@Test
	void gaussianVpInMemoryMatchesExactDensity() {
		Denoiser d = GaussianMixtureDenoiser.gaussian(M, S);
		Shape shape = new Shape(3, 3, 8, 8);
		double[] x = gaussianImages(shape, M, S, 12);
		Likelihood.Result r = Likelihood.bitsPerDim(d, new VpSde(), shape, x, Likelihood.Options.defaults().withOffsetBits(0));
		double err = maxBpdError(shape, r, gaussianLogp(shape, x, M, S));
		report("VP in memory, %s: max |error| %.2e bits/dim, NFE %d", shape, err, r.nfe());
		assertTrue(err < 0.02, "bits/dim error " + err);
	}

	/**
	 * Where the remaining error comes from (exact in-memory denoiser, EDM): the flow of N(m, s²)
	 * maps x to x_T = m + (x − m)·√((s² + T²)/(s² + eps²)), whose density under the prior N(0, T²)
	 * differs from the true p_T = N(m, s² + T²) by ~0.02 nats per image (the prior ignores the mean
	 * 0.1): 1.3e-4 bits/dim, the bulk of the 2e-4 the test above sees. Against that limit the ODE
	 * error shrinks with the RK45 tolerance.
	 */
	@Test
	void errorIsPriorMismatchPlusOdeTolerance() {
		Denoiser d = GaussianMixtureDenoiser.gaussian(M, S);
		Shape shape = new Shape(2, 3, 8, 8);
		double[] x = gaussianImages(shape, M, S, 14);
		double eps = 0.002, T = 80;
		Sde sde = new EdmSde(eps, T);
		double[] xT = new double[x.length];
		double k = Math.sqrt((S * S + T * T) / (S * S + eps * eps));
		for (int i = 0; i < x.length; i++)
			xT[i] = M + (x[i] - M) * k;
		double[] limit = gaussianLogp(shape, x, M, Math.hypot(S, eps)), pT = gaussianLogp(shape, xT, M, Math.hypot(S, T)), prior = sde.priorLogp(shape, xT);
		for (int n = 0; n < shape.n(); n++)
			limit[n] += prior[n] - pT[n];
		Likelihood.Result r5 = Likelihood.bitsPerDim(d, sde, shape, x, Likelihood.Options.defaults().withOffsetBits(0));
		Likelihood.Result r8 = Likelihood.bitsPerDim(d, sde, shape, x, Likelihood.Options.defaults().withOffsetBits(0).withTolerance(1e-8, 1e-8));
		double mismatch = maxBpdError(shape, r8, gaussianLogp(shape, x, M, S)), e5 = maxBpdError(shape, r5, limit), e8 = maxBpdError(shape, r8, limit);
		report("EDM in memory: prior mismatch %.2e bits/dim; against the exact limit %.2e at tolerance 1e-5 (NFE %d), %.2e at 1e-8 (NFE %d)",
				mismatch, e5, r5.nfe(), e8, r8.nfe());
		assertTrue(e5 < 2e-4 && e8 < 1e-6, e5 + " -> " + e8);
	}

	/**
	 * A two-component mixture (VP, x0 network through ONNX Runtime): its density is also known in
	 * closed form, but J is no longer diagonal, so the Hutchinson estimate has variance: with one
	 * probe the worst of these 4 images is off by 0.03–0.07 bits/dim (seeds 1, 2), with 4 probes
	 * 0.04, with 16 probes 0.009. The FD step (1e-3 or 1e-2) changes the result by &lt; 3e-4.
	 */
	@Test
	void mixtureVpThroughOnnxIsClose() {
		Denoiser d = onnx("gaussian-mixture-vp-x0-sigma");
		GaussianMixtureDenoiser gm = new GaussianMixtureDenoiser(new double[] { 0.5, 0.5 }, new double[] { -0.5, 0.5 }, new double[] { 0.2, 0.2 });
		Shape shape = new Shape(4, 1, 8, 8);
		SplittableRandom rnd = new SplittableRandom(13);
		double[] x = new double[shape.size()];
		double[] exact = new double[shape.n()];
		for (int n = 0; n < shape.n(); n++) {
			double m = gm.mean(n % 2);
			for (int i = n * 64; i < (n + 1) * 64; i++)
				x[i] = m + 0.2 * rnd.nextGaussian();
		}
		for (int n = 0; n < shape.n(); n++) {
			Shape one = shape.withBatch(1);
			double[] xn = java.util.Arrays.copyOfRange(x, n * 64, (n + 1) * 64);
			double a = Math.log(0.5) + gaussianLogp(one, xn, -0.5, 0.2)[0], b = Math.log(0.5) + gaussianLogp(one, xn, 0.5, 0.2)[0];
			exact[n] = Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
		}
		Likelihood.Result r = Likelihood.bitsPerDim(d, new VpSde(), shape, x, Likelihood.Options.defaults().withOffsetBits(0).withProbes(16).withSeed(1));
		double err = maxBpdError(shape, r, exact);
		report("mixture VP via ONNX, %s, 16 probes: max |error| %.2e bits/dim, NFE %d", shape, err, r.nfe());
		assertTrue(err < 0.02, "bits/dim error " + err);
	}

	/**
	 * The finite-difference divergence against the exact one: for N(m, s²) under EDM, D is linear
	 * with J = s²/(s² + σ²)·I, so ∇·F = D·(1 − s²/(s² + σ²))/σ; the FD trace error is only rounding.
	 */
	@Test
	void finiteDifferenceDivergenceMatchesExact() {
		Shape shape = new Shape(2, 3, 8, 8);
		Sde sde = new EdmSde(0.002, 80);
		double[][] probes = Likelihood.probes(shape, 1, 3);
		double[] x0 = gaussianImages(shape, M, S, 4), state = new double[shape.size() + shape.n()], rhs = new double[state.length];
		SplittableRandom r = new SplittableRandom(8);
		int per = shape.itemSize();
		for (Denoiser d : new Denoiser[] { GaussianMixtureDenoiser.gaussian(M, S), onnx("gaussian-edm") }) {
			boolean exactArithmetic = d instanceof GaussianMixtureDenoiser;
			for (double fd : new double[] { 1e-4, 1e-3, 1e-2 }) {
				double maxRel = 0, maxRelDiv = 0;
				for (double sigma : new double[] { 0.002, 0.01, 0.1, 0.5, 2, 10, 80 }) {
					for (int i = 0; i < shape.size(); i++)
						state[i] = x0[i] + sigma * r.nextGaussian();
					new Divergence(d, sde, shape, probes, fd).eval(sigma, state, rhs);
					double c = S * S / (S * S + sigma * sigma), exact = per * (1 - c) / sigma;
					double traceExact = per * c, scale = 0.5 * 2 * sigma / (sigma * sigma); // ½g²/σ² multiplies tr J
					for (int n = 0; n < shape.n(); n++) {
						double traceErr = Math.abs(rhs[shape.size() + n] - exact) / scale;
						maxRel = Math.max(maxRel, traceErr / traceExact);
						maxRelDiv = Math.max(maxRelDiv, Math.abs(rhs[shape.size() + n] - exact) / exact);
					}
				}
				report("FD JVP (%s, fd_step %.0e): max relative error over sigma in [0.002, 80] of tr J %.2e, of the divergence %.2e",
						exactArithmetic ? "exact double denoiser" : "ONNX float32", fd, maxRel, maxRelDiv);
				assertTrue(maxRel < (exactArithmetic ? 1e-9 : 1e-3), "relative trace error " + maxRel);
			}
		}
	}

	@Test
	void wrongShapeAndNonFinitePixelsAreRefused() {
		Denoiser d = GaussianMixtureDenoiser.gaussian(M, S);
		Shape shape = new Shape(2, 3, 8, 8);
		double[] x = gaussianImages(shape, M, S, 1);
		Likelihood.Options o = Likelihood.Options.defaults();
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> Likelihood.bitsPerDim(d, new EdmSde(0.002, 80), shape, java.util.Arrays.copyOf(x, 100), o));
		assertTrue(e.getMessage().contains("100 values") && e.getMessage().contains("[2, 3, 8, 8]"), e.getMessage());
		x[((1 * 3 + 2) * 8 + 5) * 8 + 4] = Double.NaN;
		e = assertThrows(IllegalArgumentException.class, () -> Likelihood.bitsPerDim(d, new EdmSde(0.002, 80), shape, x, o));
		assertTrue(e.getMessage().contains("x 4, y 5, channel 2, image 1") && e.getMessage().contains("NaN"), e.getMessage());
		x[0] = Double.POSITIVE_INFINITY;
		e = assertThrows(IllegalArgumentException.class, () -> AnomalyMap.denoisingError(d, shape, x, 0.1, 0, 1));
		assertTrue(e.getMessage().contains("Infinity"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> o.withProbes(0));
		assertThrows(IllegalArgumentException.class, () -> AnomalyMap.tileBitsPerDim(d, new EdmSde(0.002, 80), shape, gaussianImages(shape, M, S, 1), 3, o));
	}

	@Test
	void progressCountsEvaluationsAndCancelThrows() {
		Denoiser d = GaussianMixtureDenoiser.gaussian(M, S);
		Shape shape = new Shape(1, 1, 8, 8);
		double[] x = gaussianImages(shape, M, S, 2);
		List<Integer> nfes = new ArrayList<>();
		List<Boolean> done = new ArrayList<>();
		Callback progress = new Callback() {
			@Override public void onStep(int step, int total, double sigma, double[] xs, double[] denoised) {
				fail("an adaptive solver has no step count to report");
			}
			@Override public void onEvaluation(int nfe, double sigma, boolean last) {
				nfes.add(nfe);
				done.add(last);
			}
		};
		Likelihood.Result r = Likelihood.bitsPerDim(d, new EdmSde(0.002, 80), shape, x, Likelihood.Options.defaults().withCallback(progress));
		// every function evaluation is reported, counted from 1, and the last call says the run ended with its NFE
		assertEquals(r.nfe() + 1, nfes.size());
		for (int i = 0; i < r.nfe(); i++) {
			assertEquals(i + 1, nfes.get(i));
			assertFalse(done.get(i));
		}
		assertEquals(r.nfe(), nfes.get(r.nfe()));
		assertTrue(done.get(r.nfe()));

		int[] calls = { 0 };
		Callback cancel = new Callback() {
			@Override public void onStep(int step, int total, double sigma, double[] xs, double[] denoised) {}
			@Override public void onEvaluation(int nfe, double sigma, boolean last) { calls[0]++; }
			@Override public boolean isCancelled() { return calls[0] >= 2; }
		};
		assertThrows(CancellationException.class,
				() -> Likelihood.bitsPerDim(d, new EdmSde(0.002, 80), shape, x, Likelihood.Options.defaults().withCallback(cancel)));
		assertEquals(2, calls[0]);
	}

	/** Same seed, same numbers; the probes of an image do not depend on the batch. */
	@Test
	void deterministicBySeed() {
		Denoiser d = new GaussianMixtureDenoiser(new double[] { 0.5, 0.5 }, new double[] { -0.5, 0.5 }, new double[] { 0.2, 0.2 });
		Shape shape = new Shape(2, 1, 8, 8);
		double[] x = gaussianImages(shape, 0.5, 0.2, 3);
		Likelihood.Options o = Likelihood.Options.defaults().withSeed(9);
		Likelihood.Result a = Likelihood.bitsPerDim(d, new EdmSde(0.002, 80), shape, x, o), b = Likelihood.bitsPerDim(d, new EdmSde(0.002, 80), shape, x, o);
		assertEquals(a.bitsPerDim()[0], b.bitsPerDim()[0], 0);
		assertEquals(a.bitsPerDim()[1], b.bitsPerDim()[1], 0);
		double[][] p2 = Likelihood.probes(shape, 2, 9), p1 = Likelihood.probes(shape.withBatch(1), 2, 9);
		assertEquals(java.util.Arrays.toString(java.util.Arrays.copyOf(p2[1], 64)), java.util.Arrays.toString(p1[1]));
	}
}
