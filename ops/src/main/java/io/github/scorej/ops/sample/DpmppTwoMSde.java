package io.github.scorej.ops.sample;

import java.util.List;

/**
 * DPM-Solver++(2M) SDE, midpoint variant (k-diffusion {@code sample_dpmpp_2m_sde}): with
 * t = −ln σ, h = t' − t, r = h_last/h,
 * <pre>
 *   x ← (σ'/σ)e^{−ηh}·x + (1 − e^{−h−ηh})·D + ½(1 − e^{−h−ηh})(D − D_old)/r + σ'√(1 − e^{−2ηh})·s_noise·z,
 * </pre>
 * the correction from the second step on; the last step sets x = D. The noise is i.i.d. Gaussian
 * (k-diffusion defaults to a Brownian tree for this sampler: same law, other draws). Stateless.
 */
public final class DpmppTwoMSde implements Sampler {

	@Override public String name() { return "dpmpp_2m_sde"; }
	@Override public String description() { return "DPM-Solver++(2M) SDE, midpoint (k-diffusion sample_dpmpp_2m_sde)"; }
	@Override public List<Param<?>> params() { return List.of(Churn.ETA, Churn.S_NOISE); }
	@Override public boolean stochastic() { return true; }

	@Override
	public double[] sample(Task task, Params p) {
		double[] s = task.sigmas(), x = task.initialSigma();
		double[] den = new double[x.length], old = new double[x.length], z = new double[x.length];
		double eta = p.get(Churn.ETA), sNoise = p.get(Churn.S_NOISE), hLast = 0;
		for (int i = 0; i < task.steps(); i++) {
			task.denoise(x, s[i], den, i);
			if (s[i + 1] == 0) {
				System.arraycopy(den, 0, x, 0, x.length);
			} else {
				double h = Math.log(s[i] / s[i + 1]), etaH = eta * h;
				double a = s[i + 1] / s[i] * Math.exp(-etaH), b = -Math.expm1(-h - etaH);
				double c = i > 0 ? 0.5 * b / (hLast / h) : 0;
				for (int k = 0; k < x.length; k++)
					x[k] = a * x[k] + b * den[k] + (i > 0 ? c * (den[k] - old[k]) : 0);
				if (eta > 0) Churn.addNoise(task, s[i + 1] * Math.sqrt(-Math.expm1(-2 * etaH)) * sNoise, x, z);
				hLast = h;
			}
			System.arraycopy(den, 0, old, 0, x.length);
			task.step(i, s[i], x, den);
		}
		return x;
	}
}
