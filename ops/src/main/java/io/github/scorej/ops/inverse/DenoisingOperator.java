package io.github.scorej.ops.inverse;

import java.util.Optional;

/**
 * y = x: the identity, for denoising (the noise σ_y lives with the measurement, not here). Its SVD
 * is U = V = I, s = 1; as a masked transform, T = I and Λ is all true.
 */
public final class DenoisingOperator extends ImageOperator {


	public DenoisingOperator(int channels, int height, int width) {
		super(channels, height, width);
	}




	@Override
	public int measurementSize() {
		return imageSize();
	}

	@Override
	public void apply(double[] x, double[] y) {
		copy(x, y);
	}

	@Override
	public void adjoint(double[] y, double[] x) {
		copy(y, x);
	}

	@Override
	public void pseudoInverse(double[] y, double[] x) {
		copy(y, x);
	}

	private void copy(double[] from, double[] to) {
		Checks.length("input", from, imageSize());
		Checks.length("output", to, imageSize());
		System.arraycopy(from, 0, to, 0, from.length);
	}

	@Override
	public Optional<Svd> svd() {
		double[] s = new double[imageSize()];
		java.util.Arrays.fill(s, 1);
		return Optional.of(new Svd() {

			@Override
			public int rank() {
				return s.length;
			}

			@Override
			public double[] singularValues() {
				return s.clone();
			}

			@Override
			public void vt(double[] x, double[] c) {
				copy(x, c);
			}

			@Override
			public void v(double[] c, double[] x) {
				copy(c, x);
			}

			@Override
			public void ut(double[] y, double[] u) {
				copy(y, u);
			}
		});
	}

	@Override
	public Optional<MaskedTransform> maskedTransform() {
		boolean[] all = new boolean[imageSize()];
		java.util.Arrays.fill(all, true);
		return Optional.of(new MaskedTransform() {

			@Override
			public int transformSize() {
				return all.length;
			}

			@Override
			public boolean[] mask() {
				return all.clone();
			}

			@Override
			public void forward(double[] x, double[] t) {
				copy(x, t);
			}

			@Override
			public void inverse(double[] t, double[] x) {
				copy(t, x);
			}
		});
	}

	@Override
	public String describe() {
		return "denoising (identity)";
	}
}
