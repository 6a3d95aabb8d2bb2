package io.github.scorej.ops.inverse;

import java.util.Arrays;
import java.util.Optional;

/**
 * y[c, i, j] = (1/f²) Σ_{a,b &lt; f} x[c, f·i + a, f·j + b]: the f×f box average of each channel, a
 * C×(H/f)×(W/f) image (ddrm's {@code SuperResolution}). A† replicates each value over its block.
 *
 * <p>SVD, block by block: V's first vector is the uniform vector v₀ = (1/f)·𝟙 (f² entries), with
 * s = 1/f, since y = (1/f)·v₀ᵀ x_block. The other f²−1 directions are the Householder reflection
 * R = I − 2 w wᵀ/‖w‖², w = e₀ − v₀, which maps e₀ to v₀: R is symmetric and orthogonal and its
 * columns are v₀ and an orthonormal complement, so Vᵀ = V = R per block, in O(f²). Spectral order:
 * the k = C·(H/f)·(W/f) measured coordinates in the order of y, then the f²−1 others of each block
 * (block after block). U = I.
 *
 * <p>Masked transform: T = Vᵀ with its first k coordinates divided by f, so that they are the block
 * means themselves and Λ T = A exactly; Λ = those k coordinates. Immutable and safe to share.
 */
public final class SuperResolutionOperator extends ImageOperator {

	private final int factor;

	/** @param factor f ≥ 2, dividing both height and width */
	public SuperResolutionOperator(int channels, int height, int width, int factor) {
		super(channels, height, width);
		if (factor < 2) throw new IllegalArgumentException("factor must be >= 2, got " + factor);
		if (height % factor != 0 || width % factor != 0)
			throw new IllegalArgumentException("factor " + factor + " does not divide the image " + height + "×" + width);
		this.factor = factor;
	}

	public int factor() {
		return factor;
	}




	@Override
	public int measurementSize() {
		return channels * (height / factor) * (width / factor);
	}

	/** The image index of pixel q (raster order inside the block, 0 … f²−1) of block b (order of y). */
	private int pixel(int b, int q) {
		int h = height / factor, w = width / factor;
		int c = b / (h * w), i = b / w % h, j = b % w;
		return (c * height + i * factor + q / factor) * width + j * factor + q % factor;
	}

	@Override
	public void apply(double[] x, double[] y) {
		Checks.length("x", x, imageSize());
		Checks.length("y", y, measurementSize());
		int m = factor * factor;
		for (int b = 0; b < y.length; b++) {
			double sum = 0;
			for (int q = 0; q < m; q++)
				sum += x[pixel(b, q)];
			y[b] = sum / m;
		}
	}

	@Override
	public void adjoint(double[] y, double[] x) {
		spread(y, x, 1.0 / (factor * factor));
	}

	/** x = each y value copied over its f×f block: the exact pseudo-inverse V Σ⁻¹ Uᵀ. */
	@Override
	public void pseudoInverse(double[] y, double[] x) {
		spread(y, x, 1);
	}

	private void spread(double[] y, double[] x, double scale) {
		Checks.length("y", y, measurementSize());
		Checks.length("x", x, imageSize());
		int m = factor * factor;
		for (int b = 0; b < y.length; b++)
			for (int q = 0; q < m; q++)
				x[pixel(b, q)] = scale * y[b];
	}

	@Override
	public Optional<Svd> svd() {
		int k = measurementSize(), m = factor * factor, d = imageSize();
		double f = factor;
		// w = e₀ − v₀; R z = z − 2 (w·z)/‖w‖² w
		double[] w = new double[m];
		Arrays.fill(w, -1 / f);
		w[0] += 1;
		double ww = 2 - 2 / f;
		return Optional.of(new Svd() {

			@Override
			public int rank() {
				return k;
			}

			@Override
			public double[] singularValues() {
				double[] s = new double[k];
				Arrays.fill(s, 1 / f);
				return s;
			}

			@Override
			public void vt(double[] x, double[] c) {
				Checks.length("x", x, d);
				Checks.length("c", c, d);
				double[] z = new double[m];
				for (int b = 0; b < k; b++) {
					for (int q = 0; q < m; q++)
						z[q] = x[pixel(b, q)];
					reflect(z);
					c[b] = z[0];
					System.arraycopy(z, 1, c, k + b * (m - 1), m - 1);
				}
			}

			@Override
			public void v(double[] c, double[] x) {
				Checks.length("c", c, d);
				Checks.length("x", x, d);
				double[] z = new double[m];
				for (int b = 0; b < k; b++) {
					z[0] = c[b];
					System.arraycopy(c, k + b * (m - 1), z, 1, m - 1);
					reflect(z);
					for (int q = 0; q < m; q++)
						x[pixel(b, q)] = z[q];
				}
			}

			private void reflect(double[] z) {
				double dot = 0;
				for (int q = 0; q < m; q++)
					dot += w[q] * z[q];
				double a = 2 * dot / ww;
				for (int q = 0; q < m; q++)
					z[q] -= a * w[q];
			}

			@Override
			public void ut(double[] y, double[] u) {
				Checks.length("y", y, k);
				Checks.length("u", u, k);
				System.arraycopy(y, 0, u, 0, k);
			}
		});
	}

	@Override
	public Optional<MaskedTransform> maskedTransform() {
		Svd svd = svd().orElseThrow();
		int k = measurementSize(), d = imageSize();
		boolean[] lambda = new boolean[d];
		Arrays.fill(lambda, 0, k, true);
		return Optional.of(new MaskedTransform() {

			@Override
			public int transformSize() {
				return d;
			}

			@Override
			public boolean[] mask() {
				return lambda.clone();
			}

			@Override
			public void forward(double[] x, double[] t) {
				svd.vt(x, t);
				for (int b = 0; b < k; b++)
					t[b] /= factor;
			}

			@Override
			public void inverse(double[] t, double[] x) {
				double[] c = t.clone();
				for (int b = 0; b < k; b++)
					c[b] *= factor;
				svd.v(c, x);
			}
		});
	}

	@Override
	public String describe() {
		return "super-resolution ×" + factor + " (box average)";
	}
}
