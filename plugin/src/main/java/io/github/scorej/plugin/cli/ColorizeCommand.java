package io.github.scorej.plugin.cli;

import ij.ImagePlus;
import io.github.scorej.ops.problem.Problems;
import io.github.scorej.plugin.core.Restorations;
import picocli.CommandLine.Command;

/** {@code scorej colorize FILES|FOLDERS}: colour images whose channel mean is the grey input (a 3-channel model). */
@Command(name = "colorize", description = "Colour grey images with a 3-channel score model.")
final class ColorizeCommand extends RestoreVerb {

	@Override
	Restorations.Request request(ImagePlus image) {
		return shared(Restorations.Request.of(Problems.of("colorize")));
	}
}
