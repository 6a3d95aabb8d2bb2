package io.github.scorej.ops.sde;

import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.sample.NoiseSource;

/**
 * The SDE of Karras et al. 2022 (EDM): σ(t) = t, s(t) = 1, f = 0, g(t) = √(2t), on
 * t ∈ [σ_min, σ_max]; prior N(0, σ_max²). EDM defaults σ_min = 0.002, σ_max = 80.
 */
public record EdmSde(double sigmaMinimum, double sigmaMaximum, int numScales) implements Sde {

	public EdmSde {
		if (!(sigmaMinimum > 0 && sigmaMaximum > sigmaMinimum))
			throw new IllegalArgumentException("edm: need 0 < sigma_min < sigma_max, got " + sigmaMinimum + ", " + sigmaMaximum);
		if (numScales < 1) throw new IllegalArgumentException("edm: num_scales must be >= 1, got " + numScales);
	}

	public EdmSde(double sigmaMinimum, double sigmaMaximum) {
		this(sigmaMinimum, sigmaMaximum, 1000);
	}

	@Override public String name() { return "edm"; }
	@Override public double T() { return sigmaMaximum; }
	@Override public double eps() { return sigmaMinimum; }
	@Override public double sigma(double t) { return t; }
	@Override public double scale(double t) { return 1; }
	@Override public double time(double sigma) { return sigma; }
	@Override public double drift(double t) { return 0; }
	@Override public double diffusion(double t) { return Math.sqrt(2 * t); }

	@Override
	public Discretization discretize(double t) {
		double dt = (T() - eps()) / numScales;
		return new Discretization(0, diffusion(t) * Math.sqrt(dt));
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
		return new EdmSde(sigmaMinimum, sigmaMaximum, n);
	}
}
