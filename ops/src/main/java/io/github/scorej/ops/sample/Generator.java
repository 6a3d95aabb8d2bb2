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
	 * Number of steps. 10000 is far past any published sampler's (score_sde's PC samplers use 1000 to 2000)
	 * and keeps n + 1 noise levels and the step counters inside int.
	 */
	public static final Param<Integer> STEPS = Param.integer("steps", 20, 1, 10_000, "number of sampler steps");

	/**
	 * The schedule's smallest and largest σ. Trained models span 0.002 to a few hundred; 1e6 bounds σ² well inside
	 * float32 and double, where a σ of 1e300 would make the network's inputs overflow to infinity.
	 */
	public static final Param<Double> SIGMA_MIN = Param.real("sigma_min", 0.002, 0, 1e6, "smallest noise level of the schedule").openBelow();

	/** See {@link #SIGMA_MIN}. */
	public static final Param<Double> SIGMA_MAX = Param.real("sigma_max", 80, 0, 1e6, "largest noise level of the schedule").openBelow();

	/**
	 * The schedule exponent ρ of karras (default 7) and polyexponential (default 1): ρ ≤ 0 reverses or
	 * flattens the schedule, so ρ &gt; 0.
	 */
	public static final Param<Double> RHO = Param.real("rho", Double.NaN, 0, 100, "schedule exponent (karras: 7, polyexponential: 1)")
			.openBelow();

	/**
	 * Checks the schedule settings a user gave against {@link #STEPS}, {@link #SIGMA_MIN}, {@link #SIGMA_MAX},
	 * {@link #RHO} and σ_min ≤ σ_max; null (or NaN for ρ) is "not given".
	 */
	public static void checkSchedule(Integer steps, Double sigmaMin, Double sigmaMax, Double rho) {
		if (steps != null) STEPS.check(STEPS.name(), steps);
		if (sigmaMin != null) SIGMA_MIN.check(SIGMA_MIN.name(), sigmaMin);
		if (sigmaMax != null) SIGMA_MAX.check(SIGMA_MAX.name(), sigmaMax);
		if (rho != null && !Double.isNaN(rho)) RHO.check(RHO.name(), rho);
		if (sigmaMin != null && sigmaMax != null && sigmaMin > sigmaMax)
			throw new IllegalArgumentException("sigma_min " + Param.format(sigmaMin) + " is above sigma_max " + Param.format(sigmaMax));
	}

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
			checkSchedule(steps, sigmaMin, sigmaMax, rho);
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

	/**
	 * SDEdit (Meng et al. 2022, "SDEdit: guided image synthesis and editing with stochastic
	 * differential equations") at a strength, as diffusers' img2img: of the request's N-step schedule
	 * σ_0 = σ_max &gt; … &gt; σ_N, the last ⌊s·N⌋ steps are run, from step {@link #startStep} ⌈(1 − s)·N⌉;
	 * the images are noised to that step's σ. Strength 1 is generation from noise (with the image added),
	 * 0.4 runs the last 40 % of the steps. The input array is not modified.
	 *
	 * @param strength s in (0, 1], with s·N ≥ 1 so that at least one step runs
	 */
	public static double[] imageToImageAtStrength(Denoiser denoiser, Sde sde, Shape shape, double[] images, double strength, Request r,
			Callback callback) {
		return noisedAndSampled(denoiser, sde, shape, images, strengthSchedule(sde, r, strength), r, callback);
	}

	/** The first step that SDEdit at strength s runs of N: N − ⌊s·N⌋ = ⌈(1 − s)·N⌉, as diffusers' {@code get_timesteps}. */
	public static int startStep(int steps, double strength) {
		if (!(strength > 0 && strength <= 1)) throw new IllegalArgumentException("strength must be in (0, 1], got " + strength);
		int run = (int) Math.floor(steps * strength);
		if (run < 1)
			throw new IllegalArgumentException("strength " + strength + " of " + steps + " steps runs no step: raise the strength to at least "
					+ 1.0 / steps + " or the steps to at least " + (int) Math.ceil(1 / strength));
		return steps - run;
	}

	/** The part of the request's schedule that strength s runs: σ_k, …, σ_N (ending in 0 where the schedule does) for k = {@link #startStep}. */
	public static double[] strengthSchedule(Sde sde, Request r, double strength) {
		double[] sigmas = Schedules.get(r.schedule(), r.steps(), r.sigmaMin(), r.sigmaMax(), r.rho(), sde);
		return java.util.Arrays.copyOfRange(sigmas, startStep(r.steps(), strength), sigmas.length);
	}

	/**
	 * SDEdit from an exact noise level: noise the given images to σ_start, x = x₀ + σ_start·z, and run the
	 * sampler from there down the schedule between σ_min and σ_start, all N steps. Small σ_start keeps the
	 * input's layout; σ_start near σ_max forgets it. The input array is not modified.
	 *
	 * @param images the starting images in the model's data space, NCHW of {@code shape}
	 * @param sigmaStart the noise level to start from, σ_min &lt; σ_start
	 */
	public static double[] imageToImage(Denoiser denoiser, Sde sde, Shape shape, double[] images, double sigmaStart, Request r,
			Callback callback) {
		if (!(sigmaStart > r.sigmaMin()))
			throw new IllegalArgumentException("sigma_start must be above sigma_min = " + r.sigmaMin() + ", got " + sigmaStart);
		return noisedAndSampled(denoiser, sde, shape, images, Schedules.get(r.schedule(), r.steps(), r.sigmaMin(), sigmaStart, r.rho(), sde), r,
				callback);
	}

	/** x = x₀ + σ_0·z, sampled down {@code sigmas}. */
	private static double[] noisedAndSampled(Denoiser denoiser, Sde sde, Shape shape, double[] images, double[] sigmas, Request r,
			Callback callback) {
		if (images.length != shape.size())
			throw new IllegalArgumentException("the start images have " + images.length + " values, expected " + shape.size() + " for " + shape);
		NoiseSource noise = new NoiseSource(r.seed(), shape, r.noise());
		double[] start = noise.gaussian(shape.size());
		for (int i = 0; i < start.length; i++)
			start[i] = images[i] + sigmas[0] * start[i];
		return r.sampler().sample(new Task(denoiser, sde, shape, sigmas, noise, callback, start), r.params());
	}
}
