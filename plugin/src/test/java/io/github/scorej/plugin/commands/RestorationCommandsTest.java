package io.github.scorej.plugin.commands;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.NewImage;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import io.github.scorej.ops.inverse.CtOperator;
import io.github.scorej.ops.inverse.MriOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scijava.command.CommandModule;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Inpaint, Colorize and Restore end to end in a real Context, on the analytic ONNX models (fully convolutional, size multiple 8). */
class RestorationCommandsTest {

	@RegisterExtension
	static final CommandRunner commands = new CommandRunner();

	private static CommandModule run(Class<? extends org.scijava.command.Command> cmd, Object... inputs) {
		List<Object> all = new ArrayList<>(List.of("model", ScoreCommand.TOY_MODEL, "steps", 8, "samples", 2, "seed", 4L));
		all.addAll(Arrays.asList(inputs));
		return commands.run(cmd, all.toArray());
	}

	private static String failure(Class<? extends org.scijava.command.Command> cmd, Object... inputs) {
		return commands.failure(cmd, CommandsTest.toyModel(cmd, inputs)).getMessage();
	}

	/** A calibrated image: left half dark, right half bright, a little noise. */
	static ImagePlus image(int bits, int w, int h, int planes, long seed) {
		ImagePlus imp = NewImage.createImage("input.tif", w, h, planes, bits, NewImage.FILL_BLACK);
		Random r = new Random(seed);
		for (int s = 1; s <= planes; s++) {
			ImageProcessor ip = imp.getStack().getProcessor(s);
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					double v = Math.max(0, Math.min(1, (x < w / 2 ? 0.25 : 0.75) + 0.03 * r.nextGaussian()));
					switch (bits) {
						case 8 -> ip.set(x, y, (int) Math.round(255 * v));
						case 16 -> ip.set(x, y, (int) Math.round(4000 * v));
						case 32 -> ip.setf(x, y, (float) (100 * v));
						default -> {
							int g = (int) Math.round(255 * v);
							ip.set(x, y, (g << 16) | ((255 - g) << 8) | (g / 2));
						}
					}
				}
		}
		Calibration cal = new Calibration();
		cal.pixelWidth = 0.25;
		cal.pixelHeight = 0.5;
		cal.setUnit("µm");
		imp.setCalibration(cal);
		imp.setProperty("Info", "original info");
		return imp;
	}

	private static List<Object> pixels(ImagePlus imp) {
		List<Object> out = new ArrayList<>();
		for (int s = 1; s <= imp.getStackSize(); s++) {
			Object p = imp.getStack().getPixels(s);
			out.add(p instanceof byte[] b ? b.clone() : p instanceof short[] b ? b.clone() : p instanceof float[] b ? b.clone() : ((int[]) p).clone());
		}
		return out;
	}

	private static void assertSame(List<Object> a, List<Object> b) {
		assertEquals(a.size(), b.size());
		for (int i = 0; i < a.size(); i++)
			assertTrue(Arrays.deepEquals(new Object[] { a.get(i) }, new Object[] { b.get(i) }), "input plane " + (i + 1) + " changed");
	}

	private static String info(ImagePlus imp) {
		return String.valueOf(imp.getProperty("Info"));
	}

	/** Runs a command on {@code in}, checks what every restoration must satisfy, and returns the module. */
	private static CommandModule restore(Class<? extends org.scijava.command.Command> cmd, ImagePlus in, String task, Object... inputs) {
		List<Object> before = pixels(in);
		List<Object> all = new ArrayList<>(List.of("image", in));
		all.addAll(Arrays.asList(inputs));
		CommandModule m = run(cmd, all.toArray());
		assertSame(before, pixels(in));
		assertEquals("original info", in.getProperty("Info"));
		ImagePlus out = (ImagePlus) m.getOutput("restored"), std = (ImagePlus) m.getOutput("uncertainty");
		assertEquals("input-restored", out.getTitle()); // as the command line names its files: NAME-restored.tif
		assertEquals("input-uncertainty", std.getTitle());
		assertEquals(ImagePlus.GRAY32, std.getType());
		assertEquals(out.getWidth(), std.getWidth());
		assertEquals(out.getHeight(), std.getHeight());
		for (String key : new String[] { "scorej.model=", "scorej.model_sha256=", "scorej.method=", "scorej.sampler=", "scorej.steps=8",
				"scorej.schedule=", "scorej.seed=4", "scorej.version=", "scorej.task=" + task, "scorej.sigma_y=", "scorej.residual=",
				"scorej.nfe=", "scorej.runs=" })
			assertTrue(info(out).contains(key), key + " missing from\n" + info(out));
		// data consistency ‖A x̂ − y‖/‖y‖ (measured: below 1e-15 for the noiseless inpaint, colorize, super-resolution and
		// MRI, 3e-4 for CT, whose A† is iterative); the deblur cases declare a noisy measurement (sigma_y), which DDNM+
		// fits per singular value only down to the noise level (0.10–0.14); a denoised image leaves the noise, and the toy
		// prior (a mixture of constant images) cannot fit a two-tone image (0.18–0.65): there only a result of the wrong
		// sign or scale fails
		double max = switch (task) {
			case "denoise" -> 1;
			case "deblur" -> 0.3;
			case "ct" -> 0.01;
			default -> 1e-9;
		};
		for (String r : info(out).replaceAll("(?s).*scorej.residual=([^\n]*).*", "$1").split(","))
			assertTrue(Double.parseDouble(r) < max, "residual " + r + "\n" + info(out));
		return m;
	}

	private static void assertCalibrated(ImagePlus out, double scale) {
		assertEquals(0.25 / scale, out.getCalibration().pixelWidth, 1e-12);
		assertEquals(0.5 / scale, out.getCalibration().pixelHeight, 1e-12);
		assertEquals("µm", out.getCalibration().getUnit());
	}

	@ParameterizedTest
	@ValueSource(ints = { 8, 16, 32 })
	void inpaintFillsTheMaskAndKeepsTheKnownPixels(int bits) {
		ImagePlus in = image(bits, 30, 27, 1, 1);
		ImagePlus mask = NewImage.createByteImage("holes", 30, 27, 1, NewImage.FILL_BLACK);
		mask.getProcessor().setValue(255);
		mask.getProcessor().fill(new Roi(4, 5, 8, 6));
		CommandModule m = restore(Inpaint.class, in, "inpaint", "mask", mask);
		ImagePlus out = (ImagePlus) m.getOutput("restored"), std = (ImagePlus) m.getOutput("uncertainty");
		assertEquals(in.getType(), out.getType());
		assertEquals(30, out.getWidth());
		assertEquals(27, out.getHeight());
		assertCalibrated(out, 1);
		double range = in.getStatistics().max - in.getStatistics().min;
		assertEquals(in.getProcessor().getf(20, 20), out.getProcessor().getf(20, 20), 0.01 * range, "a known pixel moved");
		assertEquals(0, std.getProcessor().getf(20, 20), 0.01 * range);
		assertTrue(std.getProcessor().getf(7, 7) > 0, "no uncertainty inside the hole");
		assertTrue(info(out).contains("scorej.mask=holes") && info(out).contains("scorej.unknown_pixels=48"), info(out));
		assertNull(m.getOutput("sampleStack"));
	}

	@Test
	void inpaintTakesTheSelectionOfEveryPlaneOfAStack() {
		ImagePlus in = image(16, 16, 16, 3, 2);
		in.setRoi(new Roi(2, 2, 5, 5));
		CommandModule m = restore(Inpaint.class, in, "inpaint", "showSamples", true);
		ImagePlus out = (ImagePlus) m.getOutput("restored");
		assertEquals(3, out.getStackSize());
		assertEquals(ImagePlus.GRAY16, out.getType());
		ImagePlus samples = (ImagePlus) m.getOutput("sampleStack");
		assertEquals(6, samples.getStackSize(), "2 samples of each of 3 planes");
		assertTrue(info(samples).contains("scorej.output=samples"));
		// one sampler run per plane (both samples in one batch), 8 DDNM+ steps of one network evaluation each
		assertTrue(info(out).contains("scorej.nfe=8\nscorej.runs=3\n"), info(out));
	}

	@Test
	void inpaintNormalisesOnTheKnownPixelsOnly() {
		ImagePlus in = image(8, 16, 16, 1, 9);
		in.getProcessor().setValue(0);
		in.getProcessor().fill(new Roi(0, 0, 8, 8)); // a black hole, a quarter of the image
		in.setRoi(new Roi(0, 0, 8, 8));
		ImagePlus out = (ImagePlus) restore(Inpaint.class, in, "inpaint").getOutput("restored");
		double low = Double.parseDouble(info(out).replaceAll("(?s).*scorej.input_low=([^\n]*).*", "$1"));
		assertTrue(low > 40, "the hole's zeros set the 1st percentile: " + low);
	}

	@Test
	void inpaintRefusesBadMasks() {
		ImagePlus in = image(8, 16, 16, 1, 3);
		assertTrue(failure(Inpaint.class, "image", in).contains("needs the region to fill"));
		ImagePlus small = NewImage.createByteImage("small", 8, 8, 1, NewImage.FILL_WHITE);
		assertTrue(failure(Inpaint.class, "image", in, "mask", small).contains("is 8x8, the image 'input.tif' is 16x16"));
		ImagePlus none = NewImage.createByteImage("none", 16, 16, 1, NewImage.FILL_BLACK);
		assertTrue(failure(Inpaint.class, "image", in, "mask", none).contains("hides no pixel"));
		ImagePlus all = NewImage.createByteImage("all", 16, 16, 1, NewImage.FILL_WHITE);
		assertTrue(failure(Inpaint.class, "image", in, "mask", all).contains("hides every pixel"));
	}

	@Test
	void colorizeGivesRgbFor8BitAndACompositeOtherwise() {
		ImagePlus grey = image(8, 24, 16, 1, 4);
		ImagePlus rgb = (ImagePlus) restore(Colorize.class, grey, "colorize", "model", "gaussian-edm").getOutput("restored");
		assertEquals(ImagePlus.COLOR_RGB, rgb.getType());
		assertEquals(24, rgb.getWidth());
		assertCalibrated(rgb, 1);
		int c = rgb.getProcessor().get(20, 8);
		double mean = (((c >> 16) & 0xff) + ((c >> 8) & 0xff) + (c & 0xff)) / 3.0;
		assertEquals(grey.getProcessor().get(20, 8), mean, 3, "the colours' mean is the grey level");
		ImagePlus f = (ImagePlus) restore(Colorize.class, image(32, 16, 16, 2, 5), "colorize", "model", "gaussian-edm").getOutput("restored");
		assertEquals(ImagePlus.GRAY32, f.getType());
		assertEquals(3, f.getNChannels());
		assertEquals(2, f.getNSlices());
		assertTrue(failure(Colorize.class, "image", grey).contains("3-channel"));
	}

	@Test
	void denoiseAndDeblurKeepTypeAndSize() {
		ImagePlus d = (ImagePlus) restore(Restore.class, image(32, 20, 12, 1, 6), "denoise", "task", "denoise").getOutput("restored");
		assertEquals(ImagePlus.GRAY32, d.getType());
		assertEquals(20, d.getWidth());
		assertTrue(info(d).contains("scorej.sigma_y_estimated=true"), info(d));
		ImagePlus rgb = image(24, 16, 16, 1, 7);
		ImagePlus b = (ImagePlus) restore(Restore.class, rgb, "deblur", "task", "deblur", "model", "gaussian-edm", "psfSigma", 1.0, "sigmaY", 1.0)
				.getOutput("restored");
		assertEquals(ImagePlus.COLOR_RGB, b.getType());
		assertTrue(info(b).contains("scorej.psf_sigma=1.0"), info(b));
	}

	@Test
	void deblurTakesAPsfImageAndInpaintAnRgbImage() {
		FloatProcessor k = new FloatProcessor(5, 5);
		for (int y = 0; y < 5; y++)
			for (int x = 0; x < 5; x++)
				k.setf(x, y, (float) Math.exp(-((x - 2) * (x - 2) + (y - 2) * (y - 2)) / 2.0));
		ImagePlus psf = new ImagePlus("psf.tif", k);
		ImagePlus b = (ImagePlus) restore(Restore.class, image(16, 24, 16, 1, 10), "deblur", "task", "deblur", "psf", psf, "sigmaY", 10.0)
				.getOutput("restored");
		assertEquals(ImagePlus.GRAY16, b.getType());
		assertTrue(info(b).contains("scorej.psf=psf.tif") && info(b).contains("5×5 PSF"), info(b));
		assertTrue(info(b).contains("scorej.boundary=valid") && info(b).contains("normalised to sum 1") && info(b).contains("centroid (row 2.00, column 2.00)"),
				info(b));
		k.setf(0, 0, -1);
		assertTrue(failure(Restore.class, "image", image(16, 24, 16, 1, 10), "task", "deblur", "psf", psf, "sigmaY", 10.0).contains("PSF has a negative value"));
		String ddrm = failure(Restore.class, "image", image(16, 24, 16, 1, 10), "task", "deblur", "method", "ddrm", "sigmaY", 10.0);
		assertTrue(ddrm.contains("valid (non-periodic) boundaries") && ddrm.contains("ddnm_plus") && ddrm.contains("boundary periodic"), ddrm);
		ImagePlus rgb = image(24, 16, 16, 1, 11);
		rgb.setRoi(new Roi(5, 5, 4, 4));
		ImagePlus out = (ImagePlus) restore(Inpaint.class, rgb, "inpaint", "model", "gaussian-edm").getOutput("restored");
		assertEquals(ImagePlus.COLOR_RGB, out.getType());
		assertEquals(rgb.getProcessor().get(12, 12), out.getProcessor().get(12, 12), "a known RGB pixel is kept");
		assertEquals(3, ((ImagePlus) restore(Inpaint.class, rgb, "inpaint", "model", "gaussian-edm").getOutput("uncertainty")).getNChannels());
	}

	@Test
	void superResolutionMakesAStackFactorTimesLarger() {
		ImagePlus out = (ImagePlus) restore(Restore.class, image(16, 10, 6, 2, 8), "superres", "task", "super-resolve", "factor", 2)
				.getOutput("restored");
		assertEquals(20, out.getWidth());
		assertEquals(12, out.getHeight());
		assertEquals(2, out.getStackSize());
		assertEquals(ImagePlus.GRAY16, out.getType());
		assertCalibrated(out, 2);
	}

	@Test
	void ctReconstructsFromASinogram() {
		CtOperator a = CtOperator.sparseView(1, 32, 32, 12);
		ImagePlus sino = sinogram(a);
		ImagePlus out = (ImagePlus) restore(Restore.class, sino, "ct", "task", "CT", "layout", "angles-bins", "size", 32).getOutput("restored");
		assertEquals(32, out.getWidth());
		assertEquals(32, out.getHeight());
		assertTrue(info(out).contains("scorej.angles=12") && info(out).contains("scorej.bins=" + a.bins()) && info(out).contains("scorej.layout=angles-bins"),
				info(out));
		// skimage's layout (bins × angles), told apart by the angle count
		ImageProcessor tp = sino.getProcessor().rotateLeft();
		tp.flipVertical();
		ImagePlus t = new ImagePlus("input", tp);
		t.setProperty("Info", "original info");
		ImagePlus same = (ImagePlus) restore(Restore.class, t, "ct", "task", "CT", "angles", 12, "size", 32).getOutput("restored");
		assertTrue(info(same).contains("scorej.layout=bins-angles"), info(same));
		assertArrayEquals((float[]) out.getProcessor().getPixels(), (float[]) same.getProcessor().getPixels(), 1e-4f);
		assertTrue(failure(Restore.class, "image", sino, "task", "CT", "angles", 10).contains("neither its 12 rows nor its 46 columns fit"));
		assertTrue(failure(Restore.class, "image", sino, "task", "CT", "angleList", "0, 30, 60").contains("the angle list (3 angles)"));
		assertTrue(failure(Restore.class, "image", t, "task", "CT", "size", 64).contains("--size fits up to 46"));
	}

	@Test
	void mriReconstructsFromKSpace() {
		ImagePlus k = kspace(16);
		CommandModule m = restore(Restore.class, k, "mri", "task", "MRI", "acceleration", 2.0, "centreLines", 4);
		ImagePlus out = (ImagePlus) m.getOutput("restored"), mask = (ImagePlus) m.getOutput("samplingMask");
		assertEquals(16, out.getWidth());
		assertEquals(1, out.getStackSize());
		assertTrue(info(out).contains("scorej.kspace_shift=none\n") && info(out).contains("scorej.kspace_norm=backward\n")
				&& info(out).contains("scorej.mask_seed=4\n"), info(out));
		// the generated lines, in numpy's unshifted layout: the 4 centre lines are rows 0, 1, 14 and 15
		assertEquals(16, mask.getWidth());
		assertEquals(ImagePlus.GRAY8, mask.getType());
		for (int row : new int[] { 0, 1, 14, 15 })
			assertEquals(255, mask.getProcessor().get(3, row), "centre line " + row);
		assertTrue(info(mask).contains("scorej.output=kspace_mask"), info(mask));
		// the same mask given: the same result, and no mask output
		mask.setTitle("lines.tif");
		CommandModule given = restore(Restore.class, k, "mri", "task", "MRI", "kspaceMask", mask);
		assertNull(given.getOutput("samplingMask"));
		ImagePlus again = (ImagePlus) given.getOutput("restored");
		assertArrayEquals((float[]) out.getProcessor().getPixels(), (float[]) again.getProcessor().getPixels(), 1e-5f);
		assertTrue(info(again).contains("scorej.kspace_mask=lines.tif") && !info(again).contains("mask_seed"), info(again));
		// two images (real, imaginary) as one stack
		ImagePlus re = new ImagePlus("input", k.getStack().getProcessor(1).duplicate()), im = new ImagePlus("im", k.getStack().getProcessor(2).duplicate());
		re.setProperty("Info", "original info");
		ImagePlus two = (ImagePlus) restore(Restore.class, re, "mri", "task", "MRI", "kspaceImag", im, "kspaceMask", mask).getOutput("restored");
		assertArrayEquals((float[]) out.getProcessor().getPixels(), (float[]) two.getProcessor().getPixels(), 1e-5f);
		assertTrue(failure(Restore.class, "image", image(32, 16, 16, 3, 1), "task", "MRI").contains("2-slice"));
		String msg = failure(Restore.class, "image", k, "task", "MRI", "kspaceMask", image(8, 8, 16, 1, 1));
		assertTrue(msg.contains("k-space mask") && msg.contains("8x16") && msg.contains("16x16"), msg);
		assertTrue(failure(Restore.class, "image", k, "task", "MRI", "kspaceShift", "centred", "kspaceNorm", "unitary").contains("norm 'unitary'"));
	}

	/** The sinogram of a two-tone image (left dark, right bright) under {@code a}, titled "input". */
	private static ImagePlus sinogram(CtOperator a) {
		int n = a.height();
		double[] x = new double[n * n], y = new double[a.measurementSize()];
		for (int i = 0; i < x.length; i++)
			x[i] = (i % n) < n / 2 ? 0.2 : 0.8;
		a.apply(x, y);
		float[] px = new float[y.length];
		for (int i = 0; i < y.length; i++)
			px[i] = (float) y[i];
		ImagePlus sino = new ImagePlus("input", new FloatProcessor(a.bins(), y.length / a.bins(), px));
		sino.setProperty("Info", "original info");
		return sino;
	}

	/** The full n×n k-space of a two-tone image (numpy's fft2 layout) as a (re, im) stack titled "input". */
	private static ImagePlus kspace(int n) {
		MriOperator a = MriOperator.cartesian(1, n, n, 2, 4, MriOperator.Pattern.RANDOM, 0);
		double[] x = new double[n * n], t = new double[2 * n * n];
		for (int i = 0; i < x.length; i++)
			x[i] = (i % n) < n / 2 ? 0.2 : 0.8;
		a.kspace(x, t);
		t = io.github.scorej.ops.inverse.KSpace.NUMPY.fromCentred(t, n, n);
		ImageStack st = new ImageStack(n, n);
		for (int part = 0; part < 2; part++) {
			float[] px = new float[n * n];
			for (int i = 0; i < n * n; i++)
				px[i] = (float) t[2 * i + part];
			st.addSlice(part == 0 ? "re" : "im", new FloatProcessor(n, n, px));
		}
		ImagePlus k = new ImagePlus("input", st);
		k.setProperty("Info", "original info");
		return k;
	}

	/** A copy of the 32×32 analytic toy model whose card says it is not fully convolutional. */
	private static Path notFullyConvolutional() throws java.io.IOException {
		return io.github.scorej.plugin.core.TestModels.copy("gaussian-mixture-edm", Files.createTempDirectory("scorej-nonfc"),
				c -> c.replace("fully_convolutional: true", "fully_convolutional: false"));
	}

	/**
	 * The tasks whose image size is not the input's: CT (any reconstruction size), MRI (the k-space
	 * size), Generate and the anomaly map, each larger than the 32×32 of a model that is not fully
	 * convolutional, run in its tiles; smaller, a clear error.
	 */
	@Test
	void otherTasksRunInTilesOfAModelThatIsNotFullyConvolutional() throws Exception {
		String dir = notFullyConvolutional().toString();
		ImagePlus ct = (ImagePlus) restore(Restore.class, sinogram(CtOperator.sparseView(1, 40, 40, 12)), "ct", "model", dir, "task", "CT", "layout", "angles-bins",
				"size", 40).getOutput("restored");
		assertEquals(40, ct.getWidth());
		assertEquals(40, ct.getHeight());
		ImagePlus mri = (ImagePlus) restore(Restore.class, kspace(40), "mri", "model", dir, "task", "MRI", "acceleration", 2.0, "centreLines", 4)
				.getOutput("restored");
		assertEquals(40, mri.getWidth());
		String msg = commands.failure(Restore.class, "image", kspace(16), "model", dir, "task", "MRI").getMessage();
		assertTrue(msg.contains("at least 32x32") && msg.contains("16x16"), msg);
		ImagePlus gen = (ImagePlus) commands.run(Generate.class, "model", dir, "count", 1, "size", 48, "steps", 4, "seed", 1L).getOutput("output");
		assertEquals(48, gen.getWidth());
		assertEquals(48, gen.getHeight());
		msg = commands.failure(Generate.class, "model", dir, "count", 1, "size", 24, "steps", 4).getMessage();
		assertTrue(msg.contains("at least 32x32") && msg.contains("24x24"), msg);
		ImagePlus map = (ImagePlus) commands.run(ImageAnomalyMap.class, "image", image(8, 48, 40, 1, 1), "model", dir, "mode", "denoise",
				"sigma", 0.2, "repeats", 1).getOutput("output");
		assertEquals(48, map.getWidth());
		assertEquals(40, map.getHeight());
	}

	/**
	 * A job larger than the heap is refused before it starts, with the numbers and the fixes, and the input is untouched.
	 * Samples cost memory only when kept (otherwise they are summarised as they come), so this job keeps them.
	 */
	@Test
	void aJobThatCannotFitInMemoryIsRefusedAtOnce() {
		ImagePlus big = image(8, 2048, 2048, 1, 1);
		long perSample = 8L * 2048 * 2048;
		int k = (int) Math.min(100_000, 2 * Runtime.getRuntime().maxMemory() / perSample + 1);
		String msg = failure(Restore.class, "image", big, "task", "denoise", "samples", k, "showSamples", true);
		assertTrue(msg.contains("restoring " + k + " sample(s) of 1 plane(s) of 2048x2048 needs about") && msg.contains("Memory & Threads")
				&& msg.contains("fewer samples"), msg);
	}

	@Test
	void aModelThatIsNotFullyConvolutionalRunsInTiles() throws Exception {
		Path dir = notFullyConvolutional();
		// smaller than its 32×32: mirror-padded up; larger: overlapping 32×32 tiles blended at every step
		for (int[] size : new int[][] { { 16, 16 }, { 56, 40 } }) {
			ImagePlus in = image(8, size[0], size[1], 1, 1);
			ImagePlus out = (ImagePlus) restore(Restore.class, in, "denoise", "model", dir.toString(), "task", "denoise", "sigmaY", 5.0)
					.getOutput("restored");
			assertEquals(size[0], out.getWidth());
			assertEquals(size[1], out.getHeight());
			assertEquals(ImagePlus.GRAY8, out.getType());
		}
		String msg;
		// options are the method's: ddnm_plus knows eta, not a sampler's s_churn
		msg = failure(Restore.class, "image", image(8, 16, 16, 1, 1), "options", "s_churn=40");
		assertTrue(msg.contains("unknown option 's_churn'") && msg.contains("eta"), msg);
	}
}
