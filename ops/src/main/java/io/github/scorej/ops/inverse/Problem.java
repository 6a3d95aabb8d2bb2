package io.github.scorej.ops.inverse;

import io.github.scorej.ops.sample.Param;

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
 * @param kspace MRI: the layout and scaling of the k-space given ({@link KSpace#NUMPY} by default)
 * @param kspaceMask MRI: the acquired points (H·W, row-major, in the {@code kspace} layout), or null for the
 *        line pattern above
 * @param boundary deblur: what the blur assumes beyond the image's edges
 * @param theta CT: the measured angles in degrees, or null for {@code angles} equispaced over [0, 180)
 * @param layout CT: how the sinogram image is stored
 */
public record Problem(Kind kind, double psfSigma, double[] psf, int psfHeight, int psfWidth, int factor, int angles, double acceleration,
		int centreLines, MriOperator.Pattern pattern, long maskSeed, KSpace kspace, boolean[] kspaceMask, Boundary boundary,
		double[] theta, CtOperator.Layout layout) {

	/** Deblur: what lies beyond the image's edges. */
	public enum Boundary {
		/**
		 * The scene continues, unknown: the image is the valid part of the blur of a larger scene
		 * ({@link ValidBlurOperator}), as a camera, ImageJ's Gaussian Blur or scipy's filters make it.
		 */
		VALID("valid"),
		/** The image wraps around ({@link BlurOperator}): right only for a blur made by circular convolution. */
		PERIODIC("periodic");

		public final String key;

		Boundary(String key) {
			this.key = key;
		}

		public static Boundary of(String key) {
			for (Boundary b : values())
				if (b.key.equals(key.toLowerCase(Locale.ROOT).trim())) return b;
			throw new IllegalArgumentException("unknown boundary '" + key + "'; choose valid or periodic");
		}
	}

	/** Deblur: the Gaussian PSF's σ in pixels. */
	public static final Param<Double> PSF_SIGMA = Param.real("psf_sigma", 2, 0, 1000, "deblur: Gaussian PSF sigma in pixels").openBelow();

	/** Super-resolution: the result is factor× larger. */
	public static final Param<Integer> FACTOR = Param.integer("factor", 4, 2, 64, "super-resolve: the result is factor times larger");

	/** CT: measured angles; 0 where a command takes one per sinogram row. */
	public static final Param<Integer> ANGLES = Param.integer("angles", 0, 0, 100_000, "CT: measured angles; 0: one per sinogram row");

	/** MRI: acceleration R, about H/R k-space lines kept. */
	public static final Param<Double> ACCELERATION = Param.real("acceleration", 4, 1, 1000, "MRI: acceleration R (about H/R lines kept)");

	/** MRI: fully sampled lines at the centre of k-space. */
	public static final Param<Integer> CENTRE_LINES = Param.integer("centre_lines", 8, 0, 100_000, "MRI: fully sampled centre lines");

	public Problem {
		PSF_SIGMA.check(PSF_SIGMA.name(), psfSigma);
		FACTOR.check(FACTOR.name(), factor);
		ANGLES.check(ANGLES.name(), angles);
		ACCELERATION.check(ACCELERATION.name(), acceleration);
		CENTRE_LINES.check(CENTRE_LINES.name(), centreLines);
	}

	/** What is measured. */
	public enum Kind {
		DENOISE("denoise", "y = x + noise"), DEBLUR("deblur", "y = PSF * x (valid or periodic boundaries) + noise"),
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

	/** A problem of this kind with the defaults: PSF σ 2, valid boundaries, factor 4, 30 angles, MRI R = 4 with 8 centre lines, random, numpy's k-space. */
	public static Problem of(Kind kind) {
		return new Problem(kind, 2, null, 0, 0, 4, 30, 4, 8, MriOperator.Pattern.RANDOM, 0, KSpace.NUMPY, null, Boundary.VALID, null, CtOperator.Layout.AUTO);
	}

	public Problem withPsfSigma(double s) { return new Problem(kind, s, null, 0, 0, factor, angles, acceleration, centreLines, pattern, maskSeed, kspace, kspaceMask, boundary, theta, layout); }
	public Problem withPsf(double[] p, int h, int w) { return new Problem(kind, psfSigma, p, h, w, factor, angles, acceleration, centreLines, pattern, maskSeed, kspace, kspaceMask, boundary, theta, layout); }
	public Problem withFactor(int f) { return new Problem(kind, psfSigma, psf, psfHeight, psfWidth, f, angles, acceleration, centreLines, pattern, maskSeed, kspace, kspaceMask, boundary, theta, layout); }
	public Problem withAngles(int a) { return new Problem(kind, psfSigma, psf, psfHeight, psfWidth, factor, a, acceleration, centreLines, pattern, maskSeed, kspace, kspaceMask, boundary, theta, layout); }

	/** CT: the measured angles in degrees (null: {@code angles} equispaced) and the sinogram's layout. */
	public Problem withCt(double[] t, CtOperator.Layout l) {
		return new Problem(kind, psfSigma, psf, psfHeight, psfWidth, factor, t == null ? angles : t.length, acceleration, centreLines, pattern, maskSeed,
				kspace, kspaceMask, boundary, t, l);
	}

	/** CT: the measured angles in degrees, the list or {@code angles} equispaced over [0, 180). */
	public double[] ctAngles() {
		return theta != null ? theta.clone() : CtOperator.uniform(angles);
	}

	public Problem withMri(double r, int centre, MriOperator.Pattern p, long seed) {
		return new Problem(kind, psfSigma, psf, psfHeight, psfWidth, factor, angles, r, centre, p, seed, kspace, kspaceMask, boundary, theta, layout);
	}

	/** MRI k-space in layout {@code k}, acquired where {@code mask} (H·W in that layout) is true; a null mask: the line pattern. */
	public Problem withKSpace(KSpace k, boolean[] mask) {
		return new Problem(kind, psfSigma, psf, psfHeight, psfWidth, factor, angles, acceleration, centreLines, pattern, maskSeed, k, mask, boundary, theta, layout);
	}

	public Problem withBoundary(Boundary b) { return new Problem(kind, psfSigma, psf, psfHeight, psfWidth, factor, angles, acceleration, centreLines, pattern, maskSeed, kspace, kspaceMask, b, theta, layout); }

	/** Deblur: the normalised, centred PSF (a user PSF by its centroid, {@link Psf#of}; else the Gaussian of σ psfSigma). */
	public Psf blurPsf() {
		return psf != null ? Psf.of(psf, psfHeight, psfWidth) : Psf.gaussian(psfSigma, Integer.MAX_VALUE);
	}

	/** Deblur with valid boundaries: the rows and columns r the scene adds on every side of the image (the PSF's radius); else 0. */
	public int margin() {
		return kind == Kind.DEBLUR && boundary == Boundary.VALID ? blurPsf().radius() : 0;
	}

	/**
	 * Deblur with valid boundaries: the blur of a sceneHeight×sceneWidth scene (at least the image plus
	 * {@link #margin()} on every side) measured on its centred h×w window.
	 */
	public ValidBlurOperator validBlur(int c, int h, int w, int sceneHeight, int sceneWidth) {
		if (kind != Kind.DEBLUR || boundary != Boundary.VALID) throw new IllegalStateException("not a deblur with valid boundaries: " + this);
		Checks.imageSize(c, h, w);
		if (psf != null) {
			if (psfHeight > h || psfWidth > w)
				throw new IllegalArgumentException("PSF " + psfHeight + "×" + psfWidth + " is larger than the image " + h + "×" + w);
			return ValidBlurOperator.of(c, h, w, blurPsf(), sceneHeight, sceneWidth);
		}
		return ValidBlurOperator.gaussian(c, h, w, psfSigma, sceneHeight, sceneWidth);
	}

	/**
	 * The operator for images of C × H × W (deblur with valid boundaries: measurements of H × W, scene
	 * H + 2r × W + 2r, {@link #validBlur}; for inpainting, {@code known} gives the mask, true =
	 * known; ignored otherwise).
	 */
	public LinearOperator operator(int c, int h, int w, boolean[][] known) {
		return switch (kind) {
			case DENOISE -> new DenoisingOperator(c, h, w);
			case DEBLUR -> boundary == Boundary.PERIODIC
					? (psf != null ? BlurOperator.of(c, h, w, psf, psfHeight, psfWidth) : BlurOperator.gaussian(c, h, w, psfSigma))
					: validBlur(c, h, w, h + 2 * margin(), w + 2 * margin());
			case SUPERRES -> new SuperResolutionOperator(c, h, w, factor);
			case CT -> CtOperator.of(c, h, w, ctAngles(), CtOperator.defaultBins(h, w), CtOperator.Filter.RAM_LAK);
			case MRI -> kspaceMask == null ? MriOperator.cartesian(c, h, w, acceleration, centreLines, pattern, maskSeed)
					: MriOperator.ofMask(c, h, w, kspace.maskToCentred(kspaceMask, h, w));
			case INPAINT -> {
				if (known == null) throw new IllegalArgumentException("inpainting needs a mask (the known pixels)");
				yield InpaintingOperator.of(c, h, w, known);
			}
			case COLORIZE -> ColorizationOperator.of(c, h, w);
		};
	}

	/**
	 * The method used when the user names none, from site/bench/restore.md: DDRM for denoising and
	 * Gaussian deblurring with periodic boundaries (+1.6 and +2.2 dB over the oracle classical method on
	 * the micro-gray prior, against +0.2 and +0.5 dB for DDNM+), DDNM+ for everything else (any operator
	 * with a pseudo-inverse, noisy or not; DDRM needs an SVD, which a user PSF need not have and a blur
	 * with valid boundaries has not in closed form).
	 */
	public String defaultMethod() {
		return kind == Kind.DENOISE || (kind == Kind.DEBLUR && psf == null && boundary == Boundary.PERIODIC) ? "ddrm" : "ddnm_plus";
	}
}
