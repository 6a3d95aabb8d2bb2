package io.github.scorej.ops.inverse;

import java.util.Optional;

/**
 * A linear measurement y = A x of one image x (C×H×W values, NCHW order with N = 1) into
 * {@link #measurementSize()} real values. Complex measurements (k-space) are stored as interleaved
 * (re, im) pairs. Batches are handled by the caller, one item at a time, so every operator works on
 * batches of any size. All arithmetic is double.
 */
public interface LinearOperator {

	/** Channels, height and width of the image x. */
	int channels();

	int height();

	int width();

	/** C·H·W. */
	default int imageSize() {
		return channels() * height() * width();
	}

	/** Length of y. */
	int measurementSize();

	/** y = A x. */
	void apply(double[] x, double[] y);

	/** x = Aᵀ y. */
	void adjoint(double[] y, double[] x);

	/** x = A† y, a (possibly regularised) pseudo-inverse: A A† y = y on the range of A where A† is exact. */
	void pseudoInverse(double[] y, double[] x);

	/** The operator's SVD where it is cheap (DDRM needs it). */
	default Optional<Svd> svd() {
		return Optional.empty();
	}

	/** A = Λ T with T invertible and Λ a 0/1 mask (projection and replacement methods need it). */
	default Optional<MaskedTransform> maskedTransform() {
		return Optional.empty();
	}

	/** One line for provenance and messages, e.g. "super-resolution ×4 (box average)". */
	String describe();
}
