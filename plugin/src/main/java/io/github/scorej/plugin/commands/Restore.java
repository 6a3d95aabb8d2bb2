package io.github.scorej.plugin.commands;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import io.github.scorej.ops.inverse.CtOperator;
import io.github.scorej.ops.inverse.KSpace;
import io.github.scorej.ops.problem.CtProblem;
import io.github.scorej.ops.problem.DeblurProblem;
import io.github.scorej.ops.problem.Problem;
import io.github.scorej.ops.problem.Problems;
import io.github.scorej.plugin.core.KSpaceImages;
import io.github.scorej.plugin.core.Restorations;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.util.Map;

/**
 * Restore (ScoreJ): an inverse problem solved by posterior sampling with a score-based model:
 * denoise, deblur (Gaussian PSF or a PSF image), super-resolve (factor× larger), CT (the image is a
 * sinogram of angles × detector bins) or MRI (the image is k-space, a 2-slice real/imaginary stack or
 * the real part with an imaginary image, in numpy's {@code fft2} layout unless told otherwise; the
 * acquired points from a mask image, or lines drawn from the seed and output as a mask).
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
			attrs = { @Attr(name = "when", value = "task=deblur"), @Attr(name = "unit", value = "pixels") })
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

	@Parameter(label = "Angles", description = "CT: the number of projections, equispaced over [0, 180) degrees (skimage's); auto: one per sinogram column (per row in the angles-bins layout)",
			min = "0", persist = false, attrs = { @Attr(name = "when", value = "task=CT"), @Attr(name = "auto", value = "0") })
	private int angles = 0;

	@Parameter(label = "Angle list", description = "CT: the projection angles in degrees, separated by spaces or commas (irregular acquisitions); empty: equispaced",
			required = false, persist = false, attrs = @Attr(name = "when", value = "task=CT"))
	private String angleList = "";

	@Parameter(label = "Sinogram layout", description = "CT: auto (from the angle count; skimage's when none is given), bins-angles (skimage's radon: rows are detector bins) or angles-bins (rows are angles)",
			choices = { "auto", "bins-angles", "angles-bins" }, persist = false, attrs = @Attr(name = "when", value = "task=CT"))
	private String layout = "auto";

	@Parameter(label = "Size", description = "CT: side of the reconstruction (at most the detector bins); auto: the detector's width", min = "0", persist = false,
			attrs = { @Attr(name = "when", value = "task=CT"), @Attr(name = "auto", value = "0"), @Attr(name = "unit", value = "pixels") })
	private int size = 0;

	@Parameter(label = "Acceleration", description = "MRI: acceleration R (about H/R k-space lines kept)", min = "1", persist = false,
			attrs = @Attr(name = "when", value = "task=MRI"))
	private double acceleration = 4;

	@Parameter(label = "Centre lines", description = "MRI: fully sampled k-space lines at the centre", min = "0", persist = false,
			attrs = @Attr(name = "when", value = "task=MRI"))
	private int centreLines = 8;

	@Parameter(label = "k-space shift", description = "MRI: none = np.fft.fft2(x); fftshift = np.fft.fftshift(np.fft.fft2(x)); centred = fftshift(fft2(ifftshift(x))) (fastMRI)",
			choices = { "none", "fftshift", "centred" }, persist = false, attrs = @Attr(name = "when", value = "task=MRI"))
	private String kspaceShift = "none";

	@Parameter(label = "k-space norm", description = "MRI: numpy's norm of the FFT: backward (unscaled), ortho (1/sqrt(HW)), forward (1/(HW))",
			choices = { "backward", "ortho", "forward" }, persist = false, attrs = @Attr(name = "when", value = "task=MRI"))
	private String kspaceNorm = "backward";

	@Parameter(label = "k-space mask", description = "MRI: the acquired points (non-zero), of the k-space's size and layout; none: lines drawn from the seed",
			required = false, persist = false, attrs = @Attr(name = "when", value = "task=MRI"))
	private ImagePlus kspaceMask;

	@Parameter(label = "Imaginary part", description = "MRI: the imaginary part of k-space, the image being the real part; none: the image is a (re, im) stack",
			required = false, persist = false, attrs = @Attr(name = "when", value = "task=MRI"))
	private ImagePlus kspaceImag;

	@Override
	public void run() {
		Problem p = problem(task);
		boolean mri = p.input() == Problem.Input.KSPACE;
		Restorations.Request r = request(p);
		if (mri && kspaceMask != null) r = r.withMask(kspaceMask);
		restore(mri && kspaceImag != null && image != null ? KSpaceImages.complex(image, kspaceImag) : image, r, "Restore (ScoreJ)");
	}

	private Problem problem(String t) {
		Problem p = Problems.configure(Problems.of(t), Map.of("psf_sigma", String.valueOf(psfSigma), "boundary", DeblurProblem.Boundary.of(boundary).key,
				"factor", String.valueOf(factor), "angles", String.valueOf(angles), "layout", CtOperator.Layout.of(layout).key, "size", String.valueOf(size),
				"acceleration", String.valueOf(acceleration), "centre_lines", String.valueOf(centreLines), "kspace_shift", KSpace.Shift.of(kspaceShift).key,
				"kspace_norm", KSpace.Norm.of(kspaceNorm).key));
		double[] theta = !(p instanceof CtProblem) || angleList == null || angleList.isBlank() ? null : CtOperator.parseAngles(angleList, "angle list");
		if (theta != null && angles > 0 && angles != theta.length)
			throw new IllegalArgumentException("angles " + angles + " and the angle list (" + theta.length + " angles) disagree; give one");
		if (theta != null) p = ((CtProblem) p).withAngles(theta, ((CtProblem) p).layout());
		if (psf != null && p instanceof DeblurProblem d) {
			ImageProcessor ip = psf.getProcessor();
			double[] v = new double[ip.getPixelCount()];
			for (int i = 0; i < v.length; i++)
				v[i] = ip.getf(i);
			p = d.withPsf(v, ip.getHeight(), ip.getWidth(), psf.getTitle());
		}
		return p;
	}
}
