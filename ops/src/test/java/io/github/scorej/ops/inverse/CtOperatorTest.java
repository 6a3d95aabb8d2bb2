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

	/** DDNM+'s noise-aware step: x = A_δ†y solves the normal equations AᵀAx + δx = Aᵀy, and a larger δ trusts y less. */
	@Test
	void regularisedInverseSolvesTheNormalEquations() {
		CtOperator a = CtOperator.sparseView(1, 24, 24, 12);
		double[] y = random(new Random(4), a.measurementSize());
		double previous = Double.POSITIVE_INFINITY;
		for (double delta : new double[] { 50, 500, 5000 }) {
			double[] x = new double[a.imageSize()], r = apply(a, x), g = new double[a.imageSize()];
			a.regularisedInverse(y, delta, x);
			r = apply(a, x);
			for (int k = 0; k < r.length; k++)
				r[k] -= y[k];
			a.adjoint(r, g);
			for (int k = 0; k < g.length; k++)
				g[k] += delta * x[k];
			double[] aty = new double[a.imageSize()];
			a.adjoint(y, aty);
			assertTrue(norm(g) < 1e-2 * norm(aty), "δ = " + delta + ": normal-equation residual " + norm(g) / norm(aty));
			assertTrue(norm(x) < previous, "δ = " + delta + " shrinks x");
			previous = norm(x);
		}
		refuses("delta must be >= 0", () -> a.regularisedInverse(y, -1, new double[a.imageSize()]));
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
	void filteredBackProjectionAndPseudoInverseReconstructASmoothDisc() {
		double[] x = smoothDisc(64, 64, 20, 4);
		for (CtOperator.Filter f : CtOperator.Filter.values()) {
			var a = CtOperator.of(1, 64, 64, 96, 96, CtOperator.defaultBins(64, 64), f);
			double[] fbp = new double[x.length];
			a.fbp(apply(a, x), fbp);
			// measured: Ram-Lak 0.021, Shepp-Logan 0.025 (its window smooths the edge)
			double err = distance(fbp, x) / norm(x);
			assertTrue(err < 0.03, f + ": FBP's relative error " + err);
			assertEquals(1, fbp[32 * 64 + 35], 0.01, f + ": FBP's centre value");
		}
		// the pseudo-inverse (conjugate gradients, not the filter): measured 0.010
		var a = CtOperator.of(1, 64, 64, 96, 96, CtOperator.defaultBins(64, 64), CtOperator.Filter.RAM_LAK);
		double[] pinv = new double[x.length];
		a.pseudoInverse(apply(a, x), pinv);
		double err = distance(pinv, x) / norm(x);
		assertTrue(err < 0.015, "pseudo-inverse's relative error " + err);
		assertEquals(1, pinv[32 * 64 + 35], 0.01, "pseudo-inverse's centre value");
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

	@Test
	void sinogramLayoutsAreToldByTheAngleCountAndBadOnesNameWhatFits() {
		// skimage's bins × angles: 91 rows, 30 columns
		assertEquals(new CtOperator.Geometry(false, 30, 91, 91), CtOperator.Geometry.of(91, 30, 0, CtOperator.Layout.AUTO, 0, "--angles 0"));
		assertEquals(new CtOperator.Geometry(false, 30, 91, 64), CtOperator.Geometry.of(91, 30, 30, CtOperator.Layout.AUTO, 64, "--angles 30"));
		assertEquals(new CtOperator.Geometry(true, 30, 91, 64), CtOperator.Geometry.of(30, 91, 30, CtOperator.Layout.AUTO, 64, "--angles 30"));
		assertEquals(new CtOperator.Geometry(true, 30, 91, 91), CtOperator.Geometry.of(30, 91, 0, CtOperator.Layout.ANGLES_BINS, 0, "--angles 0"));
		refuses("neither its 91 rows nor its 30 columns fit; give the number of projections (--angles 30",
				() -> CtOperator.Geometry.of(91, 30, 45, CtOperator.Layout.AUTO, 0, "--angles 45"));
		refuses("the angle list (18 angles) gives 18 angles: neither", () -> CtOperator.Geometry.of(91, 30, 18, CtOperator.Layout.AUTO, 0, "the angle list (18 angles)"));
		refuses("rows and columns both fit; say which with --layout", () -> CtOperator.Geometry.of(64, 64, 64, CtOperator.Layout.AUTO, 0, "--angles 64"));
		refuses("its rows match: use --layout angles-bins", () -> CtOperator.Geometry.of(30, 91, 30, CtOperator.Layout.BINS_ANGLES, 0, "--angles 30"));
		// 45 bins (skimage circle=True of a 45-pixel image) cannot hold a 64-pixel field
		refuses("--size fits up to 45: 45 (or 0) for skimage's radon(circle=True) of a 45-pixel image, no radon(circle=False) sinogram has 45 bins"
				+ " (⌈√2·N⌉ skips it); a 64-pixel field needs at least 64 bins", () -> CtOperator.Geometry.of(45, 30, 30, CtOperator.Layout.AUTO, 64, "--angles 30"));
		// 64 bins: circle=True of a 64-pixel image, or circle=False of a 45-pixel one
		refuses("--size fits up to 64: 64 (or 0) for skimage's radon(circle=True) of a 64-pixel image, 45 for radon(circle=False) of a 45-pixel image"
				+ " (⌈√2·45⌉ = 64 bins); a 91-pixel field", () -> CtOperator.Geometry.of(64, 30, 30, CtOperator.Layout.AUTO, 91, "--angles 30"));
		refuses("unknown sinogram layout 'cols'", () -> CtOperator.Layout.of("cols"));
		assertEquals(CtOperator.Layout.BINS_ANGLES, CtOperator.Layout.of("Bins_Angles"));
	}

	@Test
	void angleListsAreParsedAndIrregularAnglesHaveNoMaskedTransform() {
		assertArrayEquals(new double[] { 0, 1.5, 90, 179 }, CtOperator.parseAngles("# degrees\n0, 1.5\n90;179 # last\n", "a.txt"));
		refuses("a.txt: 'x' is not an angle in degrees", () -> CtOperator.parseAngles("0 x", "a.txt"));
		refuses("a.txt lists no angle", () -> CtOperator.parseAngles("# none", "a.txt"));
		var a = CtOperator.of(1, 16, 16, new double[] { 0, 10, 50, 120 }, 23, CtOperator.Filter.RAM_LAK);
		assertTrue(a.maskedTransform().isEmpty());
		adjoint(a, 3);
		assertTrue(CtOperator.of(1, 16, 16, CtOperator.uniform(8), 23, CtOperator.Filter.RAM_LAK).maskedTransform().isPresent());
	}
}
