package io.github.scorej.ops.inverse;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static io.github.scorej.ops.inverse.Contracts.*;
import static org.junit.jupiter.api.Assertions.*;

class BlurOperatorTest {

	@Test
	void userPsfIsACircularConvolutionCentredAtHalfItsSize() {
		int h = 6, w = 7, ph = 3, pw = 2;
		double[] psf = { 1, 2, 3, 4, 5, 6 };
		var a = BlurOperator.of(1, h, w, psf, ph, pw);
		assertFalse(a.symmetric());
		assertTrue(a.svd().isEmpty(), "no SVD for an asymmetric PSF");
		double[] x = random(new Random(1), h * w), y = apply(a, x);
		for (int i = 0; i < h; i++)
			for (int j = 0; j < w; j++) {
				double s = 0;
				for (int p = 0; p < ph; p++)
					for (int q = 0; q < pw; q++)
						s += psf[p * pw + q] / 21 * x[Math.floorMod(i - p + ph / 2, h) * w + Math.floorMod(j - q + pw / 2, w)];
				assertEquals(s, y[i * w + j], 1e-12, "y at " + i + "," + j);
			}
		adjoint(a, 2);
		moorePenrose(a, 3, 1e-12);
		adjoint(BlurOperator.of(2, 5, 8, new double[] { 0, 1, 3, 0.5, 0, 2 }, 2, 3), 3);
	}

	@Test
	void gaussianHasAHartleySvd() {
		var a = BlurOperator.gaussian(2, 16, 12, 1.2);
		assertTrue(a.symmetric());
		adjoint(a, 4);
		svd(a, 5);
		moorePenrose(a, 6, 1e-12); // of the operator with the dropped frequencies: A+A and A A+ project, A+ A A+ = A+
		Svd s = a.svd().orElseThrow();
		assertTrue(s.rank() < a.imageSize(), "the threshold drops the highest frequencies of sigma 1.2");
		assertEquals(1, s.singularValues()[0], 1e-12, "DC passes unchanged");
		// a 3×3 symmetric PSF with negative transfer values: signs go into U
		svd(BlurOperator.of(1, 8, 8, new double[] { 0, 1, 0, 1, 1, 1, 0, 1, 0 }, 3, 3), 6);
	}

	@Test
	void pseudoInverseUndoesAWellConditionedBlur() {
		var a = BlurOperator.gaussian(1, 16, 16, 0.5);
		double[] x = random(new Random(7), a.imageSize());
		pseudoInverseOnRange(a, x, 1e-12);
		double[] back = new double[x.length];
		a.pseudoInverse(apply(a, x), back);
		assertTrue(distance(back, x) <= 1e-10 * norm(x), "every frequency above the threshold: A+ A = I");
		// a strong blur loses the frequencies below the threshold, whose share of A x is tiny
		pseudoInverseOnRange(BlurOperator.gaussian(1, 32, 32, 2), random(new Random(8), 1024), 1e-3);
	}

	@Test
	void refusesBadPsfs() {
		refuses("PSF sum must be positive", () -> BlurOperator.of(1, 8, 8, new double[4], 2, 2));
		refuses("PSF 70×70 is larger than the image 64×64", () -> BlurOperator.of(1, 64, 64, new double[4900], 70, 70));
		refuses("PSF is empty", () -> BlurOperator.of(1, 8, 8, new double[0], 0, 0));
		refuses("PSF has a negative value", () -> BlurOperator.of(1, 8, 8, new double[] { 1, -1 }, 1, 2));
		refuses("PSF has a non-finite value", () -> BlurOperator.of(1, 8, 8, new double[] { 1, Double.NaN }, 1, 2));
		refuses("PSF has 3 values, not 2×2", () -> BlurOperator.of(1, 8, 8, new double[3], 2, 2));
		refuses("sigma must be > 0", () -> BlurOperator.gaussian(1, 8, 8, 0));
	}
}
