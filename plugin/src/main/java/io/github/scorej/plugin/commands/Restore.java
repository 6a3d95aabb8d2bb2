package io.github.scorej.plugin.commands;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import io.github.scorej.ops.inverse.MriOperator;
import io.github.scorej.ops.inverse.Problem;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Restore (ScoreJ): an inverse problem solved by posterior sampling with a score-based model:
 * denoise, deblur (Gaussian PSF or a PSF image), super-resolve (factor× larger), CT (the image is a
 * sinogram of angles × detector bins) or MRI (the image is k-space, a 2-slice real/imaginary stack).
 */
@Plugin(type = Command.class, label = "Restore (ScoreJ)", headless = true,
		description = "Denoise, deblur, super-resolve, or reconstruct CT and MRI with a score-based model")
public class Restore extends RestorationCommand {

	/** The model used when none is given: grey microscopy. */
	public static final String DEFAULT_MODEL = "micro-gray";

	public Restore() {
		super(DEFAULT_MODEL);
	}

	@Parameter(label = "Image", description = "The measured image (CT: sinogram; MRI: k-space re/im stack); it is not modified")
	private ImagePlus image;

	@Parameter(label = "Task", choices = { "denoise", "deblur", "super-resolve", "CT", "MRI" }, persist = false)
	private String task = "denoise";

	@Parameter(label = "PSF sigma", description = "deblur: Gaussian PSF sigma in pixels", min = "0", persist = false,
			attrs = @Attr(name = "when", value = "task=deblur"))
	private double psfSigma = 2;

	@Parameter(label = "PSF image", description = "deblur: a PSF image instead of the Gaussian (centred at its centroid, normalised to sum 1); none: the Gaussian",
			required = false, persist = false, attrs = @Attr(name = "when", value = "task=deblur"))
	private ImagePlus psf;

	@Parameter(label = "Boundary", choices = { "valid", "periodic" }, persist = false,
			description = "deblur: valid: the scene continues past the edges, unknown (a camera, ImageJ's Gaussian Blur); periodic: the image wraps around",
			attrs = @Attr(name = "when", value = "task=deblur"))
	private String boundary = "valid";

	@Parameter(label = "Factor", description = "super-resolve: the result is factor times larger", min = "2", persist = false,
			attrs = @Attr(name = "when", value = "task=super-resolve"))
	private int factor = 4;

	@Parameter(label = "Angles", description = "CT: measured angles; 0: one per sinogram row", min = "0", persist = false,
			attrs = @Attr(name = "when", value = "task=CT"))
	private int angles = 0;

	@Parameter(label = "Size", description = "CT: side of the reconstruction; 0: from the detector bins", min = "0", persist = false,
			attrs = @Attr(name = "when", value = "task=CT"))
	private int size = 0;

	@Parameter(label = "Acceleration", description = "MRI: acceleration R (about H/R k-space lines kept)", min = "1", persist = false,
			attrs = @Attr(name = "when", value = "task=MRI"))
	private double acceleration = 4;

	@Parameter(label = "Centre lines", description = "MRI: fully sampled k-space lines at the centre", min = "0", persist = false,
			attrs = @Attr(name = "when", value = "task=MRI"))
	private int centreLines = 8;

	@Override
	public void run() {
		restore(image, request(problem(task)).withSize(size).withPsfTitle(psf == null ? null : psf.getTitle()), "Restore (ScoreJ)");
	}

	private Problem problem(String t) {
		Problem p = Problem.of(Problem.Kind.of(switch (t) {
			case "super-resolve" -> "superres";
			default -> t;
		}));
		p = p.withPsfSigma(psfSigma).withFactor(factor).withMri(acceleration, centreLines, MriOperator.Pattern.RANDOM, 0)
				.withBoundary(Problem.Boundary.of(boundary));
		if (image != null) p = p.withAngles(angles > 0 ? angles : image.getHeight());
		if (psf != null) {
			ImageProcessor ip = psf.getProcessor();
			double[] v = new double[ip.getPixelCount()];
			for (int i = 0; i < v.length; i++)
				v[i] = ip.getf(i);
			p = p.withPsf(v, ip.getHeight(), ip.getWidth());
		}
		return p;
	}
}
