package io.github.scorej.ops.inverse;

import io.github.scorej.ops.inverse.MriOperator.Pattern;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static io.github.scorej.ops.inverse.Contracts.*;
import static org.junit.jupiter.api.Assertions.*;

class MriOperatorTest {

	@Test
	void kspaceIsTheCentredUnitaryDft() {
		for (int[] hw : new int[][] { { 6, 8 }, { 5, 7 } }) {
			int h = hw[0], w = hw[1];
			var a = MriOperator.cartesian(1, h, w, 2, 2, Pattern.RANDOM, 0);
			double[] x = random(new Random(h), h * w), t = new double[2 * h * w];
			a.kspace(x, t);
			for (int u = 0; u < h; u++)
				for (int v = 0; v < w; v++) {
					double re = 0, im = 0;
					for (int i = 0; i < h; i++)
						for (int j = 0; j < w; j++) {
							double phase = -2 * Math.PI * ((double) (u - h / 2) * (i - h / 2) / h + (double) (v - w / 2) * (j - w / 2) / w);
							re += x[i * w + j] * Math.cos(phase);
							im += x[i * w + j] * Math.sin(phase);
						}
					assertEquals(re / Math.sqrt(h * w), t[2 * (u * w + v)], 1e-12, "re at " + u + "," + v);
					assertEquals(im / Math.sqrt(h * w), t[2 * (u * w + v) + 1], 1e-12, "im at " + u + "," + v);
				}
			assertEquals(norm(x), norm(t), 1e-12, "Parseval");
		}
	}

	@Test
	void contracts() {
		for (Pattern p : Pattern.values())
			for (int[] hw : new int[][] { { 32, 16 }, { 15, 9 } }) {
				var a = MriOperator.cartesian(2, hw[0], hw[1], 4, 4, p, 3);
				double[] x = random(new Random(1), a.imageSize());
				adjoint(a, 2);
				pseudoInverseOnRange(a, x, 1e-12);
				moorePenrose(a, 6, 1e-12);
				maskedTransform(a, x, 1e-12);
			}
		var given = MriOperator.ofRows(1, 8, 8, new boolean[] { true, false, true, true, false, false, false, false });
		adjoint(given, 4);
		maskedTransform(given, random(new Random(5), 64), 1e-12);
	}

	@Test
	void patternsKeepTheCentreAndConjugatePairsAtTheAcceleration() {
		for (Pattern p : Pattern.values()) {
			var a = MriOperator.cartesian(1, 64, 64, 4, 8, p, 11);
			boolean[] rows = a.rows();
			int k = 0;
			for (int r = 0; r < 64; r++) {
				if (rows[r]) k++;
				assertEquals(rows[r], rows[MriOperator.mirror(r, 64)], p + ": conjugate pair of row " + r);
			}
			for (int r = 28; r <= 35; r++)
				assertTrue(rows[r], p + ": centre row " + r);
			assertTrue(k >= 15 && k <= 19, p + ": about 64/4 lines, got " + k);
			assertEquals(a.measurementSize(), 2 * 64 * k);
			assertTrue(a.describe().contains(k + " of 64 lines"), a.describe());
		}
		boolean[] r1 = MriOperator.cartesian(1, 64, 64, 4, 8, Pattern.RANDOM, 1).rows();
		assertArrayEquals(r1, MriOperator.cartesian(1, 64, 64, 4, 8, Pattern.RANDOM, 1).rows(), "seeded");
		assertFalse(java.util.Arrays.equals(r1, MriOperator.cartesian(1, 64, 64, 4, 8, Pattern.RANDOM, 2).rows()), "seed matters");
		boolean[] full = MriOperator.cartesian(1, 16, 16, 1, 0, Pattern.EQUISPACED, 0).rows();
		for (boolean b : full)
			assertTrue(b, "R = 1 keeps every line");
	}

	@Test
	void userKSpaceGivesTheSameMeasurement() {
		var a = MriOperator.cartesian(1, 16, 12, 2, 4, Pattern.RANDOM, 7);
		double[] x = random(new Random(8), a.imageSize()), k = new double[2 * a.imageSize()];
		a.kspace(x, k);
		assertArrayEquals(apply(a, x), a.measurementFromKSpace(k, 16, 12, 2), 0);
		assertArrayEquals(apply(a, x), a.measurementFromKSpace(k, 1, 16, 12, 2), 0);
		refuses("k-space is 12×16, the image 16×12", () -> a.measurementFromKSpace(k, 12, 16, 2));
		refuses("last axis has 1 values, expected 2 (re, im)", () -> a.measurementFromKSpace(k, 16, 12, 1));
		refuses("k-space must have shape (H, W, 2) or (C, H, W, 2), got (384)", () -> a.measurementFromKSpace(k, 384));
		refuses("k-space has 3 channels, the operator 1", () -> a.measurementFromKSpace(k, 3, 16, 12, 2));
		refuses("k-space has 100 values, its shape (16, 12, 2) needs 384", () -> a.measurementFromKSpace(new double[100], 16, 12, 2));
	}

	/**
	 * A point mask (random points, not closed under k → −k): the mirrors of acquired points are kept
	 * with conjugate values, so A† is exact on the range, and k-space absent outside the acquired points
	 * (zero-filled) gives the same measurement as full k-space.
	 */
	@Test
	void pointMasksUseTheConjugatesOfAcquiredPoints() {
		for (int[] hw : new int[][] { { 16, 12 }, { 9, 7 } }) {
			int h = hw[0], w = hw[1];
			Random rnd = new Random(h);
			boolean[] m = new boolean[h * w];
			for (int i = 0; i < m.length; i++)
				m[i] = rnd.nextDouble() < 0.2;
			var a = MriOperator.ofMask(1, h, w, m);
			assertArrayEquals(m, a.acquired());
			double[] x = random(new Random(2), a.imageSize());
			adjoint(a, 3);
			pseudoInverseOnRange(a, x, 1e-12);
			moorePenrose(a, 7, 1e-12);
			maskedTransform(a, x, 1e-12);
			double[] k = new double[2 * h * w], zeroFilled = new double[k.length];
			a.kspace(x, k);
			for (int i = 0; i < m.length; i++)
				if (m[i]) {
					zeroFilled[2 * i] = k[2 * i];
					zeroFilled[2 * i + 1] = k[2 * i + 1];
				}
			assertArrayEquals(apply(a, x), a.measurementFromKSpace(zeroFilled, h, w, 2), 1e-15);
			assertTrue(a.describe().contains("given mask"), a.describe());
		}
		refuses("k-space mask keeps no point", () -> MriOperator.ofMask(1, 4, 4, new boolean[16]));
		refuses("k-space mask has 15 points, the k-space 4×4", () -> MriOperator.ofMask(1, 4, 4, new boolean[15]));
	}

	@Test
	void refusesBadParameters() {
		refuses("acceleration must be >= 1", () -> MriOperator.cartesian(1, 32, 32, 0.5, 4, Pattern.RANDOM, 0));
		refuses("centre lines must be between 0 and the height 32, got 40", () -> MriOperator.cartesian(1, 32, 32, 4, 40, Pattern.RANDOM, 0));
		refuses("row mask has 30 rows, the image 32", () -> MriOperator.ofRows(1, 32, 32, new boolean[30]));
		refuses("row mask keeps no line", () -> MriOperator.ofRows(1, 4, 4, new boolean[4]));
	}
}
