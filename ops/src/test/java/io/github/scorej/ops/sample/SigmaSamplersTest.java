package io.github.scorej.ops.sample;

import io.github.scorej.ops.model.Denoiser;
import io.github.scorej.ops.model.GaussianMixtureDenoiser;
import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.schedule.Schedules;
import io.github.scorej.ops.sde.EdmSde;
import io.github.scorej.ops.sde.Sde;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * One contract for every σ-space sampler (diffusers' SchedulerCommonTest): Gaussian data give the
 * right mean and variance, a mixture gives the right proportions, a seed fixes the result, cancel
 * and NaN stop it. {@link SigmaSamplerExactnessTest} checks them against the exact probability flow.
 */
class SigmaSamplersTest {

	static final double M = 0.3, S = 0.5;
	static final Shape SHAPE = new Shape(512, 1, 4, 4);
	static final Sde EDM = new EdmSde(0.002, 80);

	static Stream<String> names() {
		return SigmaSamplers.list().stream().map(Sampler::name);
	}

	static Task task(Denoiser d, Sde sde, Shape shape, int steps, long seed, double[] z) {
		return new Task(d, sde, shape, Schedules.karras(steps, 0.002, 80, 7), new NoiseSource(seed, shape, z));
	}

	static double[] meanVar(double[] x) {
		double mean = Arrays.stream(x).average().orElseThrow();
		double var = Arrays.stream(x).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
		return new double[] { mean, var };
	}

	@ParameterizedTest
	@MethodSource("names")
	void gaussianDataGiveTheirMeanAndVariance(String name) {
		Sampler s = Samplers.get(name);
		// The first-order samplers' variance bias is still 0.035 at 100 steps (0.002 at 1000): give them more.
		int steps = name.startsWith("euler") ? 400 : 100;
		double[] x = s.sample(task(GaussianMixtureDenoiser.gaussian(M, S), EDM, SHAPE, steps, 1, null), s.defaults());
		double[] mv = meanVar(x);
		// 8192 values: the sample mean's standard error is 0.0055, the variance's 0.0039.
		assertEquals(M, mv[0], 0.025, name + " mean");
		assertEquals(S * S, mv[1], 0.02, name + " variance");
	}

	@ParameterizedTest
	@MethodSource("names")
	void mixtureProportionsMatchTheWeights(String name) {
		GaussianMixtureDenoiser mix = new GaussianMixtureDenoiser(new double[] { 0.3, 0.7 }, new double[] { -1, 1 }, new double[] { 0.2, 0.2 });
		Sampler s = Samplers.get(name);
		Shape shape = new Shape(600, 1, 4, 4);
		double[] x = s.sample(task(mix, EDM, shape, 50, 2, null), s.defaults());
		int first = 0;
		for (int n = 0; n < shape.n(); n++)
			if (mix.classify(shape, x, n) == 0) first++;
		// Binomial(600, 0.3): standard deviation 0.019.
		assertEquals(0.3, first / 600.0, 0.06, name + " share of the first component");
	}

	@ParameterizedTest
	@MethodSource("names")
	void aSeedFixesTheResult(String name) {
		Sampler s = Samplers.get(name);
		Shape shape = new Shape(3, 1, 4, 4);
		Denoiser g = GaussianMixtureDenoiser.gaussian(M, S);
		double[] a = s.sample(task(g, EDM, shape, 10, 5, null), s.defaults());
		double[] b = s.sample(task(g, EDM, shape, 10, 5, null), s.defaults());
		double[] c = s.sample(task(g, EDM, shape, 10, 6, null), s.defaults());
		assertArrayEquals(a, b);
		assertFalse(Arrays.equals(a, c));
	}

	@ParameterizedTest
	@MethodSource("names")
	void cancelAndNaNStopTheRun(String name) {
		Sampler s = Samplers.get(name);
		Shape shape = new Shape(2, 1, 2, 2);
		int[] seen = { 0 };
		Callback cancelAfterTwo = new Callback() {
			@Override
			public void onStep(int step, int steps, double sigma, double[] x, double[] denoised) {
				seen[0]++;
			}

			@Override
			public boolean isCancelled() {
				return seen[0] >= 2;
			}
		};
		Task t = task(GaussianMixtureDenoiser.gaussian(M, S), EDM, shape, 10, 1, null).withCallback(cancelAfterTwo);
		assertThrows(CancellationException.class, () -> s.sample(t, s.defaults()));
		assertEquals(2, seen[0]);
		Denoiser nan = (sh, x, sigma, out) -> Arrays.fill(out, sigma < 1 ? Double.NaN : 0);
		NonFiniteException e = assertThrows(NonFiniteException.class, () -> s.sample(task(nan, EDM, shape, 10, 1, null), s.defaults()));
		assertTrue(e.getMessage().contains("sigma = "), e.getMessage());
	}

	/** k-diffusion's LMS coefficients sum to the step length and reproduce a polynomial integral. */
	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 3, 4 })
	void lmsCoefficientsIntegrateTheLagrangeBasis(int order) {
		double[] t = { 10, 6, 3, 1.5, 0.7, 0 };
		int i = 3;
		double sum = 0;
		for (int j = 0; j < order; j++)
			sum += Lms.coefficient(order, t, i, j);
		assertEquals(t[i + 1] - t[i], sum, 1e-12);
		if (order >= 2) {
			// ∫ τ dτ over [t_i, t_{i+1}] from the basis applied to f(τ) = τ.
			double lin = 0;
			for (int j = 0; j < order; j++)
				lin += Lms.coefficient(order, t, i, j) * t[i - j];
			assertEquals((t[i + 1] * t[i + 1] - t[i] * t[i]) / 2, lin, 1e-12);
		}
	}
}
