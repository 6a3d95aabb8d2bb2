package io.github.scorej.ops.inverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ProblemTest {

	/** Changing intensity units commutes with measuring: A(a x + b) = a·A x + b·A𝟙. */
	@ParameterizedTest
	@EnumSource(Problem.Kind.class)
	void affineChangeOfUnitsCommutesWithTheMeasurement(Problem.Kind kind) {
		int c = 3, h = 16, w = 16;
		boolean[][] known = new boolean[h][w];
		known[3][4] = known[10][2] = true;
		LinearOperator a = Problem.of(kind).operator(c, h, w, known);
		SplittableRandom r = new SplittableRandom(1);
		double[] x = new double[a.imageSize()], x2 = new double[x.length]; // deblur (valid): the scene is larger than the image
		for (int i = 0; i < x.length; i++) {
			x[i] = r.nextDouble() * 255;
			x2[i] = x[i] / 127.5 - 1;
		}
		Measurement m = Measurement.of(a, x, 2.0, new SplittableRandom(2)).affine(1 / 127.5, -1);
		Measurement direct = new Measurement(a, new double[a.measurementSize()], 0);
		a.apply(x2, direct.y());
		double[] noiseFree = new double[a.measurementSize()];
		a.apply(x, noiseFree);
		Measurement m0 = new Measurement(a, noiseFree, 0).affine(1 / 127.5, -1);
		assertArrayEquals(direct.y(), m0.y(), 1e-9 * (1 + max(direct.y())), kind + ": y′ = a·y + b·A𝟙");
		assertEquals(2.0 / 127.5, m.sigmaY(), 1e-15);
	}

	@Test
	void unknownTaskListsTheTasks() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Problem.Kind.of("deconvolve"));
		assertTrue(e.getMessage().contains("denoise, deblur, superres, ct, mri, inpaint, colorize"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Problem.of(Problem.Kind.INPAINT).operator(1, 8, 8, null));
	}

	static double max(double[] v) {
		double m = 0;
		for (double d : v)
			m = Math.max(m, Math.abs(d));
		return m;
	}
}
