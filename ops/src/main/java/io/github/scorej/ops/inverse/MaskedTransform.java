package io.github.scorej.ops.inverse;

/**
 * A = Λ T for an invertible linear T from the image into a transform space of
 * {@link #transformSize()} values and a 0/1 mask Λ on that space (score_sde's inpainting and
 * colorization, score_inverse_problems' projection for MRI and CT). The measurement y lists the
 * transform values where Λ = 1, in transform order ({@link #scatter} places them back).
 */
public interface MaskedTransform {

	int transformSize();

	/** Λ: true where a transform value is measured. */
	boolean[] mask();

	/** t = T x. */
	void forward(double[] x, double[] t);

	/** x = T⁻¹ t (for CT: filtered back-projection of a full-angle sinogram). */
	void inverse(double[] t, double[] x);

	/** Places the measured values y at their positions in a transform-space array (others untouched). */
	default void scatter(double[] y, double[] t) {
		boolean[] m = mask();
		for (int i = 0, j = 0; i < m.length; i++)
			if (m[i]) t[i] = y[j++];
	}
}
