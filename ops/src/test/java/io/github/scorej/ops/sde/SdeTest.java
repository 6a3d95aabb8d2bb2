package io.github.scorej.ops.sde;

import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.sample.NoiseSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SdeTest {

	static List<Sde> sdes() {
		return List.of(new VeSde(0.01, 50), new VpSde(), new SubVpSde(), new EdmSde(0.002, 80), new PfgmppSde(0.002, 80, 128),
				new DiscreteVpSde(0.1, 20, 1000, 0));
	}

	@ParameterizedTest
	@MethodSource("sdes")
	void timeInvertsSigma(Sde sde) {
		for (double u = 0.01; u <= 1; u += 0.07) {
			double t = sde.eps() + u * (sde.T() - sde.eps());
			assertEquals(t, sde.time(sde.sigma(t)), 1e-9 * Math.max(1, t), sde.name() + " at t=" + t);
		}
	}

	/** The perturbation variance v(t) = s(t)²σ(t)² of a linear SDE obeys dv/dt = 2f(t)v + g(t)². */
	@ParameterizedTest
	@MethodSource("sdes")
	void varianceFollowsTheSde(Sde sde) {
		for (double u = 0.05; u < 0.95; u += 0.1) {
			double t = sde.eps() + u * (sde.T() - sde.eps()), h = 1e-6 * sde.T();
			double dv = (variance(sde, t + h) - variance(sde, t - h)) / (2 * h);
			double rhs = 2 * sde.drift(t) * variance(sde, t) + sde.diffusion(t) * sde.diffusion(t);
			assertEquals(rhs, dv, 1e-5 * Math.abs(rhs) + 1e-9, sde.name() + " at t=" + t);
		}
	}

	/** The scale obeys ds/dt = f(t)·s. */
	@ParameterizedTest
	@MethodSource("sdes")
	void scaleFollowsTheDrift(Sde sde) {
		for (double u = 0.05; u < 0.95; u += 0.1) {
			double t = sde.eps() + u * (sde.T() - sde.eps()), h = 1e-6 * sde.T();
			double ds = (sde.scale(t + h) - sde.scale(t - h)) / (2 * h);
			assertEquals(sde.drift(t) * sde.scale(t), ds, 1e-6, sde.name());
		}
	}

	private static double variance(Sde sde, double t) {
		double s = sde.scale(t), sigma = sde.sigma(t);
		return s * s * sigma * sigma;
	}

	/**
	 * At t = i/(N − 1) the discrete VP is the DDPM chain's level i: s² = ᾱ_i = Π_{j≤i}(1 − β_j), β = linspace(β₀/N, β₁/N, N)
	 * (diffusers' alphas_cumprod), σ² = 1/ᾱ_i − 1; the continuous VP of the same β₀, β₁ is 7% off ᾱ at the last level.
	 */
	@Test
	void discreteVpIsTheDdpmChainAtItsLevels() {
		DiscreteVpSde sde = new DiscreteVpSde(0.1, 20, 1000, 0);
		double alpha = 1;
		for (int i = 0; i < 1000; i++) {
			alpha *= 1 - (1e-4 + i * (0.02 - 1e-4) / 999);
			double t = i / 999.0;
			assertEquals(alpha, sde.scale(t) * sde.scale(t), 1e-12 * Math.max(alpha, 1e-3), "level " + i);
			assertEquals(Math.sqrt(1 / alpha - 1), sde.sigma(t), 1e-9 * sde.sigma(t), "level " + i);
			assertEquals(i, sde.time(sde.sigma(t)) * 999, 1e-7, "level " + i);
			assertEquals(alpha, sde.alphaBar(i), 1e-12 * Math.max(alpha, 1e-3));
		}
		assertEquals(4.04e-5, sde.alphaBar(999), 1e-7);
		double continuous = new VpSde(0.1, 20, 1000, 1e-3).scale(1);
		assertTrue(Math.abs(continuous * continuous / sde.alphaBar(999) - 1) > 0.05);
		assertThrows(IllegalArgumentException.class, () -> new DiscreteVpSde(0.1, 1000, 1000, 0));
	}

	@Test
	void vpMatchesScoreSdeMarginals() {
		VpSde sde = new VpSde();
		double t = 0.37, logm = -0.25 * t * t * (20 - 0.1) - 0.5 * t * 0.1;
		assertEquals(Math.exp(logm), sde.scale(t), 1e-15);
		assertEquals(Math.sqrt(1 - Math.exp(2 * logm)), sde.scale(t) * sde.sigma(t), 1e-14);
		SubVpSde sub = new SubVpSde();
		assertEquals(1 - Math.exp(2 * logm), sub.scale(t) * sub.sigma(t), 1e-14);
	}

	@Test
	void discretisationsFollowScoreSde() {
		VeSde ve = new VeSde(0.01, 50);
		assertEquals(0.01, ve.discreteSigma(0), 1e-15);
		assertEquals(50, ve.discreteSigma(999), 1e-10);
		int i = ve.index(0.5);
		assertEquals(499, i);
		assertEquals(Math.sqrt(Math.pow(ve.discreteSigma(499), 2) - Math.pow(ve.discreteSigma(498), 2)), ve.discretize(0.5).g(), 1e-12);
		assertEquals(0.01, ve.discretize(0).g(), 1e-15);
		VpSde vp = new VpSde();
		double b = vp.discreteBeta(vp.index(0.5));
		assertEquals(0.1 / 1000 + 499 * (20.0 / 1000 - 0.1 / 1000) / 999, b, 1e-15);
		assertEquals(Math.sqrt(1 - b) - 1, vp.discretize(0.5).f(), 1e-15);
		SubVpSde sub = new SubVpSde();
		assertEquals(sub.drift(0.5) / 1000, sub.discretize(0.5).f(), 1e-15);
		assertEquals(sub.diffusion(0.5) * Math.sqrt(1e-3), sub.discretize(0.5).g(), 1e-15);
	}

	@Test
	void gaussianPriorLogDensity() {
		Shape shape = new Shape(1, 1, 1, 2);
		double[] z = { 1, 2 };
		double want = -Math.log(2 * Math.PI * 2500) - 5 / (2 * 2500.0);
		assertEquals(want, new VeSde(0.01, 50).priorLogp(shape, z)[0], 1e-12);
		assertEquals(-Math.log(2 * Math.PI) - 2.5, new VpSde().priorLogp(shape, z)[0], 1e-12);
	}

	/**
	 * ‖x‖² = σ²D·B/(1−B) with B ~ Beta(N/2, D/2): B/(1−B) is beta-prime(a, b), a = N/2, b = D/2, with mean a/(b − 1)
	 * and variance a(a + b − 1)/((b − 2)(b − 1)²). With N = 16, D = 16, σ = 2: mean 4·16·8/7 = 73.14 and variance
	 * 16·256·(8·15/(6·49)) = 1671.8, where a Gaussian N(0, σ²I) prior (the EDM limit D → ∞) has 64 and 2σ⁴N = 512.
	 * 4000 images: the sample mean's standard error is 0.65 (0.9 %), the variance's about 110 (7 %).
	 */
	@Test
	void pfgmppPriorHasTheHyperCylinderRadius() {
		PfgmppSde sde = new PfgmppSde(0.002, 80, 16);
		Shape shape = new Shape(4000, 1, 4, 4);
		double[] x = new double[shape.size()], r2 = new double[shape.n()];
		sde.samplePriorSigma(2, shape, new NoiseSource(3, shape), x);
		double mean = 0;
		for (int k = 0; k < shape.n(); k++) {
			for (int i = 0; i < 16; i++)
				r2[k] += x[k * 16 + i] * x[k * 16 + i];
			mean += r2[k] / shape.n();
		}
		double var = 0;
		for (double v : r2)
			var += (v - mean) * (v - mean) / (shape.n() - 1);
		double a = 8, b = 8, wantMean = 4 * 16 * a / (b - 1), wantVar = 16 * 256 * a * (a + b - 1) / ((b - 2) * (b - 1) * (b - 1));
		assertEquals(wantMean, mean, 0.04 * wantMean, "mean of |x|^2");
		assertEquals(wantVar, var, 0.25 * wantVar, "variance of |x|^2");
	}

	@Test
	void pfgmppTendsToEdmAsDGrows() {
		Shape shape = new Shape(1, 1, 2, 2);
		double[] z = { 10, -20, 30, 5 };
		double edm = new EdmSde(0.002, 80).priorLogp(shape, z)[0];
		double pf = new PfgmppSde(0.002, 80, 1e8).priorLogp(shape, z)[0];
		assertEquals(edm, pf, 1e-4);
	}

	@Test
	void logGammaAndGammaSampler() {
		assertEquals(Math.log(24), PfgmppSde.logGamma(5), 1e-12);
		assertEquals(0.5 * Math.log(Math.PI), PfgmppSde.logGamma(0.5), 1e-12);
		var r = new java.util.SplittableRandom(1);
		// Gamma(k, 1) has mean and variance k; for 20000 draws of k = 0.7 their standard errors are 0.006 and 0.016
		int n = 20000;
		double[] g = new double[n];
		double sum = 0, ss = 0;
		for (int i = 0; i < n; i++)
			sum += g[i] = PfgmppSde.gamma(r, 0.7);
		for (double v : g)
			ss += (v - sum / n) * (v - sum / n);
		assertEquals(0.7, sum / n, 0.03, "mean");
		assertEquals(0.7, ss / (n - 1), 0.08, "variance");
	}

	@Test
	void badParametersAreNamed() {
		var e = assertThrows(IllegalArgumentException.class, () -> new VeSde(50, 0.01));
		assertTrue(e.getMessage().contains("sigma_min"));
		assertThrows(IllegalArgumentException.class, () -> new VpSde(20, 0.1, 1000, 1e-3));
		assertThrows(IllegalArgumentException.class, () -> new PfgmppSde(0.002, 80, 0));
	}
}
