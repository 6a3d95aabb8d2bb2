package io.github.scorej.ops.sample;

import io.github.scorej.ops.model.Denoiser;
import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.schedule.Schedules;
import io.github.scorej.ops.sde.Sde;

/**
 * The headless facade of unconditional generation: schedule, noise, task and sampler in one call,
 * in chunks of at most {@code maxBatch} images so that memory stays bounded. Item k of a run gets
 * the same noise whatever the chunking, so results depend only on the seed.
 */
public final class Generator {

	/**
	 * What to generate.
	 *
	 * @param sampler the algorithm
	 * @param params its options
	 * @param schedule a name from {@link Schedules#NAMES}
	 * @param steps number of steps (≥ 1)
	 * @param sigmaMin smallest σ of the schedule
	 * @param sigmaMax largest σ of the schedule (the prior's)
	 * @param rho schedule exponent, NaN for the schedule's default
	 * @param seed the run's seed
	 * @param noise initial standard-normal noise for all {@code shape.n()} images, or null
	 */
	public record Request(Sampler sampler, Params params, String schedule, int steps, double sigmaMin, double sigmaMax,
			double rho, long seed, double[] noise) {

		public Request {
			if (steps < 1) throw new IllegalArgumentException("steps must be >= 1, got " + steps);
		}
	}

	private Generator() {}

	/**
	 * Generates {@code shape.n()} images and returns them in σ-space (the data space of the model),
	 * NCHW. The callback sees the steps of every chunk.
	 */
	public static double[] generate(Denoiser denoiser, Sde sde, Shape shape, Request r, int maxBatch, Callback callback) {
		double[] sigmas = Schedules.get(r.schedule(), r.steps(), r.sigmaMin(), r.sigmaMax(), r.rho(), sde);
		if (r.noise() != null && r.noise().length != shape.size())
			throw new IllegalArgumentException("the noise tensor has " + r.noise().length + " values, expected " + shape.size()
					+ " for " + shape.n() + " images of " + shape.c() + "×" + shape.h() + "×" + shape.w());
		double[] out = new double[shape.size()];
		int per = shape.itemSize(), chunk = Math.max(1, Math.min(maxBatch, shape.n()));
		for (int first = 0; first < shape.n(); first += chunk) {
			Shape s = shape.withBatch(Math.min(chunk, shape.n() - first));
			double[] init = null;
			if (r.noise() != null) {
				init = new double[s.size()];
				System.arraycopy(r.noise(), first * per, init, 0, s.size());
			}
			Task task = new Task(denoiser, sde, s, sigmas, new NoiseSource(r.seed(), s, init, first), callback, null);
			double[] x = r.sampler().sample(task, r.params());
			System.arraycopy(x, 0, out, first * per, s.size());
		}
		return out;
	}
}
