package io.github.scorej.ops.inverse;

import io.github.scorej.ops.model.GaussianMixtureDenoiser;
import io.github.scorej.ops.sample.Params;
import io.github.scorej.ops.sde.EdmSde;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The guard of every restoration ({@link Restoration#check}) on sparse-view CT of the held-out
 * phantom, measured by skimage.transform.radon (30 angles, circle=False): DDNM with filtered
 * back-projection as A† (ScoreJ's CT pseudo-inverse before: its A†A amplifies waves along the
 * measured angles, so DDNM's repeated I − A†A diverges) gives an error with the numbers, the
 * conjugate-gradient A† converges and passes, and a result in another convention (mirrored: the
 * angle direction reversed) is refused by its data residual. Prior: N(0, 0.5²) per pixel (exact denoiser, no network).
 */
class RestorationGuardTest {

	static final int N = CtSkimageTest.N, ANGLES = 30;

	/** The measurement in the data space [-1, 1] (x′ = 2x − 1) and its operator. */
	static Measurement measurement(LinearOperator op) {
		double[] x = CtSkimageTest.phantom(false), theta = CtOperator.uniform(ANGLES);
		double[] y = Skimage.transpose(Skimage.radon(x, N, theta, false), ANGLES);
		return new Measurement(op, y, 0).affine(2, -1);
	}

	static double[] ddnm(Measurement m) {
		ConditionalMethod cm = Restoration.method("ddnm");
		Restoration.Request r = new Restoration.Request(cm, Params.defaults(cm.params()), "karras", 20, 0.002, 80, Double.NaN, 1);
		return Restoration.run(GaussianMixtureDenoiser.gaussian(0, 0.5), new EdmSde(0.002, 80), m, r, 1, 1, null).mean();
	}

	/** {@code a} with filtered back-projection as its pseudo-inverse. */
	static LinearOperator fbpAsPseudoInverse(CtOperator a) {
		return withPseudoInverse(a, a::fbp, " with FBP as A†");
	}

	/** {@code a} with another pseudo-inverse. */
	static LinearOperator withPseudoInverse(CtOperator a, java.util.function.BiConsumer<double[], double[]> pinv, String note) {
		return new LinearOperator() {
			@Override public int channels() { return a.channels(); }
			@Override public int height() { return a.height(); }
			@Override public int width() { return a.width(); }
			@Override public int measurementSize() { return a.measurementSize(); }
			@Override public void apply(double[] x, double[] y) { a.apply(x, y); }
			@Override public void adjoint(double[] y, double[] x) { a.adjoint(y, x); }
			@Override public void pseudoInverse(double[] y, double[] x) { pinv.accept(y, x); }
			@Override public Optional<MaskedTransform> maskedTransform() { return a.maskedTransform(); }
			@Override public String describe() { return a.describe() + note; }
		};
	}

	/** The pseudo-inverse's range is solved for only when the values leave the data range's allowance (it costs a CG solve for a blur). */
	@Test
	void thePseudoInverseIsSolvedOnlyWhenItCanDecide() {
		CtOperator a = CtOperator.sparseView(1, N, N, ANGLES);
		int[] solves = { 0 };
		LinearOperator counted = withPseudoInverse(a, (y, x) -> {
			solves[0]++;
			a.pseudoInverse(y, x);
		}, "");

		Measurement m = measurement(counted);
		double[] inRange = ddnm(measurement(a));
		solves[0] = 0;
		Restoration.check(m, inRange, -1, 1);
		assertEquals(0, solves[0], "a result within the data range needs no A†y");
		double[] far = inRange.clone();
		far[0] = 40;
		assertThrows(IllegalStateException.class, () -> Restoration.check(m, far, -1, 1));
		assertEquals(1, solves[0], "a value far outside: A†y decides");
	}

	@Test
	void aDivergedRestorationIsAnErrorWithItsNumbers() {
		CtOperator a = CtOperator.sparseView(1, N, N, ANGLES);
		Measurement bad = measurement(fbpAsPseudoInverse(a));
		double[] x = ddnm(bad);
		double peak = 0;
		for (double v : x)
			peak = Math.max(peak, Math.abs(v));
		assertTrue(!(peak < 5), "DDNM with FBP as A† should diverge at " + ANGLES + " angles, peak " + peak);
		var e = assertThrows(IllegalStateException.class, () -> Restoration.check(bad, x, -1, 1));
		assertTrue(e.getMessage().contains("far outside the model's data range [-1.00, 1.00]") && e.getMessage().contains("more steps"), e.getMessage());

		Measurement good = measurement(a);
		double[] ok = ddnm(good);
		double fit = Restoration.check(good, ok, -1, 1);
		assertTrue(fit < 0.05, "residual over allowance " + fit);
	}

	@Test
	void aResultInAnotherConventionIsRefusedByItsResidual() {
		CtOperator a = CtOperator.sparseView(1, N, N, ANGLES);
		Measurement m = measurement(a);
		double[] truth = CtSkimageTest.phantom(false), mirrored = new double[N * N];
		for (int i = 0; i < N; i++)
			for (int j = 0; j < N; j++)
				mirrored[i * N + j] = 2 * truth[i * N + N - 1 - j] - 1;
		var e = assertThrows(IllegalStateException.class, () -> Restoration.check(m, mirrored, -1, 1));
		assertTrue(e.getMessage().contains("data residual RMS(A x - y) is"), e.getMessage());
		double[] right = new double[N * N];
		for (int i = 0; i < right.length; i++)
			right[i] = 2 * truth[i] - 1;
		assertTrue(Restoration.check(m, right, -1, 1) < 0.01, "the truth fits skimage's sinogram");
	}
}
