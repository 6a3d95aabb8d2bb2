package io.github.scorej.ops.classical;

import io.github.scorej.ops.inverse.BlurOperator;
import io.github.scorej.ops.inverse.CtOperator;
import io.github.scorej.ops.inverse.DenoisingOperator;
import io.github.scorej.ops.inverse.InpaintingOperator;
import io.github.scorej.ops.inverse.LinearOperator;
import io.github.scorej.ops.inverse.MriOperator;
import io.github.scorej.ops.inverse.Skimage;
import io.github.scorej.ops.inverse.SuperResolutionOperator;
import io.github.scorej.ops.problem.CtProblem;
import io.github.scorej.ops.problem.DeblurProblem;
import io.github.scorej.ops.problem.DenoiseProblem;
import io.github.scorej.ops.problem.InpaintProblem;
import io.github.scorej.ops.problem.MriProblem;
import io.github.scorej.ops.problem.Problem;
import io.github.scorej.ops.problem.Problems;
import io.github.scorej.ops.problem.SuperResolveProblem;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Each task's classical baselines: the right methods, sorted best first, each better than nothing where it should be. */
class ClassicalTest {

	static final int C = 1, H = 16, W = 16;

	static double[] measure(LinearOperator op, double[] x, double noise, long seed) {
		double[] y = new double[op.measurementSize()];
		op.apply(x, y);
		Random rng = new Random(seed);
		for (int p = 0; p < y.length; p++)
			y[p] += noise * rng.nextGaussian();
		return y;
	}

	static List<String> methods(List<Classical.Best> all) {
		return all.stream().map(Classical.Best::method).toList();
	}

	@Test
	void everyOperatorGetsItsMethodsSortedBestFirst() {
		double[] x = ClassicalDeblurringTest.smooth(C, H, W);
		boolean[][] mask = new boolean[H][W];
		for (int i = 0; i < H; i++)
			for (int j = 0; j < W; j++)
				mask[i][j] = (i + 2 * j) % 3 != 0;
		Problem[] problems = {new DenoiseProblem(), new DeblurProblem().withPsfSigma(1).withBoundary(DeblurProblem.Boundary.PERIODIC),
				new InpaintProblem().withMask(mask, "mask", 0), new SuperResolveProblem(2), new CtProblem().withAngles(8),
				new MriProblem().withLines(2, 4, MriOperator.Pattern.EQUISPACED, 0)};
		LinearOperator[] ops = {new DenoisingOperator(C, H, W), BlurOperator.gaussian(C, H, W, 1), InpaintingOperator.of(C, H, W, mask),
				new SuperResolutionOperator(C, H, W, 2), CtOperator.sparseView(C, H, W, 8),
				MriOperator.cartesian(C, H, W, 2, 4, MriOperator.Pattern.EQUISPACED, 0)};
		String[][] expected = {{"Gaussian filter", "median filter"}, {"Wiener", "Richardson-Lucy"}, {"harmonic fill"}, {"bicubic"},
				{"filtered back-projection"}, {"zero-filled inverse FFT"}};
		for (int k = 0; k < ops.length; k++) {
			double[] y = measure(ops[k], x, k == 0 ? 0.2 : 0.01, k);
			List<Classical.Best> all = Problems.classical(problems[k], ops[k], y, x);
			assertEquals(List.of(expected[k]).stream().sorted().toList(), methods(all).stream().sorted().toList(), ops[k].describe());
			for (int m = 1; m < all.size(); m++)
				assertTrue(all.get(m - 1).mse() <= all.get(m).mse(), "sorted");
			assertEquals(x.length, all.get(0).image().length);
			for (Classical.Best b : all)
				assertEquals(Metrics.mse(b.image(), x), b.mse(), 1e-15);
		}
	}

	@Test
	void fbpAndZeroFilledAreTheOperatorsBaselines() {
		double[] x = ClassicalDeblurringTest.smooth(C, H, W);
		CtOperator ct = CtOperator.sparseView(C, H, W, 12);
		MriOperator mri = MriOperator.cartesian(C, H, W, 4, 4, MriOperator.Pattern.EQUISPACED, 0);
		for (LinearOperator op : new LinearOperator[] {ct, mri}) {
			double[] y = measure(op, x, 0, 0), expected = new double[op.imageSize()];
			if (op == ct) ct.fbp(y, expected);
			else op.pseudoInverse(y, expected);
			assertArrayEquals(expected, op == ct ? Classical.fbp(ct, y) : Classical.zeroFilled(mri, y));
		}
	}

	/**
	 * The CT baseline the benchmarks report as "filtered back-projection" is skimage's: on a skimage sinogram
	 * (radon, circle=False, 12 angles), Classical.fbp equals {@code iradon(filter_name='ramp', circle=False)}
	 * to 1e-3 relative (measured 6.7e-4 on the held-out phantom at 64×64, 30 angles).
	 */
	@Test
	void fbpIsSkimagesIradon() {
		int n = 32;
		double[] x = ClassicalDeblurringTest.smooth(1, n, n), theta = CtOperator.uniform(12);
		double[] sino = Skimage.radon(x, n, theta, false);
		CtOperator ct = CtOperator.of(1, n, n, theta, sino.length / theta.length, CtOperator.Filter.RAM_LAK);
		double[] ours = Classical.fbp(ct, Skimage.transpose(sino, theta.length)), theirs = Skimage.iradon(sino, n, theta, "ramp", false);
		double diff = 0, norm = 0;
		for (int i = 0; i < ours.length; i++) {
			diff += (ours[i] - theirs[i]) * (ours[i] - theirs[i]);
			norm += theirs[i] * theirs[i];
		}
		assertTrue(Math.sqrt(diff / norm) < 1e-3, "relative difference to skimage's iradon " + Math.sqrt(diff / norm));
	}

	@Test
	void bestBeatsTheMeasurementForDenoisingAndDeblurring() {
		double[] x = ClassicalDeblurringTest.smooth(C, H, W);
		DenoisingOperator noise = new DenoisingOperator(C, H, W);
		double[] y = measure(noise, x, 0.3, 1);
		assertTrue(Problems.classical(new DenoiseProblem(), noise, y, x).get(0).mse() < 0.5 * Metrics.mse(y, x));
		BlurOperator blur = BlurOperator.gaussian(C, H, W, 1.5);
		double[] b = measure(blur, x, 0.005, 2);
		assertTrue(Problems.classical(new DeblurProblem(), blur, b, x).get(0).psnr(2) > Metrics.psnr(b, x, 2) + 1);
	}

	@Test
	void grids() {
		double[] g = Classical.logGrid(1e-4, 1, 9);
		assertEquals(1e-4, g[0], 1e-18);
		assertEquals(1e-3, g[2], 1e-15);
		assertEquals(1, g[8], 1e-15);
		double[] nsr = Classical.nsrGrid();
		assertEquals(25, nsr.length);
		assertEquals(1e-6, nsr[0], 1e-20);
		assertEquals(1, nsr[24], 1e-15);
		double[] s = Classical.sigmaGrid();
		assertEquals(0, s[0]);
		assertEquals(0.25, s[1], 1e-15);
		assertEquals(4, s[s.length - 1], 1e-12);
		assertEquals(0.5, s[5], 1e-12, "four per octave");
		assertThrows(IllegalArgumentException.class, () -> Classical.logGrid(0, 1, 3));
	}
}
