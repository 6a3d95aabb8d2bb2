package io.github.scorej.ops.classical;

import io.github.scorej.ops.inverse.BlurOperator;
import io.github.scorej.ops.inverse.CtOperator;
import io.github.scorej.ops.inverse.DenoisingOperator;
import io.github.scorej.ops.inverse.InpaintingOperator;
import io.github.scorej.ops.inverse.LinearOperator;
import io.github.scorej.ops.inverse.MriOperator;
import io.github.scorej.ops.inverse.SuperResolutionOperator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The classical restoration a user would otherwise reach for, per measurement operator, for
 * benchmarks against the diffusion methods: harmonic fill ({@link Inpainting}), Wiener and
 * Richardson–Lucy ({@link Deblurring}), bicubic ({@link Upsampling}), Gaussian and median filters
 * ({@link Denoising}), filtered back-projection (CT) and the zero-filled inverse FFT (MRI). Where a
 * method has a free parameter, the <b>oracle</b> variants choose it by the smallest error to the ground
 * truth, which makes the baseline as strong as it can be (and is not something a user can do).
 * Stateless and thread-safe.
 */
public final class Classical {

	/** Richardson–Lucy iterations searched by {@link #all}. */
	public static final int RL_MAX_ITERATIONS = 200;

	private Classical() {}

	/** Wiener regularisers tried by {@link #all}: 10⁻⁶ … 1, four per decade (25 values). */
	public static double[] nsrGrid() {
		return logGrid(1e-6, 1, 25);
	}

	/** Gaussian-filter σ (px) tried by {@link #all}: 0 (no filtering), then 0.25 … 4, four per octave. */
	public static double[] sigmaGrid() {
		double[] g = new double[18];
		System.arraycopy(logGrid(0.25, 4, 17), 0, g, 1, 17);
		return g;
	}

	/** Median-filter radii tried by {@link #all}: 0 (no filtering) … 3. */
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

	/**
	 * Every classical method for this operator, each with its oracle parameter where it has one, best
	 * (smallest MSE) first: denoising → Gaussian, median; deblurring → Wiener, Richardson–Lucy;
	 * inpainting → harmonic fill; super-resolution → bicubic; CT → FBP; MRI → zero-filled; any other
	 * operator → its pseudo-inverse A† y.
	 *
	 * @param y a measurement of {@code op}; truth the C×H×W ground truth
	 */
	public static List<Best> all(LinearOperator op, double[] y, double[] truth) {
		int c = op.channels(), h = op.height(), w = op.width();
		Images.check("truth", truth, c, h, w);
		if (y.length != op.measurementSize())
			throw new IllegalArgumentException("measurement has " + y.length + " values, expected " + op.measurementSize());
		List<Best> out = new ArrayList<>();
		if (op instanceof DenoisingOperator) {
			out.add(Denoising.bestGaussian(y, truth, c, h, w, sigmaGrid()));
			out.add(Denoising.bestMedian(y, truth, c, h, w, radiusGrid()));
		} else if (op instanceof BlurOperator blur) {
			out.add(Deblurring.bestWiener(blur, y, truth, nsrGrid()));
			out.add(Deblurring.bestRichardsonLucy(blur, y, truth, RL_MAX_ITERATIONS));
		} else if (op instanceof InpaintingOperator inpaint) {
			out.add(scored("harmonic fill", Inpainting.harmonicFill(inpaint, y), truth));
		} else if (op instanceof SuperResolutionOperator sr) {
			out.add(scored("bicubic", Upsampling.bicubic(sr, y), truth));
		} else if (op instanceof CtOperator ct) {
			out.add(scored("filtered back-projection", fbp(ct, y), truth));
		} else if (op instanceof MriOperator mri) {
			out.add(scored("zero-filled inverse FFT", zeroFilled(mri, y), truth));
		} else {
			double[] x = new double[op.imageSize()];
			op.pseudoInverse(y, x);
			out.add(scored("pseudo-inverse", x, truth));
		}
		out.sort(Comparator.comparingDouble(Best::mse));
		return out;
	}

	/** The best of {@link #all}: the strongest classical baseline for this operator. */
	public static Best best(LinearOperator op, double[] y, double[] truth) {
		return all(op, y, truth).get(0);
	}

	/** n values from {@code from} to {@code to} (both included) equally spaced in log scale. */
	public static double[] logGrid(double from, double to, int n) {
		if (!(from > 0 && to > 0) || n < 1) throw new IllegalArgumentException("log grid needs positive ends and n >= 1, got " + from + ", " + to + ", " + n);
		double[] g = new double[n];
		for (int k = 0; k < n; k++)
			g[k] = n == 1 ? from : from * Math.pow(to / from, (double) k / (n - 1));
		return g;
	}

	private static Best scored(String method, double[] x, double[] truth) {
		return new Best(method, "", Double.NaN, x, Images.mse(x, truth));
	}
}
