package io.github.scorej.plugin.ij1;

import ij.IJ;
import ij.ImagePlus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every macro in {@code macros/} run by real ImageJ 1.x, as a user installs ScoreJ: an ImageJ
 * folder with {@code ij.jar}, the plugin jar (holding {@code plugins.config}) in {@code plugins/}
 * and its dependencies in {@code plugins/jars/}, then
 * {@code xvfb-run -a java -jar ij.jar -ijpath DIR -batch MACRO OUT}. Each macro's
 * {@code // expect:} line says what its output must be (width, height, slices, bits, and info=
 * entries of its provenance). Nothing here skips: no xvfb-run, no ImageJ, or no output is a failure.
 */
class ImageJMacrosTest {

	private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();
	private static final long TIMEOUT_S = 240;

	@TempDir
	static Path ijDir;

	@BeforeAll
	static void installImageJ() throws IOException {
		Path plugins = Files.createDirectories(ijDir.resolve("plugins")), jars = Files.createDirectories(plugins.resolve("jars"));
		Path ijJar = null;
		for (Path p : classpath()) {
			String name = p.getFileName().toString();
			if (Files.isDirectory(p)) {
				if (p.endsWith(Paths.get("plugin", "target", "classes"))) jar(p, plugins.resolve("scorej_plugin.jar"));
				else if (!p.endsWith(Paths.get("target", "test-classes"))) jar(p, jars.resolve(p.getParent().getParent().getFileName() + ".jar"));
			} else if (name.matches("ij-[0-9].*\\.jar")) {
				ijJar = Files.copy(p, ijDir.resolve("ij.jar"));
			} else if (name.endsWith(".jar") && !name.matches("(junit|opentest4j|apiguardian|surefire|common-java5|common-junit).*")) {
				Files.copy(p, jars.resolve(name));
			}
		}
		assertNotNull(ijJar, "no ImageJ jar (net.imagej:ij) on the test classpath");
		assertTrue(Files.isRegularFile(plugins.resolve("scorej_plugin.jar")), "the plugin's classes were not found on the classpath");
	}

	/** The test classpath, with surefire's manifest-only jar expanded. */
	private static Set<Path> classpath() throws IOException {
		Set<Path> out = new LinkedHashSet<>();
		for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
			Path p = Paths.get(e).toAbsolutePath().normalize();
			if (e.endsWith(".jar") && p.getFileName().toString().startsWith("surefire")) {
				try (JarFile jf = new JarFile(p.toFile())) {
					Manifest mf = jf.getManifest();
					String cp = mf == null ? null : mf.getMainAttributes().getValue("Class-Path");
					if (cp != null)
						for (String u : cp.trim().split("\\s+"))
							out.add(Paths.get(URI.create(u)).toAbsolutePath().normalize());
				}
			} else {
				out.add(p);
			}
		}
		return out;
	}

	private static void jar(Path classes, Path jar) throws IOException {
		try (OutputStream os = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(os);
				Stream<Path> files = Files.walk(classes)) {
			for (Path f : files.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
				jos.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
				Files.copy(f, jos);
				jos.closeEntry();
			}
		}
	}

	record Run(int code, String log) {}

	/** Runs a macro in real ImageJ 1.x under Xvfb; fails on a time-out (a dialog waiting for a click, say). */
	private static Run imagej(Path macro, String argument) throws IOException, InterruptedException {
		return imagej(ijDir, macro, argument);
	}

	private static Run imagej(Path ijDir, Path macro, String argument) throws IOException, InterruptedException {
		String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		Path log = Files.createTempFile(ijDir, "imagej-", ".log");
		ProcessBuilder pb = new ProcessBuilder("xvfb-run", "-a", java, "-Xmx2g", "-Dscorej.home=" + ROOT, "-jar",
				ijDir.resolve("ij.jar").toString(), "-ijpath", ijDir.toString(), "-batch", macro.toString(), argument)
				.directory(ijDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
		Process p;
		try {
			p = pb.start();
		} catch (IOException e) {
			throw new AssertionError("cannot start xvfb-run (apt-get install xvfb): " + e.getMessage(), e);
		}
		if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
			p.descendants().forEach(ProcessHandle::destroyForcibly);
			p.destroyForcibly();
			fail("ImageJ did not finish " + macro.getFileName() + " in " + TIMEOUT_S + " s (a dialog waiting?); output:\n"
					+ Files.readString(log));
		}
		return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
	}

	@TestFactory
	List<DynamicTest> everyMacroRunsInImageJ() throws IOException {
		List<Path> macros;
		try (Stream<Path> s = Files.list(ROOT.resolve("macros"))) {
			macros = s.filter(p -> p.toString().endsWith(".ijm")).sorted().collect(Collectors.toList());
		}
		assertFalse(macros.isEmpty(), "no macros in " + ROOT.resolve("macros"));
		List<DynamicTest> tests = new ArrayList<>();
		for (Path m : macros)
			tests.add(DynamicTest.dynamicTest(m.getFileName().toString(), () -> checkMacro(m)));
		return tests;
	}

	private static void checkMacro(Path macro) throws IOException, InterruptedException {
		List<String> expect = Files.readAllLines(macro).stream().filter(l -> l.startsWith("// expect:"))
				.flatMap(l -> Stream.of(l.substring("// expect:".length()).trim().split("\\s+"))).collect(Collectors.toList());
		assertFalse(expect.isEmpty(), macro.getFileName() + " has no '// expect:' line saying what its output must be");
		boolean table = expect.stream().anyMatch(e -> e.startsWith("rows=") || e.startsWith("column="));
		Path out = ijDir.resolve(macro.getFileName().toString().replace(".ijm", "") + (table ? "-out.csv" : "-out.tif"));
		Run r = imagej(macro, out.toString());
		assertEquals(0, r.code, "ImageJ exit code; output:\n" + r.log);
		assertFalse(r.log.contains("(ScoreJ): "), "a ScoreJ error:\n" + r.log);
		assertTrue(Files.isRegularFile(out), macro.getFileName() + " wrote no " + out + "; ImageJ said:\n" + r.log);
		if (table) {
			checkTable(out, expect);
			return;
		}
		ImagePlus imp = IJ.openImage(out.toString());
		assertNotNull(imp, "ImageJ cannot read " + out);
		String info = String.valueOf(imp.getProperty("Info"));
		for (String e : expect) {
			int eq = e.indexOf('=');
			String key = e.substring(0, eq), value = e.substring(eq + 1);
			switch (key) {
				case "width" -> assertEquals(Integer.parseInt(value), imp.getWidth(), "width");
				case "height" -> assertEquals(Integer.parseInt(value), imp.getHeight(), "height");
				case "slices" -> assertEquals(Integer.parseInt(value), imp.getStackSize(), "slices");
				case "bits" -> assertEquals(Integer.parseInt(value), imp.getBitDepth(), "bit depth");
				case "info" -> assertTrue(info.contains(value), value + " missing from the Info:\n" + info);
				default -> fail(macro.getFileName() + ": unknown expectation '" + e + "'");
			}
		}
		for (String key : new String[] { "scorej.model=", "scorej.model_sha256=", "scorej.sampler=", "scorej.steps=", "scorej.schedule=",
				"scorej.seed=", "scorej.version=" })
			assertTrue(info.contains(key), key + " missing from the Info of " + out + ":\n" + info);
	}

	/** A macro whose output is a CSV table: {@code rows=N}, and {@code column=NAME} present with finite values. */
	private static void checkTable(Path csv, List<String> expect) {
		ij.measure.ResultsTable rt = ij.measure.ResultsTable.open2(csv.toString());
		assertNotNull(rt, "ImageJ cannot read " + csv);
		for (String e : expect) {
			String key = e.substring(0, e.indexOf('=')), value = e.substring(e.indexOf('=') + 1);
			switch (key) {
				case "rows" -> assertEquals(Integer.parseInt(value), rt.size(), "rows of " + csv);
				case "column" -> {
					assertTrue(rt.columnExists(value), "no column " + value + " in " + csv + ": " + rt.getColumnHeadings());
					for (int i = 0; i < rt.size(); i++)
						assertTrue(Double.isFinite(rt.getValue(value, i)), value + " of row " + i + " is " + rt.getValue(value, i));
				}
				default -> fail(csv.getFileName() + ": unknown expectation '" + e + "' for a table");
			}
		}
	}

	/**
	 * The menu path as a person uses it: ImageJ's GUI under Xvfb, the recorder open, Plugins >
	 * ScoreJ > Generate (ScoreJ), OK in the dialog ({@link GuiDriver}). The recorder must have
	 * written a run(...) line with every key, and that line, run as a macro, must re-run the command.
	 */
	@Test
	void theDialogRunsTheCommandAndTheRecordedLineReRunsIt() throws IOException, InterruptedException {
		Path shot = ijDir.resolve("generate-dialog.png");
		String out = gui("generate", shot);
		assertTrue(out.contains("images=1") && out.contains("title=gaussian-mixture-edm-generated"), out);
		String line = "run(\"Generate (ScoreJ)\", \"model=gaussian-mixture-edm steps=auto schedule=default seed=0 provider=auto class=[] guidance=auto sampler=default "
				+ "options=[] count=4 size=auto\");";
		assertTrue(out.contains(line), "recorder:\n" + out);
		assertTrue(Files.size(shot) > 0, "no screenshot of the dialog");
		Path macro = ijDir.resolve("recorded.ijm"), result = ijDir.resolve("recorded.tif");
		Files.writeString(macro, line + "\nsaveAs(\"Tiff\", getArgument());\n");
		Run r = imagej(macro, result.toString());
		ImagePlus imp = IJ.openImage(result.toString());
		assertNotNull(imp, r.log);
		assertEquals(4, imp.getStackSize());
		assertTrue(String.valueOf(imp.getProperty("Info")).contains("scorej.seed=0"));
	}

	/**
	 * A dialog a biologist understands: the model is a list of the installed models, pointing at a field shows its
	 * description, Help opens the command's tutorial of the documentation site in the browser (ImageJ's
	 * BrowserLauncher runs {@code xdg-open URL}; here a script that writes the URL down), the last values come back,
	 * and Reset restores the defaults.
	 */
	@Test
	void theDialogHasHelpDescriptionsAModelListAndRemembers() throws IOException, InterruptedException {
		String out = gui("remember", ijDir.resolve("remember-dialog.png"));
		String models = out.lines().filter(l -> l.startsWith("models: ")).findFirst().orElseThrow(() -> new AssertionError(out));
		for (String m : new String[] { "micro-gray", "histo-rgb", "mnist-digits", "gaussian-mixture-edm" })
			assertTrue(models.contains(m), m + " not in the model list: " + models);
		assertTrue(out.contains("selected: mnist-digits"), "Generate's default model: " + out);
		assertTrue(out.contains("described: Count: Number of images"), out);
		assertTrue(out.contains("help button: Help"), out);
		String help = out.lines().filter(l -> l.startsWith("help opens: file:")).findFirst().orElseThrow(() -> new AssertionError(out));
		HelpPagesTest.assertTutorial(Path.of(java.net.URI.create(help.substring("help opens: ".length()))), "Generate (ScoreJ)");
		assertTrue(out.contains("remembered: model=gaussian-mixture-edm count=3 seed=7 steps=auto"), out);
		assertTrue(out.contains("reset button: Reset"), out);
		assertTrue(out.contains("after reset: model=mnist-digits count=4 seed=0"), out);
	}

	/** Plugins > ScoreJ in real ImageJ: make, restore, score, then models and About, with separators between. */
	@Test
	void theMenuIsOrderedAndSeparated() throws IOException, InterruptedException {
		String out = gui("menu", ijDir.resolve("menu.png"));
		List<String> items = out.lines().filter(l -> l.startsWith("menu: ")).map(l -> l.substring(6)).collect(Collectors.toList());
		assertEquals(List.of("Generate (ScoreJ)", "Image to Image (ScoreJ)", "-", "Restore (ScoreJ)", "Inpaint (ScoreJ)", "Colorize (ScoreJ)", "-",
				"Likelihood (ScoreJ)", "Anomaly Map (ScoreJ)", "-", "Models (ScoreJ)", "About (ScoreJ)"), items, out);
	}

	/** An RGB image and a one-channel model: the GUI offers a grey copy, and OK runs on it. */
	@Test
	void theGuiOffersAGreyCopyForRgb() throws IOException, InterruptedException {
		String out = gui("rgb", ijDir.resolve("grey-offer.png"));
		assertTrue(out.contains("images=2") && out.contains("title=photo-img2img bits=32"), out);
		assertTrue(Files.size(ijDir.resolve("grey-offer.png")) > 0);
	}

	/** Inpaint from the menu: the selection is the region to fill when no mask is chosen, and the recorded line re-runs it. */
	@Test
	void theInpaintDialogTakesTheSelection() throws IOException, InterruptedException {
		String out = gui("inpaint", ijDir.resolve("inpaint-dialog.png"));
		// the input, its restored image and its uncertainty (which window AWT activates last varies)
		assertTrue(out.contains("images=3") && (out.contains("title=cells-restored bits=") || out.contains("title=cells-uncertainty bits=")), out);
		String line = out.lines().filter(l -> l.startsWith("run(\"Inpaint (ScoreJ)\"")).findFirst().orElseThrow(() -> new AssertionError(out));
		assertTrue(line.contains("mask=[]") && line.contains("samples=4") && line.contains("method=default"), line);
		Path macro = ijDir.resolve("recorded-inpaint.ijm"), result = ijDir.resolve("recorded-inpaint.tif");
		Files.writeString(macro, "newImage(\"cells\", \"8-bit ramp\", 24, 16, 1);\nmakeRectangle(4, 4, 6, 6);\n" + line
				+ "\nsaveAs(\"Tiff\", getArgument());\n");
		Run r = imagej(macro, result.toString());
		ImagePlus imp = IJ.openImage(result.toString());
		assertNotNull(imp, r.log);
		assertTrue(String.valueOf(imp.getProperty("Info")).contains("scorej.unknown_pixels=36"), r.log);
	}

	/** Restore's dialog greys out the fields of other tasks, follows the task choice, and records only the chosen task's keys. */
	@Test
	void theRestoreDialogShowsTheChosenTasksFields() throws IOException, InterruptedException {
		String out = gui("restore", ijDir.resolve("restore-dialog.png"));
		String denoise = out.lines().filter(l -> l.startsWith("denoise: ")).findFirst().orElseThrow(() -> new AssertionError(out));
		String deblur = out.lines().filter(l -> l.startsWith("deblur: ")).findFirst().orElseThrow(() -> new AssertionError(out));
		for (String f : new String[] { "PSF sigma", "Boundary", "Factor", "Angles", "Acceleration" })
			assertTrue(denoise.contains("[" + f + "-]"), f + " should be greyed out for denoise: " + denoise);
		assertTrue(denoise.contains("[Task+]") && denoise.contains("[Samples+]"), denoise);
		assertTrue(deblur.contains("[PSF sigma+]") && deblur.contains("[Boundary+]") && deblur.contains("[Factor-]") && deblur.contains("[Angles-]"), deblur);
		assertTrue(out.contains("images=3"), out);
		String line = out.lines().filter(l -> l.startsWith("run(\"Restore (ScoreJ)\"")).findFirst().orElseThrow(() -> new AssertionError(out));
		assertTrue(line.startsWith("run(\"Restore (ScoreJ)\", \"task=deblur psf_sigma=2 psf=[] boundary=valid model="), "the task and its fields first: " + line);
		assertFalse(line.contains("factor=") || line.contains("angles=") || line.contains("acceleration="), line);
	}

	/** Runs {@link GuiDriver} with a scenario under Xvfb and returns what it printed. */
	private static String gui(String scenario, Path shot) throws IOException, InterruptedException {
		String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		Path log = ijDir.resolve("gui-" + scenario + ".log");
		Path bin = Files.createDirectories(ijDir.resolve("bin")), browser = bin.resolve("xdg-open"), tmp = Files.createDirectories(ijDir.resolve("tmp"));
		Files.writeString(browser, "#!/bin/sh\nprintf '%s\\n' \"$1\" > '" + ijDir.resolve(GuiDriver.BROWSER_LOG) + "'\n");
		browser.toFile().setExecutable(true);
		ProcessBuilder pb = new ProcessBuilder("xvfb-run", "-a", "-s", "-screen 0 1280x1024x24", java, "-Dscorej.home=" + ROOT, "-Djava.io.tmpdir=" + tmp,
				"-cp", System.getProperty("java.class.path"), GuiDriver.class.getName(), ijDir.toString(), shot.toString(), scenario)
				.directory(ijDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
		pb.environment().put("PATH", bin + System.getProperty("path.separator") + System.getenv("PATH")); // the browser: the script above
		Process p = pb.start();
		if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
			p.descendants().forEach(ProcessHandle::destroyForcibly);
			p.destroyForcibly();
			fail("the GUI run did not finish; output:\n" + Files.readString(log));
		}
		String out = Files.readString(log);
		assertEquals(0, p.exitValue(), out);
		return out;
	}

	/** {@code scorej imagej -batch MACRO ARG}: ImageJ started by the command line, with ScoreJ's menus. */
	@Test
	void scorejImagejRunsAMacro() throws IOException, InterruptedException {
		String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		Path out = ijDir.resolve("via-scorej.tif"), log = ijDir.resolve("scorej-imagej.log");
		Process p = new ProcessBuilder("xvfb-run", "-a", java, "-Dscorej.home=" + ROOT, "-cp", System.getProperty("java.class.path"),
				io.github.scorej.plugin.cli.Main.class.getName(), "imagej", "-batch", ROOT.resolve("macros/generate_digits.ijm").toString(),
				out.toString()).directory(ijDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
			p.descendants().forEach(ProcessHandle::destroyForcibly);
			p.destroyForcibly();
			fail("scorej imagej did not finish; output:\n" + Files.readString(log));
		}
		ImagePlus imp = IJ.openImage(out.toString());
		assertNotNull(imp, Files.readString(log));
		assertEquals(8, imp.getStackSize());
	}

	@Test
	void aWrongModelLogsOneLineAndAbortsTheMacro() throws IOException, InterruptedException {
		Path macro = ijDir.resolve("bad.ijm");
		Files.writeString(macro, "run(\"Generate (ScoreJ)\", \"model=[/no/such model] count=2\");\nprint(\"still running\");\n");
		Run r = imagej(macro, "");
		assertTrue(r.log.contains("Generate (ScoreJ): no model '/no/such model'"), r.log);
		assertFalse(r.log.contains("still running"), "the macro went on after the error:\n" + r.log);
	}

	/** ImageJ without scijava-common (a plain ImageJ given only the plugin jar, say): the menu entry says which jar is missing. */
	@Test
	void aMissingJarIsNamed(@TempDir Path bare) throws IOException, InterruptedException {
		Path jars = Files.createDirectories(bare.resolve("plugins").resolve("jars"));
		Files.copy(ijDir.resolve("ij.jar"), bare.resolve("ij.jar"));
		Files.copy(ijDir.resolve("plugins").resolve("scorej_plugin.jar"), bare.resolve("plugins").resolve("scorej_plugin.jar"));
		try (Stream<Path> s = Files.list(ijDir.resolve("plugins").resolve("jars"))) {
			for (Path j : s.filter(j -> !j.getFileName().toString().startsWith("scijava-common")).collect(Collectors.toList()))
				Files.copy(j, jars.resolve(j.getFileName()));
		}
		Path macro = bare.resolve("about.ijm");
		Files.writeString(macro, "run(\"About (ScoreJ)\");\nprint(\"still running\");\n");
		Run r = imagej(bare, macro, "");
		assertTrue(r.log.contains("ScoreJ cannot start: ImageJ lacks the jar scijava-common."), r.log);
		assertFalse(r.log.contains("still running"), "the macro went on after the error:\n" + r.log);
	}
}
