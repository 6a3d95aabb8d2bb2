package io.github.scorej.ops.sample;

/**
 * y' = F(t, y) from t₀ to t₁ (either direction) by the explicit Runge–Kutta 4(5) pair of Dormand
 * and Prince with scipy's {@code solve_ivp(method='RK45')} step control: scipy's
 * {@code select_initial_step}, error in RMS norm against atol + rtol·max(|y|, |y_new|), safety 0.9,
 * step factor in [0.2, 10] (at most 1 right after a rejection), first-same-as-last. The whole
 * state is one vector, as in score_sde, which flattens its batch (and, for the likelihood, the
 * Δlog p column) into one array for scipy.
 * <p>
 * Shared by the probability-flow ODE sampler ({@link ProbabilityFlowOde}) and the likelihood
 * ({@code io.github.scorej.ops.likelihood.Likelihood}). Stateless and thread-safe; the state is
 * updated in place.
 */
public final class DormandPrince {

	private DormandPrince() {}

	/** The right-hand side F(t, y), written into {@code out}; must not keep {@code y} or {@code out}. */
	@FunctionalInterface
	public interface Rhs {
		void eval(double t, double[] y, double[] out);
	}

	/** Called after each accepted step with the new time and state (read-only); may throw to stop. */
	@FunctionalInterface
	public interface StepListener {
		void accepted(double t, double[] y);
	}

	/** The number of right-hand-side evaluations (scipy's {@code nfev}) and of accepted steps. */
	public record Result(int nfe, int steps) {}

	private static final double[] C = { 0, 1 / 5.0, 3 / 10.0, 4 / 5.0, 8 / 9.0, 1 };
	private static final double[][] A = { {}, { 1 / 5.0 }, { 3 / 40.0, 9 / 40.0 }, { 44 / 45.0, -56 / 15.0, 32 / 9.0 },
			{ 19372 / 6561.0, -25360 / 2187.0, 64448 / 6561.0, -212 / 729.0 },
			{ 9017 / 3168.0, -355 / 33.0, 46732 / 5247.0, 49 / 176.0, -5103 / 18656.0 } };
	private static final double[] B = { 35 / 384.0, 0, 500 / 1113.0, 125 / 192.0, -2187 / 6784.0, 11 / 84.0 };
	private static final double[] E = { -71 / 57600.0, 0, 71 / 16695.0, -71 / 1920.0, 17253 / 339200.0, -22 / 525.0, 1 / 40.0 };

	/**
	 * Integrates {@code y} in place from {@code t0} to {@code t1}.
	 *
	 * @throws IllegalStateException if the step size falls below scipy's minimum (10 ulp of t)
	 */
	public static Result integrate(Rhs f, double t0, double t1, double[] y, double rtol, double atol, StepListener listener) {
		if (!(rtol > 0) || !(atol > 0)) throw new IllegalArgumentException("rtol and atol must be positive, got " + rtol + ", " + atol);
		if (t0 == t1) return new Result(0, 0);
		double dir = Math.signum(t1 - t0), t = t0;
		int n = y.length, nfe = 0, steps = 0;
		double[][] K = new double[7][n];
		double[] yNew = new double[n], tmp = new double[n];
		f.eval(t, y, K[0]);
		nfe++;
		// scipy's select_initial_step, order 4
		double d0 = 0, d1 = 0;
		for (int k = 0; k < n; k++) {
			double sc = atol + Math.abs(y[k]) * rtol;
			d0 += (y[k] / sc) * (y[k] / sc);
			d1 += (K[0][k] / sc) * (K[0][k] / sc);
		}
		d0 = Math.sqrt(d0 / n);
		d1 = Math.sqrt(d1 / n);
		double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
		h0 = Math.min(h0, Math.abs(t1 - t0));
		for (int k = 0; k < n; k++)
			tmp[k] = y[k] + dir * h0 * K[0][k];
		f.eval(t + dir * h0, tmp, K[1]);
		nfe++;
		double d2 = 0;
		for (int k = 0; k < n; k++) {
			double sc = atol + Math.abs(y[k]) * rtol;
			d2 += ((K[1][k] - K[0][k]) / sc) * ((K[1][k] - K[0][k]) / sc);
		}
		d2 = Math.sqrt(d2 / n) / h0;
		double h1 = d1 <= 1e-15 && d2 <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / Math.max(d1, d2), 1 / 5.0);
		double h = Math.min(Math.min(100 * h0, h1), Math.abs(t1 - t0));
		while (dir * (t1 - t) > 0) {
			double minStep = 10 * Math.abs((dir > 0 ? Math.nextUp(t) : Math.nextDown(t)) - t);
			boolean rejected = false;
			while (true) {
				if (h < minStep) throw new IllegalStateException("ode: step size fell below its minimum at t = " + t);
				double tNew = t + dir * h;
				if (dir * (tNew - t1) > 0) tNew = t1;
				double hs = tNew - t; // signed step
				for (int s = 1; s < 6; s++) {
					for (int k = 0; k < n; k++) {
						double acc = 0;
						for (int j = 0; j < s; j++)
							acc += A[s][j] * K[j][k];
						tmp[k] = y[k] + hs * acc;
					}
					f.eval(t + C[s] * hs, tmp, K[s]);
				}
				for (int k = 0; k < n; k++) {
					double acc = 0;
					for (int j = 0; j < 6; j++)
						acc += B[j] * K[j][k];
					yNew[k] = y[k] + hs * acc;
				}
				f.eval(tNew, yNew, K[6]);
				nfe += 6;
				double err = 0;
				for (int k = 0; k < n; k++) {
					double e = 0;
					for (int j = 0; j < 7; j++)
						e += E[j] * K[j][k];
					double sc = atol + Math.max(Math.abs(y[k]), Math.abs(yNew[k])) * rtol;
					err += (hs * e / sc) * (hs * e / sc);
				}
				err = Math.sqrt(err / n);
				if (err < 1) {
					double factor = err == 0 ? 10 : Math.min(10, 0.9 * Math.pow(err, -0.2));
					if (rejected) factor = Math.min(1, factor);
					h = Math.abs(hs) * factor;
					t = tNew;
					System.arraycopy(yNew, 0, y, 0, n);
					System.arraycopy(K[6], 0, K[0], 0, n);
					break;
				}
				h = Math.abs(hs) * Math.max(0.2, 0.9 * Math.pow(err, -0.2));
				rejected = true;
			}
			steps++;
			if (listener != null) listener.accepted(t, y);
		}
		return new Result(nfe, steps);
	}
}
