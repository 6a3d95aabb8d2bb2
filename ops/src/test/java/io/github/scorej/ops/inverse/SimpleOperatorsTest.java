package io.github.scorej.ops.inverse;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static io.github.scorej.ops.inverse.Contracts.*;
import static org.junit.jupiter.api.Assertions.*;

/** Denoising, inpainting, colorization and super-resolution against the operator contracts. */
class SimpleOperatorsTest {

	static boolean[][] randomMask(int h, int w, long seed) {
		Random rng = new Random(seed);
		boolean[][] m = new boolean[h][w];
		for (boolean[] row : m)
			for (int j = 0; j < w; j++)
				row[j] = rng.nextDouble() < 0.4;
		m[0][0] = true;
		m[0][1] = false;
		return m;
	}

	@Test
	void denoising() {
		var a = new DenoisingOperator(2, 5, 7);
		double[] x = random(new Random(1), a.imageSize());
		adjoint(a, 1);
		pseudoInverseOnRange(a, x, 1e-15);
		moorePenrose(a, 2, 1e-12);
		svd(a, 2);
		maskedTransform(a, x, 1e-15);
		assertArrayEquals(x, apply(a, x));
		refuses("at least 1 channel", () -> new DenoisingOperator(0, 5, 5));
	}

	@Test
	void inpainting() {
		var a = InpaintingOperator.of(3, 6, 9, randomMask(6, 9, 3));
		double[] x = random(new Random(4), a.imageSize());
		adjoint(a, 5);
		pseudoInverseOnRange(a, x, 1e-15);
		moorePenrose(a, 6, 1e-12);
		svd(a, 6);
		maskedTransform(a, x, 1e-15);
		// y lists the known pixels of each channel in raster order
		double[] y = apply(a, x);
		assertEquals(x[0], y[0]);
		assertEquals(x[54], y[a.measurementSize() / 3], "channel 1 starts with pixel (0,0)");
		double[] zeroFilled = new double[x.length];
		a.pseudoInverse(y, zeroFilled);
		assertEquals(0, zeroFilled[1], "hidden pixel is zero-filled");
	}

	@Test
	void inpaintingRefusesBadMasks() {
		refuses("mask is 30×40, image is 32×32", () -> InpaintingOperator.of(1, 32, 32, new boolean[30][40]));
		boolean[][] all = new boolean[4][4];
		for (boolean[] r : all)
			java.util.Arrays.fill(r, true);
		refuses("mask hides no pixel", () -> InpaintingOperator.of(1, 4, 4, all));
		refuses("mask hides every pixel", () -> InpaintingOperator.of(1, 4, 4, new boolean[4][4]));
	}

	@Test
	void colorization() {
		var a = new ColorizationOperator(4, 5);
		double[] x = random(new Random(7), a.imageSize());
		adjoint(a, 8);
		pseudoInverseOnRange(a, x, 1e-14);
		moorePenrose(a, 9, 1e-12);
		svd(a, 9);
		maskedTransform(a, x, 1e-14);
		assertEquals((x[3] + x[23] + x[43]) / 3, apply(a, x)[3], 1e-15, "grey = mean of channels");
		for (double s : a.svd().orElseThrow().singularValues())
			assertEquals(1 / Math.sqrt(3), s, 1e-16);
	}

	/** Luminance weights: the same contracts, the weighted sum, and a grey copy that A maps back to y. */
	@Test
	void colorizationWithLuminanceWeights() {
		for (ColorizationOperator.Grey g : new ColorizationOperator.Grey[] { ColorizationOperator.Grey.REC601, ColorizationOperator.Grey.REC709 }) {
			var a = ColorizationOperator.of(3, 4, 5, g);
			double[] x = random(new Random(17), a.imageSize()), w = g.weights();
			adjoint(a, 18);
			pseudoInverseOnRange(a, x, 1e-14);
			svd(a, 19);
			maskedTransform(a, x, 1e-14);
			assertEquals(w[0] * x[3] + w[1] * x[23] + w[2] * x[43], apply(a, x)[3], 1e-15, g.key + ": grey = weighted sum");
			assertEquals(1, w[0] + w[1] + w[2], 1e-12, g.key + ": weights sum to 1");
			double[] y = apply(a, x), copy = new double[a.imageSize()];
			a.greyCopy(y, copy);
			assertArrayEquals(y, apply(a, copy), 1e-14, g.key + ": the grey copy has grey y");
			assertEquals(copy[3], copy[23], 0, "the grey copy is grey");
		}
		assertEquals(0.587, ColorizationOperator.Grey.of("Rec601").weights()[1], 0);
		refuses("grey 'luma' is not one of mean, rec601, rec709", () -> ColorizationOperator.Grey.of("luma"));
	}

	@Test
	void decoupledColoursAreOrthonormalWithGreyFirst() {
		double[] x = { 1, 1, 1 }, d = new double[3], back = new double[3];
		var mean = new ColorizationOperator(1, 1);
		mean.toDecoupled(x, d);
		assertArrayEquals(new double[] { Math.sqrt(3), 0, 0 }, d, 1e-15);
		mean.toDecoupled(new double[] { -2, 1, 1 }, d); // score_sde's M: the second and third directions
		assertArrayEquals(new double[] { 0, Math.sqrt(6), 0 }, d, 1e-14);
		mean.toDecoupled(new double[] { 0, 1, -1 }, d);
		assertArrayEquals(new double[] { 0, 0, Math.sqrt(2) }, d, 1e-14);
		double[] r = random(new Random(10), 3);
		for (ColorizationOperator.Grey g : ColorizationOperator.Grey.values()) {
			var a = new ColorizationOperator(1, 1, g);
			a.toDecoupled(r, d);
			a.fromDecoupled(d, back);
			assertArrayEquals(r, back, 1e-15, g.key);
			assertEquals(norm(r), norm(d), 1e-15, g.key);
		}
		refuses("colorization needs 3 channels", () -> ColorizationOperator.of(1, 4, 4));
	}

	@Test
	void superResolution() {
		for (int f : new int[] { 2, 4, 8 }) {
			var a = new SuperResolutionOperator(2, 16, 24, f);
			double[] x = random(new Random(f), a.imageSize());
			adjoint(a, 11);
			pseudoInverseOnRange(a, x, 1e-14);
			moorePenrose(a, 12, 1e-12);
			svd(a, 12);
			maskedTransform(a, x, 1e-14);
			double[] y = apply(a, x);
			assertEquals(2 * (16 / f) * (24 / f), y.length);
			double mean = 0;
			for (int i = 0; i < f; i++)
				for (int j = 0; j < f; j++)
					mean += x[i * 24 + j] / (f * f);
			assertEquals(mean, y[0], 1e-14, "box average of the first block");
			double[] up = new double[x.length];
			a.pseudoInverse(y, up);
			assertEquals(y[0], up[(f - 1) * 24 + f - 1], "replicated over the block");
		}
		svd(new SuperResolutionOperator(1, 9, 6, 3), 13);
	}

	@Test
	void superResolutionRefusesBadFactors() {
		refuses("factor 3 does not divide the image 32×32", () -> new SuperResolutionOperator(1, 32, 32, 3));
		refuses("factor must be >= 2", () -> new SuperResolutionOperator(1, 32, 32, 1));
	}
}
