package io.github.scorej.plugin.commands;

import ij.ImagePlus;
import io.github.scorej.ops.problem.Problems;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.util.Map;

/**
 * Colorize (ScoreJ): colour images whose channel mean (or, with {@code grey}, luminance) is the grey
 * image, sampled from a 3-channel score-based model. An 8-bit grey or RGB image gives an RGB image; a 16- or 32-bit one a
 * 3-channel composite of its type.
 */
@Plugin(type = Command.class, label = "Colorize (ScoreJ)", headless = true,
		description = "Colour a grey image with a 3-channel score-based model")
public class Colorize extends RestorationCommand {

	/** The model used when none is given: RGB histology. */
	public static final String DEFAULT_MODEL = "histo-rgb";

	public Colorize() {
		super(DEFAULT_MODEL);
	}

	@Parameter(label = "Image", description = "The grey (or RGB) image; it is not modified")
	private ImagePlus image;

	@Parameter(label = "Grey", description = "What the grey image is: mean = (R+G+B)/3 (ImageJ's RGB to 8-bit); rec601 = 0.299 R + 0.587 G + 0.114 B (ImageJ's weighted conversion, OpenCV); rec709 = 0.2125 R + 0.7154 G + 0.0721 B (skimage's rgb2gray)",
			choices = { "mean", "rec601", "rec709" }, persist = false)
	private String grey = "mean";

	@Override
	public void run() {
		restore(image, request(Problems.configure(Problems.of("colorize"), Map.of("grey", grey))), "Colorize (ScoreJ)");
	}
}
