package io.github.scorej.ops.inverse;

import io.github.scorej.ops.model.Denoiser;
import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.sample.Callback;
import io.github.scorej.ops.sample.Generator;
import io.github.scorej.ops.sample.NoiseSource;
import io.github.scorej.ops.sample.Param;
import io.github.scorej.ops.sample.Params;
import io.github.scorej.ops.sample.Task;
import io.github.scorej.ops.schedule.Schedules;
import io.github.scorej.ops.sde.Sde;

import java.util.List;
import java.util.Locale;

/**
 * The headless facade of conditional sampling: K posterior samples of one measured image, in chunks
 * of at most {@code maxBatch}, with their mean, per-pixel standard deviation and the mean's
 * data-consistency residual ‖A x̂ − y‖/‖y‖. Sample k gets the same noise whatever the chunking.
 */
public final class Restoration {

	/** The methods, by name. */
	public static final List<ConditionalMethod> METHODS = List.of(Projection.replacement(), Projection.projection(), new Ddrm(), Ddnm.ddnm(),
			Ddnm.ddnmPlus());

	/** K, the posterior samples drawn per image: their mean is the result, their spread the uncertainty. */
	public static final Param<Integer> SAMPLES = Param.integer("samples", 4, 1, 1000, "posterior samples per image");

	/**
	 * How to sample.
	 *
	 * @param method the algorithm
	 * @param params its options
	 * @param schedule a name from {@link Schedules#NAMES}
	 * @param steps number of steps (≥ 1)
	 * @param sigmaMin smallest σ of the schedule
	 * @param sigmaMax largest σ (the prior's)
	 * @param rho schedule exponent, NaN for the schedule's default
	 * @param seed the run's seed
	 * @param noise the initial standard-normal noise of all K samples (K × C × H × W), or null
	 */
	public record Request(ConditionalMethod method, Params params, String schedule, int steps, double sigmaMin, double sigmaMax, double rho,
			long seed, double[] noise) {

		public Request {
			Generator.checkSchedule(steps, sigmaMin, sigmaMax, rho);
		}

		/** A request whose noise comes from the seed alone. */
		public Request(ConditionalMethod method, Params params, String schedule, int steps, double sigmaMin, double sigmaMax, double rho, long seed) {
			this(method, params, schedule, steps, sigmaMin, sigmaMax, rho, seed, null);
		}

		/** The same request with the given initial noise. */
		public Request withNoise(double[] z) {
			return new Request(method, params, schedule, steps, sigmaMin, sigmaMax, rho, seed, z);
		}
	}

	/**
	 * Posterior samples and their summary, in the model's data space.
	 *
	 * @param shape K × C × H × W
	 * @param samples the K samples, NCHW, or null when not kept
	 * @param mean their per-pixel mean (C × H × W)
	 * @param std their per-pixel standard deviation (0 when K = 1)
	 * @param residual ‖A·mean − y‖ / ‖y‖
	 */
	public record Posterior(Shape shape, double[] samples, double[] mean, double[] std, double residual) {}

	private Restoration() {}

	/** The method called {@code name}, or an error listing the names. */
	public static ConditionalMethod method(String name) {
		for (ConditionalMethod m : METHODS)
			if (m.name().equals(name.toLowerCase(Locale.ROOT))) return m;
		throw new IllegalArgumentException("unknown method '" + name + "'; choose one of "
				+ String.join(", ", METHODS.stream().map(ConditionalMethod::name).toList()));
	}

	/** The guard's residual allowance: RMS(A x̂ − y) ≤ {@value #RESIDUAL_SIGMAS}·σ_y + {@value #RESIDUAL_RANGE_SHARE}·(max y − min y). */
	public static final double RESIDUAL_SIGMAS = 5, RESIDUAL_RANGE_SHARE = 0.1;
	/** The guard's value allowance: x̂ within the model's data range and the range of A†y, widened by this many data-range spans on each side. */
	public static final double VALUE_SPANS = 2;

	/**
	 * Refuses a restoration that does not fit its measurement, so that a diverged sampler or a
	 * measurement in another convention is an error and not a result: the mean's data residual
	 * RMS(A x̂ − y) must be at most {@value #RESIDUAL_SIGMAS}·σ_y + {@value #RESIDUAL_RANGE_SHARE} of the
	 * measurement's range (what the noise explains, plus the misfit a prior may trade for realism), and
	 * its values finite and within [min(lo, min A†y), max(hi, max A†y)] widened by
	 * {@value #VALUE_SPANS}·(hi − lo) on each side, [lo, hi] the model's data range: what the data range
	 * and the measurement itself imply (an exact inverse of noise-free data may ring; a sampler may not
	 * go beyond). Everything in the model's data space.
	 *
	 * @return RMS(A x̂ − y) over the allowance (≤ 1 passes)
	 */
	public static double check(Measurement m, double[] mean, double dataLow, double dataHigh) {
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (double v : mean) {
			if (!Double.isFinite(v)) throw new IllegalStateException("the restoration diverged: it has non-finite values (" + v + "); "
					+ HINT + " (" + m.operator().describe() + ")");
			lo = Math.min(lo, v);
			hi = Math.max(hi, v);
		}
		double[] y = m.y(), ax = new double[y.length];
		m.operator().apply(mean, ax);
		double e = 0, ylo = Double.POSITIVE_INFINITY, yhi = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < y.length; i++) {
			e += (ax[i] - y[i]) * (ax[i] - y[i]);
			ylo = Math.min(ylo, y[i]);
			yhi = Math.max(yhi, y[i]);
		}
		double rms = Math.sqrt(e / y.length), allowed = RESIDUAL_SIGMAS * m.sigmaY() + RESIDUAL_RANGE_SHARE * (yhi - ylo);
		double low = dataLow, high = dataHigh, slack = VALUE_SPANS * (dataHigh - dataLow);
		if (lo < low - slack || hi > high + slack) { // A†y only widens the allowance: solve for it (a whole CG solve for a blur) only when it can decide
			double[] pinv = new double[mean.length];
			m.operator().pseudoInverse(y, pinv);
			for (double v : pinv)
				if (Double.isFinite(v)) {
					low = Math.min(low, v);
					high = Math.max(high, v);
				}
		}
		boolean values = lo < low - slack || hi > high + slack, residual = rms > allowed;
		if (values || residual)
			throw new IllegalStateException(String.format(Locale.ROOT,
					"the restoration does not fit the measurement: %s%s%s; %s (%s)",
					residual ? String.format(Locale.ROOT, "its data residual RMS(A x - y) is %.3g, above the %.3g that sigma_y %.3g and the measurement's range %.3g allow (5 sigma_y + 10%% of the range)",
							rms, allowed, m.sigmaY(), yhi - ylo) : "",
					residual && values ? " and " : "",
					values ? String.format(Locale.ROOT, "its values run from %.3g to %.3g, far outside the model's data range [%.3g, %.3g] and the pseudo-inverse's [%.3g, %.3g]",
							lo, hi, dataLow, dataHigh, low, high) : "",
					HINT, m.operator().describe()));
		return allowed > 0 ? rms / allowed : rms == 0 ? 0 : Double.POSITIVE_INFINITY;
	}

	private static final String HINT = "try more steps, another method, a sigma_y that matches the measurement's noise, or check the measurement's convention (layout, angles, units)";

	/** Draws {@code k} posterior samples of the measured image, and keeps them. */
	public static Posterior run(Denoiser denoiser, Sde sde, Measurement m, Request r, int k, int maxBatch, Callback callback) {
		return run(denoiser, sde, m, r, k, maxBatch, true, callback);
	}

	/**
	 * Draws {@code k} posterior samples of the measured image, summarised as they come (Welford's
	 * running mean and sum of squared deviations, so that a sample need not be held once summarised).
	 *
	 * @param keepSamples whether to keep the samples too; when false, {@link Posterior#samples()} is null
	 */
	public static Posterior run(Denoiser denoiser, Sde sde, Measurement m, Request r, int k, int maxBatch, boolean keepSamples,
			Callback callback) {
		SAMPLES.check(SAMPLES.name(), k);
		String why = r.method().unsupported(m.operator());
		if (why != null) throw new IllegalArgumentException(why);
		double[] sigmas = Schedules.get(r.schedule(), r.steps(), r.sigmaMin(), r.sigmaMax(), r.rho(), sde);
		Shape shape = m.batch(k);
		int per = shape.itemSize(), chunk = Math.max(1, Math.min(maxBatch, k));
		if (r.noise() != null && r.noise().length != shape.size())
			throw new IllegalArgumentException("the noise tensor has " + r.noise().length + " values, expected " + shape.size() + " for " + k
					+ " samples of " + shape.c() + "×" + shape.h() + "×" + shape.w());
		double[] samples = keepSamples ? new double[shape.size()] : null, mean = new double[per], std = new double[per];
		for (int first = 0; first < k; first += chunk) {
			Shape s = shape.withBatch(Math.min(chunk, k - first));
			double[] init = null;
			if (r.noise() != null) {
				init = new double[s.size()];
				System.arraycopy(r.noise(), first * per, init, 0, s.size());
			}
			Task task = new Task(denoiser, sde, s, sigmas, new NoiseSource(r.seed(), s, init, first), callback, null);
			double[] x = r.method().sample(task, m, r.params());
			if (keepSamples) System.arraycopy(x, 0, samples, first * per, s.size());
			for (int n = 0; n < s.n(); n++) { // std holds the sum of squared deviations until the end
				int count = first + n + 1;
				for (int i = 0, o = n * per; i < per; i++, o++) {
					double e = x[o] - mean[i];
					mean[i] += e / count;
					std[i] += e * (x[o] - mean[i]);
				}
			}
		}
		for (int i = 0; i < per; i++)
			std[i] = k > 1 ? Math.sqrt(std[i] / (k - 1)) : 0;
		return new Posterior(shape, samples, mean, std, m.residual(mean));
	}
}
