package io.github.scorej.ops.sde;


/**
 * Sub-VP SDE: the VP drift f(t) = −½β(t) with g(t) = √(β(t)(1 − e^{−2β₀t − (β₁−β₀)t²})), so that
 * x_t = m·x₀ + (1 − m²)·ε (standard deviation without square root) and in σ-space s(t) = m,
 * σ(t) = m⁻¹ − m. Prior N(0, I). Song et al. 2021, §3.4 and score_sde's {@code subVPSDE}.
 */
public record SubVpSde(double betaMin, double betaMax, int numScales, double eps) implements UnitGaussianPrior {

	public SubVpSde {
		if (!(betaMin > 0 && betaMax > betaMin))
			throw new IllegalArgumentException("subvp: need 0 < beta_min < beta_max, got " + betaMin + ", " + betaMax);
		if (numScales < 1) throw new IllegalArgumentException("subvp: num_scales must be >= 1, got " + numScales);
	}

	public SubVpSde() {
		this(0.1, 20, 1000, 1e-3);
	}

	@Override public String name() { return "subvp"; }
	@Override public double T() { return 1; }

	public double logMean(double t) {
		return -0.25 * t * t * (betaMax - betaMin) - 0.5 * t * betaMin;
	}

	@Override
	public double sigma(double t) {
		return 2 * Math.sinh(-logMean(t));
	}

	@Override
	public double scale(double t) {
		return Math.exp(logMean(t));
	}

	/** Solves ¼(β₁ − β₀)t² + ½β₀t = asinh(σ/2) for t. */
	@Override
	public double time(double sigma) {
		double a = 0.25 * (betaMax - betaMin), b = 0.5 * betaMin, c = asinh(sigma / 2);
		return 2 * c / (b + Math.sqrt(b * b + 4 * a * c));
	}

	public double beta(double t) {
		return betaMin + t * (betaMax - betaMin);
	}

	@Override public double drift(double t) { return -0.5 * beta(t); }

	@Override
	public double diffusion(double t) {
		return Math.sqrt(beta(t) * -Math.expm1(4 * logMean(t)));
	}

	private static double asinh(double x) {
		return Math.log(x + Math.sqrt(x * x + 1));
	}

	@Override
	public Sde withNumScales(int n) {
		return new SubVpSde(betaMin, betaMax, n, eps);
	}
}
