package io.github.scorej.ops.sde;

import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.sample.NoiseSource;

/**
 * Variance-exploding SDE (SMLD): σ(t) = σ_min·(σ_max/σ_min)^t, f = 0,
 * g(t) = σ(t)·√(2 ln(σ_max/σ_min)); prior N(0, σ_max²). Discrete scales
 * σ_i = exp(linspace(ln σ_min, ln σ_max, N)). Song et al. 2021, §3.4 and score_sde's {@code VESDE}.
 */
public record VeSde(double sigmaMinimum, double sigmaMaximum, int numScales, double eps) implements Sde {

	public VeSde {
		if (!(sigmaMinimum > 0 && sigmaMaximum > sigmaMinimum))
			throw new IllegalArgumentException("ve: need 0 < sigma_min < sigma_max, got " + sigmaMinimum + ", " + sigmaMaximum);
		if (numScales < 1) throw new IllegalArgumentException("ve: num_scales must be >= 1, got " + numScales);
	}

	/** CIFAR-10 defaults of score_sde: σ_min = 0.01, σ_max = 50, N = 1000, eps = 1e-5. */
	public VeSde(double sigmaMinimum, double sigmaMaximum) {
		this(sigmaMinimum, sigmaMaximum, 1000, 1e-5);
	}

	@Override public String name() { return "ve"; }
	@Override public double T() { return 1; }

	@Override
	public double sigma(double t) {
		return sigmaMinimum * Math.pow(sigmaMaximum / sigmaMinimum, t);
	}

	@Override public double scale(double t) { return 1; }

	@Override
	public double time(double sigma) {
		return Math.log(sigma / sigmaMinimum) / Math.log(sigmaMaximum / sigmaMinimum);
	}

	@Override public double drift(double t) { return 0; }

	@Override
	public double diffusion(double t) {
		return sigma(t) * Math.sqrt(2 * Math.log(sigmaMaximum / sigmaMinimum));
	}

	/** σ_i of the discrete SMLD chain, i = 0 … N−1. */
	public double discreteSigma(int i) {
		if (numScales == 1) return sigmaMinimum;
		return Math.exp(Math.log(sigmaMinimum) + i * (Math.log(sigmaMaximum) - Math.log(sigmaMinimum)) / (numScales - 1));
	}

	/** score_sde's index of time t: ⌊t(N−1)/T⌋. */
	public int index(double t) {
		return (int) (t * (numScales - 1) / T());
	}

	/** SMLD discretisation: f = 0, G = √(σ_i² − σ_{i−1}²) with σ_{−1} = 0. */
	@Override
	public Discretization discretize(double t) {
		int i = index(t);
		double s = discreteSigma(i), prev = i == 0 ? 0 : discreteSigma(i - 1);
		return new Discretization(0, Math.sqrt(s * s - prev * prev));
	}

	@Override
	public void samplePrior(Shape shape, NoiseSource noise, double[] out) {
		samplePriorSigma(sigmaMaximum, shape, noise, out);
	}

	@Override
	public double[] priorLogp(Shape shape, double[] z) {
		return Gaussians.logp(shape, z, sigmaMaximum);
	}

	@Override
	public Sde withNumScales(int n) {
		return new VeSde(sigmaMinimum, sigmaMaximum, n, eps);
	}
}
