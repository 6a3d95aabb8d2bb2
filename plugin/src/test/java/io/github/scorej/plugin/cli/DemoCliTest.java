package io.github.scorej.plugin.cli;

import static io.github.scorej.plugin.cli.CliTest.scorej;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ByteProcessor;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scorej demo: the main job end to end, here on an analytic model and a generated image (fast). */
class DemoCliTest {

	@Test
	void demoWritesItsImagesAndScoresThem(@TempDir Path dir) throws Exception {
		ByteProcessor bp = new ByteProcessor(36, 28); // cropped to 32×24 (size multiple 8)
		for (int y = 0; y < 28; y++)
			for (int x = 0; x < 36; x++)
				bp.set(x, y, 128 + (int) (60 * Math.sin(x / 4.0) * Math.cos(y / 5.0)));
		Path png = dir.resolve("clean.png");
		new ij.io.FileSaver(new ImagePlus("clean", bp)).saveAsPng(png.toString());
		Path out = dir.resolve("demo");
		CliTest.Result r = scorej("demo", "--model", "gaussian-mixture-edm", "--image", png.toString(), "--samples", "2", "--steps", "5",
				"--out", out.toString(), "--quiet");
		assertEquals(0, r.code(), r.err());
		for (String f : new String[] { "clean", "measured", "restored", "uncertainty", "classical" }) {
			ImagePlus imp = IJ.openImage(out.resolve(f + ".tif").toString());
			assertEquals(32, imp.getWidth(), f);
			assertEquals(24, imp.getHeight(), f);
			assertTrue(((String) imp.getProperty("Info")).contains("scorej.command=demo"), f);
		}
		assertTrue(r.out().contains("ScoreJ posterior mean") && r.out().contains("PSNR"), r.out());
		assertTrue(Files.list(out).noneMatch(p -> p.getFileName().toString().endsWith(".part")));
	}
}
