package io.github.scorej.ops.inverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.scorej.ops.sample.Params;

import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A given initial noise makes a deterministic method's result independent of the seed and of the chunking. */
class RestorationNoiseTest {

	@BeforeAll
	static void load() {
		ClosedFormPosteriorTest.load();
	}

	@Test
	void initialNoiseFixesTheResult() {
		int c = 3, h = 8, w = 8, k = 3;
		LinearOperator a = new SuperResolutionOperator(c, h, w, 2);
		SplittableRandom r = new SplittableRandom(1);
		double[] x = new double[c * h * w], z = new double[k * x.length];
		for (int i = 0; i < x.length; i++)
			x[i] = r.nextGaussian() * 0.4;
		for (int i = 0; i < z.length; i++)
			z[i] = r.nextGaussian();
		Measurement m = Measurement.of(a, x, 0, r);
		ConditionalMethod ddnm = Restoration.method("ddnm");
		Params eta0 = Params.defaults(ddnm.params()).with("eta", "0"); // deterministic given the initial noise
		Restoration.Request req = new Restoration.Request(ddnm, eta0, "karras", 10, 0.002, 80, Double.NaN, 5).withNoise(z);
		double[] one = Restoration.run(ClosedFormPosteriorTest.denoiser, ClosedFormPosteriorTest.model.sde(), m, req, k, k, null).samples();
		Restoration.Request otherSeed = new Restoration.Request(ddnm, eta0, "karras", 10, 0.002, 80, Double.NaN, 99).withNoise(z);
		double[] two = Restoration.run(ClosedFormPosteriorTest.denoiser, ClosedFormPosteriorTest.model.sde(), m, otherSeed, k, 1, null).samples();
		assertArrayEquals(one, two, 1e-12);
		double[] seeded = Restoration.run(ClosedFormPosteriorTest.denoiser, ClosedFormPosteriorTest.model.sde(), m, otherSeed.withNoise(null), k, k, null)
				.samples();
		double diff = 0;
		for (int i = 0; i < one.length; i++)
			diff = Math.max(diff, Math.abs(one[i] - seeded[i]));
		assertTrue(diff > 1e-3, "the noise made no difference");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Restoration.run(ClosedFormPosteriorTest.denoiser,
				ClosedFormPosteriorTest.model.sde(), m, req.withNoise(new double[7]), k, k, null));
		assertTrue(e.getMessage().contains("expected " + z.length), e.getMessage());
	}
}
