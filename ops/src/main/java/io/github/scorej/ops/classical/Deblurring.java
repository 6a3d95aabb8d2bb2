package io.github.scorej.ops.classical;

import io.github.scorej.ops.inverse.BlurOperator;
import io.github.scorej.ops.inverse.Psf;
import io.github.scorej.ops.inverse.ValidBlurOperator;


/**
 * Classical deconvolution for the blur y = k ⊛ x of a {@link BlurOperator}: the same normalised PSF and
 * the same <b>periodic</b> boundary, so that a baseline and a diffusion method restore the same
 * measurement. For a blur with valid boundaries ({@link ValidBlurOperator}), {@link #bestMirrored}
 * runs them on the measurement mirror-padded to the scene, the usual way to keep a periodic
 * deconvolution from ringing at the edges. Stateless and thread-safe (every call makes its own FFT plan).
 */
public final class Deblurring {

	private Deblurring() {}

	/**
	 * The Wiener filter for white signal and noise spectra (Wiener 1949; Gonzalez &amp; Woods, <i>Digital
	 * Image Processing</i>, §5.8), per channel in the 2-D DFT domain:
	 *
	 * <pre>
	 * x̂(κ) = K̄(κ) ŷ(κ) / (|K(κ)|² + nsr)
	 * </pre>
	 *
	 * K the blur's transfer function, nsr = σ_noise²/σ_signal² ≥ 0 (a Tikhonov weight; 0 gives the plain
	 * inverse filter, with 0 where K vanishes). Cost O(C·HW·log HW).
	 */
	public static double[] wiener(BlurOperator op, double[] blurred, double nsr) {
		check(op, blurred);
		double[] x = new double[blurred.length];
		op.wiener(blurred, nsr, x);
		return x;
	}

	/**
	 * The Wiener filter with the regulariser nsr chosen from {@code nsrGrid} by the smallest error to the
	 * ground truth: an <b>oracle</b> choice, which no user can make, so that the baseline is as strong as
	 * it can be in a benchmark.
	 */
	public static Classical.Best bestWiener(BlurOperator op, double[] blurred, double[] truth, double[] nsrGrid) {
		check(op, blurred);
		check(op, truth);
		if (nsrGrid.length == 0) throw new IllegalArgumentException("nsr grid is empty");
		Classical.Best best = null;
		for (double nsr : nsrGrid) {
			double[] x = wiener(op, blurred, nsr);
			double mse = Images.mse(x, truth);
			if (best == null || mse < best.mse()) best = new Classical.Best("Wiener", "nsr", nsr, x, mse);
		}
		return best;
	}

	/**
	 * Richardson–Lucy deconvolution (Richardson, JOSA 62, 1972; Lucy, AJ 79, 1974), the EM algorithm for
	 * Poisson data:
	 *
	 * <pre>
	 * x₀ = mean(y),  x_{t+1} = x_t · Aᵀ( y / (max(A x_t, 0) + ε) ),  ε = 10⁻¹²
	 * </pre>
	 *
	 * A the periodic blur, Aᵀ its adjoint (correlation with the PSF; Aᵀ𝟙 = 𝟙 as the PSF sums to 1). The
	 * multiplicative update needs y ≥ 0, so the data are <b>shifted</b>: y' = y − min(y) (minimum 0), RL
	 * runs on y', and min(y) is added back; for data already non-negative with minimum 0 this is plain RL.
	 * As the blur preserves constants, the shift changes the model, not the measurement. Cost
	 * O(iterations·C·HW·log HW).
	 */
	public static double[] richardsonLucy(BlurOperator op, double[] blurred, int iterations) {
		check(op, blurred);
		if (iterations < 0) throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
		return richardsonLucy(op, blurred, iterations, null).image();
	}

	/**
	 * Richardson–Lucy with the iteration count (1 … maxIter) chosen by the smallest error to the ground
	 * truth: an <b>oracle</b> early stop, which no user can make, so that the baseline is as strong as it
	 * can be in a benchmark. One run of maxIter iterations.
	 */
	public static Classical.Best bestRichardsonLucy(BlurOperator op, double[] blurred, double[] truth, int maxIter) {
		check(op, blurred);
		check(op, truth);
		if (maxIter < 1) throw new IllegalArgumentException("maxIter must be >= 1, got " + maxIter);
		return richardsonLucy(op, blurred, maxIter, truth);
	}

	/** RL for {@code iterations}; with a truth, the iterate of smallest error among 1 … iterations, else the last. */
	private static Classical.Best richardsonLucy(BlurOperator op, double[] y, int iterations, double[] truth) {
		int d = y.length;
		double min = Double.POSITIVE_INFINITY, mean = 0;
		for (double v : y) {
			min = Math.min(min, v);
			mean += v;
		}
		mean = mean / d - min;
		double[] data = new double[d], x = new double[d], ax = new double[d], ratio = new double[d], back = new double[d];
		for (int p = 0; p < d; p++) {
			data[p] = y[p] - min;
			x[p] = mean;
		}
		Classical.Best best = null;
		for (int t = 1; t <= iterations; t++) {
			op.apply(x, ax);
			for (int p = 0; p < d; p++)
				ratio[p] = data[p] / (Math.max(ax[p], 0) + 1e-12);
			op.adjoint(ratio, back);
			for (int p = 0; p < d; p++)
				x[p] *= Math.max(back[p], 0);
			if (truth != null) {
				double[] shifted = shift(x, min);
				double mse = Images.mse(shifted, truth);
				if (best == null || mse < best.mse()) best = new Classical.Best("Richardson-Lucy", "iterations", t, shifted, mse);
			}
		}
		if (truth != null) return best;
		return new Classical.Best("Richardson-Lucy", "iterations", iterations, shift(x, min), Double.NaN);
	}

	/**
	 * Wiener and Richardson–Lucy (each with its oracle parameter) for a blur with valid boundaries: the
	 * H×W measurement is mirror-padded (edge not repeated) to the operator's scene, deconvolved there
	 * with the periodic blur of the same PSF, and the window cropped back; scored against the H×W
	 * truth. Best (smallest MSE) first.
	 */
	public static java.util.List<Classical.Best> bestMirrored(ValidBlurOperator op, double[] y, double[] truth) {
		int c = op.channels(), h = op.measuredHeight(), w = op.measuredWidth(), sh = op.height(), sw = op.width();
		Images.check("measurement", y, c, h, w);
		Images.check("truth", truth, c, h, w);
		double[] padded = new double[op.imageSize()];
		for (int ch = 0; ch < c; ch++)
			for (int i = 0; i < sh; i++)
				for (int j = 0; j < sw; j++)
					padded[(ch * sh + i) * sw + j] = y[(ch * h + mirror(i - op.top(), h)) * w + mirror(j - op.left(), w)];
		Psf k = op.psf();
		BlurOperator periodic = BlurOperator.of(c, sh, sw, k.values(), k.height(), k.width());
		java.util.List<Classical.Best> out = new java.util.ArrayList<>();
		Classical.Best wiener = null;
		for (double nsr : Classical.nsrGrid()) {
			double[] x = window(op, wiener(periodic, padded, nsr));
			double mse = Images.mse(x, truth);
			if (wiener == null || mse < wiener.mse()) wiener = new Classical.Best("Wiener (mirror-padded)", "nsr", nsr, x, mse);
		}
		out.add(wiener);
		double min = Double.POSITIVE_INFINITY, mean = 0;
		for (double v : padded) {
			min = Math.min(min, v);
			mean += v / padded.length;
		}
		double[] data = new double[padded.length], x = new double[padded.length], ax = new double[padded.length], back = new double[padded.length];
		java.util.Arrays.fill(x, mean - min);
		for (int p = 0; p < data.length; p++)
			data[p] = padded[p] - min;
		Classical.Best rl = null;
		for (int t = 1; t <= Classical.RL_MAX_ITERATIONS; t++) {
			periodic.apply(x, ax);
			for (int p = 0; p < data.length; p++)
				ax[p] = data[p] / (Math.max(ax[p], 0) + 1e-12);
			periodic.adjoint(ax, back);
			for (int p = 0; p < data.length; p++)
				x[p] *= Math.max(back[p], 0);
			double[] cropped = window(op, shift(x, min));
			double mse = Images.mse(cropped, truth);
			if (rl == null || mse < rl.mse()) rl = new Classical.Best("Richardson-Lucy (mirror-padded)", "iterations", t, cropped, mse);
		}
		out.add(rl);
		out.sort(java.util.Comparator.comparingDouble(Classical.Best::mse));
		return out;
	}

	private static int mirror(int i, int n) {
		if (n == 1) return 0;
		int period = 2 * n;
		i = Math.floorMod(i, period);
		return i < n ? i : period - 1 - i;
	}

	/** The measured window of a scene-sized image. */
	private static double[] window(ValidBlurOperator op, double[] scene) {
		int c = op.channels(), h = op.measuredHeight(), w = op.measuredWidth(), sh = op.height(), sw = op.width();
		double[] out = new double[c * h * w];
		for (int ch = 0; ch < c; ch++)
			for (int i = 0; i < h; i++)
				System.arraycopy(scene, (ch * sh + op.top() + i) * sw + op.left(), out, (ch * h + i) * w, w);
		return out;
	}

	private static double[] shift(double[] x, double s) {
		double[] out = new double[x.length];
		for (int p = 0; p < x.length; p++)
			out[p] = x[p] + s;
		return out;
	}

	private static void check(BlurOperator op, double[] x) {
		Images.check("image", x, op.channels(), op.height(), op.width());
	}
}
