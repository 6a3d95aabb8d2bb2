package io.github.scorej.ops.classical;

import io.github.scorej.ops.inverse.SuperResolutionOperator;

/** Classical super-resolution: bicubic interpolation aligned with box-average downsampling. Stateless and thread-safe. */
public final class Upsampling {

	/** Keys' free parameter; −0.5 makes cubic convolution third-order accurate (it reproduces quadratics). */
	public static final double KEYS_A = -0.5;

	private Upsampling() {}

	/** Bicubic upsampling of a measurement y of {@code op} (its C×(H/f)×(W/f) block means) to C×H×W. */
	public static double[] bicubic(SuperResolutionOperator op, double[] y) {
		return bicubic(y, op.channels(), op.height() / op.factor(), op.width() / op.factor(), op.factor());
	}

	/**
	 * Separable cubic convolution (Keys, "Cubic convolution interpolation for digital image processing",
	 * IEEE TASSP 29(6), 1981) with a = −0.5:
	 *
	 * <pre>
	 * W(s) = (a+2)|s|³ − (a+3)|s|² + 1        for |s| ≤ 1
	 *      = a|s|³ − 5a|s|² + 8a|s| − 4a       for 1 &lt; |s| &lt; 2,   0 otherwise,
	 * X[I, J] = Σ_{i,j} W(u − i) W(v − j) x[clamp(i), clamp(j)],  u = (I + ½)/f − ½,  v = (J + ½)/f − ½,
	 * </pre>
	 *
	 * so each low-res sample sits at the centre of the f×f block it was averaged from (the block means of
	 * {@link SuperResolutionOperator}; the half-pixel convention of Pillow and OpenCV), and indices are
	 * clamped to the image (edge replication). Reproduces linear (and quadratic) functions wherever no
	 * clamping occurs. Away from the borders this is Pillow's {@code BICUBIC} upsampling (same kernel,
	 * checked in the tests), which renormalises the cut kernel at the borders instead of clamping;
	 * OpenCV's {@code INTER_CUBIC} uses a = −0.75. Cost O(C·H·W).
	 *
	 * @param lowRes C×h×w values
	 * @return C×(f·h)×(f·w) values
	 */
	public static double[] bicubic(double[] lowRes, int c, int h, int w, int factor) {
		Images.check("low-resolution image", lowRes, c, h, w);
		if (factor < 1) throw new IllegalArgumentException("factor must be >= 1, got " + factor);
		int hh = h * factor, ww = w * factor;
		double[][] rowW = weights(hh, factor), colW = weights(ww, factor);
		int[][] rowI = taps(hh, factor, h), colI = taps(ww, factor, w);
		double[] rows = new double[hh * w], out = new double[c * hh * ww];
		for (int ch = 0; ch < c; ch++) {
			int lo = ch * h * w;
			for (int i = 0; i < hh; i++)
				for (int j = 0; j < w; j++) {
					double s = 0;
					for (int k = 0; k < 4; k++)
						s += rowW[i][k] * lowRes[lo + rowI[i][k] * w + j];
					rows[i * w + j] = s;
				}
			int hi = ch * hh * ww;
			for (int i = 0; i < hh; i++)
				for (int j = 0; j < ww; j++) {
					double s = 0;
					for (int k = 0; k < 4; k++)
						s += colW[j][k] * rows[i * w + colI[j][k]];
					out[hi + i * ww + j] = s;
				}
		}
		return out;
	}

	/** Keys' kernel W(s). */
	static double keys(double s) {
		double a = KEYS_A, t = Math.abs(s);
		if (t <= 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
		if (t < 2) return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a;
		return 0;
	}

	/** The source coordinate u = (I + ½)/f − ½ of output index I. */
	private static double source(int index, int factor) {
		return (index + 0.5) / factor - 0.5;
	}

	/** The 4 weights W(u − i), i = ⌊u⌋ − 1 … ⌊u⌋ + 2, of each output index. */
	private static double[][] weights(int n, int factor) {
		double[][] wt = new double[n][4];
		for (int index = 0; index < n; index++) {
			double u = source(index, factor);
			int base = (int) Math.floor(u) - 1;
			for (int k = 0; k < 4; k++)
				wt[index][k] = keys(u - (base + k));
		}
		return wt;
	}

	/** The 4 source indices ⌊u⌋ − 1 … ⌊u⌋ + 2 of each output index, clamped to [0, size). */
	private static int[][] taps(int n, int factor, int size) {
		int[][] t = new int[n][4];
		for (int index = 0; index < n; index++) {
			int base = (int) Math.floor(source(index, factor)) - 1;
			for (int k = 0; k < 4; k++)
				t[index][k] = Math.min(Math.max(base + k, 0), size - 1);
		}
		return t;
	}
}
