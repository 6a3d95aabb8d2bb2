package io.github.scorej.ops.classical;

import io.github.scorej.ops.inverse.SuperResolutionOperator;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Bicubic upsampling: reproduces ramps and quadratics, interpolates, aligned with box averaging. */
class ClassicalUpsamplingTest {

	@Test
	void bicubicOfABoxAveragedRampIsTheRampAwayFromTheBorders() {
		// box averaging a linear function gives its value at the block centre; Keys' kernel reproduces it
		for (int f : new int[] {2, 3, 4}) {
			int c = 2, h = 8 * f, w = 6 * f, n = h * w;
			double[] ramp = new double[c * n];
			for (int ch = 0; ch < c; ch++)
				for (int i = 0; i < h; i++)
					for (int j = 0; j < w; j++)
						ramp[ch * n + i * w + j] = 0.3 - 0.05 * i * (ch + 1) + 0.02 * j;
			SuperResolutionOperator op = new SuperResolutionOperator(c, h, w, f);
			double[] y = new double[op.measurementSize()];
			op.apply(ramp, y);
			double[] up = Upsampling.bicubic(op, y);
			assertEquals(ramp.length, up.length);
			for (int ch = 0; ch < c; ch++)
				for (int i = 2 * f; i < h - 2 * f; i++)
					for (int j = 2 * f; j < w - 2 * f; j++)
						assertEquals(ramp[ch * n + i * w + j], up[ch * n + i * w + j], 1e-9, "f " + f + " at (" + ch + ", " + i + ", " + j + ")");
		}
	}

	@Test
	void reproducesAQuadraticSampledAtBlockCentres() {
		// a = −0.5 is the one Keys parameter that reproduces quadratics
		int f = 4, h = 9, w = 10;
		double[] low = new double[h * w];
		for (int i = 0; i < h; i++)
			for (int j = 0; j < w; j++)
				low[i * w + j] = q(i, j);
		double[] up = Upsampling.bicubic(low, 1, h, w, f);
		for (int i = 2 * f; i < h * f - 2 * f; i++)
			for (int j = 2 * f; j < w * f - 2 * f; j++)
				assertEquals(q((i + 0.5) / f - 0.5, (j + 0.5) / f - 0.5), up[i * w * f + j], 1e-9, "(" + i + ", " + j + ")");
	}

	static double q(double u, double v) {
		return 0.1 + 0.2 * u - 0.3 * v + 0.05 * u * u - 0.02 * u * v + 0.04 * v * v;
	}

	@Test
	void interpolatesAtBlockCentresAndKeepsConstantsEverywhere() {
		int f = 3, c = 2, h = 5, w = 7;
		Random rng = new Random(11);
		double[] low = new double[c * h * w];
		for (int p = 0; p < low.length; p++)
			low[p] = rng.nextGaussian();
		double[] up = Upsampling.bicubic(low, c, h, w, f);
		int hh = h * f, ww = w * f;
		for (int ch = 0; ch < c; ch++)
			for (int i = 0; i < h; i++)
				for (int j = 0; j < w; j++) // the centre pixel of an odd block sits exactly on the sample
					assertEquals(low[(ch * h + i) * w + j], up[(ch * hh + f * i + 1) * ww + f * j + 1], 1e-12);
		double[] flat = new double[h * w];
		java.util.Arrays.fill(flat, 0.37);
		for (double v : Upsampling.bicubic(flat, 1, h, w, 4))
			assertEquals(0.37, v, 1e-12, "partition of unity with edge clamping");
	}

	@Test
	void keysKernel() {
		assertEquals(1, Upsampling.keys(0));
		assertEquals(0, Upsampling.keys(1), 1e-15);
		assertEquals(0, Upsampling.keys(-2), 1e-15);
		assertEquals(-0.0625, Upsampling.keys(1.5), 1e-15); // a(27/8) − 5a(9/4) + 8a(3/2) − 4a = −a/8
		assertEquals(0.5625, Upsampling.keys(0.5), 1e-15); // 1.5/8 − 2.5/4 + 1
	}
}
