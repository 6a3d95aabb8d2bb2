package io.github.scorej.ops.sample;

import io.github.scorej.ops.sde.Sde;

import java.util.List;

/**
 * DDIM with stochasticity η, in σ-space: with ε̂ = (x − D(x; σ))/σ and c = η·√(σ² − σ'²)/σ,
 * <pre>
 *   x_{σ'} = D + σ'·(√(1 − c²)·ε̂ + c·z),
 * </pre>
 * which is Song, Meng and Ermon 2021, "Denoising diffusion implicit models", Eq. 12 with
 * σ_t(η) of Eq. 16 once divided by √ᾱ (ᾱ = 1/(1 + σ²) for VP models): η = 0 is the deterministic
 * DDIM, η = 1 the DDPM posterior. The noise levels are σ(t_i), t_i = linspace(T, eps, N), then 0.
 * Stateless and thread-safe.
 */
public final class Ddim implements Sampler {

	public static final Param<Double> ETA = Param.real("eta", 0, 0, 1, "stochasticity η: 0 deterministic DDIM, 1 DDPM");

	@Override public String name() { return "ddim"; }

	/** Runs in the SDE's own time t: the σ schedule's shape is not used. */
	@Override public boolean usesSchedule() { return false; }

	@Override
	public String description() {
		return "DDIM with eta (Song, Meng & Ermon 2021, Eq. 12)";
	}

	@Override
	public List<Param<?>> params() {
		return List.of(ETA);
	}

	@Override public boolean stochastic() { return true; }

	@Override
	public double[] sample(Task task, Params params) {
		Sde sde = task.sde();
		double eta = params.get(ETA);
		int N = task.steps();
		double[] ts = SdeSamplers.linspace(SdeSamplers.startTime(task), sde.eps(), N);
		double[] x = task.start() != null ? task.start().clone() : SdeSamplers.toSigmaSpace(sde, SdeSamplers.initial(task, ts[0]), ts[0]);
		double[] d = new double[x.length], z = new double[x.length];
		for (int i = 0; i < N; i++) {
			double sigma = sde.sigma(ts[i]), next = i + 1 < N ? sde.sigma(ts[i + 1]) : 0;
			task.denoise(x, sigma, d, i);
			double c = eta * Math.sqrt(Math.max(0, sigma * sigma - next * next)) / sigma, keep = Math.sqrt(1 - c * c);
			if (c > 0 && next > 0) task.noise().gaussian(z);
			for (int k = 0; k < x.length; k++)
				x[k] = d[k] + next * (keep * (x[k] - d[k]) / sigma + (c > 0 && next > 0 ? c * z[k] : 0));
			task.step(i, sigma, x, d);
		}
		return x;
	}
}
