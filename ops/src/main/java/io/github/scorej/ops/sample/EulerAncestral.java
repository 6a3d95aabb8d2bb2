package io.github.scorej.ops.sample;

import java.util.List;

/**
 * Ancestral Euler: with (σ_down, σ_up) from the ancestral split,
 * x ← x + (σ_down − σ)·(x − D(x; σ))/σ + s_noise·σ_up·z (k-diffusion {@code sample_euler_ancestral};
 * η = 1 is the DDPM ancestral step of Ho et al. 2020 in σ-space). Stateless.
 */
public final class EulerAncestral implements Sampler {

	@Override public String name() { return "euler_ancestral"; }
	@Override public String description() { return "ancestral Euler (k-diffusion sample_euler_ancestral)"; }
	@Override public List<Param<?>> params() { return List.of(Churn.ETA, Churn.S_NOISE); }
	@Override public boolean stochastic() { return true; }

	@Override
	public double[] sample(Task task, Params p) {
		double[] s = task.sigmas(), x = task.initialSigma();
		double[] den = new double[x.length], z = new double[x.length];
		double eta = p.get(Churn.ETA), sNoise = p.get(Churn.S_NOISE);
		for (int i = 0; i < task.steps(); i++) {
			task.denoise(x, s[i], den, i);
			double[] a = Churn.ancestral(s[i], s[i + 1], eta);
			double dt = a[0] - s[i];
			for (int k = 0; k < x.length; k++)
				x[k] += (x[k] - den[k]) / s[i] * dt;
			if (s[i + 1] > 0) Churn.addNoise(task, sNoise * a[1], x, z);
			task.step(i, s[i], x, den);
		}
		return x;
	}
}
