package io.github.scorej.ops.problem;

import io.github.scorej.ops.classical.Classical;
import io.github.scorej.ops.classical.Deblurring;
import io.github.scorej.ops.inverse.BlurOperator;
import io.github.scorej.ops.inverse.Checks;
import io.github.scorej.ops.inverse.LinearOperator;
import io.github.scorej.ops.inverse.NoiseModel;
import io.github.scorej.ops.inverse.Psf;
import io.github.scorej.ops.inverse.ValidBlurOperator;
import io.github.scorej.ops.sample.Param;
import io.github.scorej.ops.sample.Params;

import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * Deblurring: y = (k ∗ x) + n, n ~ N(0, σ_y² I), σ_y in the input's pixel values (σ_y ≤ 0: estimated
 * from the image, at least the rounding noise 1/√12 of integer pixels, since σ_y = 0 would invert the
 * blur exactly and amplify every grey level of noise).
 *
 * <p>The PSF k is a Gaussian of σ {@code psf_sigma} pixels, or a user's PSF image: centred by its
 * centroid and normalised to sum 1 ({@link Psf#of}, with a note in the output's provenance), refused
 * if it is empty, negative, non-finite or larger than the image.
 *
 * <p>Boundaries: {@link Boundary#VALID} (default) models a camera, ImageJ's Gaussian Blur or scipy's
 * filters: the scene continues past the field of view, unknown, and y is the valid part of the blur of
 * a scene larger by the PSF radius r on every side ({@link ValidBlurOperator}); the model restores the
 * scene (padded to its size multiple) and the centred H×W window is returned. {@link Boundary#PERIODIC}
 * is circular convolution ({@link BlurOperator}), right only for data that really wraps around.
 *
 * <p>Default method: DDRM for a periodic Gaussian blur (closed-form SVD; +2.2 dB over the oracle
 * classical method on the micro-gray prior against +0.5 dB for DDNM+), DDNM+ otherwise (a user PSF
 * need not have an SVD, a valid blur has none in closed form). Baselines: Wiener and Richardson–Lucy
 * at their oracle parameters (valid boundaries: on the mirror-padded image).
 *
 * @param psfSigma Gaussian PSF σ in pixels (ignored when {@code psf} is given)
 * @param psf a user PSF (psfHeight × psfWidth values, any centre and sum), or null
 * @param psfName the PSF image's name for the provenance, or null
 * @param boundary what the blur assumes beyond the image's edges
 */
public record DeblurProblem(double psfSigma, double[] psf, int psfHeight, int psfWidth, String psfName, Boundary boundary) implements Problem {

	/** What lies beyond the image's edges. */
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

	/** The Gaussian PSF's σ in pixels. */
	public static final Param<Double> PSF_SIGMA = Param.real("psf_sigma", 2, 0, 1000, "deblur: Gaussian PSF sigma in pixels").openBelow();

	/** The boundary convention. */
	public static final Param<String> BOUNDARY = Param.choice("boundary", "valid", List.of("valid", "periodic"),
			"deblur: valid (the scene continues past the edges, unknown) or periodic (the image wraps around)");

	public DeblurProblem {
		PSF_SIGMA.check(PSF_SIGMA.name(), psfSigma);
	}

	/** The defaults: a Gaussian PSF of σ 2, valid boundaries. */
	public DeblurProblem() {
		this(PSF_SIGMA.defaultValue(), null, 0, 0, null, Boundary.of(BOUNDARY.defaultValue()));
	}

	/** A Gaussian PSF of σ s pixels (any user PSF dropped). */
	public DeblurProblem withPsfSigma(double s) {
		return new DeblurProblem(s, null, 0, 0, null, boundary);
	}

	/** A user PSF of h × w values (row-major), named {@code name} in the provenance (null: by its size). */
	public DeblurProblem withPsf(double[] p, int h, int w, String name) {
		return new DeblurProblem(psfSigma, p, h, w, name, boundary);
	}

	public DeblurProblem withBoundary(Boundary b) {
		return new DeblurProblem(psfSigma, psf, psfHeight, psfWidth, psfName, b);
	}

	@Override
	public String key() {
		return "deblur";
	}

	@Override
	public String description() {
		return "y = PSF * x (valid or periodic boundaries) + noise";
	}

	@Override
	public List<Param<?>> params() {
		return List.of(PSF_SIGMA, BOUNDARY);
	}

	@Override
	public Params values() {
		return Params.defaults(params()).with(PSF_SIGMA, psfSigma).with(BOUNDARY, boundary.key);
	}

	@Override
	public DeblurProblem with(Params v) {
		return new DeblurProblem(v.get(PSF_SIGMA), psf, psfHeight, psfWidth, psfName, Boundary.of(v.get(BOUNDARY)));
	}

	@Override
	public String defaultMethod() {
		return psf == null && boundary == Boundary.PERIODIC ? "ddrm" : "ddnm_plus";
	}

	/** The normalised, centred PSF (a user PSF by its centroid, {@link Psf#of}; else the Gaussian of σ psfSigma). */
	public Psf blurPsf() {
		return psf != null ? Psf.of(psf, psfHeight, psfWidth) : Psf.gaussian(psfSigma, Integer.MAX_VALUE);
	}

	/** With valid boundaries: the rows and columns r the scene adds on every side of the image (the PSF's radius); else 0. */
	public int margin() {
		return boundary == Boundary.VALID ? blurPsf().radius() : 0;
	}

	@Override
	public Geometry geometry(int h, int w, Geometry.Padding padding) {
		if (boundary == Boundary.PERIODIC) return Geometry.centred(h, w, padding.padded(h, w, 1));
		// the image is the measurement as it is; the scene adds the PSF radius on every side, then the model's size multiple
		int r = margin();
		int[] scene = padding.padded(h + 2 * r, w + 2 * r, 1);
		return new Geometry(scene[0], scene[1], h, w, (scene[0] - h) / 2, (scene[1] - w) / 2, h, w);
	}

	/**
	 * With valid boundaries: the blur of a sceneHeight×sceneWidth scene (at least the image plus
	 * {@link #margin()} on every side) measured on its centred h×w window.
	 */
	public ValidBlurOperator validBlur(int c, int h, int w, int sceneHeight, int sceneWidth) {
		if (boundary != Boundary.VALID) throw new IllegalStateException("not a deblur with valid boundaries: " + this);
		Checks.imageSize(c, h, w);
		if (psf != null) {
			if (psfHeight > h || psfWidth > w)
				throw new IllegalArgumentException("PSF " + psfHeight + "×" + psfWidth + " is larger than the image " + h + "×" + w);
			return ValidBlurOperator.of(c, h, w, blurPsf(), sceneHeight, sceneWidth);
		}
		return ValidBlurOperator.gaussian(c, h, w, psfSigma, sceneHeight, sceneWidth);
	}

	@Override
	public LinearOperator operator(int c, int h, int w) {
		if (boundary == Boundary.PERIODIC)
			return psf != null ? BlurOperator.of(c, h, w, psf, psfHeight, psfWidth) : BlurOperator.gaussian(c, h, w, psfSigma);
		return validBlur(c, h, w, h + 2 * margin(), w + 2 * margin());
	}

	@Override
	public LinearOperator operator(int c, Geometry g) {
		return boundary == Boundary.PERIODIC ? operator(c, g.height(), g.width())
				: validBlur(c, g.measuredHeight(), g.measuredWidth(), g.height(), g.width());
	}

	@Override
	public NoiseModel noise(double sigmaY) {
		return sigmaY > 0 ? new NoiseModel.Gaussian(sigmaY) : new NoiseModel.Estimated(true);
	}

	@Override
	public void provenance(BiConsumer<String, Object> info) {
		if (psf != null) {
			info.accept("psf", psfName == null ? psfWidth + "x" + psfHeight : psfName);
			info.accept("psf_note", blurPsf().note());
		} else info.accept("psf_sigma", psfSigma);
		info.accept("boundary", boundary.key);
	}

	@Override
	public List<Classical.Best> baselines(LinearOperator op, double[] y, double[] truth) {
		if (op instanceof ValidBlurOperator valid) return Deblurring.bestMirrored(valid, y, truth);
		BlurOperator blur = (BlurOperator) op;
		return List.of(Deblurring.bestWiener(blur, y, truth, Classical.nsrGrid()),
				Deblurring.bestRichardsonLucy(blur, y, truth, Classical.RL_MAX_ITERATIONS));
	}
}
