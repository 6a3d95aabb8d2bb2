package io.github.scorej.ops.classical;

import io.github.scorej.ops.inverse.InpaintingOperator;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Harmonic fill: exact on linear ramps, the discrete Laplace equation, the maximum principle. */
class ClassicalInpaintingTest {

	@Test
	void recoversALinearRampInsideAHole() {
		int c = 2, h = 20, w = 24, n = h * w;
		double[] ramp = new double[c * n];
		for (int i = 0; i < h; i++)
			for (int j = 0; j < w; j++) {
				ramp[i * w + j] = 0.5 + 0.03 * i - 0.02 * j;
				ramp[n + i * w + j] = -0.1 * i + 0.07 * j;
			}
		boolean[] known = new boolean[n];
		java.util.Arrays.fill(known, true);
		for (int i = 4; i < 14; i++)
			for (int j = 6; j < 17; j++)
				known[i * w + j] = false; // a 10×11 hole
		Random rng = new Random(5);
		for (int i = 1; i < h - 1; i++)
			for (int j = 1; j < w - 1; j++)
				if (rng.nextDouble() < 0.3) known[i * w + j] = false; // and scattered interior pixels
		double[] input = ramp.clone();
		for (int c0 = 0; c0 < c; c0++)
			for (int p = 0; p < n; p++)
				if (!known[p]) input[c0 * n + p] = 7; // garbage where hidden: must not be read
		double[] out = Inpainting.harmonicFill(input, known, c, h, w);
		for (int p = 0; p < c * n; p++)
			assertEquals(ramp[p], out[p], 1e-9, "pixel " + p);
		assertEquals(7, input[5 * w + 8], "input unchanged");
	}

	@Test
	void solvesTheDiscreteLaplaceEquationAndObeysTheMaximumPrinciple() {
		int h = 15, w = 18, n = h * w;
		Random rng = new Random(6);
		boolean[] known = new boolean[n];
		double[] image = new double[n];
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (int p = 0; p < n; p++) {
			known[p] = rng.nextDouble() < 0.25 && p % w < 12; // holes reach the image edge; the right third is all hidden
			image[p] = known[p] ? rng.nextGaussian() : 0;
			if (known[p]) {
				lo = Math.min(lo, image[p]);
				hi = Math.max(hi, image[p]);
			}
		}
		double[] u = Inpainting.harmonicFill(image, known, 1, h, w);
		for (int i = 0; i < h; i++)
			for (int j = 0; j < w; j++) {
				int p = i * w + j;
				if (known[p]) {
					assertEquals(image[p], u[p], "known pixel kept");
					continue;
				}
				assertTrue(u[p] >= lo - 1e-9 && u[p] <= hi + 1e-9, "maximum principle at " + p);
				double s = 0;
				int degree = 0;
				for (int[] d : new int[][] {{-1, 0}, {1, 0}, {0, -1}, {0, 1}}) {
					int a = i + d[0], b = j + d[1];
					if (a < 0 || a >= h || b < 0 || b >= w) continue;
					s += u[a * w + b];
					degree++;
				}
				assertEquals(u[p], s / degree, 1e-9, "mean of the neighbours at (" + i + ", " + j + ")");
			}
	}

	@Test
	void fillsAMeasurementOfTheOperator() {
		int c = 3, h = 9, w = 11;
		boolean[][] mask = new boolean[h][w];
		Random rng = new Random(7);
		for (boolean[] row : mask)
			for (int j = 0; j < w; j++)
				row[j] = rng.nextDouble() < 0.5;
		mask[0][0] = true;
		mask[0][1] = false;
		InpaintingOperator op = InpaintingOperator.of(c, h, w, mask);
		double[] x = new double[op.imageSize()], y = new double[op.measurementSize()], zf = new double[op.imageSize()];
		for (int p = 0; p < x.length; p++)
			x[p] = rng.nextGaussian();
		op.apply(x, y);
		op.pseudoInverse(y, zf);
		assertArrayEquals(Inpainting.harmonicFill(zf, op.known(), c, h, w), Inpainting.harmonicFill(op, y));
	}

	@Test
	void refusesAMaskWithoutKnownPixels() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> Inpainting.harmonicFill(new double[12], new boolean[12], 1, 3, 4));
		assertTrue(e.getMessage().contains("hides every pixel"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Inpainting.harmonicFill(new double[12], new boolean[10], 1, 3, 4));
	}
}
