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
}
