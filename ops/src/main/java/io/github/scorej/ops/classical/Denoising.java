package io.github.scorej.ops.classical;

import java.util.Arrays;

/**
 * Classical denoising filters, per channel, with a <b>mirror</b> boundary: the image is reflected about
 * its edges with the edge pixel repeated (d c b a | a b c d | d c b a; scipy.ndimage's mode
 * {@code 'reflect'}, MATLAB's {@code 'symmetric'}). Stateless and thread-safe.
 */
public final class Denoising {

	/** The Gaussian kernel is cut at TRUNCATE·σ (radius ⌊TRUNCATE·σ + ½⌋, as scipy.ndimage.gaussian_filter). */
	public static final double TRUNCATE = 4;

	private Denoising() {}

	/**
	 * Gaussian smoothing, the separable convolution
	 *
	 * <pre>
	 * X[i, j] = Σ_{a,b} g[a] g[b] x[mirror(i − a), mirror(j − b)],  g[k] ∝ exp(−k²/2σ²), |k| ≤ ⌊4σ + ½⌋, Σ g = 1
	 * </pre>
	 *
	 * (scipy.ndimage.gaussian_filter(x, σ, mode='reflect') on each channel). σ = 0 returns a copy.
	 * Cost O(C·H·W·σ).
	 *
	 * @param sigma standard deviation in pixels, ≥ 0
	 */
	public static double[] gaussianFilter(double[] x, int c, int h, int w, double sigma) {
		Images.check("image", x, c, h, w);
		if (!(sigma >= 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("sigma must be >= 0 and finite, got " + sigma);
		if (sigma == 0) return x.clone();
		int r = (int) (TRUNCATE * sigma + 0.5);
		double[] g = Metrics.gaussianWeights(sigma, r);
		int n = h * w;
		double[] rows = new double[n], out = new double[x.length];
		for (int ch = 0; ch < c; ch++) {
			int off = ch * n;
			for (int i = 0; i < h; i++)
				for (int j = 0; j < w; j++) {
					double s = 0;
					for (int k = -r; k <= r; k++)
						s += g[k + r] * x[off + i * w + Images.mirror(j + k, w)];
					rows[i * w + j] = s;
				}
			for (int i = 0; i < h; i++)
				for (int j = 0; j < w; j++) {
					double s = 0;
					for (int k = -r; k <= r; k++)
						s += g[k + r] * rows[Images.mirror(i + k, h) * w + j];
					out[off + i * w + j] = s;
				}
		}
		return out;
	}

	/**
	 * The median over the (2r+1)×(2r+1) square around each pixel (Tukey's running median; as
	 * scipy.ndimage.median_filter(x, size=2r+1, mode='reflect') on each channel). r = 0 returns a copy.
	 * Cost O(C·H·W·r²·log r).
	 *
	 * @param radius r ≥ 0 in pixels
	 */
	public static double[] medianFilter(double[] x, int c, int h, int w, int radius) {
		Images.check("image", x, c, h, w);
		if (radius < 0) throw new IllegalArgumentException("radius must be >= 0, got " + radius);
		int size = 2 * radius + 1, n = h * w;
		double[] window = new double[size * size], out = new double[x.length];
		for (int ch = 0; ch < c; ch++) {
			int off = ch * n;
			for (int i = 0; i < h; i++)
				for (int j = 0; j < w; j++) {
					int q = 0;
					for (int a = -radius; a <= radius; a++)
						for (int b = -radius; b <= radius; b++)
							window[q++] = x[off + Images.mirror(i + a, h) * w + Images.mirror(j + b, w)];
					Arrays.sort(window);
					out[off + i * w + j] = window[window.length / 2];
				}
		}
		return out;
	}

	/**
	 * The Gaussian filter with σ chosen from {@code sigmaGrid} by the smallest error to the ground truth:
	 * an <b>oracle</b> choice, which no user can make, so that the baseline is as strong as it can be in
	 * a benchmark.
	 */
	public static Classical.Best bestGaussian(double[] noisy, double[] truth, int c, int h, int w, double[] sigmaGrid) {
		Images.check("truth", truth, c, h, w);
		if (sigmaGrid.length == 0) throw new IllegalArgumentException("sigma grid is empty");
		Classical.Best best = null;
		for (double sigma : sigmaGrid) {
			double[] x = gaussianFilter(noisy, c, h, w, sigma);
			double mse = Images.mse(x, truth);
			if (best == null || mse < best.mse()) best = new Classical.Best("Gaussian filter", "sigma", sigma, x, mse);
		}
		return best;
	}

	/**
	 * The median filter with the radius chosen from {@code radii} by the smallest error to the ground
	 * truth: an <b>oracle</b> choice (see {@link #bestGaussian}).
	 */
	public static Classical.Best bestMedian(double[] noisy, double[] truth, int c, int h, int w, int[] radii) {
		Images.check("truth", truth, c, h, w);
		if (radii.length == 0) throw new IllegalArgumentException("radius grid is empty");
		Classical.Best best = null;
		for (int r : radii) {
			double[] x = medianFilter(noisy, c, h, w, r);
			double mse = Images.mse(x, truth);
			if (best == null || mse < best.mse()) best = new Classical.Best("median filter", "radius", r, x, mse);
		}
		return best;
	}
}
