package io.github.scorej.ops.problem;

import io.github.scorej.ops.classical.Classical;
import io.github.scorej.ops.inverse.ColorizationOperator;
import io.github.scorej.ops.inverse.ColorizationOperator.Grey;
import io.github.scorej.ops.inverse.LinearOperator;
import io.github.scorej.ops.sample.Param;
import io.github.scorej.ops.sample.Params;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Colorization: y = w_R·R + w_G·G + w_B·B per pixel ({@link ColorizationOperator}), by default ImageJ's
 * unweighted RGB → 8-bit grey (R + G + B)/3; {@code grey} names luminance weights instead (Rec. 601:
 * ImageJ's weighted conversion, OpenCV; Rec. 709: scikit-image's {@code rgb2gray}). Noiseless unless σ_y
 * is given (pixel values). The input is a grey image, or an RGB one whose grey copy (by the same
 * definition) is measured; the model must have 3 channels; the output is RGB (8-bit and RGB inputs) or a
 * 3-channel composite of the input's depth, of the input's size. Default method DDNM+; baseline: the grey
 * copy in all three channels.
 *
 * @param grey what grey means: the weights of R, G and B
 */
public record ColorizeProblem(Grey grey) implements Problem {

	/** What the grey input is: the unweighted mean (ImageJ's default) or a luminance. */
	public static final Param<String> GREY = Param.choice("grey", Grey.MEAN.key, List.of(Grey.MEAN.key, Grey.REC601.key, Grey.REC709.key),
			"colorize: what grey is: mean ((R+G+B)/3, ImageJ's default), rec601 (0.299 R + 0.587 G + 0.114 B: ImageJ's weighted conversion,"
					+ " OpenCV) or rec709 (0.2125 R + 0.7154 G + 0.0721 B: skimage's rgb2gray)");

	/** Grey = (R + G + B)/3. */
	public ColorizeProblem() {
		this(Grey.MEAN);
	}

	@Override
	public String key() {
		return "colorize";
	}

	@Override
	public String description() {
		return "grey = channel mean (or luminance) of x";
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
	public List<Param<?>> params() {
		return List.of(GREY);
	}

	@Override
	public Params values() {
		return Params.defaults(params()).with(GREY, grey.key);
	}

	@Override
	public ColorizeProblem with(Params v) {
		return new ColorizeProblem(Grey.of(v.get(GREY)));
	}

	@Override
	public String defaultMethod() {
		return "ddnm_plus";
	}

	/**
	 * DDNM and DDNM+ run with η = 1 (all fresh noise in the DDIM step; the method's default is 0.85): on 12
	 * held-out RGB crops the posterior mean's Lab chroma rose from 12.0 to 14.7 (truth 26.0) and its PSNR from
	 * 24.15 to 24.47 dB (site/docs/commands/colorize.md).
	 */
	@Override
	public Map<String, String> methodDefaults(String method) {
		return method.equals("ddnm_plus") || method.equals("ddnm") ? Map.of("eta", "1") : Map.of();
	}

	@Override
	public Geometry geometry(int h, int w, Geometry.Padding padding) {
		return Geometry.centred(h, w, padding.padded(h, w, 1));
	}

	@Override
	public LinearOperator operator(int c, int h, int w) {
		return ColorizationOperator.of(c, h, w, grey);
	}

	/** y: a grey item as it is, a colour one's grey level. */
	@Override
	public double[] measurement(double[] item, LinearOperator op) {
		return item.length == op.measurementSize() ? item : Problems.apply(op, item);
	}

	@Override
	public void provenance(BiConsumer<String, Object> info) {
		info.accept(GREY.name(), grey.key);
	}

	@Override
	public List<Classical.Best> baselines(LinearOperator op, double[] y, double[] truth) {
		double[] x = new double[op.imageSize()];
		((ColorizationOperator) op).greyCopy(y, x);
		return List.of(Classical.scored("grey copy", x, truth));
	}
}
