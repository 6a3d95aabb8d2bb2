package io.github.scorej.ops.sample;

import java.util.concurrent.CancellationException;

/**
 * Progress, preview and cancel in one place (k-diffusion's {@code callback}). Samplers call
 * {@link #onStep} once per step, after the update, and poll {@link #isCancelled()} between steps.
 */
public interface Callback {

	/** Does nothing and never cancels. */
	Callback NONE = new Callback() {
		@Override
		public void onStep(int step, int steps, double sigma, double[] x, double[] denoised) {}
	};

	/**
	 * Called after step {@code step} (0-based) of {@code steps}. {@code x} is the current state and
	 * {@code denoised} the latest D(x; σ) (may be null); both are read-only views.
	 */
	void onStep(int step, int steps, double sigma, double[] x, double[] denoised);

	/**
	 * Says, once before the first step, that the job makes {@code runs} sampler runs of the same
	 * schedule one after another (chunks of a batch, planes of a stack), so that progress and time
	 * left can cover all of them.
	 */
	default void plan(int runs) {}

	/** True once the user asked to stop; the sampler then throws {@link CancellationException}. */
	default boolean isCancelled() {
		return false;
	}

	/** Reports a step and throws {@link CancellationException} if cancelled. */
	default void step(int step, int steps, double sigma, double[] x, double[] denoised) {
		onStep(step, steps, sigma, x, denoised);
		if (isCancelled()) throw new CancellationException("cancelled after step " + (step + 1) + " of " + steps);
	}
}
