package io.github.scorej.ops.inverse;

import java.util.Locale;

/**
 * A point-spread function k of {@code height}×{@code width} values (row-major), normalised to Σ k = 1,
 * with its centre (the pixel that lands on the output pixel): y[i, j] = Σ_{a,b} k[a, b]·x[i − a + ci,
 * j − b + cj]. A measured PSF is centred by its centroid (Σ a·k[a, b], Σ b·k[a, b]) rounded to the
 * nearest pixel, so that an off-centre bead image does not shift the restoration.
 *
 * @param values the normalised values (Σ = 1)
 * @param height rows
 * @param width columns
 * @param centreRow ci
 * @param centreCol cj
 * @param note what was done to a user PSF (for the output's Info), empty for a Gaussian
 */
public record Psf(double[] values, int height, int width, int centreRow, int centreCol, String note) {

	/**
	 * A Gaussian exp(−r²/2σ²), σ in pixels, on a square support of radius ⌈4σ⌉ (at most {@code maxRadius}),
	 * normalised to sum 1 and centred.
	 */
	public static Psf gaussian(double sigma, int maxRadius) {
		if (!(sigma > 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("sigma must be > 0 and finite, got " + sigma);
		int r = (int) Math.max(0, Math.min(Math.ceil(4 * sigma), maxRadius));
		int n = 2 * r + 1;
		double[] k = new double[n * n];
		double sum = 0;
		for (int a = 0; a < n; a++)
			for (int b = 0; b < n; b++)
				sum += k[a * n + b] = Math.exp(-((a - r) * (a - r) + (b - r) * (b - r)) / (2 * sigma * sigma));
		for (int p = 0; p < k.length; p++)
			k[p] /= sum;
		return new Psf(k, n, n, r, r, "");
	}

	/**
	 * A user PSF: refuses an empty, non-finite, negative or all-zero one; normalises it to sum 1 and
	 * centres it at its centroid (rounded).
	 */
	public static Psf of(double[] psf, int psfHeight, int psfWidth) {
		if (psf.length == 0 || psfHeight < 1 || psfWidth < 1) throw new IllegalArgumentException("PSF is empty");
		if (psf.length != psfHeight * psfWidth)
			throw new IllegalArgumentException("PSF has " + psf.length + " values, not " + psfHeight + "×" + psfWidth);
		double sum = 0, ci = 0, cj = 0;
		for (int p = 0; p < psf.length; p++) {
			if (!Double.isFinite(psf[p]))
				throw new IllegalArgumentException("PSF has a non-finite value " + psf[p] + " at (" + p / psfWidth + ", " + p % psfWidth + ")");
			if (psf[p] < 0)
				throw new IllegalArgumentException("PSF has a negative value " + psf[p] + " at (" + p / psfWidth + ", " + p % psfWidth
						+ "): subtract the background and clip at 0 first");
			sum += psf[p];
			ci += psf[p] * (p / psfWidth);
			cj += psf[p] * (p % psfWidth);
		}
		if (!(sum > 0)) throw new IllegalArgumentException("PSF sum must be positive, got " + sum);
		double[] k = new double[psf.length];
		for (int p = 0; p < k.length; p++)
			k[p] = psf[p] / sum;
		ci /= sum;
		cj /= sum;
		int ri = (int) Math.round(ci), rj = (int) Math.round(cj);
		String note = String.format(Locale.ROOT, "%d×%d PSF normalised to sum 1 (its sum was %.6g), centred at its centroid (row %.2f, column %.2f) → pixel (%d, %d)",
				psfHeight, psfWidth, sum, ci, cj, ri, rj);
		return new Psf(k, psfHeight, psfWidth, ri, rj, note);
	}

	/** The rows above and below and columns left and right of an output pixel that it sees: max(ci, h−1−ci, cj, w−1−cj). */
	public int radius() {
		return Math.max(Math.max(centreRow, height - 1 - centreRow), Math.max(centreCol, width - 1 - centreCol));
	}

	/** Refuses a PSF larger than an image of height×width. */
	void fits(int imageHeight, int imageWidth) {
		if (height > imageHeight || width > imageWidth)
			throw new IllegalArgumentException("PSF " + height + "×" + width + " is larger than the image " + imageHeight + "×" + imageWidth);
	}
}
