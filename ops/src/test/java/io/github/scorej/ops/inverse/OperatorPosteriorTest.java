package io.github.scorej.ops.inverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.scorej.ops.sample.Params;

import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every method on every real operator it supports, against the closed-form posterior of the
 * Gaussian prior N(m, s²I) (models/analytic/gaussian-edm through ONNX Runtime) with a noiseless
 * measurement: for the Moore–Penrose pseudo-inverse A⁺, the posterior mean is m + A⁺(y − A m) and the
 * per-pixel variance s²(1 − (A⁺A)_pp) (A⁺A is the orthogonal projection on the measured subspace).
 * A⁺ is computed here, by commons-math3's SVD of A as a dense matrix (column p = A e_p), not taken
 * from the operator's own {@code pseudoInverse}, which the methods use: a generalised inverse that is
 * not Moore–Penrose (A G A = A, G A not symmetric) would otherwise set both the expected and the
 * sampled posterior.
 */
class OperatorPosteriorTest {

	static final double M = ClosedFormPosteriorTest.M, S = ClosedFormPosteriorTest.S;
	static final int C = 3, H = 8, W = 8, D = C * H * W, K = 64;

	@BeforeAll
	static void load() {
		ClosedFormPosteriorTest.load();
	}

	static Stream<Arguments> cases() {
		Supplier<LinearOperator> inpaint = () -> {
			boolean[][] known = new boolean[H][W];
			SplittableRandom r = new SplittableRandom(3);
			for (boolean[] row : known)
				for (int i = 0; i < W; i++)
					row[i] = r.nextDouble() < 0.4;
			return InpaintingOperator.of(C, H, W, known);
		};
		Supplier<LinearOperator> colorize = () -> ColorizationOperator.of(C, H, W);
		Supplier<LinearOperator> luma = () -> ColorizationOperator.of(C, H, W, ColorizationOperator.Grey.REC601);
		Supplier<LinearOperator> superres = () -> new SuperResolutionOperator(C, H, W, 2);
		Supplier<LinearOperator> mri = () -> MriOperator.cartesian(C, H, W, 2, 2, MriOperator.Pattern.RANDOM, 4);
		Stream.Builder<Arguments> b = Stream.builder();
		for (var e : new Object[][] { { "inpainting", inpaint }, { "colorization", colorize }, { "colorization rec601", luma }, { "super-resolution x2", superres }, { "mri x2", mri } }) {
			@SuppressWarnings("unchecked")
			Supplier<LinearOperator> op = (Supplier<LinearOperator>) e[1];
			for (ConditionalMethod m : Restoration.METHODS)
				if (m.unsupported(op.get()) == null) b.add(Arguments.of(e[0], op, m.name()));
		}
		return b.build();
	}

	@ParameterizedTest(name = "{0}, {2}")
	@MethodSource("cases")
	void noiselessPosterior(String what, Supplier<LinearOperator> op, String method) {
		LinearOperator a = op.get();
		SplittableRandom r = new SplittableRandom(9);
		double[] x = new double[D];
		for (int p = 0; p < D; p++)
			x[p] = M + S * r.nextGaussian();
		Measurement meas = Measurement.of(a, x, 0, r);
		ConditionalMethod cm = Restoration.method(method);
		Params params = Params.defaults(cm.params());
		if (params.has("eta")) params = params.with("eta", "0"); // DDIM in the null space: exact as the steps grow
		Restoration.Posterior post = Restoration.run(ClosedFormPosteriorTest.denoiser, ClosedFormPosteriorTest.model.sde(), meas,
				new Restoration.Request(cm, params, "karras", 100, 0.002, 80, Double.NaN, 12), K, 64, null);

		// closed form: mean m + A⁺(y − A m); variance s²(1 − (A⁺A)_pp), with A⁺ from the SVD of the dense A
		RealMatrix dense = dense(a), pinv = new SingularValueDecomposition(dense).getSolver().getInverse(), proj = pinv.multiply(dense);
		double[] ones = new double[D], am = new double[a.measurementSize()];
		java.util.Arrays.fill(ones, M);
		a.apply(ones, am);
		for (int i = 0; i < am.length; i++)
			am[i] = meas.y()[i] - am[i];
		double[] mean = pinv.operate(am);
		double z2 = 0, ratio = 0, n = 0;
		for (int p = 0; p < D; p++) {
			mean[p] += M;
			double sd = S * Math.sqrt(Math.max(0, 1 - proj.getEntry(p, p)));
			double err = post.mean()[p] - mean[p], se = Math.max(sd, 0.02) / Math.sqrt(K);
			z2 += err * err / (se * se) / D;
			if (sd > 0.05) {
				ratio += post.std()[p] / sd;
				n++;
			}
		}
		String label = what + ", " + method;
		assertTrue(Math.sqrt(z2) < 1.6, label + ": rms z-score of the posterior mean " + Math.sqrt(z2));
		assertEquals(1, ratio / n, 0.1, label + ": posterior std / closed form");
		assertTrue(post.residual() < 0.01, label + ": residual " + post.residual());
	}

	/** A as a dense measurementSize × D matrix: column p is A applied to the unit image e_p. */
	static RealMatrix dense(LinearOperator a) {
		double[][] rows = new double[a.measurementSize()][D];
		double[] e = new double[D], column = new double[a.measurementSize()];
		for (int p = 0; p < D; p++) {
			e[p] = 1;
			a.apply(e, column);
			e[p] = 0;
			for (int i = 0; i < column.length; i++)
				rows[i][p] = column[i];
		}
		return new Array2DRowRealMatrix(rows, false);
	}
}
