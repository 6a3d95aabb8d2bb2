package io.github.scorej.ops.sample;

import java.util.List;

/**
 * DPM-Solver++(2M), Lu et al. 2022, Algorithm 2, in k-diffusion's form ({@code sample_dpmpp_2m}):
 * with t = −ln σ, h = t' − t, r = h_last/h,
 * <pre>
 *   D_d = (1 + 1/(2r))·D − D_old/(2r),   x ← (σ'/σ)·x − (e^{−h} − 1)·D_d,
 * </pre>
 * first order (D_d = D) on the first step and when σ' = 0 (then x = D). One call per step. Stateless.
 */
public final class DpmppTwoM implements Sampler {

	@Override public String name() { return "dpmpp_2m"; }
	@Override public String description() { return "DPM-Solver++(2M) multistep (Lu et al. 2022, Alg. 2; k-diffusion sample_dpmpp_2m)"; }
	@Override public List<Param<?>> params() { return List.of(); }
	@Override public boolean stochastic() { return false; }

	@Override
	public double[] sample(Task task, Params p) {
		double[] s = task.sigmas(), x = task.initialSigma();
		double[] den = new double[x.length], old = new double[x.length];
		for (int i = 0; i < task.steps(); i++) {
			task.denoise(x, s[i], den, i);
			if (s[i + 1] == 0) {
				System.arraycopy(den, 0, x, 0, x.length);
			} else {
				double h = Math.log(s[i] / s[i + 1]), ratio = s[i + 1] / s[i], c = -Math.expm1(-h);
				if (i == 0) {
					for (int k = 0; k < x.length; k++)
						x[k] = ratio * x[k] + c * den[k];
				} else {
					double r = Math.log(s[i - 1] / s[i]) / h, a = 1 + 1 / (2 * r), b = 1 / (2 * r);
					for (int k = 0; k < x.length; k++)
						x[k] = ratio * x[k] + c * (a * den[k] - b * old[k]);
				}
			}
			System.arraycopy(den, 0, old, 0, x.length);
			task.step(i, s[i], x, den);
		}
		return x;
	}
}
