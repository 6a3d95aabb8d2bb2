package io.github.scorej.ops.sample;

import java.util.Locale;

/** The network returned NaN or infinity: sampling stops, naming the step and σ. */
public final class NonFiniteException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public NonFiniteException(int step, int steps, double sigma) {
		super(String.format(Locale.ROOT, "the network returned NaN or infinity at step %d of %d (sigma = %.6g)", step + 1, steps, sigma));
	}
}
