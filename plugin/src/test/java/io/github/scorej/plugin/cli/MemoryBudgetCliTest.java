package io.github.scorej.plugin.cli;

import ij.ImagePlus;
import ij.gui.NewImage;
import ij.io.FileSaver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.github.scorej.plugin.cli.CliTest.scorej;
import static org.junit.jupiter.api.Assertions.*;

/** A job that does not fit the memory budget even in the smallest tiles is refused before it starts, naming budget, need and option. */
class MemoryBudgetCliTest {

	@TempDir
	Path dir;

	@Test
	void aBudgetTooSmallIsRefusedClearly() throws Exception {
		ImagePlus imp = NewImage.createImage("big", 256, 256, 1, 16, NewImage.FILL_RAMP);
		Path in = dir.resolve("big.tif"), out = dir.resolve("out");
		assertTrue(new FileSaver(imp).saveAsTiff(in.toString()));
		long t0 = System.nanoTime();
		CliTest.Result r = scorej("restore", "--model", "micro-gray", "--task", "denoise", "-k", "4", "--steps", "30", "--memory", "200M", "--quiet",
				"--out", out.toString(), in.toString());
		assertNotEquals(0, r.code(), r.out() + r.err());
		assertTrue(r.err().contains("restoring 4 sample(s) of 1 plane(s) of 256x256 needs about"), r.err());
		assertTrue(r.err().contains("even as 64x64 tiles (overlap 16), 1 per call, 1 sample(s) at a time"), r.err());
		assertTrue(r.err().contains("the memory budget is 200 MB") && r.err().contains("--memory"), r.err());
		// the test JVM's heap (-Xmx4g) is far more than 4 samples of 256² need: the message says how much would do
		assertTrue(java.util.regex.Pattern.compile("lower Java's maximum heap to \\d+ MB \\(SCOREJ_JAVA_OPTS=-Xmx\\d+m; ImageJ: Edit > Options > Memory & Threads\\)")
				.matcher(r.err()).find(), r.err());
		assertFalse(Files.exists(out.resolve("big-restored.tif")), "no output");
		assertTrue((System.nanoTime() - t0) / 1e9 < 30, "refused before sampling");
		assertNull(System.getProperty("scorej.memory"), "--memory holds for its command line only");
		// a deblur with valid boundaries restores the scene beyond the image (256 + 2·8) and counts its operator's FFT and CG buffers
		r = scorej("restore", "--model", "micro-gray", "--task", "deblur", "--psf-sigma", "2", "-k", "4", "--steps", "30", "--memory", "200M", "--quiet",
				"--out", out.toString(), in.toString());
		assertNotEquals(0, r.code(), r.out() + r.err());
		assertTrue(r.err().contains("restoring 4 sample(s) of 1 plane(s) of 272x272 needs about"), r.err());
		assertFalse(Files.exists(out.resolve("big-restored.tif")), "no output");
		// the same job within a budget that fits starts (here with 1 step, to be quick)
		r = scorej("restore", "--model", "micro-gray", "--task", "denoise", "-k", "1", "--steps", "1", "--sigma-max", "1", "--memory", "8G", "--quiet",
				"--out", out.toString(), in.toString());
		assertFalse(r.err().contains("memory budget"), r.err());
	}

	/**
	 * The promise itself, on a real process: a 1024² denoise with {@code --memory 2G} (Java's heap at three
	 * quarters of it, as the launcher sets it) has a peak resident set, Java and ONNX Runtime together, within
	 * the budget. The peak is the kernel's VmHWM of the process, read every 50 ms until it exits.
	 */
	@Test
	void aRunStaysWithinItsBudget() throws Exception {
		ImagePlus imp = NewImage.createImage("large", 1024, 1024, 1, 16, NewImage.FILL_RAMP);
		Path in = dir.resolve("large.tif"), out = dir.resolve("out-large");
		assertTrue(new FileSaver(imp).saveAsTiff(in.toString()));
		long budget = 2L << 30;
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process p = new ProcessBuilder(java, "-Xmx1536m", "-Djava.awt.headless=true", "-Dscorej.home=" + Path.of("..").toAbsolutePath(), "-cp",
				System.getProperty("java.class.path"), Main.class.getName(), "restore", "--model", "micro-gray", "--task", "denoise", "-k", "2",
				"--steps", "1", "--sigma-max", "1", "--seed", "0", "--memory", "2G", "--out", out.toString(), in.toString())
				.redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
		Path status = Path.of("/proc", Long.toString(p.pid()), "status");
		long peak = 0;
		while (p.isAlive()) {
			try {
				for (String line : Files.readAllLines(status))
					if (line.startsWith("VmHWM:")) peak = Math.max(peak, 1024 * Long.parseLong(line.replaceAll("\\D", "")));
			} catch (java.io.IOException gone) { // exited between isAlive and the read
			}
			Thread.sleep(50);
		}
		String log = Files.readString(dir.resolve("log.txt"));
		assertEquals(0, p.waitFor(), log);
		assertTrue(Files.exists(out.resolve("large-restored.tif")), log);
		assertTrue(log.contains("runs as") && log.contains("memory budget 2.0 GB"), log);
		assertTrue(peak > 200L << 20, "VmHWM was read: " + peak);
		assertTrue(peak <= budget, "peak resident set " + (peak >> 20) + " MB over the budget of " + (budget >> 20) + " MB:\n" + log);
	}
}
