package io.github.scorej.ops.sample;

import io.github.scorej.ops.sde.Sde;

import java.util.List;

/**
 * The probability-flow ODE dx/dt = f(t)·x − ½g(t)²·∇log p_t(x), integrated from T (or t(σ_0))
 * down to eps by black-box adaptive Runge–Kutta 4(5) of Dormand and Prince with scipy's
 * {@code solve_ivp(method='RK45')} step control (the whole batch is one state vector, error in
 * RMS norm against atol + rtol·|x|). Song et al. 2021, "Score-based generative modeling through
 * stochastic differential equations", §4.3 and score_sde's {@code get_ode_sampler}; optionally
 * followed by one reverse-diffusion denoising step at eps ({@code denoise}, not counted in the
 * NFE, as in score_sde). {@link #solve} also returns the number of function evaluations.
 * <p>
 * Deterministic; stateless and thread-safe. Returns x(eps)/s(eps).
 */
public final class ProbabilityFlowOde implements Sampler {

	public static final Param<Double> RTOL = Param.real("rtol", 1e-5, 1e-12, 1, "relative tolerance");
	public static final Param<Double> ATOL = Param.real("atol", 1e-5, 1e-12, 1, "absolute tolerance");
	public static final Param<Boolean> DENOISE = Param.bool("denoise", false, "one reverse-diffusion step at eps, returning its mean");

	private static final double[] C = { 0, 1 / 5.0, 3 / 10.0, 4 / 5.0, 8 / 9.0, 1 };
	private static final double[][] A = { {}, { 1 / 5.0 }, { 3 / 40.0, 9 / 40.0 }, { 44 / 45.0, -56 / 15.0, 32 / 9.0 },
			{ 19372 / 6561.0, -25360 / 2187.0, 64448 / 6561.0, -212 / 729.0 },
			{ 9017 / 3168.0, -355 / 33.0, 46732 / 5247.0, 49 / 176.0, -5103 / 18656.0 } };
	private static final double[] B = { 35 / 384.0, 0, 500 / 1113.0, 125 / 192.0, -2187 / 6784.0, 11 / 84.0 };
	private static final double[] E = { -71 / 57600.0, 0, 71 / 16695.0, -71 / 1920.0, 17253 / 339200.0, -22 / 525.0, 1 / 40.0 };

	@Override public String name() { return "ode"; }

	@Override
	public String description() {
		return "probability-flow ODE by adaptive RK45 (Song et al. 2021, Sec. 4.3; score_sde ode_sampler)";
	}

	@Override
	public List<Param<?>> params() {
		return List.of(RTOL, ATOL, DENOISE);
	}

	@Override public boolean stochastic() { return false; }

	/** The σ-space result and the number of function (denoiser) evaluations, score_sde's {@code nfe}. */
	public record Solution(double[] x, int nfe) {}

	@Override
	public double[] sample(Task task, Params params) {
		return solve(task, params).x();
	}

	/** {@link #sample}, also reporting the number of function evaluations. */
	public Solution solve(Task task, Params params) {
		Sde sde = task.sde();
		double rtol = params.get(RTOL), atol = params.get(ATOL);
		double t = SdeSamplers.startTime(task), tEnd = sde.eps();
		double[] y = SdeSamplers.initial(task, t);
		int n = y.length;
		double[][] K = new double[7][n];
		double[] work = new double[n], grad = new double[n], yNew = new double[n], tmp = new double[n];
		int[] nfe = { 0 };
		double[] d = rhs(task, t, y, work, grad, K[0], nfe);
		// scipy's select_initial_step, direction −1, order 4
		double d0 = 0, d1 = 0;
		for (int k = 0; k < n; k++) {
			double sc = atol + Math.abs(y[k]) * rtol;
			d0 += (y[k] / sc) * (y[k] / sc);
			d1 += (K[0][k] / sc) * (K[0][k] / sc);
		}
		d0 = Math.sqrt(d0 / n);
		d1 = Math.sqrt(d1 / n);
		double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
		h0 = Math.min(h0, t - tEnd);
		for (int k = 0; k < n; k++)
			tmp[k] = y[k] - h0 * K[0][k];
		rhs(task, t - h0, tmp, work, grad, K[1], nfe);
		double d2 = 0;
		for (int k = 0; k < n; k++) {
			double sc = atol + Math.abs(y[k]) * rtol;
			d2 += ((K[1][k] - K[0][k]) / sc) * ((K[1][k] - K[0][k]) / sc);
		}
		d2 = Math.sqrt(d2 / n) / h0;
		double h1 = d1 <= 1e-15 && d2 <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / Math.max(d1, d2), 1 / 5.0);
		double h = Math.min(Math.min(100 * h0, h1), t - tEnd);
		int step = 0;
		while (t > tEnd) {
			double minStep = 10 * Math.abs(Math.nextDown(t) - t);
			boolean rejected = false;
			while (true) {
				if (h < minStep) throw new IllegalStateException("ode: step size fell below its minimum at t = " + t);
				double tNew = t - h;
				if (tNew < tEnd) tNew = tEnd;
				double hs = tNew - t; // signed step, negative
				for (int s = 1; s < 6; s++) {
					for (int k = 0; k < n; k++) {
						double acc = 0;
						for (int j = 0; j < s; j++)
							acc += A[s][j] * K[j][k];
						tmp[k] = y[k] + hs * acc;
					}
					rhs(task, t + C[s] * hs, tmp, work, grad, K[s], nfe);
				}
				for (int k = 0; k < n; k++) {
					double acc = 0;
					for (int j = 0; j < 6; j++)
						acc += B[j] * K[j][k];
					yNew[k] = y[k] + hs * acc;
				}
				d = rhs(task, tNew, yNew, work, grad, K[6], nfe);
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
			task.step(step++, sde.sigma(t), SdeSamplers.toSigmaSpace(sde, y, t), d);
		}
		if (params.get(DENOISE)) {
			Sde.Discretization fg = sde.discretize(tEnd);
			SdeSamplers.score(task, y, tEnd, work, grad, task.steps() - 1);
			for (int k = 0; k < n; k++)
				y[k] = y[k] - fg.f() * y[k] + fg.g() * fg.g() * grad[k];
		}
		return new Solution(SdeSamplers.toSigmaSpace(sde, y, tEnd), nfe[0]);
	}

	/** dx/dt = f(t)x − ½g(t)²∇log p_t(x) into {@code out}; returns D. */
	private static double[] rhs(Task task, double t, double[] x, double[] work, double[] grad, double[] out, int[] nfe) {
		Sde sde = task.sde();
		nfe[0]++;
		double[] d = SdeSamplers.score(task, x, t, work, grad, 0);
		double f = sde.drift(t), g2 = sde.diffusion(t) * sde.diffusion(t);
		for (int k = 0; k < x.length; k++)
			out[k] = f * x[k] - 0.5 * g2 * grad[k];
		return d;
	}
}
