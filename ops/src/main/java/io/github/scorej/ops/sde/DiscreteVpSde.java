package io.github.scorej.ops.sde;


/**
 * The discrete DDPM chain as a VP process (Ho et al. 2020; diffusers' {@code DDPMScheduler} and {@code DDIMScheduler}
 * with {@code beta_schedule="linear"}): β_i = linspace(β₀/N, β₁/N, N), ᾱ_i = Π_{j≤i}(1 − β_j), i = 0 … N−1, the
 * level i at time t_i = i/(N − 1). Between levels, −ln ᾱ is linear in the index u = t(N − 1) (beyond the ends it
 * follows the end segments), so σ(t) = √(1/ᾱ(u) − 1) and s(t) = √ᾱ(u) are the chain's own at each level: a network
 * trained on the chain gets, at its integer timesteps, the x_t and the timestep it was trained with, which the
 * continuous {@link VpSde} of the same β₀, β₁ only approximates (ᾱ_999 differs by 7%). The card's
 * {@code discrete: true} selects it. β(t) = d(−ln ᾱ)/dt is piecewise constant. Immutable.
 */
public final class DiscreteVpSde implements UnitGaussianPrior {

	private final double betaMin, betaMax, eps;
	private final int numScales;
	/** −ln ᾱ_i, i = 0 … N−1, increasing. */
	private final double[] logInvAlpha;

	/**
	 * @param betaMin β₀ = N·(the chain's first β)
	 * @param betaMax β₁ = N·(the chain's last β)
	 * @param numScales N ≥ 2, the chain's length
	 * @param eps the end time of sampling (0: the chain's first level)
	 */
	public DiscreteVpSde(double betaMin, double betaMax, int numScales, double eps) {
		if (!(betaMin > 0 && betaMax > betaMin && betaMax < numScales))
			throw new IllegalArgumentException("vp (discrete): need 0 < beta_min < beta_max < num_scales, got " + betaMin + ", " + betaMax
					+ ", " + numScales);
		if (numScales < 2) throw new IllegalArgumentException("vp (discrete): num_scales must be >= 2, got " + numScales);
		this.betaMin = betaMin;
		this.betaMax = betaMax;
		this.numScales = numScales;
		this.eps = eps;
		logInvAlpha = new double[numScales];
		double sum = 0, b0 = betaMin / numScales, b1 = betaMax / numScales;
		for (int i = 0; i < numScales; i++) {
			sum -= Math.log1p(-(b0 + i * (b1 - b0) / (numScales - 1)));
			logInvAlpha[i] = sum;
		}
	}

	@Override public String name() { return "vp"; }
	@Override public double T() { return 1; }
	@Override public double eps() { return eps; }
	@Override public int numScales() { return numScales; }
	public double betaMin() { return betaMin; }
	public double betaMax() { return betaMax; }

	/** ᾱ_i of the chain, i = 0 … N−1. */
	public double alphaBar(int i) {
		return Math.exp(-logInvAlpha[i]);
	}

	/** The time of level i: i/(N − 1). */
	public double levelTime(int i) {
		return (double) i / (numScales - 1);
	}

	/** The segment [i, i+1] of the index u = t(N − 1) (the end segments beyond the ends). */
	private int segment(double u) {
		return (int) Math.max(0, Math.min(numScales - 2, Math.floor(u)));
	}

	/** −ln ᾱ at time t. */
	private double logInvAlpha(double t) {
		double u = t * (numScales - 1);
		int i = segment(u);
		return logInvAlpha[i] + (u - i) * (logInvAlpha[i + 1] - logInvAlpha[i]);
	}

	@Override
	public double sigma(double t) {
		return Math.sqrt(Math.expm1(logInvAlpha(t)));
	}

	@Override
	public double scale(double t) {
		return Math.exp(-0.5 * logInvAlpha(t));
	}

	/** Solves −ln ᾱ(t) = ln(1 + σ²) for t. */
	@Override
	public double time(double sigma) {
		double target = Math.log1p(sigma * sigma);
		int lo = 0, hi = numScales - 2; // the last segment whose start is <= target
		while (lo < hi) {
			int mid = (lo + hi + 1) >>> 1;
			if (logInvAlpha[mid] <= target) lo = mid;
			else hi = mid - 1;
		}
		double u = lo + (target - logInvAlpha[lo]) / (logInvAlpha[lo + 1] - logInvAlpha[lo]);
		return u / (numScales - 1);
	}

	/** β(t) = d(−ln ᾱ)/dt, constant on each segment. */
	public double beta(double t) {
		int i = segment(t * (numScales - 1));
		return (logInvAlpha[i + 1] - logInvAlpha[i]) * (numScales - 1);
	}

	@Override public double drift(double t) { return -0.5 * beta(t); }
	@Override public double diffusion(double t) { return Math.sqrt(beta(t)); }

	/** The chain's step at the level of t: f = √(1 − β_i) − 1, G = √β_i. */
	@Override
	public Discretization discretize(double t) {
		int i = (int) Math.max(0, Math.min(numScales - 1, Math.floor(t * (numScales - 1))));
		double b = -Math.expm1(-(logInvAlpha[i] - (i == 0 ? 0 : logInvAlpha[i - 1])));
		return new Discretization(Math.sqrt(1 - b) - 1, Math.sqrt(b));
	}

	@Override
	public Sde withNumScales(int n) {
		return new DiscreteVpSde(betaMin, betaMax, n, eps);
	}
}
