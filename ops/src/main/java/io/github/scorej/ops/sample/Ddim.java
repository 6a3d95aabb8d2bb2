package io.github.scorej.ops.sample;

import io.github.scorej.ops.schedule.Schedules;
import io.github.scorej.ops.sde.Sde;

import java.util.List;

/**
 * DDIM with stochasticity η, in σ-space: with ε̂ = (x − D(x; σ))/σ and c = η·√(σ² − σ'²)/σ,
 * <pre>
 *   x_{σ'} = D + σ'·(√(1 − c²)·ε̂ + c·z),
 * </pre>
 * which is Song, Meng and Ermon 2021, "Denoising diffusion implicit models", Eq. 12 with
 * σ_t(η) of Eq. 16 once divided by √ᾱ (ᾱ = 1/(1 + σ²) for VP models): η = 0 is the deterministic
 * DDIM, η = 1 the DDPM posterior. With spacing {@code sde} the noise levels are σ(t_i),
 * t_i = linspace(T, eps, N), then 0.
 * <p>
 * The other spacings step as diffusers' {@code DDIMScheduler} does on a model trained on N discrete
 * timesteps (the SDE's {@code numScales}, level τ at t = τ/(N − 1)): the timesteps τ_i of its
 * {@code timestep_spacing} ({@link Schedules#diffusersTimesteps}), each step from τ_i to τ_i − ⌊N/n⌋, or after
 * level 0 to σ = 0 ({@code set_alpha_to_one}) or to level 0 itself; where τ_i − ⌊N/n⌋ is not the next timestep
 * ({@code linspace}) the next step takes the same x_t as if it were at τ_{i+1}, as diffusers does.
 * {@code clip_sample} r &gt; 0 clamps D to [−r, r] before the update while ε̂ keeps the unclipped D (diffusers'
 * {@code clip_sample}, {@code clip_sample_range}). Stateless and thread-safe.
 */
public final class Ddim implements Sampler {

	public static final Param<Double> ETA = Param.real("eta", 0, 0, 1, "stochasticity η: 0 deterministic DDIM, 1 DDPM");
	public static final Param<String> SPACING = Param.choice("spacing", "sde", List.of("sde", "leading", "trailing", "linspace"),
			"time steps: the SDE's linspace(T, eps, N) (sde), or diffusers' timestep_spacing on the model's discrete timesteps");
	public static final Param<Integer> STEPS_OFFSET = Param.integer("steps_offset", 0, 0, 100000,
			"diffusers' steps_offset, added to the leading timesteps");
	public static final Param<Boolean> SET_ALPHA_TO_ONE = Param.bool("set_alpha_to_one", true,
			"diffusers spacings: the last step goes to σ = 0 (true) or to the first discrete level (false)");
	public static final Param<Double> CLIP_SAMPLE = Param.real("clip_sample", 0, 0, 1000,
			"clamp the denoised estimate to [-r, r] before each update, 0: off (diffusers' clip_sample_range)");

	@Override public String name() { return "ddim"; }

	/** Runs in the SDE's own time t: the σ schedule's shape is not used. */
	@Override public boolean usesSchedule() { return false; }

	@Override
	public String description() {
		return "DDIM with eta (Song, Meng & Ermon 2021, Eq. 12), optionally on diffusers' timesteps";
	}

	@Override
	public List<Param<?>> params() {
		return List.of(ETA, SPACING, STEPS_OFFSET, SET_ALPHA_TO_ONE, CLIP_SAMPLE);
	}

	@Override public boolean stochastic() { return true; }

	@Override
	public double[] sample(Task task, Params params) {
		Sde sde = task.sde();
		double eta = params.get(ETA), clip = params.get(CLIP_SAMPLE);
		int N = task.steps();
		Levels levels = params.get(SPACING).equals("sde") ? sdeLevels(task, N) : diffusersLevels(task, params);
		double[] from = levels.from(), to = levels.to(), rescale = levels.rescale();
		double[] x = task.start() != null ? task.start().clone() : SdeSamplers.toSigmaSpace(sde, SdeSamplers.initial(task, levels.t0()), levels.t0());
		double[] d = new double[x.length], z = new double[x.length];
		for (int i = 0; i < from.length; i++) {
			double sigma = from[i], next = to[i];
			task.denoise(x, sigma, d, i);
			double c = eta * Math.sqrt(Math.max(0, sigma * sigma - next * next)) / sigma, keep = Math.sqrt(1 - c * c);
			if (c > 0 && next > 0) task.noise().gaussian(z);
			for (int k = 0; k < x.length; k++) {
				double eps = (x[k] - d[k]) / sigma;
				if (clip > 0) d[k] = Math.max(-clip, Math.min(clip, d[k]));
				x[k] = rescale[i] * (d[k] + next * (keep * eps + (c > 0 && next > 0 ? c * z[k] : 0)));
			}
			task.step(i, sigma, x, d);
		}
		return x;
	}

	/**
	 * The steps: step i denoises at σ = from[i], updates to σ' = to[i] and multiplies by rescale[i]; t0 is the time of
	 * from[0].
	 */
	private record Levels(double t0, double[] from, double[] to, double[] rescale) {}

	/** σ(t_i), t_i = linspace(T or the start's time, eps, N); to σ(t_{i+1}), the last to 0. */
	private static Levels sdeLevels(Task task, int n) {
		Sde sde = task.sde();
		double[] ts = SdeSamplers.linspace(SdeSamplers.startTime(task), sde.eps(), n);
		double[] from = new double[n], to = new double[n], rescale = new double[n];
		for (int i = 0; i < n; i++) {
			from[i] = sde.sigma(ts[i]);
			to[i] = i + 1 < n ? sde.sigma(ts[i + 1]) : 0;
			rescale[i] = 1;
		}
		return new Levels(ts[0], from, to, rescale);
	}

	/**
	 * diffusers' DDIMScheduler.step: from level τ_i to τ_i − ⌊N/n⌋ (below 0: σ = 0, or level 0 without set_alpha_to_one);
	 * the factor s(τ_i − ⌊N/n⌋)/s(τ_{i+1}) carries x_t to the next timestep's σ-space where the two differ.
	 */
	private static Levels diffusersLevels(Task task, Params params) {
		Sde sde = task.sde();
		if (task.start() != null)
			throw new IllegalArgumentException("ddim: spacing " + params.get(SPACING) + " starts from pure noise; use spacing=sde with a start image");
		int numTrain = sde.numScales(), n = task.steps();
		int[] tau = Schedules.diffusersTimesteps(params.get(SPACING), n, numTrain, params.get(STEPS_OFFSET));
		double last = params.get(SET_ALPHA_TO_ONE) ? 0 : sde.sigma(0);
		double[] from = new double[tau.length], to = new double[tau.length], rescale = new double[tau.length];
		for (int i = 0; i < tau.length; i++) {
			int prev = tau[i] - numTrain / n;
			double tPrev = (double) prev / (numTrain - 1);
			from[i] = sde.sigma((double) tau[i] / (numTrain - 1));
			to[i] = prev >= 0 ? sde.sigma(tPrev) : last;
			rescale[i] = prev >= 0 && i + 1 < tau.length && prev != tau[i + 1]
					? sde.scale(tPrev) / sde.scale((double) tau[i + 1] / (numTrain - 1)) : 1;
		}
		return new Levels((double) tau[0] / (numTrain - 1), from, to, rescale);
	}
}
