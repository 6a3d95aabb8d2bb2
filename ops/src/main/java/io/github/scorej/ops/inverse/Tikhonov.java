package io.github.scorej.ops.inverse;

/**
 * x = Aᵀ(AAᵀ + δI)⁻¹y, the minimiser of ‖Ax − y‖² + δ‖x‖², for operators without a closed-form
 * pseudo-inverse (the blur with valid boundaries, CT): conjugate gradients on (AAᵀ + δI)u = y from u = 0,
 * optionally preconditioned, stopped at a relative residual or an iteration cap. Each iteration costs one
 * A and one Aᵀ.
 */
final class Tikhonov {

	private Tikhonov() {}

	/** z ≈ M⁻¹r for a symmetric positive definite M close to AAᵀ + δI. */
	interface Preconditioner {
		void apply(double[] r, double[] z);
	}

	/** No preconditioning: plain conjugate gradients. */
	static final Preconditioner NONE = (r, z) -> System.arraycopy(r, 0, z, 0, r.length);

	/** Solves to ‖r‖ ≤ {@code tolerance}·‖y‖ in at most {@code maxIterations} iterations and writes Aᵀu into x. */
	static void solve(LinearOperator a, double[] y, double delta, Preconditioner pre, double tolerance, int maxIterations, double[] x) {
		int m = a.measurementSize();
		double[] u = new double[m], r = y.clone(), z = new double[m], p = new double[m], q = new double[m], t = new double[a.imageSize()];
		pre.apply(r, z);
		System.arraycopy(z, 0, p, 0, m);
		double rz = dot(r, z), stop = tolerance * tolerance * dot(y, y);
		for (int it = 0; it < maxIterations && dot(r, r) > stop; it++) {
			a.adjoint(p, t);
			a.apply(t, q);
			for (int k = 0; k < m; k++)
				q[k] += delta * p[k];
			double pq = dot(p, q);
			if (!(pq > 0)) break;
			double alpha = rz / pq;
			for (int k = 0; k < m; k++) {
				u[k] += alpha * p[k];
				r[k] -= alpha * q[k];
			}
			pre.apply(r, z);
			double next = dot(r, z);
			for (int k = 0; k < m; k++)
				p[k] = z[k] + next / rz * p[k];
			rz = next;
		}
		a.adjoint(u, x);
	}

	private static double dot(double[] a, double[] b) {
		double s = 0;
		for (int k = 0; k < a.length; k++)
			s += a[k] * b[k];
		return s;
	}
}
