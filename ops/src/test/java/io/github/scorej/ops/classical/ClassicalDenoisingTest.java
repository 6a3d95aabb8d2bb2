package io.github.scorej.ops.classical;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Gaussian and median filters with a mirror boundary, and their oracle choices. */
class ClassicalDenoisingTest {

	@Test
	void gaussianFilterIsTheMirroredWindowSum() {
		int c = 2, h = 9, w = 13, n = h * w;
		double sigma = 1.3;
		int r = (int) (4 * sigma + 0.5); // 5
		Random rng = new Random(12);
		double[] x = new double[c * n];
		for (int p = 0; p < x.length; p++)
			x[p] = rng.nextGaussian();
		double[] out = Denoising.gaussianFilter(x, c, h, w, sigma);
		double z = 0;
		for (int a = -r; a <= r; a++)
			for (int b = -r; b <= r; b++)
				z += Math.exp(-(a * a + b * b) / (2 * sigma * sigma));
		for (int ch = 0; ch < c; ch++)
			for (int i = 0; i < h; i++)
				for (int j = 0; j < w; j++) {
					double s = 0;
					for (int a = -r; a <= r; a++)
						for (int b = -r; b <= r; b++) {
							int ii = i + a < 0 ? -1 - (i + a) : i + a >= h ? 2 * h - 1 - (i + a) : i + a; // d c b a | a b c d
							int jj = j + b < 0 ? -1 - (j + b) : j + b >= w ? 2 * w - 1 - (j + b) : j + b;
							s += Math.exp(-(a * a + b * b) / (2 * sigma * sigma)) / z * x[ch * n + ii * w + jj];
						}
					assertEquals(s, out[ch * n + i * w + j], 1e-12, "(" + ch + ", " + i + ", " + j + ")");
				}
		assertArrayEquals(x, Denoising.gaussianFilter(x, c, h, w, 0));
	}

	@Test
	void gaussianFilterAtTheEdgeRepeatsTheEdgePixel() {
		// σ = 0.25: radius 1, weights (e, 1, e)/(1 + 2e) with e = exp(−8); x = (1, 0, 0, 0)
		double e = Math.exp(-8);
		double[] out = Denoising.gaussianFilter(new double[] {1, 0, 0, 0}, 1, 1, 4, 0.25);
		assertEquals((1 + e) / (1 + 2 * e), out[0], 1e-15);
		assertEquals(e / (1 + 2 * e), out[1], 1e-15);
		assertEquals(0, out[3]);
	}

	@Test
	void medianFilter() {
		// isolated impulses on a step edge vanish; the edge stays sharp
		int h = 8, w = 10;
		double[] x = new double[h * w];
		for (int i = 0; i < h; i++)
			for (int j = 0; j < w; j++)
				x[i * w + j] = j < 5 ? 0 : 1;
		double[] clean = x.clone();
		x[2 * w + 2] = 9;
		x[5 * w + 7] = -9;
		assertArrayEquals(clean, Denoising.medianFilter(x, 1, h, w, 1));
		assertArrayEquals(x, Denoising.medianFilter(x, 1, h, w, 0));
		// corner with the edge repeated: window = x00 ×4, x01 ×2, x10 ×2, x11 ×1 → six 9s of nine
		double[] corner = {9, 9, 1, 1, 1, 1, 1, 1, 1};
		assertEquals(9, Denoising.medianFilter(corner, 1, 3, 3, 1)[0]);
		assertEquals(1, Denoising.medianFilter(corner, 1, 3, 3, 1)[4]);
	}

	@Test
	void oracleChoicesAreTheBestOfTheirGrids() {
		int c = 1, h = 24, w = 24;
		double[] truth = ClassicalDeblurringTest.smooth(c, h, w), noisy = truth.clone();
		Random rng = new Random(13);
		for (int p = 0; p < noisy.length; p++)
			noisy[p] += 0.2 * rng.nextGaussian();
		double[] sigmas = Classical.sigmaGrid();
		Classical.Best g = Denoising.bestGaussian(noisy, truth, c, h, w, sigmas);
		for (double s : sigmas)
			assertTrue(g.mse() <= Metrics.mse(Denoising.gaussianFilter(noisy, c, h, w, s), truth));
		assertTrue(g.parameter() > 0 && g.mse() < 0.5 * Metrics.mse(noisy, truth), g.describe());
		assertArrayEquals(Denoising.gaussianFilter(noisy, c, h, w, g.parameter()), g.image());
		int[] radii = Classical.radiusGrid();
		Classical.Best m = Denoising.bestMedian(noisy, truth, c, h, w, radii);
		for (int r : radii)
			assertTrue(m.mse() <= Metrics.mse(Denoising.medianFilter(noisy, c, h, w, r), truth));
		assertTrue(m.parameter() > 0, m.describe());
		assertEquals("median filter (radius = " + (int) m.parameter() + ")", m.describe());
		assertEquals(String.format("Gaussian filter (sigma = %.3g)", g.parameter()), g.describe());
		assertThrows(IllegalArgumentException.class, () -> Denoising.bestMedian(noisy, truth, c, h, w, new int[0]));
		assertThrows(IllegalArgumentException.class, () -> Denoising.gaussianFilter(noisy, c, h, w, -1));
		assertThrows(IllegalArgumentException.class, () -> Denoising.medianFilter(Arrays.copyOf(noisy, 5), c, h, w, 1));
	}
}
