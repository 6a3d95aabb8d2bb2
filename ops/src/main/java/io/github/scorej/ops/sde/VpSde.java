package io.github.scorej.ops.sde;


/**
 * Variance-preserving SDE (DDPM): β(t) = β₀ + t(β₁ − β₀), f(t) = −½β(t), g(t) = √β(t),
 * log m(t) = −¼t²(β₁ − β₀) − ½tβ₀, so that x_t = m·x₀ + √(1 − m²)·ε and in σ-space
 * s(t) = m, σ(t) = √(m⁻² − 1). Prior N(0, I). Discrete β_i = linspace(β₀/N, β₁/N, N).
 * Song et al. 2021, §3.4 and score_sde's {@code VPSDE}.
 */
public record VpSde(double betaMin, double betaMax, int numScales, double eps) implements UnitGaussianPrior {

	public VpSde {
		if (!(betaMin > 0 && betaMax > betaMin))
			throw new IllegalArgumentException("vp: need 0 < beta_min < beta_max, got " + betaMin + ", " + betaMax);
		if (numScales < 1) throw new IllegalArgumentException("vp: num_scales must be >= 1, got " + numScales);
	}

	/** score_sde defaults: β₀ = 0.1, β₁ = 20, N = 1000, eps = 1e-3. */
	public VpSde() {
		this(0.1, 20, 1000, 1e-3);
	}

	@Override public String name() { return "vp"; }
	@Override public double T() { return 1; }

	/** log m(t) = −¼t²(β₁ − β₀) − ½tβ₀. */
	public double logMean(double t) {
		return -0.25 * t * t * (betaMax - betaMin) - 0.5 * t * betaMin;
	}

	@Override
	public double sigma(double t) {
		return Math.sqrt(Math.expm1(-2 * logMean(t)));
	}

	@Override
	public double scale(double t) {
		return Math.exp(logMean(t));
	}

	/** Solves ½(β₁ − β₀)t² + β₀t = ln(1 + σ²) for t. */
	@Override
	public double time(double sigma) {
		double bd = betaMax - betaMin, c = Math.log1p(sigma * sigma);
		return 2 * c / (betaMin + Math.sqrt(betaMin * betaMin + 2 * bd * c));
	}

	public double beta(double t) {
		return betaMin + t * (betaMax - betaMin);
	}

	@Override public double drift(double t) { return -0.5 * beta(t); }
	@Override public double diffusion(double t) { return Math.sqrt(beta(t)); }

	/** β_i of the discrete DDPM chain, i = 0 … N−1. */
	public double discreteBeta(int i) {
		double b0 = betaMin / numScales, b1 = betaMax / numScales;
		return numScales == 1 ? b0 : b0 + i * (b1 - b0) / (numScales - 1);
	}

	/** score_sde's index of time t: ⌊t(N−1)/T⌋. */
	public int index(double t) {
		return (int) (t * (numScales - 1) / T());
	}

	/** DDPM discretisation: f = √(1 − β_i) − 1, G = √β_i. */
	@Override
	public Discretization discretize(double t) {
		double b = discreteBeta(index(t));
		return new Discretization(Math.sqrt(1 - b) - 1, Math.sqrt(b));
	}

	@Override
	public Sde withNumScales(int n) {
		return new VpSde(betaMin, betaMax, n, eps);
	}
}
