package io.github.scorej.plugin.commands;

import ij.ImagePlus;
import io.github.scorej.ops.problem.Problems;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Inpaint (ScoreJ): fills the unknown region of an image with posterior samples of a score-based
 * model given the known pixels. The region is a mask image (non-zero = unknown) or, without one,
 * the image's selection or the ROI Manager's ROIs (inside = unknown).
 */
@Plugin(type = Command.class, label = "Inpaint (ScoreJ)", headless = true,
		description = "Fill a masked or selected region with a score-based model")
public class Inpaint extends RestorationCommand {

	/** The model used when none is given: grey microscopy. */
	public static final String DEFAULT_MODEL = "micro-gray";

	public Inpaint() {
		super(DEFAULT_MODEL);
	}

	@Parameter(label = "Image", description = "The image to inpaint; it is not modified")
	private ImagePlus image;

	@Parameter(label = "Mask", description = "Non-zero where the image is unknown; none: the selection (or the ROI Manager's ROIs)",
			required = false, persist = false)
	private ImagePlus mask;

	@Override
	public void run() {
		if (image == null) throw new IllegalArgumentException("no image open: Inpaint (ScoreJ) needs an image");
		ImagePlus m = mask != null ? mask : selectionMask(image);
		if (m == null)
			throw new IllegalArgumentException("Inpaint (ScoreJ) needs the region to fill: a selection on '" + image.getTitle()
					+ "', ROIs in the ROI Manager, or mask=[image] (non-zero = unknown)");
		restore(image, request(Problems.of("inpaint")).withMask(m), "Inpaint (ScoreJ)");
	}
}
