package io.github.scorej.ops.inverse;

/**
 * x = Aᵀ(AAᵀ + δI)⁻¹y, the Tikhonov-regularised inverse of an operator without a cheap SVD: per
 * singular component it is s/(s² + δ) instead of 1/s, so that a measurement noise σ_y is amplified by
 * at most 1/(2√δ). DDNM+ uses it with δ = (σ_y/σ′)².
 */
public interface RegularisedInverse {

	/** x = Aᵀ(AAᵀ + δI)⁻¹y for δ ≥ 0. */
	void regularisedInverse(double[] y, double delta, double[] x);

	/**
	 * Bytes the operator holds and allocates at most during one call beyond its arguments (its
	 * transfer functions, FFT buffers and solver vectors), for the memory budget: a restoration counts
	 * this on top of its own arrays.
	 */
	long workingBytes();
}
