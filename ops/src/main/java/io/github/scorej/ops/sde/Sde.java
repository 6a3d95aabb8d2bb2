package io.github.scorej.ops.sde;

import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.sample.NoiseSource;

/**
 * A forward diffusion dx = f(t)·x dt + g(t) dw on t ∈ [0, T] (Song et al. 2021, "Score-based
 * generative modeling through stochastic differential equations", §3), written as
 * x_t = s(t)·(x₀ + σ(t)·ε): a scale s(t) and a noise level σ(t) in σ-space (Karras et al. 2022,
 * Eq. 4). Every drift of the families here is linear in x, so f is given by its coefficient.
 * <p>
 * Implementations are immutable and thread-safe.
 */
public interface Sde {

	/** Family name as in the model card: ve, vp, subvp, edm, pfgmpp. */
	String name();

	/** End time T of the forward process. */
	double T();

	/** Default end time of sampling (score_sde's sampling eps). */
	double eps();

	/** Number of discrete noise scales N (score_sde's {@code N}). */
	int numScales();

	/** σ(t): the noise level in σ-space, x_t/s(t) = x₀ + σ(t)·ε. */
	double sigma(double t);

	/** s(t): the scale of the data at time t (1 for VE and EDM, the VP mean coefficient otherwise). */
	double scale(double t);

	/** The inverse of {@link #sigma}: t such that σ(t) = sigma. */
	double time(double sigma);

	/** Drift coefficient f(t): f(x, t) = f(t)·x. */
	double drift(double t);

	/** Diffusion coefficient g(t). */
	double diffusion(double t);

	/** σ(eps), the smallest noise level sampling reaches. */
	default double sigmaMin() {
		return sigma(eps());
	}

	/** σ(T), the noise level of the prior. */
	default double sigmaMax() {
		return sigma(T());
	}

	/**
	 * The discretisation used by score_sde's reverse-diffusion predictor at time t: the forward
	 * step is x_{i+1} = x_i + f·x_i + G·z. The default is Euler–Maruyama with Δt = T/N.
	 */
	default Discretization discretize(double t) {
		double dt = T() / numScales();
		return new Discretization(drift(t) * dt, diffusion(t) * Math.sqrt(dt));
	}

	/**
	 * The same SDE discretised into {@code n} scales: score_sde's samplers step once per scale, so
	 * a sampler of n steps uses the chain of n scales (the network's own time convention stays
	 * with the model's SDE).
	 */
	Sde withNumScales(int n);

	/** A discrete forward step x_{i+1} = x_i + {@code f}·x_i + {@code g}·z. */
	record Discretization(double f, double g) {}

	/** Draws x_T from the prior p_T in the SDE's own space (the score_sde {@code prior_sampling}). */
	void samplePrior(Shape shape, NoiseSource noise, double[] out);

	/**
	 * Draws from the prior in σ-space at noise level σ: σ·z for the Gaussian families, the
	 * hyper-cylinder for PFGM++. The σ-space samplers (k-diffusion, EDM) start here.
	 */
	default void samplePriorSigma(double sigma, Shape shape, NoiseSource noise, double[] out) {
		noise.gaussian(out);
		for (int i = 0; i < out.length; i++)
			out[i] *= sigma;
	}

	/** log p_T(z) of each batch item under the prior, in nats. */
	double[] priorLogp(Shape shape, double[] z);
}
