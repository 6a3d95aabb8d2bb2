package io.github.scorej.ops.sample;

import java.util.List;

/**
 * Ancestral DPM-Solver++(2S) (k-diffusion {@code sample_dpmpp_2s_ancestral}): with t = −ln σ,
 * t' = −ln σ_down, h = t' − t, s = t + h/2,
 * <pre>
 *   x₂ = (σ_s/σ)·x − (e^{−h/2} − 1)·D(x; σ),   x ← (σ_down/σ)·x − (e^{−h} − 1)·D(x₂; σ_s) + s_noise·σ_up·z,
 * </pre>
 * Euler when σ_down = 0. Stateless.
 */
public final class DpmppTwoSAncestral implements Sampler {

	@Override public String name() { return "dpmpp_2s_ancestral"; }
	@Override public String description() { return "ancestral DPM-Solver++(2S) (k-diffusion sample_dpmpp_2s_ancestral)"; }
	@Override public List<Param<?>> params() { return List.of(Churn.ETA, Churn.S_NOISE); }
	@Override public boolean stochastic() { return true; }

	@Override
	public double[] sample(Task task, Params p) {
		double[] s = task.sigmas(), x = task.initialSigma();
		double[] den = new double[x.length], x2 = new double[x.length], z = new double[x.length];
		double eta = p.get(Churn.ETA), sNoise = p.get(Churn.S_NOISE);
		for (int i = 0; i < task.steps(); i++) {
			task.denoise(x, s[i], den, i);
			double[] a = Churn.ancestral(s[i], s[i + 1], eta);
			double down = a[0];
			if (down == 0) {
				for (int k = 0; k < x.length; k++)
					x[k] += (x[k] - den[k]) / s[i] * (down - s[i]);
			} else {
				double h = Math.log(s[i] / down), sigmaS = s[i] * Math.exp(-h / 2);
				for (int k = 0; k < x.length; k++)
					x2[k] = sigmaS / s[i] * x[k] - Math.expm1(-h / 2) * den[k];
				task.denoise(x2, sigmaS, den, i);
				for (int k = 0; k < x.length; k++)
					x[k] = down / s[i] * x[k] - Math.expm1(-h) * den[k];
			}
			if (s[i + 1] > 0) Churn.addNoise(task, sNoise * a[1], x, z);
			task.step(i, s[i], x, den);
		}
		return x;
	}
}
