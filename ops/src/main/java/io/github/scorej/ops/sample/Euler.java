package io.github.scorej.ops.sample;

import java.util.List;

/**
 * Euler's method on the probability-flow ODE dx/dσ = (x − D(x; σ))/σ, with optional churn:
 * x ← x̂ + (σ' − σ̂)·(x̂ − D(x̂; σ̂))/σ̂ (Karras et al. 2022, Algorithm 2 without the Heun
 * correction; k-diffusion {@code sample_euler}). One network call per step. Stateless.
 */
public final class Euler implements Sampler {

	@Override public String name() { return "euler"; }
	@Override public String description() { return "Euler on the probability-flow ODE, optional churn (Karras et al. 2022; k-diffusion sample_euler)"; }
	@Override public List<Param<?>> params() { return List.of(Churn.S_CHURN, Churn.S_TMIN, Churn.S_TMAX, Churn.S_NOISE); }
	@Override public boolean stochastic() { return false; }

	@Override
	public double[] sample(Task task, Params p) {
		double[] s = task.sigmas(), x = task.initialSigma();
		double[] den = new double[x.length], z = new double[x.length];
		for (int i = 0; i < task.steps(); i++) {
			double hat = Churn.apply(task, p, s[i], x, z);
			task.denoise(x, hat, den, i);
			double dt = s[i + 1] - hat;
			for (int k = 0; k < x.length; k++)
				x[k] += (x[k] - den[k]) / hat * dt;
			task.step(i, s[i], x, den);
		}
		return x;
	}
}
