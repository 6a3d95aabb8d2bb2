package io.github.scorej.plugin.ij1;

import ij.IJ;
import ij.ImagePlus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Fiji folder {@code mvn package} lays out in {@code plugin/target/fiji} (see plugin/pom.xml),
 * checked after packaging by failsafe ({@code mvn verify}, what CI runs; {@code mvn test} does not run it):
 * {@code plugins/} holds the plugin jar, {@code jars/} its dependencies without those every Fiji
 * ships, {@code models/} every bundled model folder and {@code macros/} every macro. Then real
 * ImageJ 1.x runs a macro from it as Fiji's launcher would (ij.jar and {@code jars/*} on the class
 * path, {@code plugins/} as the plugins folder), with no {@code scorej.home}: the model must be
 * found in {@code models/} beside {@code plugins/}.
 */
class FijiLayoutIT {

	private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();
	private static final Path FIJI = Paths.get("target", "fiji").toAbsolutePath();

	/** What a Fiji installation already has (ij, SciJava, ImgLib2, commons-math3, Jackson, SLF4J): never copied. */
	private static final List<String> FIJI_SHIPS = List.of("ij", "scijava-common", "parsington", "imglib2", "commons-math3",
			"jackson-annotations", "jackson-core", "jackson-databind", "slf4j-api");
	private static final List<String> NEEDED = List.of("scorej-ops", "onnxruntime", "snakeyaml", "picocli", "JTransforms", "JLargeArrays",
			"json-schema-validator", "itu", "jackson-dataformat-yaml");

	@TempDir
	Path tmp;

	@Test
	void pluginsHoldsThePluginJar() throws IOException {
		List<String> jars = names(FIJI.resolve("plugins"));
		assertEquals(1, jars.size(), "plugins/: " + jars);
		assertTrue(jars.get(0).matches("scorej_plugin-.*\\.jar"), jars.get(0));
		try (JarFile jf = new JarFile(FIJI.resolve("plugins").resolve(jars.get(0)).toFile())) {
			assertNotNull(jf.getEntry("plugins.config"), "the plugin jar has no plugins.config: ImageJ would show no menu");
		}
	}

	@Test
	void jarsHoldsTheDependenciesFijiLacks() throws IOException {
		List<String> jars = names(FIJI.resolve("jars"));
		for (String a : NEEDED)
			assertEquals(1, jars.stream().filter(j -> artifact(j).equals(a)).count(), a + " in jars/: " + jars);
		for (String a : FIJI_SHIPS)
			assertTrue(jars.stream().noneMatch(j -> artifact(j).equals(a)), a + " is in jars/ but Fiji ships it: " + jars);
		assertEquals(jars.size(), jars.stream().map(FijiLayoutIT::artifact).distinct().count(), "two versions of one jar: " + jars);
	}

	/** Plain ImageJ lacks what Fiji ships: imagej-jars/ holds it (not ij.jar), and every jar the launcher may name is in one of the two. */
	@Test
	void imagejJarsHoldWhatPlainImageJLacks() throws IOException {
		List<String> extra = names(FIJI.resolve("imagej-jars")), jars = names(FIJI.resolve("jars"));
		for (String a : FIJI_SHIPS)
			assertEquals(a.equals("ij") ? 0 : 1, extra.stream().filter(j -> artifact(j).equals(a)).count(), a + " in imagej-jars/: " + extra);
		for (String named : Launcher.LIBRARIES.values())
			assertTrue(jars.stream().anyMatch(j -> artifact(j).equalsIgnoreCase(named)) || extra.stream().anyMatch(j -> artifact(j).equalsIgnoreCase(named)),
					"the launcher names " + named + ", which neither jars/ nor imagej-jars/ holds");
		assertTrue(Launcher.INSTALL.contains("jars/") && Launcher.INSTALL.contains("imagej-jars/"), Launcher.INSTALL);
	}

	@Test
	void testImagesHoldTheMacrosImages() throws IOException {
		assertEquals(names(ROOT.resolve("test-images")), names(FIJI.resolve("test-images")));
	}

	@Test
	void modelsHoldsEveryBundledModel() throws IOException {
		Set<String> want = new TreeSet<>(), have = new TreeSet<>();
		try (Stream<Path> s = Files.walk(ROOT.resolve("models"), 3)) {
			s.filter(p -> p.endsWith("rdf.yaml")).map(Path::getParent).map(p -> ROOT.resolve("models").relativize(p).toString())
					.filter(p -> !p.startsWith("bench")).forEach(want::add);
		}
		assertFalse(want.isEmpty());
		for (String m : want) {
			Path src = ROOT.resolve("models").resolve(m), dst = FIJI.resolve("models").resolve(m);
			assertTrue(Files.isDirectory(dst), "models/" + m + " missing");
			assertEquals(names(src).stream().filter(n -> !n.endsWith(".py") && !n.equals("__pycache__")).collect(Collectors.toList()), names(dst), "models/" + m);
		}
		try (Stream<Path> s = Files.walk(FIJI.resolve("models"))) {
			s.forEach(p -> {
				String rel = FIJI.resolve("models").relativize(p).toString();
				assertFalse(rel.endsWith(".py") || rel.startsWith("train") || rel.startsWith("export") || rel.startsWith("bench"),
						"models/" + rel + " is not a model");
				if (p.endsWith("rdf.yaml")) have.add(FIJI.resolve("models").relativize(p.getParent()).toString());
			});
		}
		assertEquals(want, have);
	}

	@Test
	void macrosHoldsEveryMacro() throws IOException {
		List<String> want = names(ROOT.resolve("macros")).stream().filter(n -> n.endsWith(".ijm")).collect(Collectors.toList());
		assertFalse(want.isEmpty());
		assertEquals(want, names(FIJI.resolve("macros")));
	}

	/**
	 * ImageJ started as Fiji's launcher does (Fiji's own jars, here those of {@link #FIJI_SHIPS}
	 * from the test class path, then {@code jars/*}), the working directory elsewhere and no scorej.home.
	 */
	@Test
	void imageJRunsAMacroFromTheFolderAndFindsTheModelsBesidePlugins() throws IOException, InterruptedException {
		List<String> fijiOwn = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
				.filter(e -> e.endsWith(".jar") && FIJI_SHIPS.contains(artifact(Paths.get(e).getFileName().toString())))
				.collect(Collectors.toList());
		assertEquals(FIJI_SHIPS.size(), fijiOwn.size(), "Fiji's own jars on the test class path: " + fijiOwn);
		String classPath = String.join(File.pathSeparator, fijiOwn) + File.pathSeparator + FIJI.resolve("jars") + File.separator + "*";
		String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		Path out = tmp.resolve("digits.tif"), log = tmp.resolve("imagej.log");
		List<String> cmd = new ArrayList<>(List.of("xvfb-run", "-a", java, "-cp", classPath,
				"ij.ImageJ", "-ijpath", FIJI.toString(), "-batch", FIJI.resolve("macros/generate_digits.ijm").toString(), out.toString()));
		ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
		pb.environment().remove("SCOREJ_HOME");
		Process p = pb.start();
		if (!p.waitFor(240, TimeUnit.SECONDS)) {
			p.descendants().forEach(ProcessHandle::destroyForcibly);
			p.destroyForcibly();
			fail("ImageJ did not finish; output:\n" + Files.readString(log));
		}
		String said = Files.readString(log);
		assertFalse(said.contains("(ScoreJ): "), said);
		ImagePlus imp = IJ.openImage(out.toString());
		assertNotNull(imp, "no output; ImageJ said:\n" + said);
		assertEquals(8, imp.getStackSize());
	}

	/** The sorted names in a folder (files and folders). */
	private static List<String> names(Path dir) throws IOException {
		assertTrue(Files.isDirectory(dir), dir + " missing: run mvn package first");
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}

	/** {@code onnxruntime-1.23.2.jar} → {@code onnxruntime}. */
	private static String artifact(String jar) {
		return jar.replaceFirst("-[0-9][^-]*(-SNAPSHOT)?\\.jar$", "");
	}
}
