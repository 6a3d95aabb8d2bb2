package io.github.scorej.ops.inverse;

import io.github.scorej.ops.sample.Param;
import io.github.scorej.ops.sample.Params;
import io.github.scorej.ops.sample.Task;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Denoising Diffusion Restoration Models (Kawar et al. 2022), following ddrm's
 * {@code efficient_generalized_steps} in σ-space (ddrm already works on x_t/√ᾱ_t, whose noise level
 * is σ_t = √(1 − ᾱ_t)/√ᾱ_t). In the spectral coordinates c = Vᵀx of A = UΣVᵀ, with x̂₀ = D(x; σ),
 * ε = (x − x̂₀)/σ, ȳ = Σ⁻¹Uᵀy and the next level σ′, each coordinate j moves to
 * <ul>
 * <li>not measured (s_j = 0, or s_jσ′ = σ_y): Vᵀx̂₀ + √(1 − η²)σ′·Vᵀε + ησ′z;</li>
 * <li>less noisy than y (s_jσ′ &lt; σ_y): Vᵀx̂₀ + √(1 − η²)σ′·(ȳ_j − (Vᵀx̂₀)_j)/(σ_y/s_j) + ησ′z;</li>
 * <li>noisier than y (s_jσ′ &gt; σ_y): η_b ȳ_j + (1 − η_b)(Vᵀx̂₀)_j + √(σ′² − η_b²σ_y²/s_j²)·z.</li>
 * </ul>
 * The start is ddrm's: x = V[ȳ + √(σ_max² − σ_y²/s²)z] on the components with s_jσ_max &gt; σ_y and
 * σ_max·z elsewhere (ddrm divides by σ_max to get x_T; in σ-space that scaling is not needed).
 * Defaults η = 0.85, η_b = 1 as in the paper's experiments.
 */
public final class Ddrm implements ConditionalMethod {

	public static final Param<Double> ETA = Param.real("eta", 0.85, 0, 1, "eta (etaA = etaC in ddrm): noise of the unmeasured and the less-noisy components");
	public static final Param<Double> ETA_B = Param.real("eta_b", 1, 0, 1, "eta_b: weight of the measurement on the noisier components");

	@Override public String name() { return "ddrm"; }
	@Override public String description() { return "Denoising Diffusion Restoration Models, spectral updates through the operator's SVD (Kawar et al. 2022)"; }
	@Override public List<Param<?>> params() { return List.of(ETA, ETA_B); }

	@Override
	public String unsupported(LinearOperator a) {
		if (a.svd().isPresent()) return null;
		if (a instanceof ValidBlurOperator)
			return "ddrm needs an SVD, which a blur with valid (non-periodic) boundaries has not: use method ddnm_plus (the default) or ddnm, or boundary periodic";
		return "ddrm needs the operator's SVD; " + a.describe() + " has none (use ddnm or projection)";
	}

	@Override
	public double[] sample(Task task, Measurement m, Params p) {
		Svd svd = m.operator().svd().orElseThrow(() -> new IllegalArgumentException(unsupported(m.operator())));
		double eta = p.get(ETA), etaB = p.get(ETA_B), sy = m.sigmaY();
		int items = task.shape().n(), per = task.shape().itemSize(), rank = svd.rank();
		double[] sv = svd.singularValues(), yBar = new double[rank];
		svd.ut(m.y(), yBar);
		for (int j = 0; j < rank; j++)
			yBar[j] /= sv[j];
		double[] s = task.sigmas(), x = new double[task.shape().size()];
		double[] c = new double[per], cx0 = new double[per], ceps = new double[per], item = new double[per];

		// start: the measured components around ȳ, the rest from the prior
		double[] z = task.noise().gaussian(x.length);
		double top = s[0];
		for (int n = 0; n < items; n++) {
			Items.get(z, n, c);
			for (int j = 0; j < rank; j++)
				if (sv[j] * top > sy) c[j] = yBar[j] + Math.sqrt(top * top - sy * sy / (sv[j] * sv[j])) * c[j];
				else c[j] = top * c[j];
			for (int j = rank; j < per; j++)
				c[j] *= top;
			svd.v(c, item);
			Items.put(item, x, n);
		}

		double[] d = new double[x.length];
		for (int i = 0; i < task.steps(); i++) {
			double sigma = s[i], next = s[i + 1], stdNext = eta * next, tilde = Math.sqrt(next * next - stdNext * stdNext);
			task.denoise(x, sigma, d, i);
			for (int n = 0; n < items; n++) {
				SplittableRandom r = task.noise().stream(n);
				svd.vt(Items.get(d, n, item), cx0);
				for (int k = 0; k < per; k++)
					item[k] = (x[n * per + k] - d[n * per + k]) / sigma;
				svd.vt(item, ceps);
				for (int j = 0; j < per; j++) {
					double sj = j < rank ? sv[j] : 0;
					if (sj > 0 && sj * next > sy)
						c[j] = etaB * yBar[j] + (1 - etaB) * cx0[j] + Math.sqrt(Math.max(next * next - etaB * etaB * sy * sy / (sj * sj), 0)) * r.nextGaussian();
					else if (sj > 0 && sj * next < sy)
						c[j] = cx0[j] + tilde * (yBar[j] - cx0[j]) * sj / sy + stdNext * r.nextGaussian();
					else
						c[j] = cx0[j] + tilde * ceps[j] + stdNext * r.nextGaussian();
				}
				svd.v(c, item);
				Items.put(item, x, n);
			}
			task.step(i, sigma, x, d);
		}
		return x;
	}
}
