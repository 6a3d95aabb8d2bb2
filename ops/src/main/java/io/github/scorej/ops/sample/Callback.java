package io.github.scorej.ops.sample;

import java.util.concurrent.CancellationException;

/**
 * Progress, preview and cancel in one place (k-diffusion's {@code callback}). Samplers with a fixed
 * number of steps call {@link #onStep} once per step, after the update; adaptive solvers, whose step
 * count is not known in advance (the probability-flow ODE's RK45, DPM-Solver's adaptive method, the
 * likelihood), call {@link #onEvaluation} after each function evaluation instead. Both poll
 * {@link #isCancelled()} between calls.
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

	/**
	 * An adaptive solver's progress: {@code nfe} function (network) evaluations so far in the current
	 * run, the last at noise level {@code sigma}; {@code done} on the run's last call, with the run's
	 * whole NFE. There is no step count to show: a display shows the NFE and the time elapsed.
	 */
	default void onEvaluation(int nfe, double sigma, boolean done) {}

	/** True once the user asked to stop; the sampler then throws {@link CancellationException}. */
	default boolean isCancelled() {
		return false;
	}

	/** Reports a step and throws {@link CancellationException} if cancelled. */
	default void step(int step, int steps, double sigma, double[] x, double[] denoised) {
		onStep(step, steps, sigma, x, denoised);
		if (isCancelled()) throw new CancellationException("cancelled after step " + (step + 1) + " of " + steps);
	}

	/** Reports an adaptive solver's evaluation and throws {@link CancellationException} if cancelled. */
	default void evaluation(int nfe, double sigma, boolean done) {
		onEvaluation(nfe, sigma, done);
		if (isCancelled()) throw new CancellationException("cancelled after " + nfe + " function evaluations");
	}
}
