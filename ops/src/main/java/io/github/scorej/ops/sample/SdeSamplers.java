package io.github.scorej.ops.sample;

import io.github.scorej.ops.sde.Sde;

import java.util.List;

/** The samplers that run in the SDE's own time: score_sde's PC and ODE samplers, ALD, DDIM, DPM-Solver. */
final class SdeSamplers {

	private SdeSamplers() {}

	static List<Sampler> list() {
		return List.of(new PredictorCorrector(), new AnnealedLangevin(), new ProbabilityFlowOde(), new Ddim(), new DpmSolver());
	}

	/**
	 * ∇ log p_t(x_t) = (s·D(x/s; σ) − x)/(s²σ²) into {@code out}, through {@link Task#denoise} (NaN
	 * check); returns D(x/s; σ), left in {@code work}.
	 */
	static double[] score(Task task, double[] x, double t, double[] work, double[] out, int step) {
		Sde sde = task.sde();
		double s = sde.scale(t), sigma = sde.sigma(t);
		for (int i = 0; i < x.length; i++)
			out[i] = x[i] / s;
		task.denoise(out, sigma, work, step);
		double c = 1 / (s * sigma * sigma);
		for (int i = 0; i < x.length; i++)
			out[i] = (work[i] - x[i] / s) * c;
		return work;
	}

	/** Start time: T, or t(σ_0) with a start image. */
	static double startTime(Task task) {
		return task.start() == null ? task.sde().T() : task.sde().time(task.sigmas()[0]);
	}

	/** The initial state x_t in the SDE's space: a prior draw, or s(t0)·start. */
	static double[] initial(Task task, double t0) {
		double[] x = new double[task.shape().size()];
		if (task.start() == null) {
			task.sde().samplePrior(task.shape(), task.noise(), x);
		} else {
			double s = task.sde().scale(t0);
			for (int i = 0; i < x.length; i++)
				x[i] = s * task.start()[i];
		}
		return x;
	}

	/** numpy's linspace(a, b, n). */
	static double[] linspace(double a, double b, int n) {
		double[] t = new double[n];
		for (int i = 0; i < n; i++)
			t[i] = n == 1 ? a : a + i * (b - a) / (n - 1);
		return t;
	}

	/** x/s(t), the σ-space value of the SDE state (what the samplers return and show the callback). */
	static double[] toSigmaSpace(Sde sde, double[] x, double t) {
		double s = sde.scale(t);
		double[] out = new double[x.length];
		for (int i = 0; i < x.length; i++)
			out[i] = x[i] / s;
		return out;
	}

	/** Mean over batch items of the per-item L2 norm (score_sde's {@code norm(...).mean()}). */
	static double meanItemNorm(double[] v, int items) {
		int per = v.length / items;
		double total = 0;
		for (int n = 0; n < items; n++) {
			double ss = 0;
			for (int i = n * per; i < (n + 1) * per; i++)
				ss += v[i] * v[i];
			total += Math.sqrt(ss);
		}
		return total / items;
	}
}
