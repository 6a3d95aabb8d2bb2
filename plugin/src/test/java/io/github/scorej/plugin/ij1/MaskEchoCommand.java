package io.github.scorej.plugin.ij1;

import ij.ImagePlus;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** A test command with two image inputs: the current image and a mask named by title. */
@Plugin(type = Command.class, label = "Mask Echo (ScoreJ)")
public class MaskEchoCommand implements Command {

	@Parameter
	private ImagePlus image;

	@Parameter(label = "Mask")
	private ImagePlus mask;

	@Parameter(type = ItemIO.OUTPUT)
	private String report;

	@Override
	public void run() {
		report = "image=" + image.getTitle() + " mask=" + mask.getTitle();
	}
}
