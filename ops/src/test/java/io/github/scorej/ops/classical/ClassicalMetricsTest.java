package io.github.scorej.ops.classical;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** PSNR against its formula; SSIM against closed forms on tiny images and a direct 11×11 window sum. */
class ClassicalMetricsTest {

	static final double C1 = Math.pow(0.01 * 2, 2), C2 = Math.pow(0.03 * 2, 2); // L = 2, data in [-1, 1]

	static double[] random(Random rng, int n) {
		double[] a = new double[n];
		for (int p = 0; p < n; p++)
			a[p] = 2 * rng.nextDouble() - 1;
		return a;
	}

	@Test
	void psnrIsTheFormula() {
		Random rng = new Random(1);
		double[] ref = random(rng, 2 * 7 * 9), x = ref.clone();
		for (int p = 0; p < x.length; p++)
			x[p] += 0.1; // MSE = 0.01 exactly (up to rounding)
		assertEquals(10 * Math.log10(4 / 0.01), Metrics.psnr(x, ref, 2), 1e-9);
		assertEquals(10 * Math.log10(1 / 0.01), Metrics.psnr(x, ref, 1), 1e-9);
		double[] y = random(rng, ref.length);
		double mse = 0;
		for (int p = 0; p < y.length; p++)
			mse += (y[p] - ref[p]) * (y[p] - ref[p]) / y.length;
		assertEquals(10 * Math.log10(255.0 * 255 / mse), Metrics.psnr(y, ref, 255), 1e-9);
		assertEquals(Double.POSITIVE_INFINITY, Metrics.psnr(ref, ref, 2));
		assertThrows(IllegalArgumentException.class, () -> Metrics.psnr(ref, new double[3], 2));
		assertThrows(IllegalArgumentException.class, () -> Metrics.psnr(ref, ref, 0));
	}

	@Test
	void ssimOfIdenticalImagesIsOne() {
		double[] x = random(new Random(2), 3 * 16 * 20);
		assertEquals(1, Metrics.ssim(x, x, 3, 16, 20, 2), 1e-12);
	}

	@Test
	void ssimOfAConstantOffsetIsTheLuminanceTerm() {
		// ref ≡ a, x ≡ a + d: variances and covariance vanish, SSIM = (2a(a+d) + C1)/(a² + (a+d)² + C1)
		int h = 13, w = 12;
		double a = 0.3, d = -0.2;
		double[] ref = new double[h * w], x = new double[h * w];
		java.util.Arrays.fill(ref, a);
		java.util.Arrays.fill(x, a + d);
		double expected = (2 * a * (a + d) + C1) / (a * a + (a + d) * (a + d) + C1);
		assertEquals(expected, Metrics.ssim(x, ref, 1, h, w, 2), 1e-12);
		assertTrue(expected < 0.9, "the case is not trivial");
	}

	/**
	 * ref = a + δ·(−1)^(i+j) (a checkerboard of noise), x ≡ a. With the 1-D window weights w_k ∝ exp(−k²/4.5),
	 * |k| ≤ 5, and g = Σ w_k (−1)^k: μ_ref = a + sδg² (s the pixel's parity), σ_ref² = δ²(1 − g⁴), σ_x² =
	 * σ_xy = 0, so SSIM(s) = (2aμ_ref + C1)/(a² + μ_ref² + C1) · C2/(σ_ref² + C2), and the 4×5 interior holds
	 * 10 pixels of each parity.
	 */
	@Test
	void ssimOfACheckerboardIsTheClosedForm() {
		int h = 14, w = 15;
		double a = 0.1, delta = 0.15;
		double[] ref = new double[h * w], x = new double[h * w];
		for (int i = 0; i < h; i++)
			for (int j = 0; j < w; j++) {
				ref[i * w + j] = a + delta * ((i + j) % 2 == 0 ? 1 : -1);
				x[i * w + j] = a;
			}
		double z = 0, g = 0;
		for (int k = -5; k <= 5; k++)
			z += Math.exp(-k * k / 4.5);
		for (int k = -5; k <= 5; k++)
			g += (k % 2 == 0 ? 1 : -1) * Math.exp(-k * k / 4.5) / z;
		double var = delta * delta * (1 - Math.pow(g, 4)), mean = 0;
		for (int s = -1; s <= 1; s += 2) {
			double mu = a + s * delta * g * g;
			mean += 0.5 * (2 * a * mu + C1) / (a * a + mu * mu + C1) * C2 / (var + C2);
		}
		assertEquals(mean, Metrics.ssim(x, ref, 1, h, w, 2), 1e-12);
		assertEquals(mean, Metrics.ssim(ref, x, 1, h, w, 2), 1e-12, "symmetric");
	}

	/** SSIM by a direct 11×11 window sum at every interior pixel, the textbook definition. */
	static double directSsim(double[] x, double[] y, int h, int w, double peak) {
		double c1 = Math.pow(0.01 * peak, 2), c2 = Math.pow(0.03 * peak, 2), z = 0, sum = 0;
		for (int a = -5; a <= 5; a++)
			for (int b = -5; b <= 5; b++)
				z += Math.exp(-(a * a + b * b) / 4.5);
		for (int i = 5; i < h - 5; i++)
			for (int j = 5; j < w - 5; j++) {
				double mx = 0, my = 0, xx = 0, yy = 0, xy = 0;
				for (int a = -5; a <= 5; a++)
					for (int b = -5; b <= 5; b++) {
						double wt = Math.exp(-(a * a + b * b) / 4.5) / z, u = x[(i + a) * w + j + b], v = y[(i + a) * w + j + b];
						mx += wt * u;
						my += wt * v;
						xx += wt * u * u;
						yy += wt * v * v;
						xy += wt * u * v;
					}
				double vx = xx - mx * mx, vy = yy - my * my, vxy = xy - mx * my;
				sum += (2 * mx * my + c1) * (2 * vxy + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
			}
		return sum / ((h - 10) * (w - 10));
	}

	@Test
	void ssimOfANoisyImageIsTheWindowSumAveragedOverChannels() {
		int h = 17, w = 19, n = h * w;
		Random rng = new Random(3);
		double[] ref = new double[2 * n], x = new double[2 * n];
		for (int c = 0; c < 2; c++)
			for (int i = 0; i < h; i++)
				for (int j = 0; j < w; j++) {
					ref[c * n + i * w + j] = Math.sin(0.3 * i + c) * Math.cos(0.2 * j);
					x[c * n + i * w + j] = ref[c * n + i * w + j] + (c + 1) * 0.2 * rng.nextGaussian();
				}
		double s0 = directSsim(java.util.Arrays.copyOfRange(x, 0, n), java.util.Arrays.copyOfRange(ref, 0, n), h, w, 2);
		double s1 = directSsim(java.util.Arrays.copyOfRange(x, n, 2 * n), java.util.Arrays.copyOfRange(ref, n, 2 * n), h, w, 2);
		assertTrue(s0 > s1 + 0.05 && s1 > 0, "noisier channel scores lower: " + s0 + ", " + s1);
		assertEquals((s0 + s1) / 2, Metrics.ssim(x, ref, 2, h, w, 2), 1e-12);
		// scaling the data and the range together changes nothing
		double[] x3 = x.clone(), ref3 = ref.clone();
		for (int p = 0; p < x3.length; p++) {
			x3[p] *= 127.5;
			ref3[p] *= 127.5;
		}
		assertEquals((s0 + s1) / 2, Metrics.ssim(x3, ref3, 2, h, w, 255), 1e-12);
	}

	@Test
	void ssimRefusesImagesSmallerThanItsWindow() {
		double[] x = new double[10 * 12];
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metrics.ssim(x, x, 1, 10, 12, 1));
		assertTrue(e.getMessage().contains("11×11"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Metrics.ssim(x, x, 1, 11, 12, 1), "wrong length");
	}
}
