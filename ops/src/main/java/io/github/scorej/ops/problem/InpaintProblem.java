package io.github.scorej.ops.problem;

import io.github.scorej.ops.classical.Classical;
import io.github.scorej.ops.classical.Inpainting;
import io.github.scorej.ops.inverse.InpaintingOperator;
import io.github.scorej.ops.inverse.LinearOperator;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Inpainting: y = the known pixels of x (every channel), noiseless unless σ_y is given (pixel
 * values). The mask comes from an image (non-zero = unknown, the region to fill) or the selection;
 * it is mirror-padded with the image to the model's size multiple, and the intensity map is fitted on
 * the known pixels only. The output has the input's size and type. Default method DDNM+; baseline:
 * the harmonic fill (Laplace's equation over the hole).
 *
 * @param known true where the (padded) image is known, or null before a mask is given
 * @param maskName the mask's name for the provenance
 * @param unknown the unknown pixels of the unpadded image, for the provenance
 */
public record InpaintProblem(boolean[][] known, String maskName, int unknown) implements Problem {

	/** No mask yet. */
	public InpaintProblem() {
		this(null, null, 0);
	}

	/** The mask {@code known} (true = known, of the padded image), named {@code name} with {@code unknown} pixels to fill. */
	public InpaintProblem withMask(boolean[][] k, String name, int count) {
		return new InpaintProblem(k, name, count);
	}

	@Override
	public String key() {
		return "inpaint";
	}

	@Override
	public String description() {
		return "known pixels of x";
	}

	@Override
	public String verb() {
		return "inpaint";
	}

	@Override
	public Input input() {
		return Input.MASKED_IMAGE;
	}

	@Override
	public String defaultMethod() {
		return "ddnm_plus";
	}

	/**
	 * 100: the null-space content needs more steps than the range to settle. Measured on site/bench/independent.py's
	 * 20 held-out crops (50 % of the pixels missing, micro-gray, 4 samples): 30 steps (the card's) 2.1 dB below the
	 * biharmonic fill, 100 steps 0.1 dB below it, at 3.3 times the time; time travel (L = 5, 3 repeats) at 30 steps
	 * gained less (1.5 dB below) at the same cost.
	 */
	@Override
	public int minimumSteps() {
		return 100;
	}

	@Override
	public Geometry geometry(int h, int w, Geometry.Padding padding) {
		return Geometry.centred(h, w, padding.padded(h, w, 1));
	}

	@Override
	public LinearOperator operator(int c, int h, int w) {
		if (known == null) throw new IllegalArgumentException("inpainting needs a mask (the known pixels)");
		return InpaintingOperator.of(c, h, w, known);
	}

	/** y = A x: the known pixels of the image. */
	@Override
	public double[] measurement(double[] item, LinearOperator op) {
		return Problems.apply(op, item);
	}

	@Override
	public void provenance(BiConsumer<String, Object> info) {
		info.accept("mask", maskName);
		info.accept("unknown_pixels", unknown);
	}

	@Override
	public List<Classical.Best> baselines(LinearOperator op, double[] y, double[] truth) {
		return List.of(Classical.scored("harmonic fill", Inpainting.harmonicFill((InpaintingOperator) op, y), truth));
	}
}
