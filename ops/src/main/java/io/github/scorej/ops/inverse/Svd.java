package io.github.scorej.ops.inverse;

/**
 * A = U Σ Vᵀ with V (image space, size D = C·H·W) and U real orthogonal, as ddrm's H_functions: the
 * first {@link #rank()} spectral coordinates Vᵀx are measured with singular values s_i &gt; 0, the rest
 * are in the null space.
 */
public interface Svd {

	/** k: the number of nonzero singular values. */
	int rank();

	/** s_0 … s_{k−1}, all &gt; 0, in the order of the spectral coordinates. */
	double[] singularValues();

	/** c = Vᵀ x (length D). */
	void vt(double[] x, double[] c);

	/** x = V c (length D). */
	void v(double[] c, double[] x);

	/** u = Uᵀ y (length k). */
	void ut(double[] y, double[] u);
}
