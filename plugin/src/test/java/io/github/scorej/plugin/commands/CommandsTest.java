package io.github.scorej.plugin.commands;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.NewImage;
import ij.measure.Calibration;
import ij.process.ImageProcessor;
import io.github.scorej.plugin.image.ChannelMismatchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scijava.command.CommandModule;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The SciJava commands end to end in a real Context, on the bundled analytic ONNX models. */
class CommandsTest {

	@RegisterExtension
	static final CommandRunner commands = new CommandRunner();

	private static CommandModule run(Class<? extends org.scijava.command.Command> cmd, Object... inputs) {
		return commands.run(cmd, toyModel(cmd, inputs));
	}

	/**
	 * The inputs, after model = the analytic toy model for a sampling command (inputs that name a
	 * model override it): the commands' defaults are trained models that tests must not need.
	 */
	static Object[] toyModel(Class<?> cmd, Object... inputs) {
		if (!ScoreCommand.class.isAssignableFrom(cmd)) return inputs;
		java.util.List<Object> all = new java.util.ArrayList<>(java.util.List.of("model", ScoreCommand.TOY_MODEL));
		all.addAll(java.util.Arrays.asList(inputs));
		return all.toArray();
	}

	/** Runs a command that must fail and returns the root cause. */
	private static Throwable failure(Class<? extends org.scijava.command.Command> cmd, Object... inputs) {
		return commands.failure(cmd, toyModel(cmd, inputs));
	}

	private static String info(ImagePlus imp) {
		Object info = imp.getProperty("Info");
		assertNotNull(info, "no Info on " + imp.getTitle());
		return info.toString();
	}

	private static void assertProvenance(String info, String... entries) {
		for (String key : new String[] { "scorej.model=", "scorej.model_sha256=", "scorej.sampler=", "scorej.steps=", "scorej.schedule=",
				"scorej.seed=", "scorej.version=" })
			assertTrue(info.contains(key), key + " missing from\n" + info);
		for (String e : entries)
			assertTrue(info.contains(e), e + " missing from\n" + info);
	}

	@Test
	void generateMakesANewStackWithProvenance() {
		CommandModule m = run(Generate.class, "count", 3, "steps", 6, "seed", 11L);
		ImagePlus out = (ImagePlus) m.getOutput("output");
		assertEquals(32, out.getWidth());
		assertEquals(32, out.getHeight());
		assertEquals(3, out.getStackSize());
		assertEquals(ImagePlus.GRAY32, out.getType());
		assertProvenance(info(out), "scorej.model=gaussian-mixture-edm", "scorej.sampler=heun", "scorej.steps=6", "scorej.seed=11",
				"scorej.command=generate", "scorej.nfe=11\n", "scorej.runs=1\n"); // Heun: 2 x 6 - 1 network evaluations
		float[] px = (float[]) out.getStack().getProcessor(1).getPixels();
		for (float v : px)
			assertTrue(v >= -1 && v <= 1, "outside the data range: " + v);
		// the same seed gives the same images
		ImagePlus again = (ImagePlus) run(Generate.class, "count", 3, "steps", 6, "seed", 11L).getOutput("output");
		assertArrayEquals(px, (float[]) again.getStack().getProcessor(1).getPixels());
	}

	@Test
	void generateTakesSamplerScheduleSizeAndChannels() {
		ImagePlus out = (ImagePlus) run(Generate.class, "count", 2, "size", 16, "sampler", "euler", "steps", 4, "schedule", "exponential",
				"options", "s_churn=0").getOutput("output");
		assertEquals(16, out.getWidth());
		assertEquals(2, out.getStackSize());
		assertProvenance(info(out), "scorej.sampler=euler", "scorej.schedule=exponential");
		ImagePlus rgb = (ImagePlus) run(Generate.class, "model", "gaussian-mixture-vp-v-t", "count", 2, "steps", 4).getOutput("output");
		assertEquals(3, rgb.getNChannels());
		assertEquals(2, rgb.getNFrames());
		assertEquals(6, rgb.getStackSize());
	}

	/** The adaptive ODE's NFE is not known in advance: the Info records what it used (RK45: 2 + 6 per step attempt). */
	@Test
	void anAdaptiveSamplersNfeIsInTheInfo() {
		ImagePlus out = (ImagePlus) run(Generate.class, "count", 2, "sampler", "ode", "steps", 6).getOutput("output");
		java.util.regex.Matcher nfe = java.util.regex.Pattern.compile("scorej\\.nfe=(\\d+)\n").matcher(info(out));
		assertTrue(nfe.find(), info(out));
		int n = Integer.parseInt(nfe.group(1));
		assertTrue(n > 6 && (n - 2) % 6 == 0, "RK45's NFE " + n);
	}

	/** The card's defaults.guidance (2.5 in this copy; without it the scale is 1), unless the run gives one. */
	@Test
	void generateOfAClassTakesTheCardsGuidanceUnlessGiven(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
		java.nio.file.Path card = io.github.scorej.plugin.core.TestModels.copy("gaussian-mixture-vp-eps-t-classes", dir.resolve("m"),
				c -> c.replace("schedule: \"karras\"}", "schedule: \"karras\", guidance: 2.5}"));
		ImagePlus ofCard = (ImagePlus) run(Generate.class, "model", card.toString(), "classLabel", "bright", "count", 1, "steps", 4).getOutput("output");
		assertProvenance(info(ofCard), "scorej.class=bright", "scorej.guidance=2.5");
		ImagePlus bright = (ImagePlus) run(Generate.class, "model", "gaussian-mixture-vp-eps-t-classes", "classLabel", "bright", "count", 2,
				"steps", 6).getOutput("output");
		assertProvenance(info(bright), "scorej.class=bright", "scorej.guidance=1.0");
		double mean = bright.getStatistics().mean;
		ImagePlus guided = (ImagePlus) run(Generate.class, "model", "gaussian-mixture-vp-eps-t-classes", "classLabel", "2", "guidance", 3.0,
				"count", 2, "steps", 6).getOutput("output");
		assertProvenance(info(guided), "scorej.class=2", "scorej.guidance=3.0");
		assertTrue(mean > 0.3, "class 'bright' gives bright images, mean " + mean);
	}

	@Test
	void generateErrorsNameWhatIsWrong() {
		assertTrue(failure(Generate.class, "model", "/no/such/model").getMessage().contains("no model '/no/such/model'"));
		assertTrue(failure(Generate.class, "sampler", "magic").getMessage().contains("unknown sampler 'magic'"));
		assertTrue(failure(Generate.class, "count", 0).getMessage().contains("count"));
		assertTrue(failure(Generate.class, "size", 12).getMessage().contains("multiples of 8"));
		java.nio.file.Path bad;
		try {
			bad = java.nio.file.Files.createTempDirectory("scorej-bad-model");
			java.nio.file.Files.writeString(bad.resolve("rdf.yaml"), "name: broken\nconfig:\n  scorej:\n    sde: warp\n");
		} catch (java.io.IOException e) {
			throw new AssertionError(e);
		}
		String m = failure(Generate.class, "model", bad.toString()).getMessage();
		assertTrue(m.contains("rdf.yaml"), "the error names the card: " + m);
	}

	// ---------------------------------------------------------------- Image to Image

	private static ImagePlus image(int type, int w, int h, int c, int z, int t, long seed) {
		ImagePlus imp = NewImage.createImage("input.tif", w, h, c * z * t,
				switch (type) {
					case ImagePlus.GRAY8 -> 8;
					case ImagePlus.GRAY16 -> 16;
					case ImagePlus.GRAY32 -> 32;
					default -> 24;
				}, NewImage.FILL_BLACK);
		Random r = new Random(seed);
		ImageStack st = imp.getStack();
		for (int s = 1; s <= st.getSize(); s++) {
			ImageProcessor ip = st.getProcessor(s);
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					double v = (x < w / 2 ? 0.2 : 0.8) + 0.05 * r.nextGaussian();
					switch (type) {
						case ImagePlus.GRAY8 -> ip.set(x, y, (int) Math.round(255 * Math.max(0, Math.min(1, v))));
						case ImagePlus.GRAY16 -> ip.set(x, y, (int) Math.round(4000 * Math.max(0, Math.min(1, v))));
						case ImagePlus.GRAY32 -> ip.setf(x, y, (float) (100 * v));
						default -> {
							int g = (int) Math.round(255 * Math.max(0, Math.min(1, v)));
							ip.set(x, y, (g << 16) | ((255 - g) << 8) | (g / 2));
						}
					}
				}
		}
		if (c * z * t > 1) imp.setDimensions(c, z, t);
		Calibration cal = new Calibration();
		cal.pixelWidth = 0.25;
		cal.pixelHeight = 0.5;
		cal.setUnit("µm");
		cal.frameInterval = 2;
		imp.setCalibration(cal);
		imp.setProperty("Info", "original info");
		return imp;
	}

	private static Object[] pixels(ImagePlus imp) {
		Object[] out = new Object[imp.getStackSize()];
		for (int s = 0; s < out.length; s++) {
			Object p = imp.getStack().getPixels(s + 1);
			if (p instanceof byte[] b) out[s] = b.clone();
			else if (p instanceof short[] b) out[s] = b.clone();
			else if (p instanceof float[] b) out[s] = b.clone();
			else out[s] = ((int[]) p).clone();
		}
		return out;
	}

	private static ImagePlus imageToImage(ImagePlus in, String model) {
		Object[] before = pixels(in);
		String title = in.getTitle();
		Calibration cal = in.getCalibration().copy();
		ImagePlus out = (ImagePlus) run(ImageToImage.class, "image", in, "model", model, "strength", 0.3, "steps", 5, "seed", 3L)
				.getOutput("output");
		// the input is never modified
		assertTrue(Arrays.deepEquals(before, pixels(in)), "input pixels changed");
		assertEquals(title, in.getTitle());
		assertEquals("original info", in.getProperty("Info"));
		assertEquals(cal.pixelWidth, in.getCalibration().pixelWidth);
		// the output is a new image like the input
		assertNotSame(in, out);
		assertEquals(in.getType(), out.getType());
		assertEquals(in.getWidth(), out.getWidth());
		assertEquals(in.getHeight(), out.getHeight());
		assertEquals(in.getNChannels(), out.getNChannels());
		assertEquals(in.getNSlices(), out.getNSlices());
		assertEquals(in.getNFrames(), out.getNFrames());
		assertEquals(0.25, out.getCalibration().pixelWidth);
		assertEquals(0.5, out.getCalibration().pixelHeight);
		assertEquals("µm", out.getCalibration().getUnit());
		assertEquals(2, out.getCalibration().frameInterval);
		assertNotEquals(title, out.getTitle());
		assertProvenance(info(out), "scorej.command=image_to_image", "scorej.model=" + model, "scorej.steps=5", "scorej.seed=3",
				"scorej.strength=0.3", "scorej.input=input.tif", "scorej.normalization=percentile");
		return out;
	}

	@ParameterizedTest
	@ValueSource(ints = { ImagePlus.GRAY8, ImagePlus.GRAY16, ImagePlus.GRAY32 })
	void imageToImageKeepsTypeSizeAndCalibration(int type) {
		// 30x27 is no multiple of the model's 8: mirror-padded to 32x32 and cropped back
		ImagePlus out = imageToImage(image(type, 30, 27, 1, 1, 1, 1), "gaussian-mixture-edm");
		// the mixture's modes are constant images: a light SDEdit keeps the image's overall level
		ImagePlus in = image(type, 30, 27, 1, 1, 1, 1);
		double a = in.getStatistics().mean, b = out.getStatistics().mean, range = in.getStatistics().max - in.getStatistics().min;
		assertEquals(a, b, 0.35 * range, "mean moved too far");
	}

	@Test
	void imageToImageRunsEveryPlaneOfStacksAndHyperstacks() {
		ImagePlus stack = imageToImage(image(ImagePlus.GRAY16, 16, 16, 1, 4, 1, 2), "gaussian-mixture-edm");
		assertEquals(4, stack.getStackSize());
		ImagePlus hyper = imageToImage(image(ImagePlus.GRAY32, 16, 8, 2, 3, 2, 3), "gaussian-mixture-edm");
		assertEquals(12, hyper.getStackSize());
		ImagePlus composite = new ij.CompositeImage(image(ImagePlus.GRAY16, 16, 16, 2, 2, 1, 7), ij.IJ.COMPOSITE);
		ImagePlus out = imageToImage(composite, "gaussian-mixture-edm");
		assertTrue(out.isComposite(), "a composite input gives a composite output");
		assertEquals(ij.IJ.COMPOSITE, ((ij.CompositeImage) out).getMode());
		// a 3-channel model takes a 3-channel hyperstack item by item
		ImagePlus three = imageToImage(image(ImagePlus.GRAY8, 16, 16, 3, 1, 2, 4), "gaussian-mixture-vp-v-t");
		assertEquals(6, three.getStackSize());
	}

	@Test
	void imageToImageOnRgb() {
		ImagePlus out = imageToImage(image(ImagePlus.COLOR_RGB, 20, 12, 1, 1, 1, 5), "gaussian-mixture-vp-v-t");
		assertEquals(ImagePlus.COLOR_RGB, out.getType());
		ImagePlus stack = imageToImage(image(ImagePlus.COLOR_RGB, 8, 8, 1, 3, 1, 6), "gaussian-mixture-vp-v-t");
		assertEquals(3, stack.getStackSize());
	}

	@Test
	void channelMismatchNamesBothAndOffersGrey() {
		Throwable t = failure(ImageToImage.class, "image", image(ImagePlus.COLOR_RGB, 16, 16, 1, 1, 1, 1), "model", "gaussian-mixture-edm");
		assertInstanceOf(ChannelMismatchException.class, t);
		assertTrue(((ChannelMismatchException) t).greyWouldFit());
		assertTrue(t.getMessage().contains("1 channel") && t.getMessage().contains("RGB"), t.getMessage());
		t = failure(ImageToImage.class, "image", image(ImagePlus.GRAY8, 16, 16, 2, 1, 1, 1), "model", "gaussian-mixture-vp-v-t");
		assertTrue(t.getMessage().contains("3 channels") && t.getMessage().contains("2 channels"), t.getMessage());
		t = failure(ImageToImage.class, "model", "gaussian-mixture-edm");
		assertTrue(t.getMessage().contains("no image"), t.getMessage());
	}

	@Test
	void fixedNormalizationMapsTheGivenRange() {
		ImagePlus in = image(ImagePlus.GRAY8, 16, 16, 1, 1, 1, 9);
		ImagePlus out = (ImagePlus) run(ImageToImage.class, "image", in, "normalization", "fixed", "low", 0.0, "high", 255.0,
				"strength", 0.5, "steps", 4).getOutput("output");
		assertProvenance(info(out), "scorej.normalization=fixed", "scorej.input_low=0.0", "scorej.input_high=255.0");
	}

	@Test
	void modelsAndAbout() {
		String list = (String) run(Models.class).getOutput("report");
		assertTrue(list.contains("gaussian-mixture-edm") && list.contains("gaussian-mixture-vp-v-t"), list);
		String card = (String) run(Models.class, "action", "card", "model", "gaussian-mixture-edm").getOutput("report");
		assertTrue(card.contains("config:") && card.contains("sde: \"edm\""), card);
		String verify = (String) run(Models.class, "action", "verify", "model", "gaussian-mixture-edm").getOutput("report");
		assertTrue(verify.startsWith("gaussian-mixture-edm: ok"), verify);
		// install: into the models folder under scorej.home, then usable by name
		java.nio.file.Path home = assertDoesNotThrow(() -> java.nio.file.Files.createTempDirectory("scorej-home"));
		java.nio.file.Path folder = io.github.scorej.plugin.core.TestModels.renamed(home.resolve("download"), "toy-from-dialog");
		System.setProperty("scorej.home", home.toString());
		try {
			String installed = (String) run(Models.class, "action", "install", "source", folder.toFile()).getOutput("report");
			assertTrue(installed.startsWith("installed toy-from-dialog into ") && installed.contains("model=toy-from-dialog"), installed);
			assertTrue(((String) run(Models.class).getOutput("report")).contains("toy-from-dialog"));
			String again = commands.failure(Models.class, "action", "install", "source", folder.toFile()).getMessage();
			assertTrue(again.contains("already installed"), again);
			assertTrue(((String) run(Models.class, "action", "install", "source", folder.toFile(), "replace", true).getOutput("report"))
					.startsWith("installed"));
		} finally {
			System.setProperty("scorej.home", "..");
		}
		String about = (String) run(About.class).getOutput("report");
		assertTrue(about.contains("ScoreJ ") && (about.contains("provider: CPU") || about.contains("provider: CUDA")), about);
	}
}
