package io.github.scorej.ops.inverse;

import java.util.Optional;

/**
 * A test operator with a trivial SVD: y_j = g_j·x_p(j) on a subset of pixels (V a permutation,
 * measured pixels first). With unit gains it is also a mask (A = Λ·I).
 */
final class PixelGain implements LinearOperator {

	private final int c, h, w;
	private final int[] measured; // pixel index of measurement j
	private final double[] gain;
	private final int[] order; // measured pixels, then the others

	PixelGain(int c, int h, int w, boolean[] known, double[] gainPerPixel) {
		this.c = c;
		this.h = h;
		this.w = w;
		int d = c * h * w, m = 0;
		for (boolean b : known)
			if (b) m++;
		measured = new int[m];
		gain = new double[m];
		order = new int[d];
		for (int p = 0, j = 0, o = m; p < d; p++)
			if (known[p]) {
				measured[j] = p;
				gain[j] = gainPerPixel[p];
				order[j++] = p;
			} else order[o++] = p;
	}

	@Override public int channels() { return c; }
	@Override public int height() { return h; }
	@Override public int width() { return w; }
	@Override public int measurementSize() { return measured.length; }

	@Override
	public void apply(double[] x, double[] y) {
		for (int j = 0; j < measured.length; j++)
			y[j] = gain[j] * x[measured[j]];
	}

	@Override
	public void adjoint(double[] y, double[] x) {
		java.util.Arrays.fill(x, 0);
		for (int j = 0; j < measured.length; j++)
			x[measured[j]] = gain[j] * y[j];
	}

	@Override
	public void pseudoInverse(double[] y, double[] x) {
		java.util.Arrays.fill(x, 0);
		for (int j = 0; j < measured.length; j++)
			x[measured[j]] = y[j] / gain[j];
	}

	@Override
	public Optional<Svd> svd() {
		return Optional.of(new Svd() {
			@Override public int rank() { return measured.length; }
			@Override public double[] singularValues() { return gain.clone(); }

			@Override
			public void vt(double[] x, double[] out) {
				for (int i = 0; i < order.length; i++)
					out[i] = x[order[i]];
			}

			@Override
			public void v(double[] cs, double[] x) {
				for (int i = 0; i < order.length; i++)
					x[order[i]] = cs[i];
			}

			@Override
			public void ut(double[] y, double[] u) {
				System.arraycopy(y, 0, u, 0, y.length);
			}
		});
	}

	@Override
	public Optional<MaskedTransform> maskedTransform() {
		for (double g : gain)
			if (g != 1) return Optional.empty();
		boolean[] mask = new boolean[c * h * w];
		for (int p : measured)
			mask[p] = true;
		return Optional.of(new MaskedTransform() {
			@Override public int transformSize() { return mask.length; }
			@Override public boolean[] mask() { return mask; }
			@Override public void forward(double[] x, double[] t) { System.arraycopy(x, 0, t, 0, t.length); }
			@Override public void inverse(double[] t, double[] x) { System.arraycopy(t, 0, x, 0, x.length); }
		});
	}

	@Override public String describe() { return "pixel gains on " + measured.length + " pixels"; }
}
