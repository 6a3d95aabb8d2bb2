package io.github.scorej.ops.sample;

import java.util.List;

/**
 * Linear multistep on the probability-flow ODE in σ (k-diffusion {@code sample_lms}):
 * x ← x + Σ_j c_j·d_{i−j}, c_j = ∫_{σ_i}^{σ_{i+1}} Π_{k≠j} (τ − σ_{i−k})/(σ_{i−j} − σ_{i−k}) dτ, the
 * integral of the Lagrange basis through the last {@code order} derivatives (exact here by
 * Gauss–Legendre quadrature: the integrand is a polynomial). Stateless.
 */
public final class Lms implements Sampler {

	public static final Param<Integer> ORDER = Param.integer("order", 4, 1, 4, "number of past derivatives used");

	private static final double[] GL_X = { -Math.sqrt(0.6), 0, Math.sqrt(0.6) }, GL_W = { 5 / 9.0, 8 / 9.0, 5 / 9.0 };

	@Override public String name() { return "lms"; }
	@Override public String description() { return "linear multistep in sigma (k-diffusion sample_lms)"; }
	@Override public List<Param<?>> params() { return List.of(ORDER); }
	@Override public boolean stochastic() { return false; }

	@Override
	public double[] sample(Task task, Params p) {
		double[] s = task.sigmas(), x = task.initialSigma();
		int order = p.get(ORDER), n = x.length;
		double[][] ds = new double[order][n]; // ds[j] = derivative of step i − j
		double[] den = new double[n];
		for (int i = 0; i < task.steps(); i++) {
			task.denoise(x, s[i], den, i);
			double[] newest = ds[order - 1];
			System.arraycopy(ds, 0, ds, 1, order - 1);
			ds[0] = newest;
			for (int k = 0; k < n; k++)
				newest[k] = (x[k] - den[k]) / s[i];
			int cur = Math.min(i + 1, order);
			for (int j = 0; j < cur; j++) {
				double c = coefficient(cur, s, i, j);
				double[] d = ds[j];
				for (int k = 0; k < n; k++)
					x[k] += c * d[k];
			}
			task.step(i, s[i], x, den);
		}
		return x;
	}

	/** k-diffusion's {@code linear_multistep_coeff(order, t, i, j)}. */
	static double coefficient(int order, double[] t, int i, int j) {
		double a = t[i], b = t[i + 1], sum = 0;
		for (int q = 0; q < GL_X.length; q++) {
			double tau = (a + b) / 2 + (b - a) / 2 * GL_X[q], prod = 1;
			for (int k = 0; k < order; k++)
				if (k != j) prod *= (tau - t[i - k]) / (t[i - j] - t[i - k]);
			sum += GL_W[q] * prod;
		}
		return sum * (b - a) / 2;
	}
}
