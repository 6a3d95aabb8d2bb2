package io.github.scorej.ops.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.github.scorej.ops.model.GaussianMixtureDenoiser;
import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.schedule.Schedules;
import io.github.scorej.ops.sde.EdmSde;
import io.github.scorej.ops.sde.PfgmppSde;

/**
 * The σ-space samplers against closed forms. For N(m, s²) data the probability-flow ODE
 * dx/dσ = (x − D(x; σ))/σ has the solution x(σ) = m + √(s² + σ²)/√(s² + σ_0²)·(x_0 − m), so
 * a deterministic sampler's output is known per pixel.
 */
class SigmaSamplerExactnessTest {

	static final Shape SHAPE = new Shape(8, 1, 4, 4);
	static final double M = 0.3, S = 0.5, SIGMA_MAX = 80;

	/**
	 * Error against the closed form at 40 and 80 Karras steps: below {@code at80}, and shrinking by
	 * at least {@code ratio} when the steps double (2 for first order, 4 for second).
	 */
	@Test
	void followsTheProbabilityFlowOde() {
		converges("euler", 1e-1, 1.9);
		converges("heun", 4e-3, 3.8);
		converges("edm", 4e-3, 3.8);
		converges("dpm_2", 2.5e-3, 3.8);
		converges("dpmpp_2m", 4e-3, 3.8);
		converges("lms", 1e-3, 8);
		converges("dpmpp_3m_sde", 1e-3, 2.5);
	}

	/** With eta = 0 the ancestral and SDE samplers are their deterministic counterparts. */
	@Test
	void etaZeroIsTheOde() {
		assertArrayEquals(ode("euler", 40), ode("euler_ancestral", 40), 1e-12);
		assertArrayEquals(ode("dpm_2", 40), ode("dpm_2_ancestral", 40), 1e-12);
		assertArrayEquals(ode("dpmpp_2m", 40), ode("dpmpp_2m_sde", 40), 1e-12);
		assertTrue(error(ode("dpmpp_2s_ancestral", 80)) < 2.5e-3);
		assertArrayEquals(ode("heun", 40), ode("edm", 40), 0);
	}

	static void converges(String name, double at80, double ratio) {
		double e40 = error(ode(name, 40)), e80 = error(ode(name, 80));
		assertTrue(e80 < at80, name + ": largest error " + e80 + " at 80 steps");
		assertTrue(e40 / e80 > ratio, name + ": error " + e40 + " at 40 steps, " + e80 + " at 80");
	}

	static final double[] START = start();

	static double[] start() {
		double[] x = new NoiseSource(3, SHAPE).gaussian(SHAPE.size());
		for (int i = 0; i < x.length; i++)
			x[i] *= SIGMA_MAX;
		return x;
	}

	/** The sampler's output from {@link #START} at σ_max with eta = 0. */
	static double[] ode(String name, int steps) {
		Sampler sampler = Samplers.get(name);
		Params params = sampler.defaults();
		if (params.has("eta")) params = params.with("eta", "0");
		Task task = new Task(GaussianMixtureDenoiser.gaussian(M, S), new EdmSde(0.002, SIGMA_MAX), SHAPE,
				Schedules.karras(steps, 0.002, SIGMA_MAX, 7), new NoiseSource(1, SHAPE), null, START);
		return sampler.sample(task, params);
	}

	/** Largest per-pixel distance to x(0) = m + s/√(s² + σ_max²)·(x(σ_max) − m). */
	static double error(double[] x) {
		double c = S / Math.sqrt(S * S + SIGMA_MAX * SIGMA_MAX), worst = 0;
		for (int i = 0; i < x.length; i++)
			worst = Math.max(worst, Math.abs(x[i] - (M + c * (START[i] - M))));
		return worst;
	}

	@Test
	void lmsCoefficientsMatchHandIntegrals() {
		double[] t = { 10, 5, 2, 1, 0.5 };
		// order 1: ∫ 1 dτ; the basis sums to 1, so the coefficients of any order sum to σ_{i+1} − σ_i
		assertEquals(-0.5, Lms.coefficient(1, t, 3, 0), 1e-14);
		double sum = 0;
		for (int j = 0; j < 4; j++)
			sum += Lms.coefficient(4, t, 3, j);
		assertEquals(-0.5, sum, 1e-13);
		// order 2, j = 1: ∫_1^{0.5} (τ − 1)/(2 − 1) dτ = 0.125
		assertEquals(0.125, Lms.coefficient(2, t, 3, 1), 1e-14);
	}

	/** LMS of order 1 is Euler's method. */
	@Test
	void lmsOrderOneIsEuler() {
		Sampler lms = new Lms();
		Task task = new Task(GaussianMixtureDenoiser.gaussian(M, S), new EdmSde(0.002, SIGMA_MAX), SHAPE,
				Schedules.karras(20, 0.002, SIGMA_MAX, 7), new NoiseSource(1, SHAPE), null, START);
		assertArrayEquals(ode("euler", 20), lms.sample(task, lms.defaults().with(Lms.ORDER, 1)), 1e-9);
	}

	@Test
	void edmChurnKeepsTheDistribution() {
		Shape shape = new Shape(256, 1, 4, 4);
		Sampler edm = Samplers.get("edm");
		Params imagenet = edm.defaults().with(Churn.S_CHURN, 40.0).with(Churn.S_TMIN, 0.05).with(Churn.S_TMAX, 50.0)
				.with(Churn.S_NOISE, 1.003);
		Task task = new Task(GaussianMixtureDenoiser.gaussian(M, S), new EdmSde(0.002, 80), shape, Schedules.karras(100, 0.002, 80, 7),
				new NoiseSource(5, shape));
		double[] x = edm.sample(task, imagenet);
		assertMoments(x, 0.04, 0.1);
		Task again = new Task(task.denoiser(), task.sde(), shape, task.sigmas(), new NoiseSource(5, shape));
		assertArrayEquals(x, edm.sample(again, imagenet), 0);
	}

	/** PFGM++ is any σ-space sampler on a PFGM++ task: the prior is the hyper-cylinder, the ODE EDM's. */
	@Test
	void pfgmppWithD128() {
		pfgmpp("edm");
		pfgmpp("dpmpp_2m");
	}

	static void pfgmpp(String name) {
		Shape shape = new Shape(1024, 1, 4, 4);
		Sampler sampler = Samplers.get(name);
		Task task = new Task(GaussianMixtureDenoiser.gaussian(M, S), new PfgmppSde(0.002, 80, 128), shape,
				Schedules.karras(30, 0.002, 80, 7), new NoiseSource(9, shape));
		assertMoments(sampler.sample(task, sampler.defaults()), 0.04, 0.1);
	}

	static void assertMoments(double[] x, double meanTolerance, double relativeVarianceTolerance) {
		double mean = Arrays.stream(x).average().orElseThrow();
		double var = Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / (x.length - 1);
		assertEquals(M, mean, meanTolerance, "mean");
		assertEquals(S * S, var, relativeVarianceTolerance * S * S, "variance");
	}
}
