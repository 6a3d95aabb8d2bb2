package io.github.scorej.ops.problem;

import io.github.scorej.ops.classical.Classical;
import io.github.scorej.ops.inverse.ColorizationOperator;
import io.github.scorej.ops.inverse.LinearOperator;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Colorization: y = (R + G + B)/3 per pixel, ImageJ's unweighted RGB → 8-bit grey
 * ({@link ColorizationOperator}), noiseless unless σ_y is given (pixel values). The input is a grey
 * image, or an RGB one whose grey copy is measured; the model must have 3 channels; the output is RGB
 * (8-bit and RGB inputs) or a 3-channel composite of the input's depth, of the input's size. Default
 * method DDNM+; baseline: the grey copy in all three channels (A† y).
 */
public record ColorizeProblem() implements Problem {

	@Override
	public String key() {
		return "colorize";
	}

	@Override
	public String description() {
		return "grey = channel mean of x";
	}

	@Override
	public String verb() {
		return "colorize";
	}

	@Override
	public Input input() {
		return Input.GREY_IMAGE;
	}

	@Override
	public String defaultMethod() {
		return "ddnm_plus";
	}

	@Override
	public Geometry geometry(int h, int w, Geometry.Padding padding) {
		return Geometry.centred(h, w, padding.padded(h, w, 1));
	}

	@Override
	public LinearOperator operator(int c, int h, int w) {
		return ColorizationOperator.of(c, h, w);
	}

	/** y: a grey item as it is, a colour one's grey level. */
	@Override
	public double[] measurement(double[] item, LinearOperator op) {
		return item.length == op.measurementSize() ? item : Problems.apply(op, item);
	}

	@Override
	public void provenance(BiConsumer<String, Object> info) {}

	@Override
	public List<Classical.Best> baselines(LinearOperator op, double[] y, double[] truth) {
		double[] x = new double[op.imageSize()];
		op.pseudoInverse(y, x);
		return List.of(Classical.scored("pseudo-inverse", x, truth));
	}
}
