package io.github.scorej.ops.inverse;

/**
 * What is known of a measurement's noise n in y = A x + n.
 */
public sealed interface NoiseModel {

	/**
	 * Known white Gaussian noise, n ~ N(0, σ² I), σ in the units of y (the input's pixel values, or
	 * the model's data units once {@link Measurement#affine} has mapped it there).
	 */
	record Gaussian(double sigma) implements NoiseModel {

		public Gaussian {
			Measurement.SIGMA_Y.check(Measurement.SIGMA_Y.name(), sigma);
		}

		/** The noise of a·y: σ·|a|. */
		public Gaussian scaled(double a) {
			return new Gaussian(Math.abs(a) * sigma);
		}
	}

	/**
	 * White Gaussian noise of unknown σ, to be estimated from the measured image (the median absolute
	 * difference of neighbours); {@code quantisationFloor}: at least the rounding noise of the pixels'
	 * type, where σ = 0 would amplify it (deblurring).
	 */
	record Estimated(boolean quantisationFloor) implements NoiseModel {}
}
