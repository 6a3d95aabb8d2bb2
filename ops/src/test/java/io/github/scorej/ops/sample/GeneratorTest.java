package io.github.scorej.ops.sample;

import io.github.scorej.ops.model.GaussianMixtureDenoiser;
import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.sde.EdmSde;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class GeneratorTest {

	static final GaussianMixtureDenoiser G = GaussianMixtureDenoiser.gaussian(0.3, 0.5);
	static final EdmSde EDM = new EdmSde(0.002, 80);

	static Generator.Request request(String sampler, int steps, long seed, double[] noise) {
		Sampler s = Samplers.get(sampler);
		return new Generator.Request(s, s.defaults(), "karras", steps, 0.002, 80, Double.NaN, seed, noise);
	}

	@Test
	void chunkingDoesNotChangeTheResult() {
		Shape shape = new Shape(7, 1, 4, 4);
		double[] whole = Generator.generate(G, EDM, shape, request("euler_ancestral", 10, 3, null), 16, Callback.NONE);
		double[] chunked = Generator.generate(G, EDM, shape, request("euler_ancestral", 10, 3, null), 3, Callback.NONE);
		assertArrayEquals(whole, chunked);
	}

	@Test
	void givenNoiseIsUsedPerChunk() {
		Shape shape = new Shape(4, 1, 2, 2);
		double[] z = new NoiseSource(11, shape).gaussian(shape.size());
		double[] a = Generator.generate(G, EDM, shape, request("heun", 100, 1, z), 3, Callback.NONE);
		double c = 0.5 / Math.sqrt(0.25 + 6400);
		for (int i = 0; i < a.length; i++)
			assertEquals(0.3 + c * (80 * z[i] - 0.3), a[i], 3e-3);
		assertThrows(IllegalArgumentException.class, () -> Generator.generate(G, EDM, shape, request("heun", 10, 1, new double[3]), 3, Callback.NONE));
	}

	/** From x₀ + σ_s·z a deterministic sampler follows the exact Gaussian flow: m + s/√(s² + σ_s²)·(x₀ + σ_s z − m). */
	@Test
	void imageToImageStartsFromTheNoisedImage() {
		Shape shape = new Shape(2, 1, 2, 2);
		double[] image = { 1, -1, 0.5, 0, 2, 0.3, -0.2, 0.9 }, copy = image.clone();
		double[] z = new NoiseSource(5, shape).gaussian(shape.size());
		double sigmaStart = 1.5;
		double[] x = Generator.imageToImage(G, EDM, shape, image, sigmaStart, request("heun", 60, 0, z), Callback.NONE);
		assertArrayEquals(copy, image, "input untouched");
		double c = 0.5 / Math.sqrt(0.25 + sigmaStart * sigmaStart);
		for (int i = 0; i < x.length; i++)
			assertEquals(0.3 + c * (image[i] + sigmaStart * z[i] - 0.3), x[i], 1e-3);
		// A tiny σ_start keeps the image.
		double[] near = Generator.imageToImage(G, EDM, shape, image, 0.003, request("heun", 5, 0, null), Callback.NONE);
		for (int i = 0; i < x.length; i++)
			assertEquals(image[i], near[i], 0.02);
		assertThrows(IllegalArgumentException.class, () -> Generator.imageToImage(G, EDM, shape, image, 0.001, request("heun", 5, 0, null), Callback.NONE));
	}

	/**
	 * Strength as diffusers' img2img ({@code get_timesteps}: init = int(N·s), t_start = N − init): of the
	 * N-step schedule the last ⌊s·N⌋ steps run, from x₀ + σ_k·z, so the exact Gaussian flow ends at
	 * m + s/√(s² + σ_k²)·(x₀ + σ_k z − m) with σ_k the schedule's step k.
	 */
	@Test
	void strengthRunsTheLastStepsOfTheScheduleAsDiffusers() {
		assertEquals(18, Generator.startStep(30, 0.4));
		assertEquals(13, Generator.startStep(50, 0.75)); // int(37.5) = 37 steps run
		assertEquals(0, Generator.startStep(10, 1.0));
		assertEquals(7, Generator.startStep(10, 0.3)); // 0.3·10 = 3.0000000000000004: 3 steps
		assertThrows(IllegalArgumentException.class, () -> Generator.startStep(10, 0.05)); // no step would run
		assertThrows(IllegalArgumentException.class, () -> Generator.startStep(10, 0));
		assertThrows(IllegalArgumentException.class, () -> Generator.startStep(10, 1.5));

		Shape shape = new Shape(2, 1, 2, 2);
		double[] image = { 1, -1, 0.5, 0, 2, 0.3, -0.2, 0.9 };
		double[] z = new NoiseSource(5, shape).gaussian(shape.size());
		Generator.Request r = request("heun", 200, 0, z);
		double[] full = io.github.scorej.ops.schedule.Schedules.get(r.schedule(), 200, r.sigmaMin(), r.sigmaMax(), r.rho(), EDM);
		double[] tail = Generator.strengthSchedule(EDM, r, 0.4);
		assertArrayEquals(java.util.Arrays.copyOfRange(full, 120, full.length), tail);
		double sk = tail[0];
		double[] x = Generator.imageToImageAtStrength(G, EDM, shape, image, 0.4, r, Callback.NONE);
		double c = 0.5 / Math.sqrt(0.25 + sk * sk);
		for (int i = 0; i < x.length; i++)
			assertEquals(0.3 + c * (image[i] + sk * z[i] - 0.3), x[i], 1e-3);
		assertEquals(r.sigmaMax(), Generator.strengthSchedule(EDM, r, 1.0)[0], 0, "strength 1 starts from the prior's σ_max");
	}
}
