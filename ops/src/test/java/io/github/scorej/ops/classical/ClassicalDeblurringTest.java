package io.github.scorej.ops.classical;

import io.github.scorej.ops.inverse.BlurOperator;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Wiener and Richardson–Lucy on the periodic blur of {@link BlurOperator}. */
class ClassicalDeblurringTest {

	static double[] blur(BlurOperator op, double[] x) {
		double[] y = new double[op.measurementSize()];
		op.apply(x, y);
		return y;
	}

	/** A smooth C×H×W image in [−1, 1]: a sum of two Gaussian bumps and a gentle wave per channel. */
	static double[] smooth(int c, int h, int w) {
		double[] x = new double[c * h * w];
		for (int ch = 0; ch < c; ch++)
			for (int i = 0; i < h; i++)
				for (int j = 0; j < w; j++) {
					double v = Math.exp(-(Math.pow(i - h / 3.0, 2) + Math.pow(j - w / 2.0, 2)) / 18.0)
							- 0.8 * Math.exp(-(Math.pow(i - 2 * h / 3.0, 2) + Math.pow(j - w / 4.0 - ch, 2)) / 8.0)
							+ 0.2 * Math.sin(2 * Math.PI * (i + 2 * j) / h);
					x[(ch * h + i) * w + j] = Math.max(-1, Math.min(1, v));
				}
		return x;
	}

	@Test
	void wienerWithVanishingRegulariserInvertsAWellConditionedBlur() {
		// |K| ≥ 0.4 everywhere for this asymmetric PSF: inverting it is well-conditioned, and only
		// K̄/|K|² = 1/K (the conjugate on the right side) gives back x
		double[] psf = {0, 0.1, 0, 0.05, 0.7, 0.15, 0, 0, 0};
		BlurOperator op = BlurOperator.of(2, 12, 10, psf, 3, 3);
		Random rng = new Random(8);
		double[] x = new double[op.imageSize()];
		for (int p = 0; p < x.length; p++)
			x[p] = rng.nextGaussian();
		double[] y = blur(op, x);
		for (double nsr : new double[] {0, 1e-14}) {
			double[] r = Deblurring.wiener(op, y, nsr);
			for (int p = 0; p < x.length; p++)
				assertEquals(x[p], r[p], 1e-9, "nsr " + nsr + ", pixel " + p);
		}
		assertTrue(Metrics.mse(Deblurring.wiener(op, y, 0.5), x) > 1e-3, "a large regulariser does not invert");
	}

	@Test
	void wienerWithALargeRegulariserIsTheScaledAdjoint() {
		// x̂ = K̄ŷ/(|K|² + nsr) → Aᵀy/nsr: ‖x̂ − Aᵀy/nsr‖ ≤ (max|K|²/nsr)·‖Aᵀy‖/nsr, max|K| = K(0) = 1
		double[] psf = {0.3, 0.5, 0.2, 0.1, 0.9, 0.4};
		BlurOperator op = BlurOperator.of(1, 8, 9, psf, 2, 3);
		Random rng = new Random(9);
		double[] y = new double[op.measurementSize()], aty = new double[op.imageSize()];
		for (int p = 0; p < y.length; p++)
			y[p] = rng.nextGaussian();
		op.adjoint(y, aty);
		double nsr = 1e7;
		double[] r = Deblurring.wiener(op, y, nsr);
		double err = 0, norm = 0;
		for (int p = 0; p < r.length; p++) {
			err += Math.pow(r[p] - aty[p] / nsr, 2);
			norm += Math.pow(aty[p] / nsr, 2);
		}
		assertTrue(Math.sqrt(err) <= 1.0001 / nsr * Math.sqrt(norm), "relative error " + Math.sqrt(err / norm));
	}

	@Test
	void richardsonLucyImprovesASmoothImageAndPreservesFlux() {
		int c = 2, h = 32, w = 32;
		BlurOperator op = BlurOperator.gaussian(c, h, w, 1.5);
		double[] x = smooth(c, h, w), y = blur(op, x);
		double before = Metrics.psnr(y, x, 2);
		double[] r = Deblurring.richardsonLucy(op, y, 30);
		double after = Metrics.psnr(r, x, 2);
		assertTrue(after > before + 2, "RL gains more than 2 dB: " + before + " -> " + after);
		// RL with a normalised PSF keeps Σ x = Σ y (shifted data and shifted result alike)
		double sy = 0, sr = 0;
		for (int p = 0; p < y.length; p++) {
			sy += y[p];
			sr += r[p];
		}
		assertEquals(sy, sr, 1e-8 * y.length);
		double[] start = Deblurring.richardsonLucy(op, y, 0); // x₀ = mean(y) everywhere
		for (double v : start)
			assertEquals(sy / y.length, v, 1e-12);
	}

	@Test
	void richardsonLucyKeepsAConstantImage() {
		BlurOperator op = BlurOperator.gaussian(1, 10, 10, 1);
		double[] y = new double[100];
		java.util.Arrays.fill(y, -0.4);
		assertArrayEquals(y, Deblurring.richardsonLucy(op, y, 5), 1e-12);
	}

	@Test
	void oracleChoicesAreTheBestOfTheirGrids() {
		int c = 1, h = 24, w = 24;
		BlurOperator op = BlurOperator.gaussian(c, h, w, 1.2);
		double[] x = smooth(c, h, w), y = blur(op, x);
		Random rng = new Random(10);
		for (int p = 0; p < y.length; p++)
			y[p] += 0.02 * rng.nextGaussian();
		double[] grid = Classical.logGrid(1e-5, 1, 11);
		Classical.Best wiener = Deblurring.bestWiener(op, y, x, grid);
		for (double nsr : grid)
			assertTrue(wiener.mse() <= Metrics.mse(Deblurring.wiener(op, y, nsr), x));
		assertArrayEquals(Deblurring.wiener(op, y, wiener.parameter()), wiener.image());
		assertTrue(wiener.parameter() > 1e-5 && wiener.parameter() < 1, "noise makes the oracle regularise: " + wiener.describe());
		Classical.Best rl = Deblurring.bestRichardsonLucy(op, y, x, 60);
		assertArrayEquals(Deblurring.richardsonLucy(op, y, (int) rl.parameter()), rl.image(), 1e-12);
		for (int t = 1; t <= 60; t += 7)
			assertTrue(rl.mse() <= Metrics.mse(Deblurring.richardsonLucy(op, y, t), x) + 1e-15, "iteration " + t);
		assertTrue(rl.psnr(2) > Metrics.psnr(y, x, 2), "better than doing nothing");
		assertEquals(Metrics.psnr(rl.image(), x, 2), rl.psnr(2), 1e-9);
	}
}
