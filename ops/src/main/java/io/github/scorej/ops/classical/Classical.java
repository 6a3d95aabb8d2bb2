package io.github.scorej.ops.classical;

import io.github.scorej.ops.inverse.CtOperator;
import io.github.scorej.ops.inverse.MriOperator;

/**
 * The classical restoration a user would otherwise reach for, for benchmarks against the diffusion
 * methods (each task lists its own, {@code Problem.baselines}): harmonic fill ({@link Inpainting}), Wiener and
 * Richardson–Lucy ({@link Deblurring}), bicubic ({@link Upsampling}), Gaussian and median filters
 * ({@link Denoising}), filtered back-projection (CT) and the zero-filled inverse FFT (MRI). Where a
 * method has a free parameter, the <b>oracle</b> variants choose it by the smallest error to the ground
 * truth, which makes the baseline as strong as it can be (and is not something a user can do).
 * Stateless and thread-safe.
 */
public final class Classical {

	/** Richardson–Lucy iterations searched by the deblurring baselines. */
	public static final int RL_MAX_ITERATIONS = 200;

	private Classical() {}

	/** Wiener regularisers tried by the deblurring baselines: 10⁻⁶ … 1, four per decade (25 values). */
	public static double[] nsrGrid() {
		return logGrid(1e-6, 1, 25);
	}

	/** Gaussian-filter σ (px) tried by the denoising baselines: 0 (no filtering), then 0.25 … 4, four per octave. */
	public static double[] sigmaGrid() {
		double[] g = new double[18];
		System.arraycopy(logGrid(0.25, 4, 17), 0, g, 1, 17);
		return g;
	}

	/** Median-filter radii tried by the denoising baselines: 0 (no filtering) … 3. */
	public static int[] radiusGrid() {
		return new int[] {0, 1, 2, 3};
	}

	/**
	 * One restored image and the parameter it was made with; {@code mse} is its mean squared error to the
	 * ground truth (NaN where no truth was given).
	 */
	public record Best(String method, String parameterName, double parameter, double[] image, double mse) {

		/** PSNR = 10·log₁₀(L²/MSE), L the peak-to-peak range of the data. */
		public double psnr(double peakToPeak) {
			return 10 * Math.log10(peakToPeak * peakToPeak / mse);
		}

		/** e.g. "Wiener (nsr = 0.00100)", "Richardson-Lucy (iterations = 16)" or "bicubic". */
		public String describe() {
			if (parameterName.isEmpty()) return method;
			boolean integer = parameterName.equals("iterations") || parameterName.equals("radius");
			String value = integer ? String.valueOf((long) parameter) : String.format("%.3g", parameter);
			return method + " (" + parameterName + " = " + value + ")";
		}
	}

	/** Filtered back-projection (Ram-Lak, or the operator's filter): {@link CtOperator#fbp}, skimage's {@code iradon}. */
	public static double[] fbp(CtOperator op, double[] y) {
		double[] x = new double[op.imageSize()];
		op.fbp(y, x);
		return x;
	}

	/** The zero-filled inverse FFT, Re F⁻¹ of the measured k-space lines with 0 elsewhere: {@link MriOperator#pseudoInverse}. */
	public static double[] zeroFilled(MriOperator op, double[] y) {
		double[] x = new double[op.imageSize()];
		op.pseudoInverse(y, x);
		return x;
	}

	/** n values from {@code from} to {@code to} (both included) equally spaced in log scale. */
	public static double[] logGrid(double from, double to, int n) {
		if (!(from > 0 && to > 0) || n < 1) throw new IllegalArgumentException("log grid needs positive ends and n >= 1, got " + from + ", " + to + ", " + n);
		double[] g = new double[n];
		for (int k = 0; k < n; k++)
			g[k] = n == 1 ? from : from * Math.pow(to / from, (double) k / (n - 1));
		return g;
	}

	/** A method's result without a parameter, scored against the truth. */
	public static Best scored(String method, double[] x, double[] truth) {
		return new Best(method, "", Double.NaN, x, Images.mse(x, truth));
	}
}
