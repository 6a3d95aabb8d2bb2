package io.github.scorej.ops.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

/**
 * The wrappers against closed forms, without ONNX Runtime: fake networks written with the
 * reference implementations' own formulas (DDPM's α_t, σ_t; score_sde's labels; EDM's c_in,
 * c_noise) return score, ε or v of the exact Gaussian-mixture denoiser, and NetworkDenoiser must
 * give back D.
 */
class NetworkDenoiserTest {

	static final Path ANALYTIC = Path.of("..", "models", "analytic");

	interface Kind {
		/** The network output at one pixel given its input x_in, the exact D there and the time input. */
		double out(double xin, double d, double label);
	}

	/** A network evaluating the exact mixture; x_σ and σ come from the input through the reference formulas. */
	static Network fake(GaussianMixtureDenoiser gm, DoubleUnaryOperator inputScaleOfLabel, DoubleUnaryOperator sigmaOfLabel, Kind kind) {
		return (shape, x, t, classes, out) -> {
			double a = inputScaleOfLabel.applyAsDouble(t[0]), sigma = sigmaOfLabel.applyAsDouble(t[0]);
			double[] xs = new double[x.length];
			for (int i = 0; i < x.length; i++)
				xs[i] = x[i] / a;
			double[] d = gm.denoise(shape, xs, sigma);
			for (int i = 0; i < x.length; i++)
				out[i] = (float) kind.out(x[i], d[i], t[0]);
		};
	}

	@SuppressWarnings("unchecked")
	static GaussianMixtureDenoiser exact(ModelCard card) {
		Map<String, Object> a = (Map<String, Object>) card.scorejConfig().get("analytic");
		return new GaussianMixtureDenoiser(doubles(a.get("weights")), doubles(a.get("means")), doubles(a.get("stds")));
	}

	static double[] doubles(Object list) {
		return ((List<?>) list).stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
	}

	static void check(ModelCard card, Network net, double... sigmas) {
		GaussianMixtureDenoiser gm = exact(card);
		NetworkDenoiser d = new NetworkDenoiser(card, Model.sdeOf(card), net);
		Shape shape = new Shape(3, Math.max(1, card.channels()), 8, 8);
		SplittableRandom r = new SplittableRandom(5);
		for (double sigma : sigmas) {
			double[] x = new double[shape.size()];
			for (int n = 0; n < shape.n(); n++)
				for (int i = n * shape.itemSize(); i < (n + 1) * shape.itemSize(); i++)
					x[i] = gm.mean(n % gm.components()) + gm.std(n % gm.components()) * r.nextGaussian() + sigma * r.nextGaussian();
			double[] got = d.denoise(shape, x, sigma), want = gm.denoise(shape, x, sigma);
			double e = 0, w = 0;
			for (int i = 0; i < x.length; i++) {
				e += (got[i] - want[i]) * (got[i] - want[i]);
				w += want[i] * want[i];
			}
			double err = Math.sqrt(e / Math.max(w, 0.01 * x.length));
			assertTrue(err < 1e-4 * Math.max(1, sigma / 10), card.name() + " at sigma " + sigma + ": relative error " + err);
		}
	}

	static double logMean(ModelCard c, double t) {
		return -0.25 * t * t * (c.betaMax() - c.betaMin()) - 0.5 * t * c.betaMin();
	}

	@Test
	void ddpmEpsOnDiscreteLabel() {
		ModelCard c = ModelCard.read(ANALYTIC.resolve("gaussian-mixture-vp-eps-index"));
		DoubleUnaryOperator t = label -> label / (c.numScales() - 1);
		DoubleUnaryOperator alpha = label -> Math.exp(logMean(c, t.applyAsDouble(label)));
		DoubleUnaryOperator std = label -> Math.sqrt(1 - Math.pow(alpha.applyAsDouble(label), 2));
		check(c, fake(exact(c), alpha, l -> std.applyAsDouble(l) / alpha.applyAsDouble(l),
				(xin, d, l) -> (xin - alpha.applyAsDouble(l) * d) / std.applyAsDouble(l)), 0.02, 0.3, 1, 5, 40);
	}

	@Test
	void vPrediction() {
		ModelCard c = ModelCard.read(ANALYTIC.resolve("gaussian-mixture-vp-v-t"));
		DoubleUnaryOperator alpha = t -> Math.exp(logMean(c, t));
		DoubleUnaryOperator std = t -> Math.sqrt(1 - Math.pow(alpha.applyAsDouble(t), 2));
		// v = α ε − σ_t x₀ (Salimans & Ho 2022)
		check(c, fake(exact(c), alpha, t -> std.applyAsDouble(t) / alpha.applyAsDouble(t), (xin, d, t) -> {
			double a = alpha.applyAsDouble(t), s = std.applyAsDouble(t);
			return a * (xin - a * d) / s - s * d;
		}), 0.02, 0.3, 1, 5, 40);
	}

	@Test
	void subVpScore() {
		ModelCard c = ModelCard.read(ANALYTIC.resolve("gaussian-mixture-subvp-score-t"));
		DoubleUnaryOperator alpha = t -> Math.exp(logMean(c, t));
		DoubleUnaryOperator std = t -> 1 - Math.exp(2 * logMean(c, t));
		// score_sde: score = −ε/std
		check(c, fake(exact(c), alpha, t -> std.applyAsDouble(t) / alpha.applyAsDouble(t),
				(xin, d, t) -> -(xin - alpha.applyAsDouble(t) * d) / (std.applyAsDouble(t) * std.applyAsDouble(t))), 0.02, 0.3, 1, 5, 40);
	}

	@Test
	void ncsnEpsOnDescendingLabel() {
		ModelCard c = ModelCard.read(ANALYTIC.resolve("gaussian-mixture-ve-eps-index"));
		// score_sde VE discrete: label = (1 − t)(N − 1); σ = σ_min (σ_max/σ_min)^t
		DoubleUnaryOperator sigma = label -> c.sigmaMin() * Math.pow(c.sigmaMax() / c.sigmaMin(), 1 - label / (c.numScales() - 1));
		check(c, fake(exact(c), l -> 1, sigma, (xin, d, l) -> (xin - d) / sigma.applyAsDouble(l)), 0.02, 0.3, 1, 5, 40);
	}

	@Test
	void edmPreconditioning() {
		ModelCard c = ModelCard.read(ANALYTIC.resolve("gaussian-mixture-edm"));
		double sd = c.sigmaData();
		DoubleUnaryOperator sigma = cNoise -> Math.exp(4 * cNoise);
		DoubleUnaryOperator cIn = cNoise -> 1 / Math.sqrt(Math.pow(sigma.applyAsDouble(cNoise), 2) + sd * sd);
		check(c, fake(exact(c), cIn, sigma, (xin, d, cNoise) -> {
			double s = sigma.applyAsDouble(cNoise), x = xin / cIn.applyAsDouble(cNoise);
			double cSkip = sd * sd / (s * s + sd * sd), cOut = s * sd / Math.sqrt(s * s + sd * sd);
			return (d - cSkip * x) / cOut;
		}), 0.002, 0.05, 0.5, 3, 30, 80);
	}

	@Test
	void guidanceNeedsAConditionalModelAndValidLabels() {
		ModelCard plain = ModelCard.read(ANALYTIC.resolve("gaussian-mixture-edm"));
		NetworkDenoiser d = new NetworkDenoiser(plain, Model.sdeOf(plain), (s, x, t, cl, out) -> {});
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.withClasses(new long[] { 0 }, 2));
		assertTrue(e.getMessage().contains("not class-conditional"), e.getMessage());
		ModelCard cond = ModelCard.read(ANALYTIC.resolve("gaussian-mixture-vp-eps-t-classes"));
		NetworkDenoiser c = new NetworkDenoiser(cond, Model.sdeOf(cond), (s, x, t, cl, out) -> {});
		assertThrows(IllegalArgumentException.class, () -> c.withClasses(new long[] { 7 }, 2));
		assertEquals(2.0, c.withClasses(new long[] { 1 }, 2).guidance());
	}

	@Test
	void guidedCallIsOneBatchOfTwoN() {
		ModelCard cond = ModelCard.read(ANALYTIC.resolve("gaussian-mixture-vp-eps-t-classes"));
		int[] calls = { 0 };
		long[][] seen = new long[1][];
		Network net = (s, x, t, cl, out) -> {
			calls[0]++;
			seen[0] = cl.clone();
			assertEquals(4, s.n());
		};
		new NetworkDenoiser(cond, Model.sdeOf(cond), net).withClasses(new long[] { 2, 0 }, 1.5)
				.denoise(new Shape(2, 1, 4, 4), new double[32], 1.0);
		assertEquals(1, calls[0]);
		assertEquals(List.of(2L, 0L, 3L, 3L), java.util.Arrays.stream(seen[0]).boxed().toList());
	}
}
