package io.github.scorej.ops.sample;

import java.util.List;

/**
 * DPM-Solver-2 in σ (k-diffusion {@code sample_dpm_2}, after Karras et al. 2022): σ_mid =
 * exp(½(ln σ̂ + ln σ')), x_mid = x̂ + (σ_mid − σ̂)d, x ← x̂ + (σ' − σ̂)·d(x_mid, σ_mid); Euler on the
 * last step; optional churn. Stateless.
 */
public final class Dpm2 implements Sampler {

	@Override public String name() { return "dpm_2"; }
	@Override public String description() { return "DPM-Solver-2 midpoint in sigma, optional churn (k-diffusion sample_dpm_2)"; }
	@Override public List<Param<?>> params() { return List.of(Churn.S_CHURN, Churn.S_TMIN, Churn.S_TMAX, Churn.S_NOISE); }
	@Override public boolean stochastic() { return false; }

	@Override
	public double[] sample(Task task, Params p) {
		double[] s = task.sigmas(), x = task.initialSigma();
		double[] den = new double[x.length], d = new double[x.length], x2 = new double[x.length], z = new double[x.length];
		for (int i = 0; i < task.steps(); i++) {
			double hat = Churn.apply(task, p, s[i], x, z);
			task.denoise(x, hat, den, i);
			for (int k = 0; k < x.length; k++)
				d[k] = (x[k] - den[k]) / hat;
			if (s[i + 1] == 0) {
				for (int k = 0; k < x.length; k++)
					x[k] += d[k] * (s[i + 1] - hat);
			} else {
				double mid = Math.exp(0.5 * (Math.log(hat) + Math.log(s[i + 1])));
				for (int k = 0; k < x.length; k++)
					x2[k] = x[k] + d[k] * (mid - hat);
				task.denoise(x2, mid, den, i);
				for (int k = 0; k < x.length; k++)
					x[k] += (x2[k] - den[k]) / mid * (s[i + 1] - hat);
			}
			task.step(i, s[i], x, den);
		}
		return x;
	}
}
