package io.github.scorej.ops.inverse;

import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.sample.Param;

/**
 * A measurement y = A x + n of one image, n ~ N(0, σ_y² I), in the model's data space.
 *
 * @param operator A
 * @param y the measured values ({@link LinearOperator#measurementSize()} of them)
 * @param noise the measurement noise, Gaussian of σ_y ≥ 0 (in data units)
 */
public record Measurement(LinearOperator operator, double[] y, NoiseModel.Gaussian noise) {

	/** σ_y, the measurement noise's standard deviation: 0 or more, and finite. */
	public static final Param<Double> SIGMA_Y = Param.real("sigma_y", 0, 0, Double.POSITIVE_INFINITY,
			"measurement noise (standard deviation)").openAbove();

	public Measurement {
		if (y.length != operator.measurementSize())
			throw new IllegalArgumentException("the measurement has " + y.length + " values, " + operator.describe() + " gives "
					+ operator.measurementSize());
		for (int i = 0; i < y.length; i++)
			if (!Double.isFinite(y[i])) throw new IllegalArgumentException("the measurement has a non-finite value at index " + i);
	}

	/** A measurement with Gaussian noise of σ_y (data units). */
	public Measurement(LinearOperator operator, double[] y, double sigmaY) {
		this(operator, y, new NoiseModel.Gaussian(sigmaY));
	}

	/** σ_y, the standard deviation of the noise (data units). */
	public double sigmaY() {
		return noise.sigma();
	}

	/** The measurement of a clean image x (plus σ_y-noise drawn from {@code noise} when given). */
	public static Measurement of(LinearOperator a, double[] x, double sigmaY, java.util.SplittableRandom noise) {
		double[] y = new double[a.measurementSize()];
		a.apply(x, y);
		if (sigmaY > 0)
			for (int i = 0; i < y.length; i++)
				y[i] += sigmaY * noise.nextGaussian();
		return new Measurement(a, y, sigmaY);
	}

	/**
	 * The measurement of a x′ = a·x + b (an affine change of intensity units, e.g. into the model's
	 * data range): y′ = a·y + b·A𝟙, σ_y′ = |a|·σ_y, because A is linear.
	 */
	public Measurement affine(double a, double b) {
		double[] ones = new double[operator.imageSize()], a1 = new double[y.length], out = new double[y.length];
		java.util.Arrays.fill(ones, 1);
		operator.apply(ones, a1);
		for (int i = 0; i < y.length; i++)
			out[i] = a * y[i] + b * a1[i];
		return new Measurement(operator, out, noise.scaled(a));
	}

	/** Shape of a batch of {@code k} images this operator takes. */
	public Shape batch(int k) {
		return new Shape(k, operator.channels(), operator.height(), operator.width());
	}

	/** ‖A x − y‖ / ‖y‖ for one image x. */
	public double residual(double[] x) {
		double[] ax = new double[y.length];
		operator.apply(x, ax);
		double e = 0, n = 0;
		for (int i = 0; i < y.length; i++) {
			e += (ax[i] - y[i]) * (ax[i] - y[i]);
			n += y[i] * y[i];
		}
		return Math.sqrt(e / Math.max(n, 1e-300));
	}

}
