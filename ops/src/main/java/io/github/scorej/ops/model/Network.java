package io.github.scorej.ops.model;

/**
 * A raw network out = F(x, t[, class]) on a float32 batch in NCHW order: what an ONNX graph
 * computes, before any wrapper turns it into a {@link Denoiser}. {@link NetworkDenoiser} converts
 * every network kind (score, ε, x₀, v; time t, σ, ln σ/4, index; EDM preconditioning) to D(x; σ).
 * Kept free of ONNX Runtime so that wrappers can be tested against closed forms; the ONNX
 * implementation lives in {@code io.github.scorej.ops.onnx}.
 * <p>
 * Threading: one call at a time per instance unless the implementation says otherwise.
 */
public interface Network {

	/**
	 * Runs the network on one batch.
	 *
	 * @param shape batch shape [N, C, H, W] of {@code x} and {@code out}
	 * @param x network input, {@code shape.size()} values
	 * @param t time input, one value per batch item
	 * @param classes int64 class labels, one per batch item, or {@code null} for an unconditional network
	 * @param out receives the network output, {@code shape.size()} values
	 */
	void run(Shape shape, float[] x, float[] t, long[] classes, float[] out);

	/** Asks an in-flight {@link #run} to stop; it then throws {@link java.util.concurrent.CancellationException}. No-op by default. */
	default void cancel() {}
}
