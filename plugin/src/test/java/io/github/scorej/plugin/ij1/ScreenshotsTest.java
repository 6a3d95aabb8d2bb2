package io.github.scorej.plugin.ij1;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link Screenshots} under Xvfb (a few seconds): every command of {@link Bridge#COMMANDS} opens its
 * dialog in real ImageJ 1.x, and each dialog becomes a PNG small enough for the documentation.
 */
class ScreenshotsTest {

	@TempDir
	Path dir;

	@Test
	void everyCommandsDialogBecomesAPng() throws IOException, InterruptedException {
		String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		Path log = dir.resolve("screenshots.log"), out = dir.resolve("dialogs");
		Process p = new ProcessBuilder("xvfb-run", "-a", "-s", "-screen 0 1280x1024x24", java, "-cp", System.getProperty("java.class.path"),
				Screenshots.class.getName(), out.toString()).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!p.waitFor(240, TimeUnit.SECONDS)) {
			p.descendants().forEach(ProcessHandle::destroyForcibly);
			p.destroyForcibly();
			fail("Screenshots did not finish; output:\n" + Files.readString(log));
		}
		String said = Files.readString(log);
		assertEquals(0, p.exitValue(), said);
		for (String command : Bridge.COMMANDS.keySet()) {
			Path png = out.resolve(command + ".png");
			assertTrue(Files.isRegularFile(png), command + ": no screenshot\n" + said);
			BufferedImage img = ImageIO.read(png.toFile());
			assertNotNull(img, png + " is not a PNG");
			assertTrue(img.getWidth() >= 80 && img.getHeight() >= 40, command + ": " + img.getWidth() + "x" + img.getHeight());
			assertTrue(Files.size(png) < 100_000, command + ": " + Files.size(png) + " bytes, too big for the docs");
		}
	}
}
