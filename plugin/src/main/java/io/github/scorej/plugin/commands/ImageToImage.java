package io.github.scorej.plugin.commands;

import ij.ImagePlus;
import io.github.scorej.plugin.core.Generation;
import io.github.scorej.plugin.core.LoadedModel;
import io.github.scorej.plugin.image.Normalization;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Image to Image (ScoreJ): SDEdit on an image (Meng et al. 2022): noise it to σ_start and run the
 * sampler back down. Every plane (or every z/t of a C-channel hyperstack for a C-channel model) is
 * one batch item; the result is a new image of the input's type, size and calibration.
 */
@Plugin(type = Command.class, label = "Image to Image (ScoreJ)", headless = true,
		description = "SDEdit: noise the image part way and denoise it with a score-based model")
public class ImageToImage extends SamplingCommand {

	/** The model used when none is given: grey microscopy. */
	public static final String DEFAULT_MODEL = "micro-gray";

	public ImageToImage() {
		super(DEFAULT_MODEL);
	}

	@Parameter(label = "Image", description = "The image to start from; it is not modified")
	private ImagePlus image;

	@Parameter(label = "Strength", description = "How much to change, in (0, 1] as in diffusers' img2img: the last strength x steps of the schedule are run; 0.3 keeps the image closely, 1 starts from noise",
			min = "0", max = "1", stepSize = "0.05", persist = false)
	private double strength = 0.4;

	@Parameter(label = "Sigma start", description = "Noise level to start from, in the model's data units; auto: from the strength", min = "0",
			persist = false, attrs = @Attr(name = "auto", value = "0"))
	private double sigmaStart = 0;

	@Parameter(label = "Normalization", description = "percentile: low and high are percentiles of the image; fixed: pixel values",
			choices = { "percentile", "fixed" }, persist = false)
	private String normalization = "percentile";

	@Parameter(label = "Low", description = "Percentile (%) or pixel value sent to the bottom of the model's data range",
			persist = false)
	private double low = 1;

	@Parameter(label = "High", description = "Percentile (%) or pixel value sent to the top of the model's data range",
			persist = false)
	private double high = 99.8;

	@Parameter(label = "Result", type = ItemIO.OUTPUT)
	private ImagePlus output;

	@Override
	public void run() {
		if (image == null || image.getWidth() == 0 || image.getProcessor() == null) throw new IllegalArgumentException("no image open: Image to Image needs an image to start from");
		LoadedModel m = loadModel();
		try (Progress progress = new Progress("Image to Image (ScoreJ)", m)) {
			output = Generation.imageToImage(m, settings(), image, strength, sigmaStart, Normalization.of(normalization, low, high), progress);
		}
	}
}
