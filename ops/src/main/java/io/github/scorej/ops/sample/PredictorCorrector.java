package io.github.scorej.ops.sample;

import io.github.scorej.ops.sde.Sde;
import io.github.scorej.ops.sde.SubVpSde;
import io.github.scorej.ops.sde.VeSde;
import io.github.scorej.ops.sde.VpSde;

import java.util.List;

/**
 * Predictor–corrector sampling of the reverse SDE dx = [f(t)x − g(t)²∇log p_t(x)]dt + g(t)dw̄ over
 * t_i = linspace(T, eps, N), N the task's step count and Δt = 1/N: at each t_i, {@code n_steps} corrector steps
 * x ← x + ε∇log p + √(2ε)z (Langevin, ε = 2α(r‖z‖/‖∇log p‖)²; ALD, ε = 2α(r·std(t))²), then one
 * predictor step (Euler–Maruyama x ← x − [fx − g²∇log p]Δt + g√Δt z; reverse diffusion
 * x ← x − [F x − G²∇log p] + Gz; ancestral sampling of the discrete SMLD/DDPM chain).
 * Song et al. 2021, "Score-based generative modeling through stochastic differential equations",
 * Algorithms 2–3 and score_sde's {@code sampling.py} ({@code get_pc_sampler}), followed exactly.
 * <p>
 * As in score_sde, reverse diffusion and ancestral sampling step between adjacent discrete scales
 * of the SDE (its {@code num_scales}), so they are exact only with N equal to it; Euler–Maruyama
 * and the correctors work with any N.
 * <p>
 * The result is score_sde's {@code x_mean} (noise_removal) or {@code x} at t = eps, divided by
 * s(eps) into σ-space. Stateless and thread-safe.
 */
public final class PredictorCorrector implements Sampler {

	public static final Param<String> PREDICTOR = Param.choice("predictor", "reverse_diffusion",
			List.of("euler_maruyama", "reverse_diffusion", "ancestral_sampling", "none"), "predictor step");
	public static final Param<String> CORRECTOR = Param.choice("corrector", "langevin", List.of("langevin", "ald", "none"), "corrector step");
	public static final Param<Double> SNR = Param.real("snr", 0.16, 0, 10, "corrector signal-to-noise ratio r");
	public static final Param<Integer> N_STEPS = Param.integer("n_steps", 1, 0, 100, "corrector steps per noise level");
	public static final Param<Boolean> NOISE_REMOVAL = Param.bool("noise_removal", true, "return the noise-free mean of the last step");
	public static final Param<Boolean> PROBABILITY_FLOW = Param.bool("probability_flow", false, "predictor follows the probability-flow ODE");

	@Override public String name() { return "pc"; }

	/** Runs in the SDE's own time t: the σ schedule's shape is not used. */
	@Override public boolean usesSchedule() { return false; }

	@Override
	public String description() {
		return "score_sde predictor-corrector sampler (Song et al. 2021, Algorithms 2-3)";
	}

	@Override
	public List<Param<?>> params() {
		return List.of(PREDICTOR, CORRECTOR, SNR, N_STEPS, NOISE_REMOVAL, PROBABILITY_FLOW);
	}

	@Override public boolean stochastic() { return true; }

	@Override
	public double[] sample(Task task, Params params) {
		Sde sde = task.sde();
		String predictor = params.get(PREDICTOR), corrector = params.get(CORRECTOR);
		double snr = params.get(SNR);
		int nSteps = params.get(N_STEPS), N = task.steps(), items = task.shape().n();
		boolean pf = params.get(PROBABILITY_FLOW);
		double t0 = SdeSamplers.startTime(task);
		double[] ts = SdeSamplers.linspace(t0, sde.eps(), N);
		double[] x = SdeSamplers.initial(task, t0);
		Sde chain = sde.withNumScales(N); // one discrete scale per step, as score_sde's N
		int size = x.length;
		double[] xMean = x.clone(), grad = new double[size], work = new double[size], z = new double[size], d = null;
		for (int i = 0; i < N; i++) {
			double t = ts[i];
			// corrector
			if (!corrector.equals("none")) {
				for (int j = 0; j < nSteps; j++) {
					d = SdeSamplers.score(task, x, t, work, grad, i);
					task.noise().gaussian(z);
					double step;
					if (corrector.equals("langevin")) {
						double ratio = snr * SdeSamplers.meanItemNorm(z, items) / SdeSamplers.meanItemNorm(grad, items);
						step = ratio * ratio * 2 * alpha(chain, t);
					} else {
						double std = sde.scale(t) * sde.sigma(t);
						step = (snr * std) * (snr * std) * 2 * alpha(chain, t);
					}
					double noise = Math.sqrt(2 * step);
					for (int k = 0; k < size; k++) {
						xMean[k] = x[k] + step * grad[k];
						x[k] = xMean[k] + noise * z[k];
					}
				}
			}
			// predictor
			if (!predictor.equals("none")) {
				d = SdeSamplers.score(task, x, t, work, grad, i);
				double a, b, c; // x_mean = a·x + b·score; x = x_mean + c·z
				if (predictor.equals("euler_maruyama")) {
					double dt = -sde.T() / N, f = sde.drift(t), g = sde.diffusion(t);
					a = 1 + f * dt;
					b = -g * g * (pf ? 0.5 : 1) * dt;
					c = pf ? 0 : g * Math.sqrt(-dt);
				} else if (predictor.equals("reverse_diffusion")) {
					Sde.Discretization fg = chain.discretize(t);
					a = 1 - fg.f();
					b = fg.g() * fg.g() * (pf ? 0.5 : 1);
					c = pf ? 0 : fg.g();
				} else if (chain instanceof VeSde) {
					VeSde ve = (VeSde) chain;
					int idx = ve.index(t);
					double s = ve.discreteSigma(idx), adj = idx == 0 ? 0 : ve.discreteSigma(idx - 1);
					a = 1;
					b = s * s - adj * adj;
					c = Math.sqrt(adj * adj * (s * s - adj * adj) / (s * s));
				} else if (chain instanceof VpSde) {
					VpSde vp = (VpSde) chain;
					double beta = vp.discreteBeta(vp.index(t));
					a = 1 / Math.sqrt(1 - beta);
					b = beta / Math.sqrt(1 - beta);
					c = Math.sqrt(beta);
				} else {
					throw new IllegalArgumentException("ancestral_sampling needs a ve or vp SDE, not " + sde.name());
				}
				if (c != 0) task.noise().gaussian(z);
				for (int k = 0; k < size; k++) {
					xMean[k] = a * x[k] + b * grad[k];
					x[k] = c == 0 ? xMean[k] : xMean[k] + c * z[k];
				}
			}
			task.step(i, sde.sigma(t), SdeSamplers.toSigmaSpace(sde, x, t), d);
		}
		return SdeSamplers.toSigmaSpace(sde, params.get(NOISE_REMOVAL) ? xMean : x, ts[N - 1]);
	}

	/**
	 * score_sde's α of the correctors: 1 − β_i for VP and sub-VP (score_sde reads {@code sde.alphas},
	 * which its sub-VP class lacks; the VP β_i of the same β₀, β₁, N are used), 1 otherwise.
	 */
	private static double alpha(Sde sde, double t) {
		if (sde instanceof VpSde) {
			VpSde vp = (VpSde) sde;
			return 1 - vp.discreteBeta(vp.index(t));
		}
		if (sde instanceof SubVpSde) {
			SubVpSde s = (SubVpSde) sde;
			int n = s.numScales(), idx = (int) (t * (n - 1) / s.T());
			double b0 = s.betaMin() / n, b1 = s.betaMax() / n;
			return 1 - (n == 1 ? b0 : b0 + idx * (b1 - b0) / (n - 1));
		}
		return 1;
	}
}
