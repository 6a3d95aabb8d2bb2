package io.github.scorej.ops.problem;

import io.github.scorej.ops.classical.Classical;
import io.github.scorej.ops.inverse.KSpace;
import io.github.scorej.ops.inverse.LinearOperator;
import io.github.scorej.ops.inverse.MriOperator;
import io.github.scorej.ops.sample.Param;
import io.github.scorej.ops.sample.Params;

import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * Undersampled Cartesian MRI: y = M F x + n, the 2-D Fourier transform of the real image x at the
 * acquired points M of k-space ({@link MriOperator}), σ_y in k-space's units.
 *
 * <p>The input is k-space, a 2-slice (real, imaginary) stack of H×W, in numpy's layout by default
 * ({@code np.fft.fft2(x)}: unshifted, {@code norm='backward'}, unscaled); {@link KSpace} names the
 * others (fftshift; fastMRI's centred {@code fft2c} with {@code ortho} norm). The acquired points come
 * from a mask image in the same layout, or are lines drawn from the run's seed: {@code centre_lines}
 * fully sampled rows around k_y = 0 and random rows (with their conjugate mirrors) up to about H/R,
 * written out as a mask so that the zero-filled baseline can be reproduced. The model must have one
 * channel and take H×W; the output is a 32-bit H×W image. The intensity map is fitted on A† y.
 * Default method DDNM+; baseline: the zero-filled inverse FFT.
 *
 * @param acceleration R, about H/R lines kept
 * @param centreLines fully sampled centre lines
 * @param pattern the line pattern outside the centre
 * @param maskSeed the seed of the random pattern
 * @param kspace the layout and scaling of the k-space given
 * @param kspaceMask the acquired points (H·W, row-major, in the {@code kspace} layout), or null for the line pattern
 * @param maskName the mask image's name for the provenance, or null
 */
public record MriProblem(double acceleration, int centreLines, MriOperator.Pattern pattern, long maskSeed, KSpace kspace, boolean[] kspaceMask,
		String maskName) implements Problem {

	/** Acceleration R, about H/R k-space lines kept. */
	public static final Param<Double> ACCELERATION = Param.real("acceleration", 4, 1, 1000, "MRI: acceleration R (about H/R lines kept)");

	/** Fully sampled lines at the centre of k-space. */
	public static final Param<Integer> CENTRE_LINES = Param.integer("centre_lines", 8, 0, 100_000, "MRI: fully sampled centre lines");

	/** Where k = 0 lies in the k-space given. */
	public static final Param<String> KSPACE_SHIFT = Param.choice("kspace_shift", "none", List.of("none", "fftshift", "centred"),
			"MRI: none (np.fft.fft2), fftshift or centred (fastMRI's fft2c)");

	/** numpy's norm of the k-space's FFT. */
	public static final Param<String> KSPACE_NORM = Param.choice("kspace_norm", "backward", List.of("backward", "ortho", "forward"),
			"MRI: numpy's norm: backward (unscaled), ortho or forward");

	public MriProblem {
		ACCELERATION.check(ACCELERATION.name(), acceleration);
		CENTRE_LINES.check(CENTRE_LINES.name(), centreLines);
	}

	/** The defaults: R 4, 8 centre lines, random lines of seed 0, numpy's k-space. */
	public MriProblem() {
		this(ACCELERATION.defaultValue(), CENTRE_LINES.defaultValue(), MriOperator.Pattern.RANDOM, 0,
				KSpace.of(KSPACE_SHIFT.defaultValue(), KSPACE_NORM.defaultValue()), null, null);
	}

	/** The line pattern: R, centre lines, pattern and its seed. */
	public MriProblem withLines(double r, int centre, MriOperator.Pattern p, long seed) {
		return new MriProblem(r, centre, p, seed, kspace, kspaceMask, maskName);
	}

	/** k-space in layout {@code k}, acquired where {@code mask} (H·W in that layout) is true, named {@code name}; a null mask: the line pattern. */
	public MriProblem withKSpace(KSpace k, boolean[] mask, String name) {
		return new MriProblem(acceleration, centreLines, pattern, maskSeed, k, mask, name);
	}

	@Override
	public String key() {
		return "mri";
	}

	@Override
	public List<String> aliases() {
		return List.of("MRI");
	}

	@Override
	public String description() {
		return "undersampled Cartesian k-space";
	}

	@Override
	public Input input() {
		return Input.KSPACE;
	}

	@Override
	public List<Param<?>> params() {
		return List.of(ACCELERATION, CENTRE_LINES, KSPACE_SHIFT, KSPACE_NORM);
	}

	@Override
	public Params values() {
		return Params.defaults(params()).with(ACCELERATION, acceleration).with(CENTRE_LINES, centreLines).with(KSPACE_SHIFT, kspace.shift().key)
				.with(KSPACE_NORM, kspace.norm().key);
	}

	@Override
	public MriProblem with(Params v) {
		return new MriProblem(v.get(ACCELERATION), v.get(CENTRE_LINES), pattern, maskSeed, KSpace.of(v.get(KSPACE_SHIFT), v.get(KSPACE_NORM)),
				kspaceMask, maskName);
	}

	@Override
	public String defaultMethod() {
		return "ddnm_plus";
	}

	/** The generated line pattern follows the run's seed; a given mask is kept. */
	@Override
	public MriProblem forInput(int h, int w, long seed) {
		return kspaceMask != null ? this : withLines(acceleration, centreLines, pattern, seed);
	}

	/** x is H×W, the size of k-space: no padding (a Fourier transform is not shift-invariant to it). */
	@Override
	public Geometry geometry(int h, int w, Geometry.Padding padding) {
		return Geometry.centred(h, w, new int[] { h, w });
	}

	@Override
	public LinearOperator operator(int c, int h, int w) {
		return kspaceMask == null ? MriOperator.cartesian(c, h, w, acceleration, centreLines, pattern, maskSeed)
				: MriOperator.ofMask(c, h, w, kspace.maskToCentred(kspaceMask, h, w));
	}

	@Override
	public void provenance(BiConsumer<String, Object> info) {
		info.accept("kspace_shift", kspace.shift().key);
		info.accept("kspace_norm", kspace.norm().key);
		if (kspaceMask != null) info.accept("kspace_mask", maskName);
		else {
			info.accept("acceleration", acceleration);
			info.accept("centre_lines", centreLines);
			info.accept("pattern", pattern.name().toLowerCase(Locale.ROOT));
			info.accept("mask_seed", maskSeed);
		}
	}

	@Override
	public List<Classical.Best> baselines(LinearOperator op, double[] y, double[] truth) {
		return List.of(Classical.scored("zero-filled inverse FFT", Classical.zeroFilled((MriOperator) op, y), truth));
	}
}
