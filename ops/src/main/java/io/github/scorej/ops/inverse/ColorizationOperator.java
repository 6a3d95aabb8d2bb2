package io.github.scorej.ops.inverse;

import java.util.Arrays;
import java.util.Optional;

/**
 * y = (R + G + B)/3 per pixel: a 3-channel image to its grey level (H·W values).
 *
 * <p>The colour space is decoupled by the fixed orthonormal matrix Q (rows q₀ = (1,1,1)/√3,
 * q₁ = (−2,1,1)/√6, q₂ = (0,1,−1)/√2), the transpose of the matrix M of score_sde's
 * {@code controllable_generation.py} ({@code decouple(x) = einsum('bihw,ij->bjhw', x, M)}), so
 * d = Q x per pixel. Then y = d₀/√3.
 *
 * <p>SVD: V = Qᵀ per pixel (spectral coordinates: the whole d₀ plane, then d₁, then d₂),
 * s = 1/√3 for the H·W coordinates of d₀, U = I. Masked transform: T = diag(1/√3, 1, 1)·Q, scaled
 * so that its first channel is the grey level itself and Λ T = A exactly; Λ = that first channel.
 * A† y puts the grey level in all three channels. Immutable and safe to share.
 */
public final class ColorizationOperator extends ImageOperator {

	private static final double R3 = Math.sqrt(3), R6 = Math.sqrt(6), R2 = Math.sqrt(2);
	/** Q: row k is the k-th decoupled colour direction. */
	private static final double[][] Q = { { 1 / R3, 1 / R3, 1 / R3 }, { -2 / R6, 1 / R6, 1 / R6 }, { 0, 1 / R2, -1 / R2 } };


	public ColorizationOperator(int height, int width) {
		super(3, height, width);
	}

	/** A colorization operator for an image of the given channels; refuses anything but 3. */
	public static ColorizationOperator of(int channels, int height, int width) {
		if (channels != 3) throw new IllegalArgumentException("colorization needs 3 channels (RGB), the image has " + channels);
		return new ColorizationOperator(height, width);
	}

	/** d = Q x per pixel, both 3×H×W (score_sde's {@code decouple}). */
	public static void toDecoupled(double[] x, double[] d) {
		mix(Q, false, x, d);
	}

	/** x = Qᵀ d per pixel, the inverse of {@link #toDecoupled} (score_sde's {@code couple}). */
	public static void fromDecoupled(double[] d, double[] x) {
		mix(Q, true, d, x);
	}

	private static void mix(double[][] m, boolean transpose, double[] in, double[] out) {
		if (in.length % 3 != 0 || out.length != in.length)
			throw new IllegalArgumentException("colour arrays must be 3×H×W and of equal length, got " + in.length + " and " + out.length);
		int n = in.length / 3;
		for (int p = 0; p < n; p++) {
			double a = in[p], b = in[n + p], c = in[2 * n + p];
			for (int k = 0; k < 3; k++)
				out[k * n + p] = transpose ? m[0][k] * a + m[1][k] * b + m[2][k] * c : m[k][0] * a + m[k][1] * b + m[k][2] * c;
		}
	}




	@Override
	public int measurementSize() {
		return height * width;
	}

	@Override
	public void apply(double[] x, double[] y) {
		Checks.length("x", x, imageSize());
		Checks.length("y", y, measurementSize());
		int n = measurementSize();
		for (int p = 0; p < n; p++)
			y[p] = (x[p] + x[n + p] + x[2 * n + p]) / 3;
	}

	@Override
	public void adjoint(double[] y, double[] x) {
		Checks.length("y", y, measurementSize());
		Checks.length("x", x, imageSize());
		int n = measurementSize();
		for (int p = 0; p < n; p++)
			x[p] = x[n + p] = x[2 * n + p] = y[p] / 3;
	}

	/** x = the grey level in every channel (V Σ⁻¹ Uᵀ y). */
	@Override
	public void pseudoInverse(double[] y, double[] x) {
		Checks.length("y", y, measurementSize());
		Checks.length("x", x, imageSize());
		int n = measurementSize();
		for (int p = 0; p < n; p++)
			x[p] = x[n + p] = x[2 * n + p] = y[p];
	}

	@Override
	public Optional<Svd> svd() {
		int n = measurementSize();
		return Optional.of(new Svd() {

			@Override
			public int rank() {
				return n;
			}

			@Override
			public double[] singularValues() {
				double[] s = new double[n];
				Arrays.fill(s, 1 / R3);
				return s;
			}

			@Override
			public void vt(double[] x, double[] c) {
				toDecoupled(x, c);
			}

			@Override
			public void v(double[] c, double[] x) {
				fromDecoupled(c, x);
			}

			@Override
			public void ut(double[] y, double[] u) {
				Checks.length("y", y, n);
				Checks.length("u", u, n);
				System.arraycopy(y, 0, u, 0, n);
			}
		});
	}

	@Override
	public Optional<MaskedTransform> maskedTransform() {
		int n = measurementSize();
		boolean[] lambda = new boolean[3 * n];
		Arrays.fill(lambda, 0, n, true);
		return Optional.of(new MaskedTransform() {

			@Override
			public int transformSize() {
				return 3 * n;
			}

			@Override
			public boolean[] mask() {
				return lambda.clone();
			}

			@Override
			public void forward(double[] x, double[] t) {
				toDecoupled(x, t);
				for (int p = 0; p < n; p++)
					t[p] /= R3;
			}

			@Override
			public void inverse(double[] t, double[] x) {
				double[] d = t.clone();
				for (int p = 0; p < n; p++)
					d[p] *= R3;
				fromDecoupled(d, x);
			}
		});
	}

	@Override
	public String describe() {
		return "colorization (grey = mean of R, G, B)";
	}
}
