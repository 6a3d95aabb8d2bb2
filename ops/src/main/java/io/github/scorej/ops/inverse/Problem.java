package io.github.scorej.ops.inverse;

import java.util.Locale;

/**
 * The inverse problems ScoreJ's commands offer, with their operator settings: one place that the
 * command line, the ImageJ commands and the benchmark build their operators from.
 *
 * @param kind the measurement
 * @param psfSigma Gaussian PSF σ in pixels (deblur; ignored when {@code psf} is given)
 * @param psf a user PSF (h × w values, centred at (h/2, w/2)) or null
 * @param psfHeight its height
 * @param psfWidth its width
 * @param factor super-resolution factor
 * @param angles CT: number of measured angles
 * @param acceleration MRI: acceleration R (about H/R lines kept)
 * @param centreLines MRI: fully sampled centre lines
 * @param pattern MRI: line pattern
 * @param maskSeed MRI: seed of the random pattern
 * @param theta CT: the measured angles in degrees, or null for {@code angles} equispaced over [0, 180)
 * @param layout CT: how the sinogram image is stored
 */
public record Problem(Kind kind, double psfSigma, double[] psf, int psfHeight, int psfWidth, int factor, int angles, double acceleration,
		int centreLines, MriOperator.Pattern pattern, long maskSeed, double[] theta, CtOperator.Layout layout) {

	public Problem(Kind kind, double psfSigma, double[] psf, int psfHeight, int psfWidth, int factor, int angles, double acceleration,
			int centreLines, MriOperator.Pattern pattern, long maskSeed) {
		this(kind, psfSigma, psf, psfHeight, psfWidth, factor, angles, acceleration, centreLines, pattern, maskSeed, null, CtOperator.Layout.AUTO);
	}

	/** What is measured. */
	public enum Kind {
		DENOISE("denoise", "y = x + noise"), DEBLUR("deblur", "y = PSF * x (periodic) + noise"),
		SUPERRES("superres", "y = f×f box average of x + noise"), CT("ct", "sparse-view parallel-beam sinogram"),
		MRI("mri", "undersampled Cartesian k-space"), INPAINT("inpaint", "known pixels of x"), COLORIZE("colorize", "grey = channel mean of x");

		public final String key, description;

		Kind(String key, String description) {
			this.key = key;
			this.description = description;
		}

		public static Kind of(String key) {
			for (Kind k : values())
				if (k.key.equals(key.toLowerCase(Locale.ROOT).trim())) return k;
			StringBuilder names = new StringBuilder();
			for (Kind k : values())
				names.append(names.length() > 0 ? ", " : "").append(k.key);
			throw new IllegalArgumentException("unknown task '" + key + "'; choose one of " + names);
		}
	}

	/** A problem of this kind with the defaults: PSF σ 2, factor 4, 30 angles, MRI R = 4 with 8 centre lines, random. */
	public static Problem of(Kind kind) {
		return new Problem(kind, 2, null, 0, 0, 4, 30, 4, 8, MriOperator.Pattern.RANDOM, 0);
	}

	public Problem withPsfSigma(double s) { return new Problem(kind, s, null, 0, 0, factor, angles, acceleration, centreLines, pattern, maskSeed, theta, layout); }
	public Problem withPsf(double[] p, int h, int w) { return new Problem(kind, psfSigma, p, h, w, factor, angles, acceleration, centreLines, pattern, maskSeed, theta, layout); }
	public Problem withFactor(int f) { return new Problem(kind, psfSigma, psf, psfHeight, psfWidth, f, angles, acceleration, centreLines, pattern, maskSeed, theta, layout); }
	public Problem withAngles(int a) { return new Problem(kind, psfSigma, psf, psfHeight, psfWidth, factor, a, acceleration, centreLines, pattern, maskSeed, theta, layout); }

	/** CT: the measured angles in degrees (null: {@code angles} equispaced) and the sinogram's layout. */
	public Problem withCt(double[] t, CtOperator.Layout l) {
		return new Problem(kind, psfSigma, psf, psfHeight, psfWidth, factor, t == null ? angles : t.length, acceleration, centreLines, pattern, maskSeed,
				t, l);
	}

	/** CT: the measured angles in degrees, the list or {@code angles} equispaced over [0, 180). */
	public double[] ctAngles() {
		return theta != null ? theta.clone() : CtOperator.uniform(angles);
	}

	public Problem withMri(double r, int centre, MriOperator.Pattern p, long seed) {
		return new Problem(kind, psfSigma, psf, psfHeight, psfWidth, factor, angles, r, centre, p, seed, theta, layout);
	}

	/**
	 * The operator for images of C × H × W (for inpainting, {@code known} gives the mask, true =
	 * known; ignored otherwise).
	 */
	public LinearOperator operator(int c, int h, int w, boolean[][] known) {
		return switch (kind) {
			case DENOISE -> new DenoisingOperator(c, h, w);
			case DEBLUR -> psf != null ? BlurOperator.of(c, h, w, psf, psfHeight, psfWidth) : BlurOperator.gaussian(c, h, w, psfSigma);
			case SUPERRES -> new SuperResolutionOperator(c, h, w, factor);
			case CT -> CtOperator.of(c, h, w, ctAngles(), CtOperator.defaultBins(h, w), CtOperator.Filter.RAM_LAK);
			case MRI -> MriOperator.cartesian(c, h, w, acceleration, centreLines, pattern, maskSeed);
			case INPAINT -> {
				if (known == null) throw new IllegalArgumentException("inpainting needs a mask (the known pixels)");
				yield InpaintingOperator.of(c, h, w, known);
			}
			case COLORIZE -> ColorizationOperator.of(c, h, w);
		};
	}

	/**
	 * The method used when the user names none, from site/bench/restore.md: DDRM for denoising and
	 * Gaussian deblurring (+1.6 and +2.2 dB over the oracle classical method on the micro-gray prior,
	 * against +0.2 and +0.5 dB for DDNM+), DDNM+ for everything else (any operator with a
	 * pseudo-inverse, noisy or not; DDRM needs an SVD, which a user PSF need not have).
	 */
	public String defaultMethod() {
		return kind == Kind.DENOISE || (kind == Kind.DEBLUR && psf == null) ? "ddrm" : "ddnm_plus";
	}
}
