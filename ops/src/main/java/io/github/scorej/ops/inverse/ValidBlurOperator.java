package io.github.scorej.ops.inverse;

import org.jtransforms.dct.DoubleDCT_2D;
import org.jtransforms.fft.DoubleFFT_2D;

import java.util.Locale;
import java.util.function.IntToDoubleFunction;

/**
 * y = S(k ⊛ x): what a camera records. The scene x is an unknown C×H′×W′ image larger than the
 * C×H×W measurement y, which is the window S of its blur at rows top … top+H−1 and columns left …
 * left+W−1 (y[i, j] = Σ_{a,b} k[a, b]·x[top + i − a + ci, left + j − b + cj], {@link Psf}). The window
 * keeps at least the PSF's radius r from every edge of the scene, so that the circular convolution
 * on a grid at least H′×W′ (JTransforms, through {@link BlurOperator}) never wraps into it: this is the
 * <b>valid</b> part of the linear convolution, and the image's borders are blurred with the unknown
 * scene beyond them, as ImageJ's Gaussian Blur, scipy's {@code gaussian_filter} and an optical system
 * blur them (whatever boundary rule they use: the pixels outside are not measured). No periodic or
 * mirror assumption is made; the prior fills the margin.
 *
 * <p>Aᵀ embeds y in zeros at the window and correlates with k. A† is the Tikhonov-regularised
 * minimum-norm inverse A†_δ y = Aᵀ(AAᵀ + δI)⁻¹y, the system solved by conjugate gradients on the H×W
 * measurement grid (AAᵀ is symmetric positive semi-definite), preconditioned by the inverse of AAᵀ + δI
 * with reflecting boundaries (DCT, {@link NeumannNormal}) for a PSF symmetric enough, else with periodic
 * ones (FFT), started at 0, stopped when the residual is below {@link #TOLERANCE}·‖y‖ or after {@link #MAX_ITERATIONS} iterations;
 * {@link #pseudoInverse} uses δ = {@link #DELTA}, {@link #regularisedInverse} any δ (DDNM+ ties it to
 * σ_y). There is no closed-form SVD, so DDRM does not run on this operator. Immutable and safe to share.
 *
 * <p>The FFTs run on a grid of the smallest sizes ≥ the scene's whose factors are 2, 3 and 5
 * (JTransforms' fast radices; a size with a large prime factor, such as 4112 = 16·257, falls back to
 * Bluestein's algorithm, 2–3 times slower), the scene zero-padded at its far edges: the window stays
 * r away from the scene's edges, so the circular convolution on the grid never wraps into it and the
 * operator is the same. AAᵀ is one FFT pair per channel (the grid's |K|², of the window embedded in
 * zeros). Memory ({@link #workingBytes}): the grid's and the preconditioner's transfer functions, one
 * complex FFT buffer of a channel of the grid per call, and the CG's float vectors ({@link Tikhonov}).
 */
public final class ValidBlurOperator extends ImageOperator implements RegularisedInverse {

	/**
	 * The Tikhonov weight δ of {@link #pseudoInverse}: components the blur passes below √δ = 10⁻² are
	 * damped (a Gaussian σ = 2 px passes less than that only above 0.24 cycles/px); with a smaller δ the
	 * system is too ill-conditioned for {@link #MAX_ITERATIONS} iterations.
	 */
	public static final double DELTA = 1e-4;
	/** Conjugate-gradient stop: residual ‖(AAᵀ + δ)u − y‖ ≤ TOLERANCE·‖y‖. */
	public static final double TOLERANCE = 1e-4;
	/** Conjugate-gradient iteration cap. */
	public static final int MAX_ITERATIONS = 100;

	/** The PSF's circular convolution on the gh×gw FFT grid, which holds the scene at its top-left corner. */
	private final BlurOperator grid;
	/** CG's preconditioner on the measurement's H×W grid: AAᵀ with reflecting boundaries, or null where the PSF is too asymmetric for it (then {@link #circulant}). */
	private final NeumannNormal reflecting;
	/** The same PSF, periodic on the measurement's H×W grid: its (|K|² + δ)⁻¹ preconditions CG where {@link #reflecting} is null. */
	private final BlurOperator circulant;
	private final int mh, mw, top, left, gh, gw;
	private final String description;

	private ValidBlurOperator(int channels, int sceneHeight, int sceneWidth, Psf psf, int mh, int mw, int top, int left, String description) {
		super(channels, sceneHeight, sceneWidth);
		this.gh = fastSize(sceneHeight);
		this.gw = fastSize(sceneWidth);
		this.grid = BlurOperator.wrapped(1, gh, gw, psf, "FFT grid");
		this.reflecting = NeumannNormal.of(psf, mh, mw);
		this.circulant = reflecting != null ? null : BlurOperator.wrapped(1, mh, mw, psf, "preconditioner");
		this.mh = mh;
		this.mw = mw;
		this.top = top;
		this.left = left;
		this.description = description + (reflecting != null ? "reflecting" : "periodic") + " preconditioner)";
	}

	/** The smallest n′ ≥ n whose only prime factors are 2, 3 and 5. */
	static int fastSize(int n) {
		for (int m = n;; m++) {
			int r = m;
			for (int f : new int[] { 2, 3, 5 })
				while (r % f == 0)
					r /= f;
			if (r == 1) return m;
		}
	}

	/**
	 * The blur of a scene of sceneHeight×sceneWidth (each at least the measurement's plus 2r, r =
	 * {@link Psf#radius()}) measured on the centred window of height×width: top = (H′ − H)/2, left =
	 * (W′ − W)/2.
	 */
	public static ValidBlurOperator of(int channels, int height, int width, Psf psf, int sceneHeight, int sceneWidth) {
		Checks.imageSize(channels, height, width);
		psf.fits(height, width);
		int r = psf.radius();
		if (sceneHeight < height + 2 * r || sceneWidth < width + 2 * r)
			throw new IllegalArgumentException("the scene " + sceneHeight + "×" + sceneWidth + " must exceed the measured " + height + "×" + width
					+ " by the PSF radius " + r + " on every side");
		String what = psf.note().isEmpty() ? "blur" : "blur by a " + psf.height() + "×" + psf.width() + " PSF";
		return of(channels, height, width, psf, sceneHeight, sceneWidth, what);
	}

	/** The same with a given description of the PSF (e.g. "Gaussian blur (sigma 2 px"). */
	static ValidBlurOperator of(int channels, int height, int width, Psf psf, int sceneHeight, int sceneWidth, String what) {
		int top = (sceneHeight - height) / 2, left = (sceneWidth - width) / 2;
		String d = String.format(Locale.ROOT, "%s, valid boundaries: %d×%d measured inside a %d×%d scene; A† by CG (δ %.0e, tol %.0e, ≤ %d iterations, ",
				what, height, width, sceneHeight, sceneWidth, DELTA, TOLERANCE, MAX_ITERATIONS);
		psf.fits(sceneHeight, sceneWidth);
		return new ValidBlurOperator(channels, sceneHeight, sceneWidth, psf, height, width, top, left, d);
	}

	/** A Gaussian blur σ (radius ⌈4σ⌉) of the smallest scene: the measurement plus the radius on every side. */
	public static ValidBlurOperator gaussian(int channels, int height, int width, double sigma) {
		Psf k = Psf.gaussian(sigma, Integer.MAX_VALUE);
		int r = k.radius();
		return gaussian(channels, height, width, sigma, height + 2 * r, width + 2 * r);
	}

	/** A Gaussian blur σ of a sceneHeight×sceneWidth scene measured on its centred height×width window. */
	public static ValidBlurOperator gaussian(int channels, int height, int width, double sigma, int sceneHeight, int sceneWidth) {
		Checks.imageSize(channels, height, width);
		Psf k = Psf.gaussian(sigma, Integer.MAX_VALUE);
		int r = k.radius();
		if (sceneHeight < height + 2 * r || sceneWidth < width + 2 * r)
			throw new IllegalArgumentException("the scene " + sceneHeight + "×" + sceneWidth + " must exceed the measured " + height + "×" + width
					+ " by the PSF radius " + r + " on every side");
		return of(channels, height, width, k, sceneHeight, sceneWidth, String.format(Locale.ROOT, "Gaussian blur (sigma %g px)", sigma));
	}

	/** Measured rows H. */
	public int measuredHeight() {
		return mh;
	}

	/** Measured columns W. */
	public int measuredWidth() {
		return mw;
	}

	/** The window's first row in the scene. */
	public int top() {
		return top;
	}

	/** The window's first column in the scene. */
	public int left() {
		return left;
	}

	public Psf psf() {
		return grid.psf();
	}

	@Override
	public int measurementSize() {
		return channels * mh * mw;
	}

	@Override
	public void apply(double[] x, double[] y) {
		Checks.length("x", x, imageSize());
		Checks.length("y", y, measurementSize());
		double[] z = new double[2 * gh * gw];
		DoubleFFT_2D fft = new DoubleFFT_2D(gh, gw);
		for (int c = 0; c < channels; c++) {
			java.util.Arrays.fill(z, 0);
			for (int i = 0; i < height; i++)
				for (int j = 0, o = (c * height + i) * width; j < width; j++)
					z[2 * (i * gw + j)] = x[o + j];
			fft.complexForward(z);
			grid.multiply(BlurOperator.Filter.APPLY, z, 0);
			fft.complexInverse(z, true);
			int c0 = c * mh * mw;
			window(z, (k, v) -> y[c0 + k] = v);
		}
	}

	@Override
	public void adjoint(double[] y, double[] x) {
		Checks.length("y", y, measurementSize());
		Checks.length("x", x, imageSize());
		double[] z = new double[2 * gh * gw];
		DoubleFFT_2D fft = new DoubleFFT_2D(gh, gw);
		for (int c = 0; c < channels; c++) {
			int c0 = c * mh * mw;
			adjoint(k -> y[c0 + k], c, z, fft, x);
		}
	}

	/** Channel c of x = Aᵀv, v_c given by {@code v} (measurement index within the channel), through the FFT buffer z. */
	private void adjoint(IntToDoubleFunction v, int c, double[] z, DoubleFFT_2D fft, double[] x) {
		embed(v, z);
		fft.complexForward(z);
		grid.multiply(BlurOperator.Filter.ADJOINT, z, 0);
		fft.complexInverse(z, true);
		for (int i = 0; i < height; i++)
			for (int j = 0, o = (c * height + i) * width; j < width; j++)
				x[o + j] = z[2 * (i * gw + j)];
	}

	/** z ← the grid's zeros with v (one channel's H×W measurement) at the window, as real parts. */
	private void embed(IntToDoubleFunction v, double[] z) {
		java.util.Arrays.fill(z, 0);
		for (int i = 0; i < mh; i++)
			for (int j = 0, o = (top + i) * gw + left; j < mw; j++)
				z[2 * (o + j)] = v.applyAsDouble(i * mw + j);
	}

	/** The real parts of z at the window, handed out with their measurement index within the channel. */
	private void window(double[] z, IndexedValue out) {
		for (int i = 0; i < mh; i++)
			for (int j = 0, o = (top + i) * gw + left; j < mw; j++)
				out.put(i * mw + j, z[2 * (o + j)]);
	}

	private interface IndexedValue {
		void put(int k, double v);
	}

	/** A†y = Aᵀ(AAᵀ + δI)⁻¹y with δ = {@link #DELTA}, by conjugate gradients. */
	@Override
	public void pseudoInverse(double[] y, double[] x) {
		regularisedInverse(y, DELTA, x);
	}

	/**
	 * x = Aᵀ(AAᵀ + δI)⁻¹y (δ ≥ 0), the minimiser of ‖Ax − y‖² + δ‖x‖² (Tikhonov): conjugate gradients on
	 * (AAᵀ + δI)u = y from u = 0, preconditioned by (AAᵀ + max(δ, {@link #DELTA})I)⁻¹ with reflecting (or
	 * periodic) boundaries, at most {@link #MAX_ITERATIONS} iterations, to a residual of
	 * {@link #TOLERANCE}·‖y‖. Each iteration costs one FFT pair per channel on the grid (AAᵀ) and one DCT
	 * (or FFT) pair on the measurement (the preconditioner), in one FFT buffer allocated for the solve.
	 */
	@Override
	public void regularisedInverse(double[] y, double delta, double[] x) {
		Checks.length("y", y, measurementSize());
		Checks.length("x", x, imageSize());
		if (!(delta >= 0) || Double.isInfinite(delta)) throw new IllegalArgumentException("delta must be >= 0 and finite, got " + delta);
		double[] z = new double[2 * Math.max(gh * gw, mh * mw)];
		float[] u = solveNormal(y, delta, z, MAX_ITERATIONS);
		DoubleFFT_2D fft = new DoubleFFT_2D(gh, gw);
		for (int c = 0; c < channels; c++) {
			int c0 = c * mh * mw;
			adjoint(k -> u[c0 + k], c, z, fft, x);
		}
	}

	/**
	 * u with (AAᵀ + δI)u ≈ y by preconditioned conjugate gradients, at most {@code maxIterations}
	 * iterations, z the solve's FFT buffer (2·max(grid, measurement) doubles).
	 */
	float[] solveNormal(double[] y, double delta, double[] z, int maxIterations) {
		double pre = Math.max(delta, DELTA); // the preconditioner's own floor
		int plane = mh * mw;
		DoubleFFT_2D fft = new DoubleFFT_2D(gh, gw), small = reflecting == null ? new DoubleFFT_2D(mh, mw) : null;
		DoubleDCT_2D dct = reflecting != null ? reflecting.plan() : null;
		Tikhonov.Normal normal = (p, q) -> {
			for (int c = 0; c < channels; c++) {
				int c0 = c * plane;
				embed(k -> p[c0 + k], z);
				fft.complexForward(z);
				grid.multiply(BlurOperator.Filter.NORMAL, z, delta);
				fft.complexInverse(z, true);
				window(z, (k, v) -> q[c0 + k] = (float) v);
			}
		};
		Tikhonov.Preconditioner precondition = (r, out) -> {
			for (int c = 0, c0 = 0; c < channels; c++, c0 += plane) {
				if (reflecting != null) {
					for (int k = 0; k < plane; k++)
						z[k] = r[c0 + k];
					reflecting.multiply(z, pre, -1, dct);
					for (int k = 0; k < plane; k++)
						out[c0 + k] = (float) z[k];
					continue;
				}
				for (int k = 0; k < plane; k++) {
					z[2 * k] = r[c0 + k];
					z[2 * k + 1] = 0;
				}
				small.complexForward(z);
				circulant.multiply(BlurOperator.Filter.NORMAL_INVERSE, z, pre);
				small.complexInverse(z, true);
				for (int k = 0; k < plane; k++)
					out[c0 + k] = (float) z[2 * k];
			}
		};
		return Tikhonov.solve(y, normal, precondition, TOLERANCE, maxIterations);
	}

	/** Whether CG is preconditioned with reflecting boundaries (DCT), not periodic ones. */
	boolean reflectingPreconditioner() {
		return reflecting != null;
	}

	/**
	 * Bytes this operator holds and allocates at most in one call beyond its arguments: the
	 * transfer functions of the FFT grid and of the preconditioner, one complex FFT buffer of a
	 * channel of the grid, and {@link Tikhonov#VECTORS} float vectors of the measurement
	 * ({@link #regularisedInverse}; {@link #apply} and {@link #adjoint} need only the buffer).
	 */
	@Override
	public long workingBytes() {
		return grid.spectrumBytes() + (reflecting != null ? reflecting.bytes() : circulant.spectrumBytes()) + 16L * Math.max((long) gh * gw, (long) mh * mw)
				+ 4L * Tikhonov.VECTORS * measurementSize();
	}

	@Override
	public String describe() {
		return description;
	}
}
