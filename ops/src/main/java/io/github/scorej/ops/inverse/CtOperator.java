package io.github.scorej.ops.inverse;

import org.jtransforms.fft.DoubleFFT_1D;

import java.util.Arrays;
import java.util.Optional;

/**
 * Sparse-view parallel-beam CT: y = R x, the Radon transform p(θ, t) = ∫ x(t·e_θ + s·e_θ⊥) ds of each
 * channel at n angles θ_a = π·a/n, a = 0 … n−1 (equispaced over [0, π)), on a detector of
 * {@link #bins()} unit-spaced bins t_b = b − (bins − 1)/2 (default ⌈√2·max(H, W)⌉, so that every
 * ray through the image is seen). Pixel centres sit at (j − (W−1)/2, i − (H−1)/2), e_θ =
 * (cos θ, sin θ) in (column, row) coordinates. y is C×n×bins, angle after angle.
 *
 * <p>The projector is ray-driven: each ray is sampled at unit steps s_m = m − (bins − 1)/2 and the
 * image is read there by bilinear interpolation (0 outside the image); Aᵀ, the back-projection,
 * spreads each sinogram value back with the same bilinear weights, so it is the exact transpose.
 *
 * <p>A† is filtered back-projection (Kak &amp; Slaney, <i>Principles of Computerized Tomographic
 * Imaging</i>, ch. 3): each projection is convolved, through a zero-padded FFT along the detector,
 * with the Ram-Lak kernel built in real space, h(0) = 1/4, h(odd k) = −1/(πk)², h(even k) = 0
 * (Eq. 61), optionally times the Shepp-Logan window sin(ω)/ω; the filtered projections are
 * back-projected pixel by pixel with linear interpolation and scaled by π/n.
 *
 * <p>Masked transform: T = the Radon transform at {@link #fullAngles()} = k·n equispaced angles,
 * of which the measured ones are every k-th (θ_a = π·(k·a)/(k·n), computed from the same table,
 * so Λ T x = A x exactly); T⁻¹ = the filtered back-projection of that full-angle sinogram (an
 * approximate inverse: exact only in the limit of many angles and band-limited images); Λ = the
 * measured angles.
 *
 * <p>What follows yang-song/score_inverse_problems ({@code transforms/radon.py}, {@code cs.py}):
 * the detector of ⌈√2·size⌉ bins (their {@code pad_image}), sparse views as rows of a full-angle
 * sinogram whose default number of angles is the image size ({@code get_ct_subsampling_mask}),
 * the Ram-Lak filter computed from its real-space kernel and the π/n scale of {@code iradon_transform}.
 * What differs: a real-space bilinear projector instead of their NUFFT, so that the back-projection
 * is the exact adjoint, and measured angles that are exactly every k-th full angle instead of
 * {@code round(linspace(0, size − 1, n))}. Immutable and safe to share.
 */
public final class CtOperator extends ImageOperator {

	/** The window applied to the ramp filter of {@link #pseudoInverse}. */
	public enum Filter {
		RAM_LAK, SHEPP_LOGAN
	}

	private final int angles, fullAngles, bins;
	private final Filter filter;
	/** cos θ, sin θ of the full-angle table θ_i = π·i/fullAngles. */
	private final double[] cos, sin;
	/** The ramp filter's frequency response on the padded detector (length pad). */
	private final double[] ramp;
	private final int pad;

	private CtOperator(int channels, int height, int width, int angles, int fullAngles, int bins, Filter filter) {
		super(channels, height, width);
		this.angles = angles;
		this.fullAngles = fullAngles;
		this.bins = bins;
		this.filter = filter;
		cos = new double[fullAngles];
		sin = new double[fullAngles];
		for (int i = 0; i < fullAngles; i++) {
			cos[i] = Math.cos(Math.PI * i / fullAngles);
			sin[i] = Math.sin(Math.PI * i / fullAngles);
		}
		pad = Integer.highestOneBit(Math.max(64, 2 * bins - 1)) << 1;
		ramp = rampFilter(pad, filter);
	}

	/** n measured angles, the default detector and full-angle count, Ram-Lak filter. */
	public static CtOperator sparseView(int channels, int height, int width, int angles) {
		if (angles < 1) throw new IllegalArgumentException("angles must be >= 1, got " + angles);
		int size = Math.max(height, width);
		int full = angles * Math.max(1, (size + angles - 1) / angles);
		return of(channels, height, width, angles, full, defaultBins(height, width), Filter.RAM_LAK);
	}

	/**
	 * @param angles n, the measured angles π·a/n
	 * @param fullAngles the angles of the masked transform's full sinogram, a multiple of n
	 * @param bins detector bins (unit spacing, centred)
	 */
	public static CtOperator of(int channels, int height, int width, int angles, int fullAngles, int bins, Filter filter) {
		Checks.imageSize(channels, height, width);
		if (angles < 1) throw new IllegalArgumentException("angles must be >= 1, got " + angles);
		if (fullAngles < angles || fullAngles % angles != 0)
			throw new IllegalArgumentException("full angles " + fullAngles + " is not a multiple of the " + angles + " measured angles");
		if (bins < 1) throw new IllegalArgumentException("detector bins must be >= 1, got " + bins);
		return new CtOperator(channels, height, width, angles, fullAngles, bins, filter);
	}

	/** ⌈√2·max(H, W)⌉: the detector that sees every ray through the image. */
	public static int defaultBins(int height, int width) {
		return (int) Math.ceil(Math.sqrt(2) * Math.max(height, width));
	}

	/** The ramp filter's response: the DFT of the real-space Ram-Lak kernel (Kak &amp; Slaney Eq. 61) on n points. */
	private static double[] rampFilter(int n, Filter filter) {
		double[] h = new double[2 * n];
		h[0] = 0.25;
		for (int k = 1; k < n / 2; k += 2) {
			double v = -1 / (Math.PI * k * Math.PI * k);
			h[2 * k] = v;
			h[2 * (n - k)] = v;
		}
		new DoubleFFT_1D(n).complexForward(h);
		double[] g = new double[n];
		for (int k = 0; k < n; k++) {
			g[k] = h[2 * k];
			if (filter == Filter.SHEPP_LOGAN && k != 0) {
				double w = Math.PI * (k <= n / 2 ? k : k - n) / n;
				g[k] *= Math.sin(w) / w;
			}
		}
		return g;
	}

	public int angles() {
		return angles;
	}

	public int fullAngles() {
		return fullAngles;
	}

	public int bins() {
		return bins;
	}

	/** θ_a = π·a/n in radians. */
	public double angle(int a) {
		return Math.PI * a / angles;
	}




	@Override
	public int measurementSize() {
		return channels * angles * bins;
	}

	/**
	 * Checks that a user sinogram (C×angles×bins values, angle after angle) fits this operator,
	 * naming what differs.
	 */
	public void checkSinogram(double[] sinogram, int sinogramAngles, int sinogramBins) {
		if (sinogramAngles != angles)
			throw new IllegalArgumentException("sinogram has " + sinogramAngles + " angles, the operator " + angles);
		if (sinogramBins != bins)
			throw new IllegalArgumentException("sinogram has " + sinogramBins + " detector bins, the operator " + bins);
		if (sinogram.length != measurementSize())
			throw new IllegalArgumentException("sinogram has " + sinogram.length + " values, " + channels + "×" + angles + "×" + bins
					+ " (C×angles×bins) needs " + measurementSize());
	}

	@Override
	public void apply(double[] x, double[] y) {
		Checks.length("x", x, imageSize());
		Checks.length("y", y, measurementSize());
		radon(x, y, angles, fullAngles / angles, false);
	}

	/** Back-projection with the projector's bilinear weights: the exact transpose of {@link #apply}. */
	@Override
	public void adjoint(double[] y, double[] x) {
		Checks.length("y", y, measurementSize());
		Checks.length("x", x, imageSize());
		Arrays.fill(x, 0);
		radon(x, y, angles, fullAngles / angles, true);
	}

	/** Filtered back-projection of the n measured angles (see the class comment). */
	@Override
	public void pseudoInverse(double[] y, double[] x) {
		Checks.length("y", y, measurementSize());
		Checks.length("x", x, imageSize());
		fbp(y, x, angles, fullAngles / angles);
	}

	/**
	 * Ray-driven projection at the angles θ = table[step·a], a &lt; n: sino += R img, or, when
	 * {@code transpose}, img += Rᵀ sino.
	 */
	private void radon(double[] img, double[] sino, int n, int step, boolean transpose) {
		int plane = height * width;
		double half = (bins - 1) / 2.0, cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
		for (int c = 0; c < channels; c++)
			for (int a = 0; a < n; a++) {
				double ct = cos[a * step], st = sin[a * step];
				for (int b = 0; b < bins; b++) {
					int out = (c * n + a) * bins + b;
					double t = b - half, sum = 0, g = transpose ? sino[out] : 0;
					for (int m = 0; m < bins; m++) {
						double s = m - half;
						double u = t * ct - s * st + cx, v = t * st + s * ct + cy;
						if (u <= -1 || v <= -1 || u >= width || v >= height) continue;
						int j0 = (int) Math.floor(u), i0 = (int) Math.floor(v);
						double fu = u - j0, fv = v - i0;
						for (int di = 0; di < 2; di++) {
							int i = i0 + di;
							if (i < 0 || i >= height) continue;
							double wv = di == 0 ? 1 - fv : fv;
							for (int dj = 0; dj < 2; dj++) {
								int j = j0 + dj;
								if (j < 0 || j >= width) continue;
								double w = wv * (dj == 0 ? 1 - fu : fu);
								int p = c * plane + i * width + j;
								if (transpose) img[p] += w * g;
								else sum += w * img[p];
							}
						}
					}
					if (!transpose) sino[out] = sum;
				}
			}
	}

	/** Filtered back-projection of a C×n×bins sinogram at the angles table[step·a]. */
	private void fbp(double[] sino, double[] img, int n, int step) {
		int plane = height * width;
		double half = (bins - 1) / 2.0, cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
		DoubleFFT_1D fft = new DoubleFFT_1D(pad);
		double[] q = new double[n * bins], z = new double[2 * pad];
		for (int c = 0; c < channels; c++) {
			for (int a = 0; a < n; a++) {
				Arrays.fill(z, 0);
				for (int b = 0; b < bins; b++)
					z[2 * b] = sino[(c * n + a) * bins + b];
				fft.complexForward(z);
				for (int k = 0; k < pad; k++) {
					z[2 * k] *= ramp[k];
					z[2 * k + 1] *= ramp[k];
				}
				fft.complexInverse(z, true);
				for (int b = 0; b < bins; b++)
					q[a * bins + b] = z[2 * b];
			}
			for (int i = 0; i < height; i++)
				for (int j = 0; j < width; j++) {
					double x = j - cx, y = i - cy, sum = 0;
					for (int a = 0; a < n; a++) {
						double u = x * cos[a * step] + y * sin[a * step] + half;
						int b0 = (int) Math.floor(u);
						double f = u - b0;
						if (b0 >= 0 && b0 < bins) sum += (1 - f) * q[a * bins + b0];
						if (b0 + 1 >= 0 && b0 + 1 < bins) sum += f * q[a * bins + b0 + 1];
					}
					img[c * plane + i * width + j] = Math.PI / n * sum;
				}
		}
	}

	@Override
	public Optional<MaskedTransform> maskedTransform() {
		int k = fullAngles / angles, size = channels * fullAngles * bins;
		boolean[] lambda = new boolean[size];
		for (int c = 0; c < channels; c++)
			for (int a = 0; a < fullAngles; a += k)
				Arrays.fill(lambda, (c * fullAngles + a) * bins, (c * fullAngles + a + 1) * bins, true);
		return Optional.of(new MaskedTransform() {

			@Override
			public int transformSize() {
				return size;
			}

			@Override
			public boolean[] mask() {
				return lambda.clone();
			}

			@Override
			public void forward(double[] x, double[] t) {
				Checks.length("x", x, imageSize());
				Checks.length("full sinogram", t, size);
				radon(x, t, fullAngles, 1, false);
			}

			@Override
			public void inverse(double[] t, double[] x) {
				Checks.length("full sinogram", t, size);
				Checks.length("x", x, imageSize());
				fbp(t, x, fullAngles, 1);
			}
		});
	}

	@Override
	public String describe() {
		return String.format("sparse-view CT (%d of %d angles over [0, π), %d bins, parallel beam, %s FBP)", angles, fullAngles, bins,
				filter == Filter.RAM_LAK ? "Ram-Lak" : "Shepp-Logan");
	}
}
