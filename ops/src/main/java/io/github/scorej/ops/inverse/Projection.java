package io.github.scorej.ops.inverse;

import io.github.scorej.ops.sample.Param;
import io.github.scorej.ops.sample.Params;
import io.github.scorej.ops.sample.Task;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Predictor–corrector sampling with the measured transform values put back at every step: score_sde's
 * inpainting and colorization ({@code controllable_generation.py}, λ = 1, after each update) and the
 * projection method of Song et al. 2022 ({@code score_inverse_problems}, cs.py) for MRI, CT or any
 * A = Λ T: x ← T⁻¹[λΛ ŷ_σ + (1 − λΛ) T x] with ŷ_σ = y + √(σ² − σ_y²)·(T z) the measurement
 * brought to the state's noise level σ. The last step returns the denoised mean with hard
 * consistency (λ = 1, ŷ = y).
 *
 * <p>Noisy measurements (σ_y &gt; 0): the measurement is itself at noise level σ_y, so it is projected
 * only while the state is noisier (σ ≥ σ_y, with √(σ² − σ_y²) added noise); below σ_y the sampler runs
 * without corrector (the state's measured values are not distributed as p_σ there, and Langevin
 * would pull them to it), the reverse diffusion denoises them like the rest, and there is no hard
 * consistency at the end. For a Gaussian prior this gives the posterior on masked pixels up to the
 * step that crosses σ_y (its noise comes on top of σ_y: on 100 Karras steps the measured pixels'
 * spread is 15% too wide at σ_y = 0.3, within 8% at σ_y ≤ 0.2; ClosedFormPosteriorTest).
 *
 * <p>The predictor is score_sde's reverse-diffusion step and the corrector its Langevin step with
 * signal-to-noise ratio {@code snr}, both written in σ-space (VE form: from σ to σ′,
 * x ← x + (σ² − σ′²)∇log p + √(σ² − σ′²) z); for VE models this is score_sde's update exactly. The
 * projection uses the level the state is at after each update (score_sde uses the step's start level;
 * the difference vanishes with the step count). Song et al. use snr 0.16 (inpainting), 0.246 with
 * λ = 0.841 (CT) and 0.517 with λ = 1 (MRI).
 */
public final class Projection implements ConditionalMethod {

	public static final Param<Double> SNR = Param.real("snr", 0.16, 0, 10, "Langevin corrector signal-to-noise ratio (0: no corrector)");
	public static final Param<Double> LAMBDA = Param.real("lambda", 1, 0, 1, "projection weight λ (1: replace the measured values)");
	public static final Param<Integer> CORRECTOR_STEPS = Param.integer("corrector_steps", 1, 0, 100, "Langevin corrector steps per noise level");

	private final String name;

	private Projection(String name) {
		this.name = name;
	}

	/** score_sde's replacement (λ = 1 by default). */
	public static Projection replacement() {
		return new Projection("replacement");
	}

	/** Song et al. 2022's projection (same update; λ is the user's). */
	public static Projection projection() {
		return new Projection("projection");
	}

	@Override public String name() { return name; }

	@Override
	public String description() {
		return name.equals("replacement") ? "predictor-corrector with the measured values replaced at every step (score_sde inpainting, colorization)"
				: "predictor-corrector with a lambda-weighted projection onto the measurement (Song et al. 2022, MRI and CT)";
	}

	@Override public List<Param<?>> params() { return List.of(SNR, LAMBDA, CORRECTOR_STEPS); }

	@Override
	public String unsupported(LinearOperator a) {
		return a.maskedTransform().isPresent() ? null : name + " needs an operator of the form A = mask × invertible transform; " + a.describe() + " is not";
	}

	@Override
	public double[] sample(Task task, Measurement m, Params p) {
		MaskedTransform tr = m.operator().maskedTransform().orElseThrow(() -> new IllegalArgumentException(unsupported(m.operator())));
		double snr = p.get(SNR), lambda = p.get(LAMBDA);
		int corrector = p.get(CORRECTOR_STEPS), items = task.shape().n(), per = task.shape().itemSize();
		double[] s = task.sigmas(), x = task.initialSigma(), d = new double[x.length], z = new double[x.length];
		double[] yFull = new double[tr.transformSize()];
		tr.scatter(m.y(), yFull);
		Projector proj = new Projector(tr, yFull, m.sigmaY(), per);
		for (int i = 0; i < task.steps(); i++) {
			double sigma = s[i], next = s[i + 1];
			// below σ_y the measured values are noisier than the state: Langevin would pull them to p_σ
			for (int c = 0; c < corrector && snr > 0 && sigma >= m.sigmaY(); c++) {
				proj.apply(x, sigma, lambda, task, items);
				task.denoise(x, sigma, d, i);
				langevin(task, x, d, sigma, snr, z, items, per);
			}
			proj.apply(x, sigma, lambda, task, items);
			task.denoise(x, sigma, d, i);
			if (next > 0) {
				double g2 = sigma * sigma - next * next, g = Math.sqrt(g2);
				task.noise().gaussian(z);
				for (int k = 0; k < x.length; k++)
					x[k] += g2 * (d[k] - x[k]) / (sigma * sigma) + g * z[k];
			} else {
				System.arraycopy(d, 0, x, 0, x.length);
				if (m.sigmaY() == 0) proj.apply(x, 0, 1, task, items);
			}
			task.step(i, sigma, x, d);
		}
		return x;
	}

	/** score_sde's LangevinCorrector: step 2(snr·‖z‖/‖∇log p‖)², norms averaged over the batch. */
	private static void langevin(Task task, double[] x, double[] d, double sigma, double snr, double[] z, int items, int per) {
		task.noise().gaussian(z);
		double gradNorm = 0, noiseNorm = 0;
		for (int n = 0; n < items; n++) {
			double g = 0, w = 0;
			for (int k = n * per; k < (n + 1) * per; k++) {
				double grad = (d[k] - x[k]) / (sigma * sigma);
				g += grad * grad;
				w += z[k] * z[k];
			}
			gradNorm += Math.sqrt(g) / items;
			noiseNorm += Math.sqrt(w) / items;
		}
		double eps = 2 * Math.pow(snr * noiseNorm / gradNorm, 2);
		if (!Double.isFinite(eps)) return; // the score vanished: nothing to correct
		for (int k = 0; k < x.length; k++)
			x[k] += eps * (d[k] - x[k]) / (sigma * sigma) + Math.sqrt(2 * eps) * z[k];
	}

	/** x ← T⁻¹[λΛ ŷ_σ + (1 − λΛ) T x] for every item. */
	private static final class Projector {
		private final MaskedTransform tr;
		private final boolean[] mask;
		private final double[] yFull, t, tz, item, zi;
		private final double sigmaY;

		Projector(MaskedTransform tr, double[] yFull, double sigmaY, int per) {
			this.tr = tr;
			this.mask = tr.mask();
			this.yFull = yFull;
			this.sigmaY = sigmaY;
			t = new double[tr.transformSize()];
			tz = new double[tr.transformSize()];
			item = new double[per];
			zi = new double[per];
		}

		void apply(double[] x, double sigma, double lambda, Task task, int items) {
			if (sigma < sigmaY) return;
			double extra = Math.sqrt(Math.max(sigma * sigma - sigmaY * sigmaY, 0));
			for (int n = 0; n < items; n++) {
				tr.forward(Items.get(x, n, item), t);
				if (extra > 0) {
					SplittableRandom r = task.noise().stream(n);
					for (int k = 0; k < zi.length; k++)
						zi[k] = r.nextGaussian();
					tr.forward(zi, tz);
				}
				for (int k = 0; k < t.length; k++)
					if (mask[k]) t[k] = (1 - lambda) * t[k] + lambda * (yFull[k] + (extra > 0 ? extra * tz[k] : 0));
				tr.inverse(t, item);
				Items.put(item, x, n);
			}
		}
	}
}
