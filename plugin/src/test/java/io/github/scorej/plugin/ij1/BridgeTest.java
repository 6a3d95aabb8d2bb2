package io.github.scorej.plugin.ij1;

import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.NewImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.scijava.command.Command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** The ImageJ 1.x bridge in this JVM (headless, so in macro mode): menus, keys, options, outputs, errors. */
class BridgeTest {

	@AfterEach
	void clear() {
		Macro.setOptions(null);
		WindowManager.setTempCurrentImage(null);
	}

	private static String pluginsConfig() throws IOException {
		try (InputStream in = Bridge.class.getResourceAsStream("/plugins.config")) {
			assertNotNull(in, "plugins.config is not on the classpath");
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	@Test
	void everyMenuEntryIsACommandOnceAndTheLabelsAgree() throws IOException {
		Pattern line = Pattern.compile("^Plugins>ScoreJ, \"([^\"]+)\", io\\.github\\.scorej\\.plugin\\.ij1\\.Launcher\\(\"([a-z_]+)\"\\)$");
		Set<String> args = new HashSet<>(), labels = new HashSet<>();
		for (String l : pluginsConfig().split("\n")) {
			if (l.isBlank() || l.startsWith("#") || l.trim().equals("Plugins>ScoreJ, \"-\"")) continue; // a separator
			Matcher m = line.matcher(l.trim());
			assertTrue(m.matches(), "bad plugins.config line: " + l);
			Class<? extends Command> c = Bridge.COMMANDS.get(m.group(2));
			assertNotNull(c, "no command for " + m.group(2));
			assertEquals(CommandParameters.title(c), m.group(1));
			assertTrue(args.add(m.group(2)) && labels.add(m.group(1)), "twice: " + l);
			assertTrue(m.group(1).endsWith(" (ScoreJ)"));
			// Fiji adds a menu entry for every SciJava menuPath besides plugins.config's: none, so each shows once
			assertEquals("", c.getAnnotation(org.scijava.plugin.Plugin.class).menuPath(), c.getSimpleName() + " has a menuPath");
		}
		assertEquals(Bridge.COMMANDS.keySet(), args, "every command has one menu entry");
	}

	/** The launcher's library check finds each library here, and names each one a loader lacks. */
	@Test
	void theLauncherNamesTheJarsALoaderLacks() {
		assertEquals(List.of(), Launcher.missing(Launcher.class.getClassLoader()));
		assertEquals(List.copyOf(Launcher.LIBRARIES.values()), Launcher.missing(ClassLoader.getPlatformClassLoader()));
	}

	/** Every "when" condition names a choice parameter of its command and values among its choices. */
	@Test
	void conditionsNameAChoiceAndItsValues() {
		int conditions = 0;
		for (Class<? extends Command> c : Bridge.COMMANDS.values())
			for (CommandParameters.Item it : CommandParameters.of(c)) {
				CommandParameters.Condition when = it.when();
				if (when == null) continue;
				conditions++;
				CommandParameters.Item choice = CommandParameters.of(c).stream().filter(o -> o.key().equals(when.key())).findFirst()
						.orElseThrow(() -> new AssertionError(c.getSimpleName() + "." + it.key() + ": no parameter " + when.key()));
				assertTrue(List.of(choice.annotation().choices()).containsAll(when.values()), it.key() + ": " + when.values());
			}
		assertTrue(conditions >= 11, "Restore's and Anomaly Map's task fields carry conditions: " + conditions);
	}

	@Test
	void macroKeysAreSnakeCaseAndUnique() {
		for (Class<? extends Command> c : Bridge.COMMANDS.values()) {
			Set<String> keys = new HashSet<>();
			for (CommandParameters.Item it : CommandParameters.of(c)) {
				assertTrue(it.key().matches("[a-z][a-z0-9_]*"), it.key());
				assertTrue(keys.add(it.key()), c.getSimpleName() + ": key twice: " + it.key());
			}
		}
		List<String> generate = CommandParameters.of(io.github.scorej.plugin.commands.Generate.class).stream()
				.map(CommandParameters.Item::key).toList();
		assertEquals(List.of("model", "steps", "schedule", "seed", "provider", "class", "guidance", "sampler", "options", "count", "size", "output"),
				generate);
	}

	@Test
	void eachCommandShowsOnlyWhatItUsesAndATrainedModelByDefault() throws Exception {
		Map<Class<? extends Command>, String> defaults = Map.of(io.github.scorej.plugin.commands.Generate.class, "mnist-digits",
				io.github.scorej.plugin.commands.ImageToImage.class, "micro-gray", io.github.scorej.plugin.commands.Inpaint.class,
				"micro-gray", io.github.scorej.plugin.commands.Restore.class, "micro-gray", io.github.scorej.plugin.commands.Colorize.class,
				"histo-rgb", io.github.scorej.plugin.commands.ImageLikelihood.class, "micro-gray",
				io.github.scorej.plugin.commands.ImageAnomalyMap.class, "micro-gray");
		for (Map.Entry<Class<? extends Command>, String> e : defaults.entrySet()) {
			Command c = e.getKey().getDeclaredConstructor().newInstance();
			Object model = CommandParameters.of(e.getKey()).stream().filter(it -> it.key().equals("model")).findFirst().orElseThrow().get(c);
			assertEquals(e.getValue(), model, e.getKey().getSimpleName());
		}
		for (Class<? extends Command> c : List.of(io.github.scorej.plugin.commands.Inpaint.class,
				io.github.scorej.plugin.commands.Colorize.class, io.github.scorej.plugin.commands.Restore.class)) {
			List<String> keys = CommandParameters.of(c).stream().map(CommandParameters.Item::key).toList();
			for (String k : List.of("class", "guidance", "sampler"))
				assertFalse(keys.contains(k), c.getSimpleName() + " shows " + k);
			assertTrue(keys.containsAll(List.of("model", "steps", "schedule", "seed", "sigma_y", "method", "options", "samples")), keys.toString());
		}
	}

	@Test
	void schedulesOfferedAreTheEngines() {
		for (CommandParameters.Item it : CommandParameters.of(io.github.scorej.plugin.commands.Generate.class))
			if (it.key().equals("schedule")) {
				List<String> choices = List.of(it.annotation().choices());
				assertEquals("default", choices.get(0));
				assertEquals(io.github.scorej.ops.schedule.Schedules.NAMES, choices.subList(1, choices.size()));
			}
	}

	@Test
	void methodsOfferedAreTheEngines() {
		for (CommandParameters.Item it : CommandParameters.of(io.github.scorej.plugin.commands.Restore.class))
			if (it.key().equals("method")) {
				List<String> choices = List.of(it.annotation().choices());
				assertEquals("default", choices.get(0));
				assertEquals(java.util.Set.copyOf(io.github.scorej.ops.inverse.Restoration.METHODS.stream().map(m -> m.name()).toList()),
						java.util.Set.copyOf(choices.subList(1, choices.size())));
			}
	}

	@Test
	void inpaintTakesTheSelectionAndRestoreTheTask() {
		ImagePlus in = NewImage.createByteImage("cells.tif", 24, 16, 1, NewImage.FILL_RAMP);
		in.setRoi(new ij.gui.Roi(4, 4, 6, 6));
		WindowManager.setTempCurrentImage(in);
		String log = run("inpaint", "model=gaussian-mixture-edm mask=[] steps=3 samples=2 seed=1");
		ImagePlus out = WindowManager.getCurrentImage();
		assertEquals("cells-restored", out.getTitle(), log);
		assertTrue(((String) out.getProperty("Info")).contains("scorej.unknown_pixels=36"));
		WindowManager.setTempCurrentImage(in);
		run("restore", "model=gaussian-mixture-edm task=super-resolve factor=2 steps=3 samples=1");
		assertEquals(48, WindowManager.getCurrentImage().getWidth());
		WindowManager.setTempCurrentImage(in);
		log = run("restore", "model=gaussian-mixture-edm task=blur");
		assertTrue(log.contains("task: 'blur' is not one of denoise, deblur, super-resolve, CT, MRI"), log);
	}

	/** MRI's macro keys: the k-space layout, and the generated mask shown beside the result. */
	@Test
	void restoreTakesMrisKSpaceKeys() {
		ij.ImageStack st = new ij.ImageStack(16, 16);
		java.util.Random r = new java.util.Random(2);
		for (int part = 0; part < 2; part++) {
			float[] v = new float[256];
			for (int i = 0; i < v.length; i++)
				v[i] = (float) r.nextGaussian();
			st.addSlice(new ij.process.FloatProcessor(16, 16, v));
		}
		WindowManager.setTempCurrentImage(new ImagePlus("k.tif", st));
		String log = run("restore", "model=gaussian-mixture-edm task=MRI kspace_shift=centred kspace_norm=ortho acceleration=2 centre_lines=4 steps=3 samples=1 seed=5 sigma_y=1");
		ImagePlus out = WindowManager.getCurrentImage();
		assertEquals("k-restored", out.getTitle(), log);
		String info = (String) out.getProperty("Info");
		assertTrue(info.contains("scorej.kspace_shift=centred") && info.contains("scorej.kspace_norm=ortho") && info.contains("scorej.mask_seed=5"), info);
	}

	@Test
	void macroOptionsParseLikeImageJ() {
		Map<String, String> o = MacroOptions.parse("model=[/a b/c] count=3 flag steps=0 options=[s_churn=40 s_tmin=0.05] empty=[] ");
		Map<String, String> want = new LinkedHashMap<>();
		want.put("model", "/a b/c");
		want.put("count", "3");
		want.put("flag", "true");
		want.put("steps", "0");
		want.put("options", "s_churn=40 s_tmin=0.05");
		want.put("empty", "");
		assertEquals(want, o);
		assertEquals("model=[/a b/c]", MacroOptions.format("model", "/a b/c"));
		assertEquals("class=[]", MacroOptions.format("class", ""));
		assertThrows(IllegalArgumentException.class, () -> MacroOptions.parse("model=[oops"));
	}

	/**
	 * Runs the bridge as ImageJ runs a plugin from a macro: in a thread whose name starts with
	 * "Run$_" (ImageJ passes macro options only to such threads) with the options set. Returns
	 * what was logged; the output image, if any, is the current image afterwards.
	 */
	private static String run(String arg, String options) {
		PrintStream old = System.out;
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImagePlus[] current = { WindowManager.getCurrentImage() };
		Throwable[] failed = { null };
		Thread t = new Thread(() -> {
			try {
				WindowManager.setTempCurrentImage(current[0]);
				Macro.setOptions(options);
				new Bridge().run(arg);
				current[0] = WindowManager.getCurrentImage();
			} catch (Throwable e) {
				failed[0] = e;
			} finally {
				Macro.setOptions(null);
			}
		}, "Run$_bridge-test");
		try {
			System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
			t.start();
			t.join();
		} catch (InterruptedException e) {
			throw new AssertionError(e);
		} finally {
			System.setOut(old);
		}
		if (failed[0] != null && !Macro.MACRO_CANCELED.equals(failed[0].getMessage())) throw new AssertionError(failed[0]);
		WindowManager.setTempCurrentImage(current[0]);
		return out.toString(StandardCharsets.UTF_8);
	}

	@Test
	void generateFromMacroOptionsRegistersTheOutput() {
		String log = run("generate", "model=gaussian-mixture-edm count=2 steps=4 seed=9 sampler=euler size=16 ");
		ImagePlus out = WindowManager.getCurrentImage();
		assertNotNull(out, "no output registered; log: " + log);
		assertEquals(2, out.getStackSize());
		assertEquals(16, out.getWidth());
		String info = (String) out.getProperty("Info");
		assertTrue(info.contains("scorej.sampler=euler") && info.contains("scorej.seed=9") && info.contains("scorej.steps=4"), info);
	}

	@Test
	void imageToImageTakesTheCurrentImage() {
		ImagePlus in = NewImage.createShortImage("cells.tif", 20, 10, 2, NewImage.FILL_RAMP);
		WindowManager.setTempCurrentImage(in);
		run("image_to_image", "model=gaussian-mixture-edm strength=0.25 steps=4 normalization=fixed low=0 high=65535");
		ImagePlus out = WindowManager.getCurrentImage();
		assertNotSame(in, out);
		assertEquals(ImagePlus.GRAY16, out.getType());
		assertEquals(2, out.getStackSize());
		assertTrue(((String) out.getProperty("Info")).contains("scorej.input=cells.tif"));
	}

	@Test
	void errorsAreOneLogLineNamingWhatIsWrong() {
		String log = run("generate", "model=gaussian-mixture-edm count=2 stepz=4");
		assertTrue(log.contains("Generate (ScoreJ): unknown key 'stepz'") && log.contains("steps"), log);
		log = run("generate", "model=[/no/such folder]");
		assertTrue(log.contains("no model '/no/such folder'"), log);
		log = run("generate", "model=gaussian-mixture-edm count=0");
		assertTrue(log.contains("count: 0 is below the minimum 1"), log);
		log = run("generate", "model=gaussian-mixture-edm schedule=cosine");
		assertTrue(log.contains("schedule: 'cosine' is not one of default, karras"), log);
		log = run("image_to_image", "model=gaussian-mixture-edm steps=3");
		assertTrue(log.contains("no image open"), log);
		WindowManager.setTempCurrentImage(NewImage.createRGBImage("photo", 16, 16, 1, NewImage.FILL_RAMP));
		log = run("image_to_image", "model=gaussian-mixture-edm steps=3");
		assertTrue(log.contains("takes 1 channel but 'photo' is RGB"), log);
		assertFalse(log.contains("\tat "), "no stack trace: " + log);
	}

	@Test
	void servicesAreInjectedAndOldKeysStillWork() {
		Bridge.COMMANDS.put("echo", EchoCommand.class);
		try {
			assertTrue(run("echo", "count=3").contains("echo count=3 service=true"));
			assertTrue(run("echo", "old_count=4").contains("echo count=4 service=true"));
			assertTrue(run("echo", "").contains("echo count=1 service=true"));
			assertTrue(run("echo", "log=x").contains("unknown key 'log'"), "services are no macro keys");
		} finally {
			Bridge.COMMANDS.remove("echo");
		}
	}

	@Test
	void aMissingLibraryIsReportedNotSwallowed() {
		Bridge.COMMANDS.put("broken", BrokenLibraryCommand.class);
		try {
			String log = run("broken", "count=2");
			assertTrue(log.contains("library ScoreJ needs is missing") && log.contains("ai/onnxruntime/OrtEnvironment"), log);
			assertFalse(log.contains("\tat "), "no stack trace: " + log);
		} finally {
			Bridge.COMMANDS.remove("broken");
		}
	}

	@Test
	void furtherImageInputsAreNamedByTitle() {
		Bridge.COMMANDS.put("mask_echo", MaskEchoCommand.class);
		ImagePlus mask = NewImage.createByteImage("holes.tif", 8, 8, 1, NewImage.FILL_WHITE);
		boolean batch = ij.macro.Interpreter.batchMode;
		try {
			ij.macro.Interpreter.batchMode = true; // as in a batch-mode macro: its images are found by title
			ij.macro.Interpreter.addBatchModeImage(mask);
			WindowManager.setTempCurrentImage(NewImage.createByteImage("cells.tif", 8, 8, 1, NewImage.FILL_RAMP));
			String log = run("mask_echo", "mask=[holes.tif]");
			assertTrue(log.contains("image=cells.tif mask=holes.tif"), log);
			WindowManager.setTempCurrentImage(NewImage.createByteImage("cells.tif", 8, 8, 1, NewImage.FILL_RAMP));
			log = run("mask_echo", "mask=[nothing.tif]");
			assertTrue(log.contains("mask: no open image is called 'nothing.tif'"), log);
			WindowManager.setTempCurrentImage(NewImage.createByteImage("cells.tif", 8, 8, 1, NewImage.FILL_RAMP));
			log = run("mask_echo", "");
			assertTrue(log.contains("mask: name an open image"), log);
			// the first image input too: image=[title] in place of the current image
			ImagePlus other = NewImage.createByteImage("other.tif", 8, 8, 1, NewImage.FILL_RAMP);
			ij.macro.Interpreter.addBatchModeImage(other);
			WindowManager.setTempCurrentImage(NewImage.createByteImage("cells.tif", 8, 8, 1, NewImage.FILL_RAMP));
			log = run("mask_echo", "image=[other.tif] mask=[holes.tif]");
			ij.macro.Interpreter.removeBatchModeImage(other);
			assertTrue(log.contains("image=other.tif mask=holes.tif"), log);
		} finally {
			ij.macro.Interpreter.removeBatchModeImage(mask);
			ij.macro.Interpreter.batchMode = batch;
			Bridge.COMMANDS.remove("mask_echo");
		}
	}

	/** A macro installs a model by path (a File parameter in brackets) and then uses it by name. */
	@Test
	void aMacroInstallsAModelAndUsesItByName(@org.junit.jupiter.api.io.TempDir java.nio.file.Path home) {
		java.nio.file.Path folder = io.github.scorej.plugin.core.TestModels.renamed(home.resolve("my download"), "toy-by-macro");
		System.setProperty("scorej.home", home.toString());
		try {
			String log = run("models", "action=install source=[" + folder + "]");
			assertTrue(log.contains("installed toy-by-macro into "), log);
			log = run("generate", "model=toy-by-macro count=1 steps=2");
			assertFalse(log.contains("(ScoreJ): "), log);
			assertEquals("toy-by-macro-generated", WindowManager.getCurrentImage().getTitle());
		} finally {
			System.setProperty("scorej.home", "..");
		}
	}

	@Test
	void dialogMessagesAreWrapped() {
		String w = Launcher.wrap("model 'gaussian-mixture-edm' takes 1 channel but 'photo' is RGB (3 channels): convert it to grey (Image > Type > 8-bit)");
		for (String line : w.split("\n"))
			assertTrue(line.length() <= 80, line);
		assertEquals(w.replace('\n', ' '), "model 'gaussian-mixture-edm' takes 1 channel but 'photo' is RGB (3 channels): convert it to grey (Image > Type > 8-bit)");
	}

	@Test
	void greyCopyOfRgbLeavesTheImageAlone() {
		ImagePlus rgb = NewImage.createRGBImage("photo", 8, 6, 3, NewImage.FILL_RAMP);
		int before = rgb.getStack().getProcessor(2).get(3, 2);
		ImagePlus grey = Bridge.greyCopy(rgb);
		assertEquals(ImagePlus.GRAY32, grey.getType());
		assertEquals(3, grey.getStackSize());
		assertEquals("photo", grey.getTitle());
		assertEquals(ImagePlus.COLOR_RGB, rgb.getType());
		assertEquals(before, rgb.getStack().getProcessor(2).get(3, 2));
	}

	/** Likelihood's numbers go into the Results table, not into the Log on every call. */
	@Test
	void likelihoodFillsTheResultsTableAndLogsNothing() {
		ij.measure.ResultsTable.getResultsTable().reset();
		WindowManager.setTempCurrentImage(io.github.scorej.plugin.commands.LikelihoodCommandsTest.gaussianImage("g.png", 8, 8, 1, 0, 0, 0));
		String log = run("likelihood", "model=gaussian-edm seed=1");
		assertEquals("", log.strip(), "nothing logged");
		assertEquals(1, ij.measure.ResultsTable.getResultsTable().size());
		assertTrue(ij.measure.ResultsTable.getResultsTable().getValue("bits/dim", 0) > 0);
	}

	@Test
	void modelsAndAboutLog() {
		String log = run("models", "action=verify model=gaussian-mixture-edm");
		assertTrue(log.contains("gaussian-mixture-edm: ok"), log);
		log = run("about", "");
		assertTrue(log.contains("ONNX Runtime provider: "), log);
	}
}
