package io.github.scorej.plugin.commands;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;
import io.github.scorej.ops.problem.Problem;
import io.github.scorej.plugin.core.Restorations;
import io.github.scorej.plugin.core.LoadedModel;
import io.github.scorej.plugin.core.SamplingSettings;
import io.github.scorej.plugin.image.Normalization;
import org.scijava.ItemIO;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;

import java.util.ArrayList;
import java.util.List;

/**
 * What the conditional commands (Inpaint, Colorize, Restore) share on top of {@link ScoreCommand}'s
 * parameters: measurement noise, method and its options, number of posterior samples, normalisation,
 * and the outputs (restored, uncertainty, samples, and MRI's generated k-space mask). The restored image is declared last so that it is the current image after a macro's
 * {@code run(...)}.
 */
public abstract class RestorationCommand extends ScoreCommand {

	@Parameter(label = "Noise sigma_y", description = "Measurement noise (standard deviation) in pixel values; denoise and deblur: 0 estimates it",
			min = "0", persist = false, attrs = @Attr(name = "unit", value = "pixel values"))
	private double sigmaY = 0;

	@Parameter(label = "Method", description = "Conditional sampling method; default: the task's (ddrm for denoise and periodic Gaussian deblur, ddnm_plus otherwise)",
			choices = { "default", "ddnm_plus", "ddnm", "ddrm", "projection", "replacement" }, persist = false)
	private String method = "default";

	@Parameter(label = "Method options", description = "name=value pairs of the method, e.g. eta=0.85 (ddnm_plus, ddrm)",
			required = false, persist = false)
	private String options = "";

	@Parameter(label = "Samples", description = "Posterior samples K: their mean is the result, their spread the uncertainty", min = "1",
			persist = false)
	private int samples = 4;

	@Parameter(label = "Show samples", description = "Also output the K samples as a stack", persist = false)
	private boolean showSamples = false;

	@Parameter(label = "Normalization", description = "percentile: low and high are percentiles of the image; fixed: pixel values",
			choices = { "percentile", "fixed" }, persist = false)
	private String normalization = "percentile";

	@Parameter(label = "Low", description = "Percentile (%) or pixel value sent to the bottom of the model's data range", persist = false)
	private double low = 1;

	@Parameter(label = "High", description = "Percentile (%) or pixel value sent to the top of the model's data range", persist = false)
	private double high = 99.8;

	@Parameter(label = "Samples", type = ItemIO.OUTPUT, required = false)
	private ImagePlus sampleStack;

	@Parameter(label = "k-space mask", description = "MRI: the generated sampling mask (255 = acquired)", type = ItemIO.OUTPUT, required = false)
	private ImagePlus samplingMask;

	@Parameter(label = "Uncertainty", type = ItemIO.OUTPUT)
	private ImagePlus uncertainty;

	@Parameter(label = "Restored", type = ItemIO.OUTPUT)
	private ImagePlus restored;

	/** @param defaultModel the bundled model used when none is given */
	protected RestorationCommand(String defaultModel) {
		super(defaultModel);
	}

	/** The request these parameters make for a problem. */
	protected Restorations.Request request(Problem problem) {
		return Restorations.Request.of(problem).withSigmaY(sigmaY).withMethod(method).withSamples(samples, showSamples)
				.withNormalization(Normalization.of(normalization, low, high));
	}

	/** Runs the restoration and sets the outputs. */
	protected void restore(ImagePlus image, Restorations.Request request, String title) {
		if (image == null || image.getWidth() == 0 || image.getProcessor() == null)
			throw new IllegalArgumentException("no image open: " + title + " needs an image");
		LoadedModel m = loadModel(null, null);
		Restorations.Result r;
		try (Progress progress = new Progress(title, m)) {
			r = Restorations.restore(m, settings(null, SamplingSettings.parseOptions(options)), image, request, 16, progress);
		}
		restored = r.restored();
		uncertainty = r.uncertainty();
		sampleStack = r.samples();
		samplingMask = r.kspaceMask();
	}

	/** The image's selection, else the ROI Manager's ROIs, as an inpainting mask (inside = unknown); null if there are none. */
	protected static ImagePlus selectionMask(ImagePlus image) {
		List<Roi> rois = new ArrayList<>();
		Roi roi = image.getRoi();
		if (roi != null && roi.isArea()) rois.add(roi);
		else {
			RoiManager rm = RoiManager.getInstance2();
			if (rm != null) for (Roi r : rm.getRoisAsArray())
				if (r.isArea()) rois.add(r);
		}
		return rois.isEmpty() ? null : Restorations.maskOf(image, rois);
	}
}
