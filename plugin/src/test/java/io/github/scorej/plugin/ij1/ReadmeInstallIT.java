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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * README's install steps for plain ImageJ 1.x (and Debian's imagej), followed literally: the shell block after
 * {@code <!-- install-imagej -->} runs with {@code IJ} a clean ImageJ folder (ij.jar alone) from the repository's
 * root, after {@code mvn package} (failsafe, {@code mvn verify}). Then real ImageJ, with no scorej.home, shows what
 * runs (About) and runs a shipped macro on the bundled model and held-out image, all found where the steps put them.
 */
class ReadmeInstallIT {

	private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();

	@TempDir
	Path tmp;

	/** The shell block README gives for plain ImageJ. */
	static String steps() throws IOException {
		Matcher m = Pattern.compile("<!-- install-imagej -->\\s*```bash\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(ROOT.resolve("README.md")));
		assertTrue(m.find(), "README.md has no install-imagej block");
		return m.group(1);
	}

	@Test
	void plainImageJInstalledAsReadmeSaysRunsAboutAndAMacro() throws IOException, InterruptedException {
		Path ij = Files.createDirectories(tmp.resolve("ImageJ"));
		Path ijJar = Stream.classPath().filter(p -> p.getFileName().toString().matches("ij-[0-9].*\\.jar")).findFirst()
				.orElseThrow(() -> new AssertionError("no ImageJ jar on the class path"));
		Files.copy(ijJar, ij.resolve("ij.jar"));
		ProcessBuilder install = new ProcessBuilder("bash", "-euc", steps()).directory(ROOT.toFile()).redirectErrorStream(true);
		install.environment().put("IJ", ij.toString());
		Process p = install.start();
		String said = new String(p.getInputStream().readAllBytes());
		assertTrue(p.waitFor(60, TimeUnit.SECONDS));
		assertEquals(0, p.exitValue(), "README's steps failed:\n" + said);

		Path about = tmp.resolve("about.ijm");
		Files.writeString(about, "run(\"About (ScoreJ)\");\n");
		String log = imagej(ij, about, "");
		assertTrue(log.contains("ONNX Runtime provider: CPU (CUDA: ") || log.contains("ONNX Runtime provider: CUDA"), log);
		assertTrue(log.contains("ONNX Runtime build: "), log);
		assertFalse(log.contains("cannot start") || log.contains("(ScoreJ): "), log);

		Path out = tmp.resolve("inpainted.tif");
		log = imagej(ij, ij.resolve("macros").resolve("inpaint_selection.ijm"), out.toString());
		ImagePlus imp = IJ.openImage(out.toString());
		assertNotNull(imp, "no output; ImageJ said:\n" + log);
		String info = String.valueOf(imp.getProperty("Info"));
		assertTrue(info.contains("scorej.model=micro-gray") && info.contains("scorej.model_folder=" + ij.resolve("models")), info);
	}

	/** ImageJ as a user starts it: {@code java -jar ij.jar -ijpath DIR -batch MACRO ARG}, elsewhere, without scorej.home. */
	private String imagej(Path ij, Path macro, String argument) throws IOException, InterruptedException {
		String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		Path log = Files.createTempFile(tmp, "imagej-", ".log");
		ProcessBuilder pb = new ProcessBuilder("xvfb-run", "-a", java, "-jar", ij.resolve("ij.jar").toString(), "-ijpath", ij.toString(), "-batch",
				macro.toString(), argument).directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
		pb.environment().remove("SCOREJ_HOME");
		Process p = pb.start();
		if (!p.waitFor(240, TimeUnit.SECONDS)) {
			p.descendants().forEach(ProcessHandle::destroyForcibly);
			p.destroyForcibly();
			fail("ImageJ did not finish " + macro.getFileName() + "; output:\n" + Files.readString(log));
		}
		return Files.readString(log);
	}

	/** The test class path. */
	private static final class Stream {
		static java.util.stream.Stream<Path> classPath() {
			return List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream().map(Paths::get);
		}
	}
}
