package io.github.scorej.ops.sample;

import java.util.List;

/**
 * Annealed Langevin dynamics over σ_0 &gt; … &gt; σ_{L}: at each level, with α_i = ε·σ_i²/σ_L²,
 * {@code n_steps_each} times x ← x + α_i·∇log p(x; σ_i) + √(2α_i)·z, where
 * ∇log p(x; σ) = (D(x; σ) − x)/σ²; optionally a final denoising step x ← D(x; σ_L).
 * Song and Ermon 2019, "Generative modeling by estimating gradients of the data distribution",
 * Algorithm 1, as in the NCSN code ({@code anneal_Langevin_dynamics}, step α = ε(σ_i/σ_L)²).
 * Runs in σ-space on the task's schedule without its final 0. Stateless and thread-safe.
 */
public final class AnnealedLangevin implements Sampler {

	public static final Param<Double> EPS = Param.real("eps", 2e-5, 0, 1, "step size ε at the smallest σ");
	public static final Param<Integer> N_STEPS_EACH = Param.integer("n_steps_each", 100, 1, 100000, "Langevin steps per noise level");
	public static final Param<Boolean> DENOISE = Param.bool("denoise", true, "final step x = D(x; σ_L)");

	@Override public String name() { return "ald"; }

	@Override
	public String description() {
		return "NCSN annealed Langevin dynamics (Song & Ermon 2019, Algorithm 1)";
	}

	@Override
	public List<Param<?>> params() {
		return List.of(EPS, N_STEPS_EACH, DENOISE);
	}

	@Override public boolean stochastic() { return true; }

	@Override
	public double[] sample(Task task, Params params) {
		double[] sigmas = task.sigmas();
		int L = task.steps(), steps = params.get(N_STEPS_EACH);
		double eps = params.get(EPS), last = sigmas[L - 1];
		// Each step moves x a fraction ε/σ_L² of the way to D (times s²/(s² + σ²) ≤ 1): at 2 or more it diverges.
		if (eps / (last * last) >= 2)
			throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
					"ald: eps = %.3g is too large for the smallest sigma %.3g: steps of eps/sigma_min^2 = %.3g diverge; "
							+ "use eps below %.3g (NCSN uses eps/sigma_min^2 = 0.2)", eps, last, eps / (last * last), 2 * last * last));
		double[] x = task.initialSigma(), d = new double[x.length], z = new double[x.length];
		for (int i = 0; i < L; i++) {
			double sigma = sigmas[i], alpha = eps * (sigma / last) * (sigma / last), noise = Math.sqrt(2 * alpha);
			for (int j = 0; j < steps; j++) {
				task.denoise(x, sigma, d, i);
				task.noise().gaussian(z);
				for (int k = 0; k < x.length; k++)
					x[k] += alpha * (d[k] - x[k]) / (sigma * sigma) + noise * z[k];
			}
			task.step(i, sigma, x, d);
		}
		if (params.get(DENOISE)) {
			task.denoise(x, last, d, L - 1);
			return d.clone();
		}
		return x;
	}
}
