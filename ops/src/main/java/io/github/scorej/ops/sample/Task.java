package io.github.scorej.ops.sample;

import io.github.scorej.ops.model.Denoiser;
import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.sde.Sde;

/**
 * Everything a sampler needs for one run, immutable.
 *
 * @param denoiser D(x; σ) in σ-space
 * @param sde the model's SDE: σ(t), s(t), f, g, prior; used by the samplers that run in SDE time
 * @param shape batch shape
 * @param sigmas σ-space schedule σ_0 &gt; … &gt; σ_{n−1} followed by 0 (see {@code Schedules}); its
 *        length − 1 is the number of steps. SDE-time samplers use only its length and, with a start
 *        image, σ_0
 * @param noise seeded per-item noise, with the optional initial noise
 * @param callback progress, preview and cancel
 * @param start null to start from the prior; else the σ-space state at σ_0 (SDEdit: x₀ + σ_0·z)
 */
public record Task(Denoiser denoiser, Sde sde, Shape shape, double[] sigmas, NoiseSource noise, Callback callback, double[] start) {

	public Task {
		if (sigmas.length < 2 || sigmas[sigmas.length - 1] != 0)
			throw new IllegalArgumentException("a schedule has at least one step and ends in 0");
		if (start != null && start.length != shape.size())
			throw new IllegalArgumentException("start image has " + start.length + " values, expected " + shape.size() + " for shape " + shape);
		if (callback == null) callback = Callback.NONE;
	}

	/** A task from the prior with no callback. */
	public Task(Denoiser denoiser, Sde sde, Shape shape, double[] sigmas, NoiseSource noise) {
		this(denoiser, sde, shape, sigmas, noise, Callback.NONE, null);
	}

	/** Number of steps of the schedule. */
	public int steps() {
		return sigmas.length - 1;
	}

	/** The σ-space initial state at σ_0: a copy of the start image, or a draw from the SDE's prior. */
	public double[] initialSigma() {
		if (start != null) return start.clone();
		double[] x = new double[shape.size()];
		sde.samplePriorSigma(sigmas[0], shape, noise, x);
		return x;
	}

	/** D(x; σ), checked for NaN and infinity. */
	public void denoise(double[] x, double sigma, double[] out, int step) {
		denoiser.denoise(shape, x, sigma, out);
		for (double v : out)
			if (!Double.isFinite(v)) throw new NonFiniteException(step, steps(), sigma);
	}

	/** Reports step {@code step} to the callback; throws if cancelled. */
	public void step(int step, double sigma, double[] x, double[] denoised) {
		callback.step(step, steps(), sigma, x, denoised);
	}

	/** Reports an adaptive solver's {@code nfe} evaluations so far to the callback ({@link Callback#evaluation}); throws if cancelled. */
	public void evaluation(int nfe, double sigma, boolean done) {
		callback.evaluation(nfe, sigma, done);
	}

	/** A copy with another callback. */
	public Task withCallback(Callback c) {
		return new Task(denoiser, sde, shape, sigmas, noise, c, start);
	}
}
