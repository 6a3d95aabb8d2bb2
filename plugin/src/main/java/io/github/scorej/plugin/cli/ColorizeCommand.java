package io.github.scorej.plugin.cli;

import ij.ImagePlus;
import io.github.scorej.ops.problem.Problems;
import io.github.scorej.plugin.core.Restorations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;

/** {@code scorej colorize FILES|FOLDERS}: colour images whose channel mean is the grey input (a 3-channel model). */
@Command(name = "colorize", description = "Colour grey images with a 3-channel score model.")
final class ColorizeCommand extends RestoreVerb {

	@Option(names = "--grey", defaultValue = "mean", description = "What the grey image is: mean ((R+G+B)/3, ImageJ's RGB to 8-bit), rec601 (0.299 R + 0.587 G + 0.114 B: ImageJ's weighted conversion, OpenCV, Pillow) or rec709 (0.2125 R + 0.7154 G + 0.0721 B: skimage's rgb2gray). An RGB input is made grey by the same definition. Default: ${DEFAULT-VALUE}.")
	String grey;

	@Override
	Restorations.Request request(ImagePlus image) {
		return shared(Restorations.Request.of(Problems.configure(Problems.of("colorize"), Map.of("grey", grey))));
	}
}
