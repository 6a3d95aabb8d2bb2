package io.github.scorej.plugin.cli;

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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code scorej restore --task denoise|deblur|superres|ct|mri FILES|FOLDERS}: inverse problems by posterior sampling. */
@Command(name = "restore", description = "Denoise, deblur, super-resolve, or reconstruct CT sinograms and MRI k-space with a score model.")
final class RestoreCommand extends RestoreVerb {

	@Option(names = "--task", defaultValue = "denoise", description = "denoise, deblur, superres, ct (input: a parallel-beam sinogram, skimage's layout bins x angles by default; see --layout) or mri (input: k-space, 2-slice re/im stack, or the real part with --kspace-imag). Default: ${DEFAULT-VALUE}.")
	String task;

	@Option(names = "--psf-sigma", defaultValue = "2", description = "deblur: Gaussian PSF sigma in pixels. Default: ${DEFAULT-VALUE}.")
	double psfSigma;

	@Option(names = "--psf", description = "deblur: a PSF image instead of the Gaussian; centred at its centroid and normalised to sum 1.")
	Path psf;

	@Option(names = "--boundary", defaultValue = "valid", description = "deblur: valid (the scene continues past the edges, unknown: a camera, ImageJ's Gaussian Blur, scipy) or periodic (the image wraps around). Default: ${DEFAULT-VALUE}.")
	String boundary;

	@Option(names = "--factor", defaultValue = "4", description = "superres: the result is factor times larger. Default: ${DEFAULT-VALUE}.")
	int factor;

	@Option(names = "--angles", defaultValue = "0", description = "ct: the number of projections, equispaced over [0, 180) degrees as skimage's np.linspace(0, 180, n, endpoint=False); 0: one per sinogram column (per row with --layout angles-bins). Default: ${DEFAULT-VALUE}.")
	int angles;

	@Option(names = "--angles-file", description = "ct: the projection angles in degrees (skimage's theta), one per projection, separated by spaces, commas or new lines; for irregular acquisitions.")
	Path anglesFile;

	@Option(names = "--layout", defaultValue = "auto", description = "ct: bins-angles (skimage's radon: rows are detector bins, columns angles), angles-bins (rows are angles), or auto: from the angle count (skimage's layout when no count is given). Default: ${DEFAULT-VALUE}.")
	String layout;

	@Option(names = "--size", defaultValue = "0", description = "ct: side of the reconstruction (the detector needs at least that many bins; skimage's circle=False made ceil(sqrt(2)*size)); 0: the detector's width, skimage's circle=True field. Default: ${DEFAULT-VALUE}.")
	int size;

	@Option(names = "--acceleration", defaultValue = "4", description = "mri: acceleration R (about H/R lines kept). Default: ${DEFAULT-VALUE}.")
	double acceleration;

	@Option(names = "--centre-lines", defaultValue = "8", description = "mri: fully sampled centre lines. Default: ${DEFAULT-VALUE}.")
	int centreLines;

	@Option(names = "--kspace-shift", defaultValue = "none", description = "mri: none (np.fft.fft2(x)), fftshift (np.fft.fftshift(np.fft.fft2(x))) or centred (fftshift(fft2(ifftshift(x))), fastMRI's fft2c). Default: ${DEFAULT-VALUE}.")
	String kspaceShift;

	@Option(names = "--kspace-norm", defaultValue = "backward", description = "mri: numpy's norm of the k-space's FFT: backward (unscaled), ortho (1/sqrt(HW)) or forward (1/(HW)). Default: ${DEFAULT-VALUE}.")
	String kspaceNorm;

	@Option(names = "--kspace-mask", description = "mri: the acquired points (an image of the k-space's size, non-zero = acquired, in the k-space's layout); values elsewhere are ignored. Without it, lines are drawn from --seed (--acceleration, --centre-lines) and written to NAME-mask.tif.")
	Path kspaceMask;

	@Option(names = "--kspace-imag", description = "mri: the imaginary part of k-space; the input file is then the real part (one input file).")
	Path kspaceImag;

	private ImagePlus maskImage, imagImage;

	private Problem base;

	@Override
	void prepare() {
		Problem p = Problems.of(task);
		if (!p.verb().equals("restore"))
			throw new IllegalArgumentException("--task " + task + ": use 'scorej " + p.verb() + "'; restore takes " + Problems.keys(Problems.ofVerb("restore"), " or "));
		p = Problems.configure(p, Map.of("psf_sigma", String.valueOf(psfSigma), "boundary", DeblurProblem.Boundary.of(boundary).key,
				"factor", String.valueOf(factor), "angles", String.valueOf(angles), "layout", CtOperator.Layout.of(layout).key, "size", String.valueOf(size),
				"acceleration", String.valueOf(acceleration), "centre_lines", String.valueOf(centreLines), "kspace_shift", KSpace.Shift.of(kspaceShift).key,
				"kspace_norm", KSpace.Norm.of(kspaceNorm).key));
		if (p.input() != Problem.Input.KSPACE && (kspaceMask != null || kspaceImag != null))
			throw new IllegalArgumentException((kspaceMask != null ? "--kspace-mask" : "--kspace-imag") + " is for --task mri, not " + p.key());
		if (kspaceMask != null) maskImage = open("--kspace-mask", kspaceMask);
		if (kspaceImag != null) {
			if (inputs.inputs.size() != 1 || java.nio.file.Files.isDirectory(inputs.inputs.get(0)))
				throw new IllegalArgumentException("--kspace-imag is the imaginary part of one k-space: give its real part as the only input file");
			imagImage = open("--kspace-imag", kspaceImag);
		}
		if (psf != null) {
			ImageProcessor ip = open("--psf", psf).getProcessor();
			double[] v = new double[ip.getPixelCount()];
			for (int i = 0; i < v.length; i++)
				v[i] = ip.getf(i);
			if (p instanceof DeblurProblem d) p = d.withPsf(v, ip.getHeight(), ip.getWidth(), psf.getFileName().toString());
		}
		double[] theta = anglesFile == null ? null : readAngles(anglesFile);
		if (theta != null && angles > 0 && angles != theta.length)
			throw new IllegalArgumentException("--angles " + angles + " and --angles-file " + anglesFile + " (" + theta.length + " angles) disagree; give one");
		if (theta != null && p instanceof CtProblem ct) p = ct.withAngles(theta, ct.layout());
		base = p;
	}

	/** Angles in degrees from a text file: numbers separated by white space, commas or semicolons; # starts a comment. */
	static double[] readAngles(Path f) {
		String text;
		try {
			text = java.nio.file.Files.readString(f);
		} catch (java.io.IOException | java.io.UncheckedIOException e) {
			throw new IllegalArgumentException("--angles-file " + f + ": cannot read it (" + e.getMessage() + ")");
		}
		return CtOperator.parseAngles(text, "--angles-file " + f);
	}

	@Override
	List<Path> optionFiles() {
		List<Path> files = super.optionFiles();
		if (psf != null) files.add(psf);
		if (kspaceMask != null) files.add(kspaceMask);
		if (kspaceImag != null) files.add(kspaceImag);
		if (anglesFile != null) files.add(anglesFile);
		return files;
	}

	@Override
	List<String> moreSuffixes() {
		return base.input() == Problem.Input.KSPACE && kspaceMask == null ? List.of(MASK) : List.of();
	}

	@Override
	ImagePlus input(ImagePlus read) {
		return imagImage == null ? read : KSpaceImages.complex(read, imagImage);
	}

	@Override
	Restorations.Request request(ImagePlus image) {
		Restorations.Request r = shared(Restorations.Request.of(base));
		return maskImage != null ? r.withMask(maskImage) : r;
	}
}
