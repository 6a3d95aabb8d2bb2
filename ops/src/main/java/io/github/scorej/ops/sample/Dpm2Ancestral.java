package io.github.scorej.ops.sample;

import java.util.List;

/**
 * Ancestral DPM-Solver-2 (k-diffusion {@code sample_dpm_2_ancestral}): the dpm_2 midpoint step from σ
 * to σ_down, then s_noise·σ_up·z. Stateless.
 */
public final class Dpm2Ancestral implements Sampler {

	@Override public String name() { return "dpm_2_ancestral"; }
	@Override public String description() { return "ancestral DPM-Solver-2 (k-diffusion sample_dpm_2_ancestral)"; }
	@Override public List<Param<?>> params() { return List.of(Churn.ETA, Churn.S_NOISE); }
	@Override public boolean stochastic() { return true; }

	@Override
	public double[] sample(Task task, Params p) {
		double[] s = task.sigmas(), x = task.initialSigma();
		double[] den = new double[x.length], d = new double[x.length], x2 = new double[x.length], z = new double[x.length];
		double eta = p.get(Churn.ETA), sNoise = p.get(Churn.S_NOISE);
		for (int i = 0; i < task.steps(); i++) {
			task.denoise(x, s[i], den, i);
			double[] a = Churn.ancestral(s[i], s[i + 1], eta);
			double down = a[0];
			for (int k = 0; k < x.length; k++)
				d[k] = (x[k] - den[k]) / s[i];
			if (down == 0) {
				for (int k = 0; k < x.length; k++)
					x[k] += d[k] * (down - s[i]);
			} else {
				double mid = Math.exp(0.5 * (Math.log(s[i]) + Math.log(down)));
				for (int k = 0; k < x.length; k++)
					x2[k] = x[k] + d[k] * (mid - s[i]);
				task.denoise(x2, mid, den, i);
				for (int k = 0; k < x.length; k++)
					x[k] += (x2[k] - den[k]) / mid * (down - s[i]);
				Churn.addNoise(task, sNoise * a[1], x, z);
			}
			task.step(i, s[i], x, den);
		}
		return x;
	}
}
