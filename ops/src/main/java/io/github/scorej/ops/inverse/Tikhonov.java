package io.github.scorej.ops.inverse;

/**
 * x = Aᵀ(AAᵀ + δI)⁻¹y, the minimiser of ‖Ax − y‖² + δ‖x‖², for operators without a closed-form
 * pseudo-inverse (the blur with valid boundaries, CT): conjugate gradients on (AAᵀ + δI)u = y from u = 0,
 * optionally preconditioned, stopped at a relative residual or an iteration cap.
 *
 * <p>Memory: the four CG vectors (u, r, p and one for both Mp and the preconditioned residual) are
 * float, allocated once per solve ({@link #VECTORS} of the measurement's length); dot products, α and β
 * are double. Float rounding (10⁻⁷) is far below the stop's relative residual (10⁻⁴ and above).
 */
final class Tikhonov {

	private Tikhonov() {}

	/** Float vectors of the measurement's length one solve holds. */
	static final int VECTORS = 4;

	/** q = M p for the symmetric positive semi-definite M = AAᵀ + δI. */
	interface Normal {
		void apply(float[] p, float[] q);
	}

	/** z ≈ M⁻¹r for a symmetric positive definite M close to AAᵀ + δI ({@code r} and {@code z} may not be the same array). */
	interface Preconditioner {
		void apply(float[] r, float[] z);
	}

	/** No preconditioning: plain conjugate gradients. */
	static final Preconditioner NONE = (r, z) -> System.arraycopy(r, 0, z, 0, r.length);

	/**
	 * u with (AAᵀ + δI)u ≈ y: conjugate gradients to ‖r‖ ≤ {@code tolerance}·‖y‖ in at most
	 * {@code maxIterations} iterations, each one {@code normal} and one {@code pre}.
	 */
	static float[] solve(double[] y, Normal normal, Preconditioner pre, double tolerance, int maxIterations) {
		int m = y.length;
		float[] u = new float[m], r = new float[m], p = new float[m], q = new float[m]; // q holds Mp, then the preconditioned residual
		for (int k = 0; k < m; k++)
			r[k] = (float) y[k];
		pre.apply(r, q);
		System.arraycopy(q, 0, p, 0, m);
		double rz = dot(r, q), stop = tolerance * tolerance * dot(y, y);
		for (int it = 0; it < maxIterations && dot(r, r) > stop; it++) {
			normal.apply(p, q);
			double pq = dot(p, q);
			if (!(pq > 0)) break;
			double alpha = rz / pq;
			for (int k = 0; k < m; k++) {
				u[k] += (float) (alpha * p[k]);
				r[k] -= (float) (alpha * q[k]);
			}
			pre.apply(r, q);
			double next = dot(r, q), beta = next / rz;
			for (int k = 0; k < m; k++)
				p[k] = (float) (q[k] + beta * p[k]);
			rz = next;
		}
		return u;
	}

	/** Bytes {@link #solve(LinearOperator, double[], double, double, int, double[])} allocates: the CG vectors and its double scratch. */
	static long workingBytes(LinearOperator a) {
		return 4L * VECTORS * a.measurementSize() + 8L * (2L * a.measurementSize() + a.imageSize());
	}

	/**
	 * x = Aᵀ(AAᵀ + δI)⁻¹y through the operator's own A and Aᵀ (no preconditioning), with one image and
	 * two measurement arrays of double scratch beside the CG vectors.
	 */
	static void solve(LinearOperator a, double[] y, double delta, double tolerance, int maxIterations, double[] x) {
		int m = a.measurementSize();
		double[] pd = new double[m], qd = new double[m], t = new double[a.imageSize()];
		float[] u = solve(y, (p, q) -> {
			for (int k = 0; k < m; k++)
				pd[k] = p[k];
			a.adjoint(pd, t);
			a.apply(t, qd);
			for (int k = 0; k < m; k++)
				q[k] = (float) (qd[k] + delta * pd[k]);
		}, NONE, tolerance, maxIterations);
		for (int k = 0; k < m; k++)
			pd[k] = u[k];
		a.adjoint(pd, x);
	}

	private static double dot(float[] a, float[] b) {
		double s = 0;
		for (int k = 0; k < a.length; k++)
			s += (double) a[k] * b[k];
		return s;
	}

	private static double dot(double[] a, double[] b) {
		double s = 0;
		for (int k = 0; k < a.length; k++)
			s += a[k] * b[k];
		return s;
	}
}
