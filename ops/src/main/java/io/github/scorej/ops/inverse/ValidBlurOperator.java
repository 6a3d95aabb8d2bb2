package io.github.scorej.ops.inverse;

import java.util.Locale;

/**
 * y = S(k ⊛ x): what a camera records. The scene x is an unknown C×H′×W′ image larger than the
 * C×H×W measurement y, which is the window S of its blur at rows top … top+H−1 and columns left …
 * left+W−1 (y[i, j] = Σ_{a,b} k[a, b]·x[top + i − a + ci, left + j − b + cj], {@link Psf}). The window
 * keeps at least the PSF's radius r from every edge of the scene, so that the circular convolution
 * on the H′×W′ grid (JTransforms, through {@link BlurOperator}) never wraps into it: this is the
 * <b>valid</b> part of the linear convolution, and the image's borders are blurred with the unknown
 * scene beyond them, as ImageJ's Gaussian Blur, scipy's {@code gaussian_filter} and an optical system
 * blur them (whatever boundary rule they use: the pixels outside are not measured). No periodic or
 * mirror assumption is made; the prior fills the margin.
 *
 * <p>Aᵀ embeds y in zeros at the window and correlates with k. A† is the Tikhonov-regularised
 * minimum-norm inverse A†_δ y = Aᵀ(AAᵀ + δI)⁻¹y, the system solved by conjugate gradients on the H×W
 * measurement grid (AAᵀ is symmetric positive semi-definite), preconditioned by the inverse of the
 * circulant (periodic) AAᵀ + δI on that grid, started at 0, stopped when the residual is below {@link #TOLERANCE}·‖y‖ or after {@link #MAX_ITERATIONS} iterations;
 * {@link #pseudoInverse} uses δ = {@link #DELTA}, {@link #regularisedInverse} any δ (DDNM+ ties it to
 * σ_y). There is no closed-form SVD, so DDRM does not run on this operator. Immutable and safe to share.
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

	private final BlurOperator blur;
	/** The same PSF, periodic on the measurement's H×W grid: its (|K|² + δ)⁻¹ preconditions CG. */
	private final BlurOperator circulant;
	private final int mh, mw, top, left;
	private final String description;

	private ValidBlurOperator(BlurOperator blur, int mh, int mw, int top, int left, String description) {
		super(blur.channels(), blur.height(), blur.width());
		this.blur = blur;
		this.circulant = BlurOperator.wrapped(blur.channels(), mh, mw, blur.psf(), "preconditioner");
		this.mh = mh;
		this.mw = mw;
		this.top = top;
		this.left = left;
		this.description = description;
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
		String d = String.format(Locale.ROOT, "%s, valid boundaries: %d×%d measured inside a %d×%d scene; A† by preconditioned CG (δ %.0e, tol %.0e, ≤ %d iterations)",
				what, height, width, sceneHeight, sceneWidth, DELTA, TOLERANCE, MAX_ITERATIONS);
		return new ValidBlurOperator(BlurOperator.of(channels, sceneHeight, sceneWidth, psf, what), height, width, top, left, d);
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
		return blur.psf();
	}

	@Override
	public int measurementSize() {
		return channels * mh * mw;
	}

	@Override
	public void apply(double[] x, double[] y) {
		Checks.length("x", x, imageSize());
		Checks.length("y", y, measurementSize());
		double[] full = new double[imageSize()];
		blur.apply(x, full);
		for (int c = 0; c < channels; c++)
			for (int i = 0; i < mh; i++)
				System.arraycopy(full, (c * height + top + i) * width + left, y, (c * mh + i) * mw, mw);
	}

	@Override
	public void adjoint(double[] y, double[] x) {
		Checks.length("y", y, measurementSize());
		Checks.length("x", x, imageSize());
		double[] full = new double[imageSize()];
		for (int c = 0; c < channels; c++)
			for (int i = 0; i < mh; i++)
				System.arraycopy(y, (c * mh + i) * mw, full, (c * height + top + i) * width + left, mw);
		blur.adjoint(full, x);
	}

	/** A†y = Aᵀ(AAᵀ + δI)⁻¹y with δ = {@link #DELTA}, by conjugate gradients. */
	@Override
	public void pseudoInverse(double[] y, double[] x) {
		regularisedInverse(y, DELTA, x);
	}

	/**
	 * x = Aᵀ(AAᵀ + δI)⁻¹y (δ ≥ 0), the minimiser of ‖Ax − y‖² + δ‖x‖² (Tikhonov): conjugate gradients on
	 * (AAᵀ + δI)u = y from u = 0, preconditioned by the periodic blur's (|K|² + max(δ, {@link #DELTA}))⁻¹, at most {@link #MAX_ITERATIONS} iterations, to a residual of
	 * {@link #TOLERANCE}·‖y‖. Each iteration costs one A and one Aᵀ (two FFT pairs per channel on the scene).
	 */
	@Override
	public void regularisedInverse(double[] y, double delta, double[] x) {
		Checks.length("y", y, measurementSize());
		Checks.length("x", x, imageSize());
		if (!(delta >= 0) || Double.isInfinite(delta)) throw new IllegalArgumentException("delta must be >= 0 and finite, got " + delta);
		double pre = Math.max(delta, DELTA); // the circulant preconditioner's own floor
		Tikhonov.solve(this, y, delta, (r, z) -> circulant.normalInverse(r, pre, z), TOLERANCE, MAX_ITERATIONS, x);
	}

	@Override
	public String describe() {
		return description;
	}
}
