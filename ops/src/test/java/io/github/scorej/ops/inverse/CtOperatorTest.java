package io.github.scorej.ops.inverse;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static io.github.scorej.ops.inverse.Contracts.*;
import static org.junit.jupiter.api.Assertions.*;

class CtOperatorTest {

	/** A disc of radius r with a raised-cosine edge of width w, centred in an h×w image. */
	static double[] smoothDisc(int h, int wd, double r, double edge) {
		double[] x = new double[h * wd];
		for (int i = 0; i < h; i++)
			for (int j = 0; j < wd; j++) {
				double d = Math.hypot(i - (h - 1) / 2.0, j - (wd - 1) / 2.0 - 3);
				x[i * wd + j] = d < r - edge ? 1 : d > r ? 0 : 0.5 + 0.5 * Math.cos(Math.PI * (d - r + edge) / edge);
			}
		return x;
	}

	@Test
	void backProjectionIsTheExactAdjoint() {
		adjoint(CtOperator.sparseView(1, 16, 16, 7), 1);
		adjoint(CtOperator.of(2, 12, 17, 5, 10, 30, CtOperator.Filter.RAM_LAK), 2);
	}

	@Test
	void radonOfADiscIsItsChordLength() {
		var a = CtOperator.sparseView(1, 64, 64, 4);
		assertEquals(91, a.bins());
		assertEquals(64, a.fullAngles());
		double[] y = apply(a, smoothDisc(64, 64, 20, 4));
		// the chord through the centre of a disc of radius 20 with a cosine edge of 4 has length 2·(16 + 2) = 36
		double peak = 0;
		for (double v : y)
			peak = Math.max(peak, v);
		assertEquals(36, peak, 0.5);
	}

	@Test
	void filteredBackProjectionReconstructsASmoothDisc() {
		for (CtOperator.Filter f : CtOperator.Filter.values()) {
			var a = CtOperator.of(1, 64, 64, 96, 96, CtOperator.defaultBins(64, 64), f);
			double[] x = smoothDisc(64, 64, 20, 4), back = new double[x.length];
			a.pseudoInverse(apply(a, x), back);
			double err = distance(back, x) / norm(x);
			assertTrue(err < 0.04, f + ": relative error " + err);
			assertEquals(1, back[32 * 64 + 35], 0.03, f + ": centre value");
		}
	}

	@Test
	void maskedTransformIsTheFullAngleSinogram() {
		var a = CtOperator.of(1, 48, 48, 12, 96, CtOperator.defaultBins(48, 48), CtOperator.Filter.RAM_LAK);
		maskedTransform(a, smoothDisc(48, 48, 15, 4), 0.04);
		var two = CtOperator.sparseView(2, 40, 48, 6);
		assertEquals(48, two.fullAngles());
		maskedTransform(two, smoothChannels(smoothDisc(40, 48, 12, 4)), 0.04);
	}

	/** Two channels: the disc, and the disc at half its value. */
	static double[] smoothChannels(double[] disc) {
		double[] x = new double[2 * disc.length];
		for (int i = 0; i < disc.length; i++) {
			x[i] = disc[i];
			x[disc.length + i] = 0.5 * disc[i];
		}
		return x;
	}

	@Test
	void refusesBadGeometryAndSinograms() {
		var a = CtOperator.sparseView(1, 64, 64, 45);
		refuses("sinogram has 30 angles, the operator 45", () -> a.checkSinogram(new double[30 * 91], 30, 91));
		refuses("sinogram has 90 detector bins, the operator 91", () -> a.checkSinogram(new double[45 * 90], 45, 90));
		refuses("sinogram has 10 values, 1×45×91 (C×angles×bins) needs 4095", () -> a.checkSinogram(new double[10], 45, 91));
		a.checkSinogram(new double[45 * 91], 45, 91);
		refuses("full angles 100 is not a multiple of the 45 measured angles",
				() -> CtOperator.of(1, 64, 64, 45, 100, 91, CtOperator.Filter.RAM_LAK));
		refuses("angles must be >= 1", () -> CtOperator.sparseView(1, 64, 64, 0));
		refuses("detector bins must be >= 1", () -> CtOperator.of(1, 64, 64, 4, 8, 0, CtOperator.Filter.RAM_LAK));
	}
}
