package io.github.scorej.ops.inverse;

import org.jtransforms.fft.DoubleFFT_2D;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * Undersampled MRI: y = Λ F x, with F the unitary 2-D DFT of each channel in centred k-space,
 * F x = fftshift(DFT(ifftshift(x)))/√(HW) (fastMRI's {@code fft2c}; score_inverse_problems'
 * {@code get_kspace}, whose division by the image size is this unitary scaling for square images),
 * and Λ keeping the sampled points of k-space: whole rows (phase-encode lines, {@link #cartesian}) or
 * any set of points ({@link #ofMask}). y lists, channel after channel, the kept points in row-major
 * order as interleaved (re, im) pairs. User k-space in other layouts and scalings (numpy's unshifted
 * {@code fft2}, …) is converted by {@link KSpace}.
 *
 * <p>The image x is real, so its k-space is Hermitian, K(−k) = conj K(k): a point acquired gives its
 * conjugate mirror too. The operator keeps the acquired points and their mirrors (Λ is closed under
 * k → −k), the mirrors' values taken from the acquired ones ({@link #measurementFromKSpace}). Then, as
 * F x ∈ ℝ^{2HW} is an isometry (Fᵀ t = Re F⁻¹ t), A Aᵀ is the identity on the range of A, and Aᵀ y =
 * A† y is the zero-filled inverse: the real part of F⁻¹ of the kept points, 0 elsewhere.
 *
 * <p>Masked transform: T = F real-packed (2·H·W values per channel, interleaved), Λ = the kept
 * points (both parts). No SVD. Immutable and safe to share: every call makes its own JTransforms plan.
 */
public final class MriOperator extends ImageOperator {

	/** How the lines outside the fully sampled centre are chosen. */
	public enum Pattern {
		/** Random conjugate pairs of lines (seeded), as fastMRI's {@code RandomMaskFunc}. */
		RANDOM,
		/** Lines at frequencies round(m·s), m ∈ ℤ, with s set so that about H/R lines are kept in all. */
		EQUISPACED
	}

	/** Acquired points of centred k-space (H·W), and those kept: the acquired and their conjugate mirrors. */
	private final boolean[] acquired, kept;
	private final int count;
	private final String description;

	private MriOperator(int channels, int height, int width, boolean[] acquired, String description) {
		super(channels, height, width);
		this.acquired = acquired;
		this.kept = new boolean[acquired.length];
		int k = 0;
		for (int i = 0; i < acquired.length; i++)
			if (acquired[i]) {
				kept[i] = true;
				kept[mirror(i)] = true;
			}
		for (boolean b : kept)
			if (b) k++;
		this.count = k;
		this.description = description;
	}

	/**
	 * A Cartesian line pattern keeping about H/R rows: the {@code centreLines} rows around k_y = 0
	 * (fully sampled centre) and, outside it, lines chosen by {@code pattern} (the seed matters only
	 * for {@link Pattern#RANDOM}). Every line is kept with its conjugate mirror −k_y.
	 */
	public static MriOperator cartesian(int channels, int height, int width, double acceleration, int centreLines, Pattern pattern,
			long seed) {
		Checks.imageSize(channels, height, width);
		if (!(acceleration >= 1) || Double.isInfinite(acceleration))
			throw new IllegalArgumentException("acceleration must be >= 1 and finite, got " + acceleration);
		if (centreLines < 0 || centreLines > height)
			throw new IllegalArgumentException("centre lines must be between 0 and the height " + height + ", got " + centreLines);
		boolean[] rows = new boolean[height];
		int c0 = height / 2 - centreLines / 2;
		for (int r = c0; r < c0 + centreLines; r++)
			keepPair(rows, r);
		int target = Math.max(1, (int) Math.round(height / acceleration));
		if (pattern == Pattern.EQUISPACED) {
			int outside = target - centreLines;
			if (outside > 0) {
				double s = (double) (height - centreLines) / outside;
				for (int m = 0; m * s <= height; m++)
					for (int sign : new int[] { 1, -1 }) {
						int r = height / 2 + sign * (int) Math.round(m * s);
						if (r >= 0 && r < height) keepPair(rows, r);
					}
			}
		} else {
			List<Integer> candidates = new ArrayList<>();
			for (int r = 0; r < height; r++)
				if (!rows[r] && r <= mirror(r, height)) candidates.add(r);
			Collections.shuffle(candidates, new Random(seed));
			for (int r : candidates) {
				if (count(rows) >= target) break;
				keepPair(rows, r);
			}
		}
		String how = pattern == Pattern.RANDOM ? "random, seed " + seed : "equispaced";
		return new MriOperator(channels, height, width, rowMask(rows, width),
				String.format("MRI ×%s, %d centre lines, %s: %d of %d lines", Double.toString(acceleration).replaceAll("\\.0$", ""), centreLines,
						how, count(rows), height));
	}

	/** An explicit line mask: rows[r] is true where centred k-space row r is measured (with its mirror row, see the class). */
	public static MriOperator ofRows(int channels, int height, int width, boolean[] rows) {
		Checks.imageSize(channels, height, width);
		if (rows.length != height) throw new IllegalArgumentException("row mask has " + rows.length + " rows, the image " + height);
		if (count(rows) == 0) throw new IllegalArgumentException("row mask keeps no line");
		return new MriOperator(channels, height, width, rowMask(rows, width), "MRI, given lines: " + count(rows) + " of " + height + " lines");
	}

	/**
	 * An explicit point mask of centred k-space: {@code acquired[u·W + v]} is true where point (u, v) was
	 * measured (lines, radial spokes, random points); {@link KSpace#maskToCentred} moves a mask from another layout.
	 */
	public static MriOperator ofMask(int channels, int height, int width, boolean[] acquired) {
		Checks.imageSize(channels, height, width);
		if (acquired.length != height * width)
			throw new IllegalArgumentException("k-space mask has " + acquired.length + " points, the k-space " + height + "×" + width);
		int n = count(acquired);
		if (n == 0) throw new IllegalArgumentException("k-space mask keeps no point: mark the acquired points with non-zero values");
		return new MriOperator(channels, height, width, acquired.clone(),
				String.format(Locale.ROOT, "MRI, given mask: %d of %d points (%.1f%%)", n, acquired.length, 100.0 * n / acquired.length));
	}

	private static boolean[] rowMask(boolean[] rows, int width) {
		boolean[] m = new boolean[rows.length * width];
		for (int r = 0; r < rows.length; r++)
			if (rows[r]) Arrays.fill(m, r * width, (r + 1) * width, true);
		return m;
	}

	/** The row of centred k-space holding the conjugate frequency −k_y of row r. */
	static int mirror(int r, int height) {
		return Math.floorMod(2 * (height / 2) - r, height);
	}

	/** The point of centred k-space (row-major) holding the conjugate frequency −k of point i. */
	private int mirror(int i) {
		return mirror(i / width, height) * width + mirror(i % width, width);
	}

	private static void keepPair(boolean[] rows, int r) {
		rows[r] = true;
		rows[mirror(r, rows.length)] = true;
	}

	private static int count(boolean[] rows) {
		int k = 0;
		for (boolean r : rows)
			if (r) k++;
		return k;
	}

	/** The acquired points of centred k-space (H·W, row-major); for {@link #cartesian}, whole rows. */
	public boolean[] acquired() {
		return acquired.clone();
	}

	/** The rows of centred k-space whose every point is acquired. */
	public boolean[] rows() {
		boolean[] rows = new boolean[height];
		for (int r = 0; r < height; r++) {
			rows[r] = true;
			for (int v = 0; v < width && rows[r]; v++)
				rows[r] = acquired[r * width + v];
		}
		return rows;
	}

	@Override
	public int measurementSize() {
		return channels * count * 2;
	}

	@Override
	public void apply(double[] x, double[] y) {
		Checks.length("x", x, imageSize());
		Checks.length("y", y, measurementSize());
		double[] t = new double[2 * imageSize()];
		kspace(x, t);
		gather(t, y);
	}

	/** Zero-filled inverse: Re F⁻¹ of the kept points (Aᵀ = A†: the kept set is closed under k → −k). */
	@Override
	public void adjoint(double[] y, double[] x) {
		Checks.length("y", y, measurementSize());
		Checks.length("x", x, imageSize());
		double[] t = new double[2 * imageSize()];
		int n = height * width, j = 0;
		for (int c = 0; c < channels; c++)
			for (int i = 0; i < n; i++)
				if (kept[i]) {
					t[2 * (c * n + i)] = y[j++];
					t[2 * (c * n + i) + 1] = y[j++];
				}
		image(t, x);
	}

	@Override
	public void pseudoInverse(double[] y, double[] x) {
		adjoint(y, x);
	}

	private void gather(double[] t, double[] y) {
		int n = height * width, j = 0;
		for (int c = 0; c < channels; c++)
			for (int i = 0; i < n; i++)
				if (kept[i]) {
					y[j++] = t[2 * (c * n + i)];
					y[j++] = t[2 * (c * n + i) + 1];
				}
	}

	/** t = F x: the centred unitary k-space of each channel, interleaved (re, im), 2·C·H·W values. */
	public void kspace(double[] x, double[] t) {
		Checks.length("x", x, imageSize());
		Checks.length("k-space", t, 2 * imageSize());
		int n = height * width;
		double scale = 1 / Math.sqrt(n);
		double[] z = new double[2 * n];
		DoubleFFT_2D fft = new DoubleFFT_2D(height, width); // a plan per call: no shared state between threads
		for (int c = 0; c < channels; c++) {
			for (int i = 0; i < height; i++)
				for (int j = 0; j < width; j++) { // ifftshift
					z[2 * (i * width + j)] = x[c * n + (i + height / 2) % height * width + (j + width / 2) % width];
					z[2 * (i * width + j) + 1] = 0;
				}
			fft.complexForward(z);
			for (int i = 0; i < height; i++)
				for (int j = 0; j < width; j++) { // fftshift
					int from = 2 * (Math.floorMod(i - height / 2, height) * width + Math.floorMod(j - width / 2, width));
					int to = 2 * (c * n + i * width + j);
					t[to] = scale * z[from];
					t[to + 1] = scale * z[from + 1];
				}
		}
	}

	/** x = Re F⁻¹ t, the inverse (and transpose) of {@link #kspace}. */
	public void image(double[] t, double[] x) {
		Checks.length("k-space", t, 2 * imageSize());
		Checks.length("x", x, imageSize());
		int n = height * width;
		double scale = Math.sqrt(n);
		double[] z = new double[2 * n];
		DoubleFFT_2D fft = new DoubleFFT_2D(height, width); // a plan per call: no shared state between threads
		for (int c = 0; c < channels; c++) {
			for (int i = 0; i < height; i++)
				for (int j = 0; j < width; j++) { // ifftshift
					int from = 2 * (c * n + (i + height / 2) % height * width + (j + width / 2) % width);
					z[2 * (i * width + j)] = t[from];
					z[2 * (i * width + j) + 1] = t[from + 1];
				}
			fft.complexInverse(z, true);
			for (int i = 0; i < height; i++)
				for (int j = 0; j < width; j++) // fftshift
					x[c * n + i * width + j] = scale * z[2 * (Math.floorMod(i - height / 2, height) * width + Math.floorMod(j - width / 2, width))];
		}
	}

	/**
	 * Checks that user k-space of the given shape fits this operator: (H, W, 2) for one channel or
	 * (C, H, W, 2), centred and unitary-scaled like {@link #kspace}, the last axis (re, im).
	 */
	public void checkKSpace(double[] kspace, int... shape) {
		String s = Arrays.toString(shape).replace('[', '(').replace(']', ')');
		if (shape.length != 3 && shape.length != 4)
			throw new IllegalArgumentException("k-space must have shape (H, W, 2) or (C, H, W, 2), got " + s);
		int c = shape.length == 4 ? shape[0] : 1, h = shape[shape.length - 3], w = shape[shape.length - 2], re = shape[shape.length - 1];
		if (re != 2) throw new IllegalArgumentException("k-space's last axis has " + re + " values, expected 2 (re, im)");
		if (h != height || w != width)
			throw new IllegalArgumentException("k-space is " + h + "×" + w + ", the image " + height + "×" + width);
		if (c != channels) throw new IllegalArgumentException("k-space has " + c + " channels, the operator " + channels);
		if (kspace.length != 2 * c * h * w)
			throw new IllegalArgumentException("k-space has " + kspace.length + " values, its shape " + s + " needs " + 2 * c * h * w);
	}

	/**
	 * The measurement y of this operator taken from user k-space in the centred unitary layout (shape as
	 * {@link #checkKSpace}): the acquired points, and the conjugates of the acquired values at their
	 * unacquired mirrors; values elsewhere are ignored (absent or zero-filled k-space alike).
	 */
	public double[] measurementFromKSpace(double[] kspace, int... shape) {
		checkKSpace(kspace, shape);
		int n = height * width;
		double[] full = kspace.clone();
		for (int c = 0; c < channels; c++)
			for (int i = 0; i < n; i++)
				if (kept[i] && !acquired[i]) {
					int m = 2 * (c * n + mirror(i));
					full[2 * (c * n + i)] = kspace[m];
					full[2 * (c * n + i) + 1] = -kspace[m + 1];
				}
		double[] y = new double[measurementSize()];
		gather(full, y);
		return y;
	}

	@Override
	public Optional<MaskedTransform> maskedTransform() {
		boolean[] lambda = new boolean[2 * imageSize()];
		int n = height * width;
		for (int c = 0; c < channels; c++)
			for (int i = 0; i < n; i++)
				if (kept[i]) lambda[2 * (c * n + i)] = lambda[2 * (c * n + i) + 1] = true;
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
				kspace(x, t);
			}

			@Override
			public void inverse(double[] t, double[] x) {
				image(t, x);
			}
		});
	}

	@Override
	public String describe() {
		return description;
	}
}
