package io.github.scorej.ops.inverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.scorej.ops.model.Model;
import io.github.scorej.ops.model.NetworkDenoiser;
import io.github.scorej.ops.onnx.OrtNetwork;
import io.github.scorej.ops.sample.Params;

import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With the Gaussian prior N(m, s²I) of models/analytic/gaussian-edm (run through ONNX Runtime) and a
 * linear Gaussian measurement y_j = g_j x_j + N(0, σ_y²) on half of the pixels, the posterior is
 * Gaussian and known pixel by pixel: measured, variance v = 1/(1/s² + g²/σ_y²) and mean
 * v(m/s² + g y/σ_y²) (y/g when σ_y = 0); unmeasured, the prior. K samples of each method are compared
 * with it: the posterior mean (per-pixel error against the K-sample standard error), the spread, and
 * the data consistency of the mean.
 */
class ClosedFormPosteriorTest {

	static final Path GAUSSIAN = Path.of("..", "models", "analytic", "gaussian-edm");
	static final double M = 0.1, S = 0.4;
	static final int C = 3, H = 8, W = 8, D = C * H * W, K = 96;
	static NetworkDenoiser denoiser;
	static Model model;

	@BeforeAll
	static void load() {
		model = Model.load(GAUSSIAN);
		denoiser = model.denoiser(OrtNetwork.open(model, new OrtNetwork.Options(1, 256, false)));
	}

	/** Statistics of one run against the closed form. */
	record Stats(double meanZ, double spreadUnmeasured, double spreadMeasured, double maxSpreadMeasured, double biasMeasured, double residual,
			double residualBound) {}

	static Stats run(String method, boolean unitGains, double sigmaY, String eta) {
		SplittableRandom r = new SplittableRandom(5);
		boolean[] known = new boolean[D];
		double[] gains = new double[D], x = new double[D];
		for (int p = 0; p < D; p++) {
			known[p] = r.nextDouble() < 0.5;
			gains[p] = unitGains ? 1 : 0.5 + 1.5 * r.nextDouble();
			x[p] = M + S * r.nextGaussian();
		}
		Measurement m = Measurement.of(new PixelGain(C, H, W, known, gains), x, sigmaY, r);
		ConditionalMethod cm = Restoration.method(method);
		Params params = Params.defaults(cm.params());
		if (eta != null) params = params.with("eta", eta);
		Restoration.Request req = new Restoration.Request(cm, params, "karras", 100, 0.002, 80, Double.NaN, 11);
		Restoration.Posterior post = Restoration.run(denoiser, model.sde(), m, req, K, 48, null);

		double[] y = m.y();
		double z2 = 0, ru = 0, nu = 0, rk = 0, nk = 0, maxK = 0, bias = 0, sdK = 0;
		for (int p = 0, j = 0; p < D; p++) {
			double mu = M, sd = S;
			if (known[p]) {
				double g = gains[p], v = sigmaY == 0 ? 0 : 1 / (1 / (S * S) + g * g / (sigmaY * sigmaY));
				mu = sigmaY == 0 ? y[j] / g : v * (M / (S * S) + g * y[j] / (sigmaY * sigmaY));
				sd = Math.sqrt(v);
				j++;
			}
			double e = post.mean()[p] - mu, se = Math.max(sd, 0.01) / Math.sqrt(K);
			z2 += e * e / (se * se) / D;
			if (!known[p]) {
				ru += post.std()[p] / sd;
				nu++;
			} else {
				maxK = Math.max(maxK, post.std()[p]);
				if (sd > 0) {
					rk += post.std()[p] / sd;
					nk++;
					bias += e * e;
					sdK += sd * sd;
				}
			}
		}
		double yNorm = 0;
		for (double v : y)
			yNorm += v * v;
		double bound = sigmaY == 0 ? 0.01 : 2 * sigmaY * Math.sqrt(y.length / yNorm);
		return new Stats(Math.sqrt(z2), ru / nu, nk > 0 ? rk / nk : 0, maxK, nk > 0 ? Math.sqrt(bias / sdK) : 0, post.residual(), bound);
	}

	/** Exact methods: the replacement and projection methods, and ddrm/ddnm with eta = 0 on noiseless data. */
	@ParameterizedTest(name = "{0}, unit gains {1}, sigma_y {2}, eta {3}")
	@CsvSource({ "replacement, true, 0.0,", "replacement, true, 0.1,", "projection, true, 0.0,",
			"projection, true, 0.2,", "ddrm, false, 0.0, 0", "ddrm, true, 0.0, 0", "ddnm, false, 0.0, 0", "ddnm, true, 0.0, 0",
			"ddnm_plus, false, 0.0, 0" })
	void samplesMatchTheClosedFormPosterior(String method, boolean unitGains, double sigmaY, String eta) {
		Stats s = run(method, unitGains, sigmaY, eta);
		String what = method + " (σ_y " + sigmaY + ", eta " + eta + ")";
		assertTrue(s.meanZ() < 1.5, what + ": rms z-score of the posterior mean " + s.meanZ());
		assertEquals(1, s.spreadUnmeasured(), 0.08, what + ": std of unmeasured pixels / prior std");
		if (sigmaY > 0) assertEquals(1, s.spreadMeasured(), 0.15, what + ": std of measured pixels / posterior std");
		else assertTrue(s.maxSpreadMeasured() < 0.01, what + ": noiseless measured pixels vary by " + s.maxSpreadMeasured());
		assertTrue(s.residual() < s.residualBound(), what + ": residual " + s.residual() + " > " + s.residualBound());
	}

	/**
	 * The references' update rules are not exact posterior samplers, and these are the measured
	 * consequences (on 96 samples, 100 steps): with the default eta = 0.85, ddrm and ddnm narrow the
	 * spread of unmeasured pixels to about 0.84 of the truth; with noisy measurements ddrm and ddnm+
	 * bias the measured pixels' mean and narrow their spread, yet reproduce y within σ_y.
	 */
	@Test
	void referenceRulesAreApproximateAndSaySo() {
		for (String method : new String[] { "ddrm", "ddnm" }) {
			Stats s = run(method, false, 0.0, null);
			assertTrue(s.spreadUnmeasured() > 0.75 && s.spreadUnmeasured() < 0.92, method + " eta 0.85: unmeasured spread " + s.spreadUnmeasured());
			assertTrue(s.residual() < s.residualBound(), method + ": residual " + s.residual());
		}
		for (String method : new String[] { "ddrm", "ddnm_plus" }) {
			Stats s = run(method, false, 0.1, null);
			assertTrue(s.biasMeasured() < 0.6, method + " sigma_y 0.1: rms bias of the measured pixels' mean / posterior std " + s.biasMeasured());
			assertTrue(s.spreadMeasured() < 0.8, method + " sigma_y 0.1: measured spread " + s.spreadMeasured() + " (narrower than the posterior)");
			assertTrue(s.residual() < s.residualBound(), method + ": residual " + s.residual() + " > " + s.residualBound());
		}
	}
}
