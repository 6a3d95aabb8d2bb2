package io.github.scorej.ops.sample;

import java.util.List;

/**
 * DPM-Solver++(3M) SDE (k-diffusion {@code sample_dpmpp_3m_sde}): with h = ln(σ/σ'), h_η = (η + 1)h,
 * <pre>
 *   x ← e^{−h_η}·x + (1 − e^{−h_η})·D + φ₂·D₁ − φ₃·D₂ + σ'√(1 − e^{−2ηh})·s_noise·z,
 *   φ₂ = (e^{−h_η} − 1)/h_η + 1,  φ₃ = φ₂/h_η − ½,
 * </pre>
 * D₁, D₂ the first and second divided differences of the last three denoised estimates (second
 * order on the second step, first on the first); the last step sets x = D. I.i.d. Gaussian noise
 * instead of k-diffusion's Brownian tree (same law). Stateless.
 */
public final class DpmppThreeMSde implements Sampler {

	@Override public String name() { return "dpmpp_3m_sde"; }
	@Override public String description() { return "DPM-Solver++(3M) SDE (k-diffusion sample_dpmpp_3m_sde)"; }
	@Override public List<Param<?>> params() { return List.of(Churn.ETA, Churn.S_NOISE); }
	@Override public boolean stochastic() { return true; }

	@Override
	public double[] sample(Task task, Params p) {
		double[] s = task.sigmas(), x = task.initialSigma();
		int n = x.length;
		double[] den = new double[n], den1 = new double[n], den2 = new double[n], z = new double[n];
		double eta = p.get(Churn.ETA), sNoise = p.get(Churn.S_NOISE), h1 = 0, h2 = 0;
		int history = 0;
		for (int i = 0; i < task.steps(); i++) {
			task.denoise(x, s[i], den, i);
			double h = 0;
			if (s[i + 1] == 0) {
				System.arraycopy(den, 0, x, 0, n);
			} else {
				h = Math.log(s[i] / s[i + 1]);
				double hEta = h * (eta + 1), decay = Math.exp(-hEta), phi1 = -Math.expm1(-hEta);
				double phi2 = Math.expm1(-hEta) / hEta + 1, phi3 = phi2 / hEta - 0.5;
				if (history >= 2) {
					double r0 = h1 / h, r1 = h2 / h;
					for (int k = 0; k < n; k++) {
						double d10 = (den[k] - den1[k]) / r0, d11 = (den1[k] - den2[k]) / r1;
						double d1 = d10 + (d10 - d11) * r0 / (r0 + r1), d2 = (d10 - d11) / (r0 + r1);
						x[k] = decay * x[k] + phi1 * den[k] + phi2 * d1 - phi3 * d2;
					}
				} else if (history == 1) {
					double r = h1 / h;
					for (int k = 0; k < n; k++)
						x[k] = decay * x[k] + phi1 * den[k] + phi2 * (den[k] - den1[k]) / r;
				} else {
					for (int k = 0; k < n; k++)
						x[k] = decay * x[k] + phi1 * den[k];
				}
				if (eta > 0) Churn.addNoise(task, s[i + 1] * Math.sqrt(-Math.expm1(-2 * h * eta)) * sNoise, x, z);
			}
			double[] t = den2;
			den2 = den1;
			den1 = den;
			den = t;
			h2 = h1;
			h1 = h;
			history++;
			task.step(i, s[i], x, den1);
		}
		return x;
	}
}
