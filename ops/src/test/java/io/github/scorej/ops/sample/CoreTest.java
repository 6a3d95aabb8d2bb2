package io.github.scorej.ops.sample;

import io.github.scorej.ops.model.GaussianMixtureDenoiser;
import io.github.scorej.ops.model.Shape;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** NoiseSource, Param/Params, Task and the Gaussian-mixture denoiser itself. */
class CoreTest {

	@Test
	void noiseIsPerItemAndIndependentOfChunking() {
		Shape four = new Shape(4, 1, 3, 3), two = new Shape(2, 1, 3, 3);
		double[] all = new NoiseSource(7, four).gaussian(four.size());
		double[] second = new NoiseSource(7, two, null, 2).gaussian(two.size());
		for (int i = 0; i < two.size(); i++)
			assertEquals(all[2 * 9 + i], second[i]);
		assertArrayEquals(all, new NoiseSource(7, four).gaussian(four.size()));
		assertNotEquals(all[0], new NoiseSource(8, four).gaussian(four.size())[0]);
	}

	@Test
	void initialNoiseReplacesTheFirstDraw() {
		Shape s = new Shape(1, 1, 1, 3);
		NoiseSource n = new NoiseSource(1, s, new double[] { 1, 2, 3 });
		assertArrayEquals(new double[] { 1, 2, 3 }, n.gaussian(3));
		assertNotEquals(1.0, n.gaussian(3)[0]);
		assertThrows(IllegalArgumentException.class, () -> new NoiseSource(1, s, new double[2]));
	}

	static final Param<Double> ETA = Param.real("eta", 1, 0, 1, "noise");
	static final Param<String> KIND = Param.choice("kind", "a", List.of("a", "b"), "kind");

	@Test
	void paramsAreTypedAndChecked() {
		Params p = Params.defaults(List.of(ETA, KIND));
		assertEquals(1.0, p.get(ETA));
		Params q = p.with(Map.of("eta", "0.5", "kind", "b"));
		assertEquals(0.5, q.get(ETA));
		assertEquals("b", q.get(KIND));
		assertEquals(1.0, p.get(ETA), "immutable");
		var e = assertThrows(IllegalArgumentException.class, () -> p.with("eta", "2"));
		assertTrue(e.getMessage().contains("eta") && e.getMessage().contains("[0, 1]"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> p.with("etta", "1"));
		assertTrue(e.getMessage().contains("valid options: eta, kind"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> p.with("kind", "c"));
		assertTrue(e.getMessage().contains("a, b"));
		assertEquals("eta=1.0 kind=a", p.toString());
	}

	@Test
	void mixtureDenoiserIsTheGaussianPosteriorMean() {
		GaussianMixtureDenoiser g = GaussianMixtureDenoiser.gaussian(0.3, 0.5);
		Shape s = new Shape(1, 1, 1, 2);
		double[] d = g.denoise(s, new double[] { 1.3, -0.7 }, 0.5);
		assertEquals(0.3 + 0.5 * 1.0, d[0], 1e-12);
		assertEquals(0.3 - 0.5 * 1.0, d[1], 1e-12);
		// Far from one component, the mixture's denoiser is that component's.
		GaussianMixtureDenoiser mix = new GaussianMixtureDenoiser(new double[] { 0.5, 0.5 }, new double[] { -1, 1 }, new double[] { 0.2, 0.2 });
		Shape big = new Shape(1, 1, 4, 4);
		double[] x = new double[16];
		java.util.Arrays.fill(x, 1.1);
		double[] dm = mix.denoise(big, x, 0.1);
		assertEquals(1 + 0.04 / 0.05 * 0.1, dm[0], 1e-9);
		assertEquals(1, mix.classify(big, x, 0));
	}

	/** Tweedie: D(x; σ) = x + σ²∇log p(x; σ); check against a finite difference of the mixture's log density. */
	@Test
	void mixtureDenoiserSatisfiesTweedie() {
		double[] w = { 0.3, 0.7 }, m = { -1, 1 }, s = { 0.2, 0.4 };
		GaussianMixtureDenoiser mix = new GaussianMixtureDenoiser(w, m, s);
		Shape shape = new Shape(1, 1, 1, 2);
		double[] x = { 0.1, 0.4 };
		double sigma = 0.7, h = 1e-5;
		double[] d = mix.denoise(shape, x, sigma);
		for (int i = 0; i < 2; i++) {
			double[] xp = x.clone(), xm = x.clone();
			xp[i] += h;
			xm[i] -= h;
			double grad = (logp(xp, w, m, s, sigma) - logp(xm, w, m, s, sigma)) / (2 * h);
			assertEquals(x[i] + sigma * sigma * grad, d[i], 1e-7);
		}
	}

	private static double logp(double[] x, double[] w, double[] m, double[] s, double sigma) {
		double p = 0;
		for (int k = 0; k < w.length; k++) {
			double v = s[k] * s[k] + sigma * sigma, ss = 0;
			for (double xi : x)
				ss += (xi - m[k]) * (xi - m[k]);
			p += w[k] * Math.exp(-ss / (2 * v)) / (2 * Math.PI * v);
		}
		return Math.log(p);
	}
}
