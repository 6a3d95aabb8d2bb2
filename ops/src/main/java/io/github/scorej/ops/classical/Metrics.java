package io.github.scorej.ops.classical;

/**
 * Full-reference image-quality metrics of an image x against a reference image (C×H×W doubles, NCHW
 * with N = 1). Stateless and thread-safe.
 */
public final class Metrics {

	/** SSIM's Gaussian window: σ = 1.5 px, truncated at 3.5σ, so radius 5 and 11×11 taps. */
	public static final double SSIM_SIGMA = 1.5;
	public static final int SSIM_RADIUS = 5;
	/** SSIM's stabilising constants C₁ = (K₁L)², C₂ = (K₂L)², L the peak-to-peak range. */
	public static final double SSIM_K1 = 0.01, SSIM_K2 = 0.03;

	private Metrics() {}

	/** MSE = (1/n) Σ (x − ref)², over all n = C·H·W values. */
	public static double mse(double[] x, double[] ref) {
		return Images.mse(x, ref);
	}

	/**
	 * PSNR = 10·log₁₀(L² / MSE) in dB, L the peak-to-peak range of the data (2 for data in [−1, 1], 1
	 * for [0, 1], 255 for 8-bit), MSE over all values; +∞ for identical images. As skimage's
	 * {@code peak_signal_noise_ratio(ref, x, data_range=L)}.
	 */
	public static double psnr(double[] x, double[] ref, double peakToPeak) {
		if (!(peakToPeak > 0) || Double.isInfinite(peakToPeak))
			throw new IllegalArgumentException("peak-to-peak range must be > 0 and finite, got " + peakToPeak);
		return 10 * Math.log10(peakToPeak * peakToPeak / Images.mse(x, ref));
	}

	/**
	 * The structural similarity index of Wang, Bovik, Sheikh &amp; Simoncelli, "Image quality assessment:
	 * from error visibility to structural similarity", IEEE TIP 13(4), 2004, Eq. 13:
	 *
	 * <pre>
	 * SSIM(p) = (2 μx μy + C₁)(2 σxy + C₂) / ((μx² + μy² + C₁)(σx² + σy² + C₂))
	 * </pre>
	 *
	 * with local means, variances and covariance weighted by a normalised Gaussian window w (σ = 1.5 px,
	 * 11×11, Section III-C): μx = Σ w x, σx² = Σ w x² − μx², σxy = Σ w x y − μx μy (population, not
	 * sample, statistics), C₁ = (0.01 L)², C₂ = (0.03 L)², L = {@code peakToPeak}. The map is averaged
	 * over the pixels whose window lies inside the image (a 5-pixel border is left out) and then over
	 * the channels. This is skimage's {@code structural_similarity(x, ref, data_range=L,
	 * gaussian_weights=True, sigma=1.5, use_sample_covariance=False, channel_axis=0)}.
	 *
	 * @param c channels, h rows and w columns of both images; h and w must be at least 11
	 */
	public static double ssim(double[] x, double[] ref, int c, int h, int w, double peakToPeak) {
		Images.check("x", x, c, h, w);
		Images.check("reference", ref, c, h, w);
		if (!(peakToPeak > 0) || Double.isInfinite(peakToPeak))
			throw new IllegalArgumentException("peak-to-peak range must be > 0 and finite, got " + peakToPeak);
		int r = SSIM_RADIUS;
		if (h < 2 * r + 1 || w < 2 * r + 1)
			throw new IllegalArgumentException("SSIM needs an image of at least 11×11 pixels (its window), got " + h + "×" + w);
		double[] g = gaussianWeights(SSIM_SIGMA, r);
		double c1 = SSIM_K1 * peakToPeak * SSIM_K1 * peakToPeak, c2 = SSIM_K2 * peakToPeak * SSIM_K2 * peakToPeak;
		int n = h * w, ih = h - 2 * r, iw = w - 2 * r;
		double total = 0;
		for (int ch = 0; ch < c; ch++) {
			double[] a = new double[n], b = new double[n], aa = new double[n], bb = new double[n], ab = new double[n];
			for (int p = 0; p < n; p++) {
				double u = x[ch * n + p], v = ref[ch * n + p];
				a[p] = u;
				b[p] = v;
				aa[p] = u * u;
				bb[p] = v * v;
				ab[p] = u * v;
			}
			double[] mx = window(a, h, w, g), my = window(b, h, w, g);
			double[] mxx = window(aa, h, w, g), myy = window(bb, h, w, g), mxy = window(ab, h, w, g);
			double sum = 0;
			for (int p = 0; p < ih * iw; p++) {
				double vx = mxx[p] - mx[p] * mx[p], vy = myy[p] - my[p] * my[p], vxy = mxy[p] - mx[p] * my[p];
				sum += (2 * mx[p] * my[p] + c1) * (2 * vxy + c2) / ((mx[p] * mx[p] + my[p] * my[p] + c1) * (vx + vy + c2));
			}
			total += sum / (ih * iw);
		}
		return total / c;
	}

	/** exp(−k²/2σ²) for k = −r … r, normalised to sum 1. */
	static double[] gaussianWeights(double sigma, int r) {
		double[] g = new double[2 * r + 1];
		double sum = 0;
		for (int k = -r; k <= r; k++)
			sum += g[k + r] = Math.exp(-k * k / (2 * sigma * sigma));
		for (int k = 0; k < g.length; k++)
			g[k] /= sum;
		return g;
	}

	/**
	 * The separable weighted window sum Σ_{a,b} g[a] g[b] z[i + a, j + b] at the (h − 2r)×(w − 2r)
	 * pixels whose window lies inside the image, in raster order of that interior.
	 */
	private static double[] window(double[] z, int h, int w, double[] g) {
		int r = g.length / 2, iw = w - 2 * r, ih = h - 2 * r;
		double[] rows = new double[h * iw];
		for (int i = 0; i < h; i++)
			for (int j = 0; j < iw; j++) {
				double s = 0;
				for (int k = 0; k < g.length; k++)
					s += g[k] * z[i * w + j + k];
				rows[i * iw + j] = s;
			}
		double[] out = new double[ih * iw];
		for (int i = 0; i < ih; i++)
			for (int j = 0; j < iw; j++) {
				double s = 0;
				for (int k = 0; k < g.length; k++)
					s += g[k] * rows[(i + k) * iw + j];
				out[i * iw + j] = s;
			}
		return out;
	}
}
