package io.github.scorej.ops.inverse;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The checks every measurement operator must pass; each test class calls those that apply. */
final class Contracts {

	private Contracts() {}

	static double[] random(Random rng, int n) {
		double[] a = new double[n];
		for (int i = 0; i < n; i++)
			a[i] = rng.nextGaussian();
		return a;
	}

	static double dot(double[] a, double[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++)
			s += a[i] * b[i];
		return s;
	}

	static double norm(double[] a) {
		return Math.sqrt(dot(a, a));
	}

	static double distance(double[] a, double[] b) {
		assertEquals(a.length, b.length, "lengths");
		double s = 0;
		for (int i = 0; i < a.length; i++)
			s += (a[i] - b[i]) * (a[i] - b[i]);
		return Math.sqrt(s);
	}

	static double[] apply(LinearOperator a, double[] x) {
		double[] y = new double[a.measurementSize()];
		a.apply(x, y);
		return y;
	}

	/**
	 * ⟨A x, y⟩ = ⟨x, Aᵀ y⟩ to 1e-10 relative, for random x and y = A x + noise (so that the inner
	 * product is of the size of ‖A x‖·‖y‖ and a relative tolerance on it is meaningful).
	 */
	static void adjoint(LinearOperator a, long seed) {
		Random rng = new Random(seed);
		for (int trial = 0; trial < 3; trial++) {
			double[] x = random(rng, a.imageSize()), ax = apply(a, x), y = random(rng, a.measurementSize());
			double scale = norm(ax) / norm(y);
			for (int i = 0; i < y.length; i++)
				y[i] = ax[i] + scale * y[i];
			double[] aty = new double[a.imageSize()];
			a.adjoint(y, aty);
			double lhs = dot(ax, y), rhs = dot(x, aty);
			assertTrue(lhs > 0.1 * norm(ax) * norm(y), "test setup: <Ax,y> not small");
			assertEquals(lhs, rhs, 1e-10 * Math.abs(lhs), a.describe() + ": <Ax,y> vs <x,A^T y>");
		}
	}

	/** A A† y = y for y = A x, to {@code tol} relative to ‖y‖. */
	static void pseudoInverseOnRange(LinearOperator a, double[] x, double tol) {
		double[] y = apply(a, x), xp = new double[a.imageSize()];
		a.pseudoInverse(y, xp);
		double err = distance(apply(a, xp), y) / norm(y);
		assertTrue(err <= tol, a.describe() + ": |A A+ y - y|/|y| = " + err);
	}

	/**
	 * The other Moore–Penrose conditions of A† (with {@link #pseudoInverseOnRange}'s A A† A = A): A†A and A A† are
	 * symmetric, ⟨A†A x, z⟩ = ⟨x, A†A z⟩ and ⟨A A† u, v⟩ = ⟨u, A A† v⟩, and A† A A† = A†, for random x, z, u, v, to
	 * {@code tol} relative. A generalised inverse that adds a null-space component (A A† y = y still) fails here.
	 */
	static void moorePenrose(LinearOperator a, long seed, double tol) {
		Random rng = new Random(seed);
		int d = a.imageSize(), m = a.measurementSize();
		double[] x = random(rng, d), z = random(rng, d), u = random(rng, m), v = random(rng, m);
		double[] px = new double[d], pz = new double[d], qu = apply(a, pinv(a, u)), qv = apply(a, pinv(a, v));
		a.pseudoInverse(apply(a, x), px);
		a.pseudoInverse(apply(a, z), pz);
		assertEquals(dot(px, z), dot(x, pz), tol * norm(px) * norm(z), a.describe() + ": A+A is symmetric");
		assertEquals(dot(qu, v), dot(u, qv), tol * norm(qu) * norm(v), a.describe() + ": A A+ is symmetric");
		double[] g = pinv(a, u), gag = pinv(a, apply(a, g));
		assertTrue(distance(gag, g) <= tol * norm(g), a.describe() + ": A+ A A+ = A+, off by " + distance(gag, g) / norm(g));
	}

	private static double[] pinv(LinearOperator a, double[] y) {
		double[] x = new double[a.imageSize()];
		a.pseudoInverse(y, x);
		return x;
	}

	/** V Vᵀ = I, ‖Vᵀ x‖ = ‖x‖, Vᵀ V = I and Uᵀ(A x) = s ⊙ (Vᵀ x)[0..k). */
	static void svd(LinearOperator a, long seed) {
		Svd svd = a.svd().orElseThrow();
		Random rng = new Random(seed);
		int d = a.imageSize(), k = svd.rank();
		double[] s = svd.singularValues();
		assertEquals(k, s.length, "rank vs singular values");
		assertTrue(k >= 1 && k <= Math.min(d, a.measurementSize()), "rank " + k);
		for (double si : s)
			assertTrue(si > 0, "singular value " + si);
		double[] x = random(rng, d), c = new double[d], back = new double[d];
		svd.vt(x, c);
		assertEquals(norm(x), norm(c), 1e-12 * norm(x), "|V^T x| = |x|");
		svd.v(c, back);
		assertTrue(distance(back, x) <= 1e-12 * norm(x), "V V^T x = x");
		double[] c2 = random(rng, d), x2 = new double[d], c2back = new double[d];
		svd.v(c2, x2);
		svd.vt(x2, c2back);
		assertTrue(distance(c2back, c2) <= 1e-12 * norm(c2), "V^T V c = c");
		double[] u = new double[k];
		svd.ut(apply(a, x), u);
		double[] sc = new double[k];
		for (int i = 0; i < k; i++)
			sc[i] = s[i] * c[i];
		assertTrue(distance(u, sc) <= 1e-10 * norm(sc), a.describe() + ": U^T A x = s * (V^T x)[0..k)");
	}

	/** Λ T x = A x (and scatter puts it back in place) and T⁻¹ T x = x to {@code tol} relative. */
	static void maskedTransform(LinearOperator a, double[] x, double tol) {
		MaskedTransform m = a.maskedTransform().orElseThrow();
		boolean[] lambda = m.mask();
		assertEquals(m.transformSize(), lambda.length, "mask length");
		double[] t = new double[m.transformSize()];
		m.forward(x, t);
		double[] y = apply(a, x), gathered = new double[y.length];
		int j = 0;
		for (int i = 0; i < lambda.length; i++)
			if (lambda[i]) {
				assertTrue(j < y.length, "mask keeps more values than A measures");
				gathered[j++] = t[i];
			}
		assertEquals(y.length, j, "mask count vs measurement size");
		assertTrue(distance(gathered, y) <= 1e-12 * norm(y), a.describe() + ": Λ T x = A x");
		double[] scattered = new double[t.length];
		m.scatter(y, scattered);
		for (int i = 0; i < lambda.length; i++)
			assertEquals(lambda[i] ? t[i] : 0, scattered[i], 1e-12 * norm(y), "scatter at " + i);
		double[] back = new double[x.length];
		m.inverse(t, back);
		double err = distance(back, x) / norm(x);
		assertTrue(err <= tol, a.describe() + ": |T^-1 T x - x|/|x| = " + err);
	}

	/** Asserts that {@code r} throws IllegalArgumentException whose message contains {@code part}. */
	static void refuses(String part, Runnable r) {
		var e = assertThrows(IllegalArgumentException.class, r::run);
		assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' lacks '" + part + "'");
	}
}
