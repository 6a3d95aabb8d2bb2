package io.github.scorej.ops.inverse;

import io.github.scorej.ops.problem.DeblurProblem;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static io.github.scorej.ops.inverse.Contracts.*;
import static org.junit.jupiter.api.Assertions.*;

class ValidBlurOperatorTest {

	/** The valid convolution written out in loops, independently of the FFT: y[i, j] = Σ k[a, b]·x[top + i − a + ci, left + j − b + cj]. */
	private static double[] validConvolution(double[] x, int sh, int sw, double[] k, int ph, int pw, int ci, int cj, int h, int w, int top, int left) {
		double[] y = new double[h * w];
		for (int i = 0; i < h; i++)
			for (int j = 0; j < w; j++) {
				double s = 0;
				for (int a = 0; a < ph; a++)
					for (int b = 0; b < pw; b++) {
						int r = top + i - a + ci, c = left + j - b + cj;
						assertTrue(r >= 0 && r < sh && c >= 0 && c < sw, "the window sees only the scene");
						s += k[a * pw + b] * x[r * sw + c];
					}
				y[i * w + j] = s;
			}
		return y;
	}

	@Test
	void isTheValidPartOfALinearConvolution() {
		// an off-centre, asymmetric PSF: its centroid, not h/2, is the centre
		double[] psf = { 0, 0, 0, 0, 1, 2, 0, 3, 6 };
		Psf k = Psf.of(psf, 3, 3);
		assertEquals(2, k.centreRow(), "centroid row 1.75 rounds to 2");
		assertEquals(2, k.centreCol(), "centroid column 1.67 rounds to 2");
		assertEquals(2, k.radius());
		assertTrue(k.note().contains("normalised to sum 1") && k.note().contains("centroid"), k.note());
		int h = 7, w = 9, sh = 13, sw = 14;
		var a = ValidBlurOperator.of(1, h, w, k, sh, sw);
		assertEquals(h * w, a.measurementSize());
		assertEquals(sh * sw, a.imageSize());
		assertEquals(3, a.top());
		assertEquals(2, a.left());
		double[] x = random(new Random(3), sh * sw);
		double[] want = validConvolution(x, sh, sw, k.values(), 3, 3, 2, 2, h, w, a.top(), a.left());
		assertTrue(distance(apply(a, x), want) <= 1e-12 * norm(want), "FFT on the scene = valid convolution");
		adjoint(a, 4);
		adjoint(ValidBlurOperator.gaussian(2, 10, 12, 1.5), 5);
	}

	@Test
	void pseudoInverseReproducesTheMeasurement() {
		var a = ValidBlurOperator.gaussian(1, 24, 20, 2);
		assertEquals(24 + 16, a.height(), "scene = image + 2·⌈4σ⌉");
		Random rng = new Random(9);
		// a white scene (its blur has every frequency, some below √δ = 0.01, which A† damps) and a smooth one (as images are)
		double[] x = random(rng, a.imageSize());
		pseudoInverseOnRange(a, x, 1.5e-2);
		double[] smooth = new double[a.imageSize()];
		for (int i = 0; i < a.height(); i++)
			for (int j = 0; j < a.width(); j++)
				smooth[i * a.width() + j] = Math.sin(i / 3.0) + Math.cos(j / 5.0) + 0.1 * i;
		pseudoInverseOnRange(a, smooth, 5e-3);
		// Tikhonov: a large δ shrinks, δ = 0 on a well-conditioned blur inverts
		double[] y = apply(a, smooth), back = new double[a.imageSize()];
		a.regularisedInverse(y, 1e3, back);
		assertTrue(norm(apply(a, back)) < 1e-2 * norm(y), "δ = 1000 shrinks A A†y to about y/1000");
		var sharp = ValidBlurOperator.gaussian(1, 12, 12, 0.4);
		pseudoInverseOnRange(sharp, random(rng, sharp.imageSize()), 1e-3);
	}

	@Test
	void theFftGridHasOnlyFactorsTwoThreeAndFive() {
		assertEquals(4320, ValidBlurOperator.fastSize(4112), "4112 = 16·257 would be Bluestein's");
		assertEquals(15, ValidBlurOperator.fastSize(13));
		assertEquals(64, ValidBlurOperator.fastSize(64));
		assertEquals(270, ValidBlurOperator.fastSize(257));
	}

	/** Bytes allocated so far by this thread (HotSpot's per-thread counter). */
	private static long allocated() {
		return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
				.getThreadAllocatedBytes(Thread.currentThread().getId());
	}

	@Test
	void aSolveAllocatesWhatTheBudgetCountsOnceNotPerIteration() {
		// power-of-two grids below JTransforms' threading threshold: all of a solve's allocations are in this thread, and the FFT's own are
		// 8 doubles a row per transform
		var a = ValidBlurOperator.gaussian(1, 64, 64, 2, 128, 128);
		double[] y = random(new Random(6), a.measurementSize()), x = new double[a.imageSize()];
		a.pseudoInverse(y, x); // warm up
		long before = allocated();
		a.regularisedInverse(y, 1e3, x); // converges in a few iterations
		long few = allocated() - before;
		before = allocated();
		a.regularisedInverse(y, 1e-6, x); // a white y: runs to the iteration cap
		long many = allocated() - before;
		long buffer = 16L * 128 * 128;
		assertTrue(few <= a.workingBytes(), "a solve allocated " + few + " bytes, more than the " + a.workingBytes() + " the memory budget counts");
		assertTrue(few >= buffer + 16L * a.measurementSize(), "the FFT buffer and the CG vectors: " + few);
		assertTrue(many - few <= ValidBlurOperator.MAX_ITERATIONS * buffer / 4,
				"the iterations allocated " + (many - few) + " bytes: image arrays per iteration (one FFT buffer is " + buffer + ")");
	}

	@Test
	void ddrmIsRefusedNamingTheAlternatives() {
		var a = ValidBlurOperator.gaussian(1, 16, 16, 1);
		String why = new Ddrm().unsupported(a);
		assertTrue(why.contains("ddnm_plus") && why.contains("ddnm") && why.contains("periodic"), why);
		assertNull(Ddnm.ddnmPlus().unsupported(a));
		assertNull(Ddnm.ddnm().unsupported(a));
		assertTrue(a.describe().contains("valid boundaries") && a.describe().contains("CG"), a.describe());
	}

	@Test
	void problemBuildsTheValidBlurByDefault() {
		DeblurProblem p = new DeblurProblem().withPsfSigma(2);
		assertEquals(DeblurProblem.Boundary.VALID, p.boundary());
		assertEquals(8, p.margin());
		assertEquals("ddnm_plus", p.defaultMethod());
		assertInstanceOf(ValidBlurOperator.class, p.operator(1, 32, 32));
		assertEquals(32 * 32, p.operator(1, 32, 32).measurementSize());
		DeblurProblem periodic = p.withBoundary(DeblurProblem.Boundary.PERIODIC);
		assertEquals(0, periodic.margin());
		assertEquals("ddrm", periodic.defaultMethod());
		assertInstanceOf(BlurOperator.class, periodic.operator(1, 32, 32));
		assertEquals(DeblurProblem.Boundary.PERIODIC, DeblurProblem.Boundary.of(" Periodic"));
		refuses("choose valid or periodic", () -> DeblurProblem.Boundary.of("mirror"));
		// a user PSF is centred by its centroid and must fit the image
		DeblurProblem user = p.withPsf(new double[] { 0, 1, 1, 0, 1, 1 }, 2, 3, null);
		assertEquals(2, user.blurPsf().centreCol(), "centroid column 1.5 rounds up");
		assertEquals(0.25, user.blurPsf().values()[1], 1e-15, "normalised");
		refuses("PSF 2×3 is larger than the image 1×8", () -> user.validBlur(1, 1, 8, 5, 12));
		refuses("PSF has a negative value", () -> p.withPsf(new double[] { 1, -1 }, 1, 2, null).validBlur(1, 8, 8, 12, 12));
		refuses("PSF has a non-finite value", () -> p.withPsf(new double[] { 1, Double.NaN }, 1, 2, null).validBlur(1, 8, 8, 12, 12));
		refuses("PSF sum must be positive", () -> p.withPsf(new double[4], 2, 2, null).validBlur(1, 8, 8, 12, 12));
		refuses("PSF is empty", () -> p.withPsf(new double[0], 0, 0, null).validBlur(1, 8, 8, 12, 12));
		refuses("must exceed the measured 8×8 by the PSF radius 8", () -> p.validBlur(1, 8, 8, 20, 24));
	}

	/** y = h ⊛ x with x mirrored at its edges (… c b a | a b c … , scipy's mode='reflect'), in loops. */
	private static double[] reflectingConvolution(double[] x, int h, int w, double[] k, int kh, int kw) {
		double[] y = new double[h * w];
		int ra = kh / 2, rb = kw / 2;
		for (int i = 0; i < h; i++)
			for (int j = 0; j < w; j++) {
				double s = 0;
				for (int a = -ra; a <= ra; a++)
					for (int b = -rb; b <= rb; b++)
						s += k[(a + ra) * kw + b + rb] * x[mirror(i - a, h) * w + mirror(j - b, w)];
				y[i * w + j] = s;
			}
		return y;
	}

	private static int mirror(int i, int n) {
		int period = 2 * n, m = Math.floorMod(i, period);
		return m < n ? m : period - 1 - m;
	}

	@Test
	void theDctPreconditionerIsTheBlurWithReflectingBoundaries() {
		Psf k = Psf.gaussian(1.2, 5);
		double[] h = NeumannNormal.autocorrelation(k);
		int kh = 2 * k.height() - 1;
		assertEquals(kh * kh, h.length);
		double total = 0;
		for (double v : h)
			total += v;
		assertEquals(1, total, 1e-12, "Σh = (Σk)²");
		int rows = 20, cols = 13;
		double[] x = random(new Random(11), rows * cols), want = reflectingConvolution(x, rows, cols, h, kh, kh);
		double[] z = new double[3 * rows * cols]; // a buffer longer than the grid, as the solve's FFT buffer is
		System.arraycopy(x, 0, z, 0, x.length);
		var reflecting = NeumannNormal.of(k, rows, cols);
		var dct = reflecting.plan();
		reflecting.multiply(z, 0, 1, dct);
		assertTrue(distance(java.util.Arrays.copyOf(z, x.length), want) <= 1e-12 * norm(want), "DCT-II eigenvalues = reflecting convolution by h");
		reflecting.multiply(z, 0.3, -1, dct);
		reflecting.multiply(z, 0.3, 1, dct);
		assertTrue(distance(java.util.Arrays.copyOf(z, x.length), want) <= 1e-12 * norm(want), "solve inverts apply");
	}

	/** An elongated Gaussian along the diagonal: not symmetric in each axis. */
	private static Psf diagonal() {
		int n = 17, r = 8;
		double[] v = new double[n * n];
		for (int a = 0; a < n; a++)
			for (int b = 0; b < n; b++) {
				double s = (a - r + b - r) / Math.sqrt(2), t = (a - b) / Math.sqrt(2);
				v[a * n + b] = Math.exp(-s * s / 12 - t * t / 1.5);
			}
		return Psf.of(v, n, n);
	}

	/** ‖(AAᵀ + δI)u − y‖ / ‖y‖. */
	private static double residual(ValidBlurOperator a, float[] u, double[] y, double delta) {
		double[] ud = new double[u.length];
		for (int i = 0; i < u.length; i++)
			ud[i] = u[i];
		double[] t = new double[a.imageSize()], q = apply(a, adjointOf(a, ud, t));
		for (int i = 0; i < q.length; i++)
			q[i] += delta * ud[i] - y[i];
		return norm(q) / norm(y);
	}

	private static double[] adjointOf(ValidBlurOperator a, double[] y, double[] x) {
		a.adjoint(y, x);
		return x;
	}

	@Test
	void conjugateGradientsConvergeInFewIterationsForASymmetricPsf() {
		// a Gaussian σ = 2 at δ = 10⁻⁴ on a white measurement: 25–28 iterations to 10⁻⁴ with reflecting
		// boundaries at 128² … 1024², 133–169 with periodic ones (the circulant preconditioner before)
		var a = ValidBlurOperator.gaussian(1, 128, 128, 2);
		assertTrue(a.reflectingPreconditioner(), a.describe());
		assertTrue(a.describe().contains("reflecting preconditioner"), a.describe());
		assertEquals(0, NeumannNormal.asymmetry(a.psf()), 1e-12);
		double[] y = random(new Random(5), a.measurementSize());
		double[] z = new double[2 * ValidBlurOperator.fastSize(a.height()) * ValidBlurOperator.fastSize(a.width())];
		double r = residual(a, a.solveNormal(y, ValidBlurOperator.DELTA, z, 40), y, ValidBlurOperator.DELTA);
		assertTrue(r <= 3 * ValidBlurOperator.TOLERANCE, "residual after 40 iterations " + r + " (float rounding: CG stops at 1e-4 by its own recursion)");
		// the same system for a PSF elongated along a diagonal: its cosine part is a poor model, the periodic one is taken
		Psf d = diagonal();
		double asym = NeumannNormal.asymmetry(d);
		assertTrue(asym > NeumannNormal.MAX_ASYMMETRY, "asymmetry " + asym);
		var b = ValidBlurOperator.of(1, 128, 128, d, 128 + 2 * d.radius(), 128 + 2 * d.radius());
		assertFalse(b.reflectingPreconditioner(), b.describe());
		double rb = residual(b, b.solveNormal(y, ValidBlurOperator.DELTA, new double[2 * ValidBlurOperator.fastSize(b.height()) * ValidBlurOperator.fastSize(b.width())], 200), y, ValidBlurOperator.DELTA);
		assertTrue(rb <= 1e-3, "residual after 200 iterations " + rb + " (10⁻⁴ in 176 with periodic, 536 with reflecting boundaries in numpy; float CG drifts above its own 10⁻⁴)");
	}
}
