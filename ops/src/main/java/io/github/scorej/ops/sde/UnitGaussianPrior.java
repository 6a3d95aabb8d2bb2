package io.github.scorej.ops.sde;

import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.sample.NoiseSource;

/** An SDE whose prior at T is the standard normal N(0, I): the variance-preserving ones (VP, sub-VP, the DDPM chain). */
interface UnitGaussianPrior extends Sde {

	@Override
	default void samplePrior(Shape shape, NoiseSource noise, double[] out) {
		noise.gaussian(out);
	}

	@Override
	default double[] priorLogp(Shape shape, double[] z) {
		return Gaussians.logp(shape, z, 1);
	}
}
