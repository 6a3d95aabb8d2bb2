package io.github.scorej.plugin.cli;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static io.github.scorej.plugin.cli.CliTest.scorej;
import static org.junit.jupiter.api.Assertions.*;

/** {@code scorej bench restore} on a 1-channel analytic model and two tiny held-out images; fast settings. */
class RestoreBenchCliTest {

	@TempDir
	Path dir;

	@Test
	void printsAMarkdownTableAVerdictPerTaskAndRawCsv() throws Exception {
		Random r = new Random(1);
		for (String name : new String[] { "a", "b" }) {
			byte[] px = new byte[20 * 20];
			int level = name.equals("a") ? 217 : 128; // the mixture's modes 0.7 and 0 in [-1, 1]
			for (int i = 0; i < px.length; i++)
				px[i] = (byte) Math.max(0, Math.min(255, level + (int) Math.round(12 * r.nextGaussian())));
			assertTrue(new FileSaver(new ImagePlus(name, new ByteProcessor(20, 20, px))).saveAsPng(dir.resolve(name + "-held-out.png").toString()));
		}
		Files.writeString(dir.resolve("ignored-held-out-rgb.png"), "not for a 1-channel model");
		Path csv = dir.resolve("rows.csv");
		CliTest.Result res = scorej("bench", "restore", "--model", "gaussian-mixture-edm", "--images", dir.toString(), "--size", "16", "--steps", "5",
				"--samples", "2", "--tasks", "denoise,inpaint,superres", "--csv", csv.toString());
		assertEquals(0, res.code(), res.err());
		String out = res.out();
		assertTrue(out.contains("| task | method | PSNR | SSIM | best classical | PSNR | SSIM | gain dB | target met |"), out);
		for (String task : new String[] { "denoise σ_y=0.2", "inpaint 70% of pixels missing", "super-resolution ×4, σ_y=0.01" }) {
			assertTrue(out.contains("| " + task + " | ddnm_plus |"), task + "\n" + out);
			assertTrue(out.lines().anyMatch(l -> l.startsWith(task + ": ") && l.contains("target")), "no verdict for " + task + "\n" + out);
		}
		assertFalse(out.contains("deblur"), out);
		List<String> lines = Files.readAllLines(csv);
		assertTrue(lines.get(0).startsWith("task,image,method,psnr,ssim"), lines.get(0));
		long rows = out.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| task") && !l.startsWith("| ---")).count();
		assertEquals(2 * rows, lines.size() - 1, "one CSV row per (task, method, image)");
		assertTrue(lines.get(1).contains("a-held-out.png"), lines.get(1));
	}

	@Test
	void benchWithoutSubcommandStillTimesSamplers() {
		CliTest.Result res = scorej("bench", "--model", "gaussian-mixture-edm", "--batch", "1", "--size", "8", "--steps", "2", "--repeats", "1",
				"--samplers", "euler");
		assertEquals(0, res.code(), res.err());
		assertTrue(res.out().contains("euler"), res.out());
	}

	@Test
	void noHeldOutImagesIsAClearError() {
		CliTest.Result res = scorej("bench", "restore", "--model", "gaussian-mixture-edm", "--images", dir.toString(), "--size", "16");
		assertNotEquals(0, res.code());
		assertTrue(res.err().contains("no *-held-out.png images"), res.err());
	}
}
