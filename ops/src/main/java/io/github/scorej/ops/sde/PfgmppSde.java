package io.github.scorej.ops.sde;

import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.sample.NoiseSource;

import java.util.SplittableRandom;

/**
 * PFGM++ (Xu et al. 2023) with augmentation dimension D: the EDM process with σ = r/√D, whose
 * perturbation kernel is p_r(x|y) ∝ 1/(‖x − y‖² + r²)^{(N+D)/2}, N = C·H·W. The prior is on the
 * hyper-cylinder: x = R·u, u uniform on the unit sphere, R = σ√D·√(B/(1 − B)), B ~ Beta(N/2, D/2)
 * (pfgmpp's generate.py). As D → ∞ this is {@link EdmSde}.
 */
public record PfgmppSde(double sigmaMinimum, double sigmaMaximum, double D, int numScales) implements Sde {

	public PfgmppSde {
		if (!(sigmaMinimum > 0 && sigmaMaximum > sigmaMinimum))
			throw new IllegalArgumentException("pfgmpp: need 0 < sigma_min < sigma_max, got " + sigmaMinimum + ", " + sigmaMaximum);
		if (!(D > 0)) throw new IllegalArgumentException("pfgmpp: D must be > 0, got " + D);
	}

	public PfgmppSde(double sigmaMinimum, double sigmaMaximum, double D) {
		this(sigmaMinimum, sigmaMaximum, D, 1000);
	}

	@Override public String name() { return "pfgmpp"; }
	@Override public double T() { return sigmaMaximum; }
	@Override public double eps() { return sigmaMinimum; }
	@Override public double sigma(double t) { return t; }
	@Override public double scale(double t) { return 1; }
	@Override public double time(double sigma) { return sigma; }
	@Override public double drift(double t) { return 0; }
	@Override public double diffusion(double t) { return Math.sqrt(2 * t); }

	@Override
	public void samplePrior(Shape shape, NoiseSource noise, double[] out) {
		samplePriorSigma(sigmaMaximum, shape, noise, out);
	}

	/** x = R·z/‖z‖ per item with R = σ√D·√(B/(1 − B)), B ~ Beta(N/2, D/2) from the item's stream. */
	@Override
	public void samplePriorSigma(double sigma, Shape shape, NoiseSource noise, double[] out) {
		noise.gaussian(out);
		int per = shape.itemSize();
		for (int k = 0; k < shape.n(); k++) {
			double b = beta(noise.stream(k), per / 2.0, D / 2);
			double radius = sigma * Math.sqrt(D) * Math.sqrt(b / (1 - b));
			double norm = 0;
			for (int i = k * per; i < (k + 1) * per; i++)
				norm += out[i] * out[i];
			double c = radius / Math.sqrt(norm);
			for (int i = k * per; i < (k + 1) * per; i++)
				out[i] *= c;
		}
	}

	/**
	 * log p of the prior at σ_max: the PFGM++ perturbation kernel around the origin,
	 * Γ((N+D)/2)/(π^{N/2} r_D^N Γ(D/2)) · (1 + ‖z‖²/r_D²)^{−(N+D)/2}, r_D = σ_max√D.
	 */
	@Override
	public double[] priorLogp(Shape shape, double[] z) {
		int per = shape.itemSize();
		double r2 = sigmaMaximum * sigmaMaximum * D;
		double[] out = new double[shape.n()];
		for (int k = 0; k < out.length; k++) {
			double ss = 0;
			for (int i = k * per; i < (k + 1) * per; i++)
				ss += z[i] * z[i];
			out[k] = logGamma((per + D) / 2) - logGamma(D / 2) - per / 2.0 * Math.log(Math.PI * r2)
					- (per + D) / 2 * Math.log1p(ss / r2);
		}
		return out;
	}

	/** Beta(a, b) as X/(X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
	static double beta(SplittableRandom r, double a, double b) {
		double x = gamma(r, a), y = gamma(r, b);
		return x / (x + y);
	}

	/** Gamma(shape, 1) by Marsaglia and Tsang (2000); shape &lt; 1 by the boost U^{1/shape}. */
	static double gamma(SplittableRandom r, double shape) {
		if (shape < 1) return gamma(r, shape + 1) * Math.pow(r.nextDouble(), 1 / shape);
		double d = shape - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
		while (true) {
			double x, v;
			do {
				x = r.nextGaussian();
				v = 1 + c * x;
			} while (v <= 0);
			v = v * v * v;
			double u = r.nextDouble();
			if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v)))
				return d * v;
		}
	}

	/** ln Γ(x) for x &gt; 0 (Lanczos, g = 7, n = 9; relative error below 1e-13). */
	static double logGamma(double x) {
		if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
		double[] g = { 0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
				-176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
				1.5056327351493116e-7 };
		x -= 1;
		double a = g[0], t = x + 7.5;
		for (int i = 1; i < 9; i++)
			a += g[i] / (x + i);
		return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
	}

	@Override
	public Sde withNumScales(int n) {
		return new PfgmppSde(sigmaMinimum, sigmaMaximum, D, n);
	}
}
