package io.github.scorej.plugin.cli;

import ij.ImagePlus;
import io.github.scorej.ops.problem.Problems;
import io.github.scorej.plugin.core.Restorations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/** {@code scorej inpaint --mask MASK FILES|FOLDERS}: fill the mask's non-zero region of every image. */
@Command(name = "inpaint", description = "Fill the masked region of images with posterior samples of a score model.")
final class InpaintCommand extends RestoreVerb {

	@Option(names = "--mask", required = true, description = "Mask image of the inputs' size: non-zero where the image is unknown.")
	Path mask;

	private ImagePlus maskImage;

	@Override
	void prepare() {
		maskImage = open("--mask", mask);
	}

	@Override
	List<Path> optionFiles() {
		List<Path> files = super.optionFiles();
		files.add(mask);
		return files;
	}

	@Override
	Restorations.Request request(ImagePlus image) {
		return shared(Restorations.Request.of(Problems.of("inpaint"))).withMask(maskImage);
	}
}
