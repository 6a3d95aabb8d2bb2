package io.github.scorej.ops.inverse;

import java.util.Arrays;
import java.util.Optional;

/**
 * y = x restricted to the known pixels: y lists, channel after channel, the values x[c, i, j] where
 * the H×W mask is true (the same mask for every channel), in raster order. Aᵀ and A† both put y back
 * and fill the unknown pixels with 0.
 *
 * <p>SVD: V is the permutation that lists the known pixels first (in the order of y) and then the
 * hidden ones, s = 1, U = I. Masked transform: T = I, Λ = the mask repeated over the channels
 * (score_sde's inpainting). Immutable and safe to share.
 */
public final class InpaintingOperator extends ImageOperator {

	private final boolean[] known;
	/** perm[j] = the image index of spectral coordinate j: known pixels first. */
	private final int[] perm;
	private final int measured;

	private InpaintingOperator(int channels, int height, int width, boolean[] known) {
		super(channels, height, width);
		this.known = known;
		int k = 0;
		for (boolean b : known)
			if (b) k++;
		measured = channels * k;
		perm = new int[channels * known.length];
		int first = 0, rest = measured;
		for (int c = 0; c < channels; c++)
			for (int p = 0; p < known.length; p++)
				perm[known[p] ? first++ : rest++] = c * known.length + p;
	}

	/**
	 * @param known mask[row][column], true where the pixel is known; must be height×width, hide at
	 *        least one pixel and keep at least one
	 */
	public static InpaintingOperator of(int channels, int height, int width, boolean[][] known) {
		Checks.imageSize(channels, height, width);
		int mw = known.length == 0 ? 0 : known[0].length;
		for (boolean[] row : known)
			if (row.length != mw) throw new IllegalArgumentException("mask rows differ in length (" + mw + " and " + row.length + ")");
		if (known.length != height || mw != width)
			throw new IllegalArgumentException("mask is " + known.length + "×" + mw + ", image is " + height + "×" + width);
		boolean[] flat = new boolean[height * width];
		int k = 0;
		for (int i = 0; i < height; i++)
			for (int j = 0; j < width; j++)
				if (flat[i * width + j] = known[i][j]) k++;
		if (k == flat.length) throw new IllegalArgumentException("mask hides no pixel");
		if (k == 0) throw new IllegalArgumentException("mask hides every pixel");
		return new InpaintingOperator(channels, height, width, flat);
	}

	/** The known-pixel mask (H·W values, raster order). */
	public boolean[] known() {
		return known.clone();
	}




	@Override
	public int measurementSize() {
		return measured;
	}

	@Override
	public void apply(double[] x, double[] y) {
		Checks.length("x", x, imageSize());
		Checks.length("y", y, measured);
		for (int j = 0; j < measured; j++)
			y[j] = x[perm[j]];
	}

	@Override
	public void adjoint(double[] y, double[] x) {
		Checks.length("y", y, measured);
		Checks.length("x", x, imageSize());
		Arrays.fill(x, 0);
		for (int j = 0; j < measured; j++)
			x[perm[j]] = y[j];
	}

	/** Zero-fill: the known pixels from y, 0 elsewhere (equal to Aᵀ, the exact pseudo-inverse). */
	@Override
	public void pseudoInverse(double[] y, double[] x) {
		adjoint(y, x);
	}

	@Override
	public Optional<Svd> svd() {
		double[] s = new double[measured];
		Arrays.fill(s, 1);
		return Optional.of(new Svd() {

			@Override
			public int rank() {
				return measured;
			}

			@Override
			public double[] singularValues() {
				return s.clone();
			}

			@Override
			public void vt(double[] x, double[] c) {
				Checks.length("x", x, perm.length);
				Checks.length("c", c, perm.length);
				for (int j = 0; j < perm.length; j++)
					c[j] = x[perm[j]];
			}

			@Override
			public void v(double[] c, double[] x) {
				Checks.length("c", c, perm.length);
				Checks.length("x", x, perm.length);
				for (int j = 0; j < perm.length; j++)
					x[perm[j]] = c[j];
			}

			@Override
			public void ut(double[] y, double[] u) {
				Checks.length("y", y, measured);
				Checks.length("u", u, measured);
				System.arraycopy(y, 0, u, 0, measured);
			}
		});
	}

	@Override
	public Optional<MaskedTransform> maskedTransform() {
		boolean[] lambda = new boolean[imageSize()];
		for (int c = 0; c < channels; c++)
			System.arraycopy(known, 0, lambda, c * known.length, known.length);
		return Optional.of(new MaskedTransform() {

			@Override
			public int transformSize() {
				return lambda.length;
			}

			@Override
			public boolean[] mask() {
				return lambda.clone();
			}

			@Override
			public void forward(double[] x, double[] t) {
				Checks.length("x", x, lambda.length);
				System.arraycopy(x, 0, t, 0, lambda.length);
			}

			@Override
			public void inverse(double[] t, double[] x) {
				Checks.length("t", t, lambda.length);
				System.arraycopy(t, 0, x, 0, lambda.length);
			}
		});
	}

	@Override
	public String describe() {
		return String.format("inpainting (%d of %d pixels known)", measured / channels, known.length);
	}
}
