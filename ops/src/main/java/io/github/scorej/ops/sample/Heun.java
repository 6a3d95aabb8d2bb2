package io.github.scorej.ops.sample;

import java.util.List;

/**
 * Heun's second-order method with stochastic churn, Karras et al. 2022, Algorithm 2:
 * d = (x̂ − D(x̂; σ̂))/σ̂, x' = x̂ + (σ' − σ̂)d, d' = (x' − D(x'; σ'))/σ',
 * x ← x̂ + (σ' − σ̂)(d + d')/2, and Euler on the last step (σ' = 0). NFE = 2n − 1.
 * Registered twice: {@code heun} (k-diffusion {@code sample_heun}) and {@code edm} (EDM's
 * generate.py; defaults S_churn = 0, S_min = 0, S_max = ∞, S_noise = 1; the stochastic ImageNet
 * setting is s_churn=40 s_tmin=0.05 s_tmax=50 s_noise=1.003). Stateless.
 */
public final class Heun implements Sampler {

	private final String name, description;

	public Heun(String name, String description) {
		this.name = name;
		this.description = description;
	}

	@Override public String name() { return name; }
	@Override public String description() { return description; }
	@Override public List<Param<?>> params() { return List.of(Churn.S_CHURN, Churn.S_TMIN, Churn.S_TMAX, Churn.S_NOISE); }
	@Override public boolean stochastic() { return false; }

	@Override
	public double[] sample(Task task, Params p) {
		double[] s = task.sigmas(), x = task.initialSigma();
		double[] den = new double[x.length], d = new double[x.length], x2 = new double[x.length], z = new double[x.length];
		for (int i = 0; i < task.steps(); i++) {
			double hat = Churn.apply(task, p, s[i], x, z);
			task.denoise(x, hat, den, i);
			double dt = s[i + 1] - hat;
			for (int k = 0; k < x.length; k++)
				d[k] = (x[k] - den[k]) / hat;
			if (s[i + 1] == 0) {
				for (int k = 0; k < x.length; k++)
					x[k] += d[k] * dt;
			} else {
				for (int k = 0; k < x.length; k++)
					x2[k] = x[k] + d[k] * dt;
				task.denoise(x2, s[i + 1], den, i);
				for (int k = 0; k < x.length; k++)
					x[k] += (d[k] + (x2[k] - den[k]) / s[i + 1]) / 2 * dt;
			}
			task.step(i, s[i], x, den);
		}
		return x;
	}
}
