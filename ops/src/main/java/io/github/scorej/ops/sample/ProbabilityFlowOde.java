package io.github.scorej.ops.sample;

import io.github.scorej.ops.sde.Sde;

import java.util.List;

/**
 * The probability-flow ODE dx/dt = f(t)·x − ½g(t)²·∇log p_t(x), integrated from T (or t(σ_0))
 * down to eps by black-box adaptive Runge–Kutta 4(5) of Dormand and Prince with scipy's
 * {@code solve_ivp(method='RK45')} step control (the whole batch is one state vector, error in
 * RMS norm against atol + rtol·|x|). Song et al. 2021, "Score-based generative modeling through
 * stochastic differential equations", §4.3 and score_sde's {@code get_ode_sampler}, by {@link DormandPrince}; optionally
 * followed by one reverse-diffusion denoising step at eps ({@code denoise}, not counted in the
 * NFE, as in score_sde). {@link #solve} also returns the number of function evaluations.
 * <p>
 * Deterministic; stateless and thread-safe. Returns x(eps)/s(eps). Progress: the callback's
 * {@link Callback#onEvaluation} after every function evaluation (the step count is not known in advance).
 */
public final class ProbabilityFlowOde implements Sampler {

	public static final Param<Double> RTOL = Param.real("rtol", 1e-5, 1e-12, 1, "relative tolerance");
	public static final Param<Double> ATOL = Param.real("atol", 1e-5, 1e-12, 1, "absolute tolerance");
	public static final Param<Boolean> DENOISE = Param.bool("denoise", false, "one reverse-diffusion step at eps, returning its mean");

	@Override public String name() { return "ode"; }

	/** Runs in the SDE's own time t: the σ schedule's shape is not used. */
	@Override public boolean usesSchedule() { return false; }

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
		double t0 = SdeSamplers.startTime(task), tEnd = sde.eps();
		double[] y = SdeSamplers.initial(task, t0);
		int n = y.length;
		double[] work = new double[n], grad = new double[n];
		int[] nfe = { 0 };
		DormandPrince.Rhs rhs = (t, x, out) -> {
			SdeSamplers.score(task, x, t, work, grad, 0);
			double f = sde.drift(t), g2 = sde.diffusion(t) * sde.diffusion(t);
			for (int k = 0; k < x.length; k++)
				out[k] = f * x[k] - 0.5 * g2 * grad[k];
			task.evaluation(++nfe[0], sde.sigma(t), false);
		};
		DormandPrince.Result r = DormandPrince.integrate(rhs, t0, tEnd, y, params.get(RTOL), params.get(ATOL), null);
		if (params.get(DENOISE)) {
			Sde.Discretization fg = sde.discretize(tEnd);
			SdeSamplers.score(task, y, tEnd, work, grad, task.steps() - 1);
			for (int k = 0; k < n; k++)
				y[k] = y[k] - fg.f() * y[k] + fg.g() * fg.g() * grad[k];
		}
		task.evaluation(nfe[0] + (params.get(DENOISE) ? 1 : 0), sde.sigma(tEnd), true);
		return new Solution(SdeSamplers.toSigmaSpace(sde, y, tEnd), r.nfe());
	}
}
