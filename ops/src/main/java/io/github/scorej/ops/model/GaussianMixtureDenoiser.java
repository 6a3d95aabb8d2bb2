package io.github.scorej.ops.model;

/**
 * The exact denoiser of a mixture of isotropic Gaussians, each component k a constant image of
 * value m_k plus white noise of standard deviation s_k, with weight w_k:
 * <pre>
 *   D(x; σ) = Σ_k r_k(x) · (m_k + s_k²/(s_k² + σ²)·(x − m_k)),
 *   r_k(x) ∝ w_k · N(x; m_k, (s_k² + σ²)·I)  over the C·H·W values of one batch item.
 * </pre>
 * One component is the Gaussian case D = m + s²/(s² + σ²)(x − m). The analytic models used to
 * test samplers, wrappers and the ONNX path against closed forms; samples of p must have the
 * component proportions w and, given their component, mean m_k and variance s_k².
 * <p>
 * Immutable and thread-safe.
 */
public final class GaussianMixtureDenoiser implements Denoiser {

	private final double[] weights, means, stds;

	public GaussianMixtureDenoiser(double[] weights, double[] means, double[] stds) {
		if (weights.length == 0 || weights.length != means.length || weights.length != stds.length)
			throw new IllegalArgumentException("weights, means and stds need one entry per component");
		double total = 0;
		for (int k = 0; k < weights.length; k++) {
			if (!(weights[k] > 0) || !(stds[k] > 0)) throw new IllegalArgumentException("weights and stds must be positive");
			total += weights[k];
		}
		this.weights = new double[weights.length];
		for (int k = 0; k < weights.length; k++)
			this.weights[k] = weights[k] / total;
		this.means = means.clone();
		this.stds = stds.clone();
	}

	/** N(m, s²) per pixel. */
	public static GaussianMixtureDenoiser gaussian(double mean, double std) {
		return new GaussianMixtureDenoiser(new double[] { 1 }, new double[] { mean }, new double[] { std });
	}

	public int components() {
		return weights.length;
	}

	public double weight(int k) { return weights[k]; }
	public double mean(int k) { return means[k]; }
	public double std(int k) { return stds[k]; }

	@Override
	public void denoise(Shape shape, double[] x, double sigma, double[] out) {
		int per = shape.itemSize(), K = weights.length;
		double[] logr = new double[K];
		for (int n = 0; n < shape.n(); n++) {
			int off = n * per;
			double max = Double.NEGATIVE_INFINITY;
			for (int k = 0; k < K; k++) {
				double v = stds[k] * stds[k] + sigma * sigma, ss = 0;
				for (int i = off; i < off + per; i++) {
					double d = x[i] - means[k];
					ss += d * d;
				}
				logr[k] = Math.log(weights[k]) - 0.5 * per * Math.log(v) - ss / (2 * v);
				max = Math.max(max, logr[k]);
			}
			double z = 0;
			for (int k = 0; k < K; k++)
				z += logr[k] = Math.exp(logr[k] - max);
			for (int i = off; i < off + per; i++)
				out[i] = 0;
			for (int k = 0; k < K; k++) {
				double r = logr[k] / z, s2 = stds[k] * stds[k], c = s2 / (s2 + sigma * sigma);
				for (int i = off; i < off + per; i++)
					out[i] += r * (means[k] + c * (x[i] - means[k]));
			}
		}
	}

	/** Index of the component most likely to have produced batch item n of clean data x. */
	public int classify(Shape shape, double[] x, int n) {
		int per = shape.itemSize(), best = 0;
		double bestLog = Double.NEGATIVE_INFINITY;
		for (int k = 0; k < weights.length; k++) {
			double v = stds[k] * stds[k], ss = 0;
			for (int i = n * per; i < (n + 1) * per; i++)
				ss += (x[i] - means[k]) * (x[i] - means[k]);
			double l = Math.log(weights[k]) - 0.5 * per * Math.log(v) - ss / (2 * v);
			if (l > bestLog) {
				bestLog = l;
				best = k;
			}
		}
		return best;
	}
}
