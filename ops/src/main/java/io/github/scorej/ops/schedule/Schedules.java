package io.github.scorej.ops.schedule;

import io.github.scorej.ops.sde.Sde;

import java.util.List;

/**
 * Noise-level schedules σ_0 &gt; σ_1 &gt; … &gt; σ_{n−1} for the σ-space samplers, each a pure
 * function returning a fresh array of n + 1 values that ends in an appended 0 (k-diffusion's
 * {@code get_sigmas_*}).
 */
public final class Schedules {

	/** Names accepted by {@link #get}. */
	public static final List<String> NAMES = List.of("karras", "exponential", "polyexponential", "vp", "sde");

	/** Default ρ of {@link #karras} (Karras et al. 2022). */
	public static final double KARRAS_RHO = 7;

	private Schedules() {}

	/**
	 * σ_i = (σ_max^{1/ρ} + i/(n−1)·(σ_min^{1/ρ} − σ_max^{1/ρ}))^ρ, Karras et al. 2022, Eq. 5.
	 */
	public static double[] karras(int n, double sigmaMin, double sigmaMax, double rho) {
		check(n, sigmaMin, sigmaMax);
		double minInv = Math.pow(sigmaMin, 1 / rho), maxInv = Math.pow(sigmaMax, 1 / rho);
		double[] s = new double[n + 1];
		for (int i = 0; i < n; i++)
			s[i] = Math.pow(maxInv + ramp(i, n) * (minInv - maxInv), rho);
		return s;
	}

	/** σ_i = exp(linspace(ln σ_max, ln σ_min, n)): uniform in log σ. */
	public static double[] exponential(int n, double sigmaMin, double sigmaMax) {
		check(n, sigmaMin, sigmaMax);
		double[] s = new double[n + 1];
		for (int i = 0; i < n; i++)
			s[i] = Math.exp(Math.log(sigmaMax) + ramp(i, n) * (Math.log(sigmaMin) - Math.log(sigmaMax)));
		return s;
	}

	/** σ_i = exp(r_i^ρ·(ln σ_max − ln σ_min) + ln σ_min), r = linspace(1, 0, n); ρ = 1 is {@link #exponential}. */
	public static double[] polyexponential(int n, double sigmaMin, double sigmaMax, double rho) {
		check(n, sigmaMin, sigmaMax);
		double[] s = new double[n + 1];
		for (int i = 0; i < n; i++)
			s[i] = Math.exp(Math.pow(1 - ramp(i, n), rho) * (Math.log(sigmaMax) - Math.log(sigmaMin)) + Math.log(sigmaMin));
		return s;
	}

	/**
	 * The continuous VP schedule: t = linspace(1, ε_s, n), σ = √(exp(β_d t²/2 + β_min t) − 1);
	 * k-diffusion defaults β_d = 19.9, β_min = 0.1, ε_s = 1e-3.
	 */
	public static double[] vp(int n, double betaD, double betaMin, double epsS) {
		if (n < 1) throw new IllegalArgumentException("steps must be >= 1, got " + n);
		double[] s = new double[n + 1];
		for (int i = 0; i < n; i++) {
			double t = 1 + ramp(i, n) * (epsS - 1);
			s[i] = Math.sqrt(Math.expm1(betaD * t * t / 2 + betaMin * t));
		}
		return s;
	}

	/** The SDE's own σ(t) at t = linspace(T, eps, n), the time grid of score_sde's samplers. */
	public static double[] sde(int n, Sde sde) {
		if (n < 1) throw new IllegalArgumentException("steps must be >= 1, got " + n);
		double[] s = new double[n + 1];
		for (int i = 0; i < n; i++)
			s[i] = sde.sigma(sde.T() + ramp(i, n) * (sde.eps() - sde.T()));
		return s;
	}

	/** diffusers' {@code timestep_spacing} values, as {@link #diffusersTimesteps} takes them. */
	public static final List<String> DIFFUSERS_SPACINGS = List.of("leading", "trailing", "linspace");

	/**
	 * The integer timesteps of diffusers' {@code DDIMScheduler.set_timesteps(n)} (also DDPM's, PNDM's) on a chain of N
	 * training steps, in sampling order: {@code linspace}, round(linspace(0, N−1, n)) (numpy's round half to even);
	 * {@code leading}, k·⌊N/n⌋ + steps_offset, k = n−1 … 0; {@code trailing}, round(arange(N, 0, −N/n)) − 1. Lin et al.
	 * 2024, "Common diffusion noise schedules and sample steps are flawed", Table 2, names the three.
	 *
	 * @throws IllegalArgumentException for an unknown spacing, n outside 1 … N, or a timestep beyond N − 1
	 */
	public static int[] diffusersTimesteps(String spacing, int n, int numTrain, int stepsOffset) {
		if (n < 1 || n > numTrain)
			throw new IllegalArgumentException("steps must be between 1 and the model's " + numTrain + " timesteps, got " + n);
		int[] t;
		switch (spacing) {
			case "linspace" -> {
				t = new int[n];
				double step = n == 1 ? 0 : (numTrain - 1.0) / (n - 1); // numpy: k·step, the last exactly N − 1
				for (int k = 0; k < n; k++)
					t[n - 1 - k] = k == n - 1 && n > 1 ? numTrain - 1 : (int) Math.rint(k * step);
			}
			case "leading" -> {
				t = new int[n];
				for (int k = 0; k < n; k++)
					t[n - 1 - k] = k * (numTrain / n) + stepsOffset;
			}
			case "trailing" -> {
				double ratio = (double) numTrain / n;
				t = new int[(int) Math.ceil(numTrain / ratio)]; // numpy's arange length
				for (int k = 0; k < t.length; k++)
					t[k] = (int) Math.rint(numTrain - k * ratio) - 1;
			}
			default -> throw new IllegalArgumentException("unknown timestep spacing '" + spacing + "'; valid: " + String.join(", ", DIFFUSERS_SPACINGS));
		}
		if (t[0] > numTrain - 1 || t[t.length - 1] < 0)
			throw new IllegalArgumentException(spacing + " spacing of " + n + " steps with steps_offset " + stepsOffset + " reaches timestep "
					+ t[0] + ", outside 0.." + (numTrain - 1));
		return t;
	}

	/**
	 * A schedule by name between σ_min and σ_max. {@code rho} is used by karras (NaN: 7) and
	 * polyexponential (NaN: 1); {@code vp} uses the SDE's β when it has them, else k-diffusion's.
	 */
	public static double[] get(String name, int n, double sigmaMin, double sigmaMax, double rho, Sde sde) {
		switch (name) {
			case "karras": return karras(n, sigmaMin, sigmaMax, Double.isNaN(rho) ? KARRAS_RHO : rho);
			case "exponential": return exponential(n, sigmaMin, sigmaMax);
			case "polyexponential": return polyexponential(n, sigmaMin, sigmaMax, Double.isNaN(rho) ? 1 : rho);
			case "vp": return vp(n, 19.9, 0.1, 1e-3);
			case "sde":
				if (sde == null) throw new IllegalArgumentException("schedule 'sde' needs the model's SDE");
				return sde(n, sde);
			default:
				throw new IllegalArgumentException("unknown schedule '" + name + "'; valid schedules: " + String.join(", ", NAMES));
		}
	}

	/** torch.linspace(0, 1, n)[i]; 0 when n = 1. */
	private static double ramp(int i, int n) {
		return n == 1 ? 0 : (double) i / (n - 1);
	}

	private static void check(int n, double sigmaMin, double sigmaMax) {
		if (n < 1) throw new IllegalArgumentException("steps must be >= 1, got " + n);
		if (!(sigmaMin > 0 && sigmaMax >= sigmaMin))
			throw new IllegalArgumentException("need 0 < sigma_min <= sigma_max, got sigma_min=" + sigmaMin + ", sigma_max=" + sigmaMax);
	}
}
