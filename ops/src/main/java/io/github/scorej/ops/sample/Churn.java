package io.github.scorej.ops.sample;

/**
 * The stochastic churn of Karras et al. 2022 (Algorithm 2, lines 4–6) shared by euler, heun,
 * dpm_2 and edm: γ = min(s_churn/n, √2 − 1) for σ in [s_tmin, s_tmax], σ̂ = σ(1 + γ),
 * x ← x + √(σ̂² − σ²)·s_noise·z. Also the ancestral split of k-diffusion's
 * {@code get_ancestral_step}.
 */
final class Churn {

	static final Param<Double> S_CHURN = Param.real("s_churn", 0, 0, Double.POSITIVE_INFINITY, "stochastic churn S_churn (0: deterministic)");
	static final Param<Double> S_TMIN = Param.real("s_tmin", 0, 0, Double.POSITIVE_INFINITY, "churn only for sigma >= s_tmin");
	static final Param<Double> S_TMAX = Param.real("s_tmax", Double.POSITIVE_INFINITY, 0, Double.POSITIVE_INFINITY, "churn only for sigma <= s_tmax");
	static final Param<Double> S_NOISE = Param.real("s_noise", 1, 0, 2, "scale of the added noise S_noise");
	static final Param<Double> ETA = Param.real("eta", 1, 0, 1, "ancestral noise eta (0: deterministic)");

	private Churn() {}

	/** σ̂ for step i of n; adds the churn noise to x in place (z is scratch). */
	static double apply(Task task, Params p, double sigma, double[] x, double[] z) {
		int n = task.steps();
		double sChurn = p.get(S_CHURN);
		double gamma = sigma >= p.get(S_TMIN) && sigma <= p.get(S_TMAX) ? Math.min(sChurn / n, Math.sqrt(2) - 1) : 0;
		double hat = sigma * (gamma + 1);
		if (gamma > 0) {
			task.noise().gaussian(z);
			double c = p.get(S_NOISE) * Math.sqrt(hat * hat - sigma * sigma);
			for (int k = 0; k < x.length; k++)
				x[k] += c * z[k];
		}
		return hat;
	}

	/**
	 * k-diffusion's {@code get_ancestral_step}: σ_up = min(σ', η√(σ'²(σ² − σ'²)/σ²)),
	 * σ_down = √(σ'² − σ_up²); returns {σ_down, σ_up}.
	 */
	static double[] ancestral(double from, double to, double eta) {
		if (eta == 0) return new double[] { to, 0 };
		double up = Math.min(to, eta * Math.sqrt(to * to * (from * from - to * to) / (from * from)));
		return new double[] { Math.sqrt(to * to - up * up), up };
	}

	/** x += c·z with fresh noise z. */
	static void addNoise(Task task, double c, double[] x, double[] z) {
		task.noise().gaussian(z);
		for (int k = 0; k < x.length; k++)
			x[k] += c * z[k];
	}
}
