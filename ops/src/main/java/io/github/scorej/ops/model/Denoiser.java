package io.github.scorej.ops.model;

/**
 * D(x; σ) ≈ E[x₀ | x₀ + σ·ε = x], ε ~ N(0, I): the canonical model interface of ScoreJ, in σ-space
 * (Karras et al. 2022, "Elucidating the design space of diffusion-based generative models", §2).
 * The score of the noised data is ∇ log p(x; σ) = (D(x; σ) − x)/σ².
 * <p>
 * Every network kind (predicting score, ε, x₀ or v; any time input; VE, VP, sub-VP, EDM or
 * PFGM++ training) is wrapped into this interface, so that samplers never ask what the network
 * predicts. The whole batch shares one σ.
 * <p>
 * Threading: implementations may hold per-call buffers and are used by one thread at a time.
 * Cancellation: a call may throw {@link java.util.concurrent.CancellationException}.
 */
public interface Denoiser {

	/**
	 * Writes D(x; σ) into {@code out}.
	 *
	 * @param shape batch shape; {@code x} and {@code out} have {@code shape.size()} elements in NCHW order
	 * @param x noisy images x₀ + σ·ε
	 * @param sigma noise level σ &gt; 0
	 * @param out receives the denoised estimate; must not be {@code x}
	 */
	void denoise(Shape shape, double[] x, double sigma, double[] out);

	/** Allocating convenience form of {@link #denoise(Shape, double[], double, double[])}. */
	default double[] denoise(Shape shape, double[] x, double sigma) {
		double[] out = new double[x.length];
		denoise(shape, x, sigma, out);
		return out;
	}
}
