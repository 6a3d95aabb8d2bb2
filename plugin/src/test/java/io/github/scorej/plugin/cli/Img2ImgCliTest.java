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

/** scorej img2img over a folder: the good image is written with provenance, the corrupt one reported, exit 1. */
class Img2ImgCliTest {

	@Test
	void folderWithABadFile(@TempDir Path dir) throws Exception {
		Path in = Files.createDirectories(dir.resolve("in"));
		ByteProcessor bp = new ByteProcessor(20, 12);
		for (int i = 0; i < 240; i++)
			bp.set(i, (i * 7) % 256);
		new ij.io.FileSaver(new ImagePlus("a", bp)).saveAsPng(in.resolve("a.png").toString());
		Files.writeString(in.resolve("b.tif"), "not a tiff");
		Path out = dir.resolve("out");
		CliTest.Result r = scorej("img2img", "--model", "gaussian-mixture-edm", "--strength", "0.3", "--steps", "4", "--seed", "2", "--quiet", "--out",
				out.toString(), in.toString());
		assertEquals(1, r.code(), r.out() + r.err());
		assertTrue(r.err().contains("b.tif"), r.err());
		assertTrue(r.out().contains("1 of 2 file(s) written"), r.out());
		ImagePlus res = IJ.openImage(out.resolve("a-img2img.tif").toString());
		assertEquals(20, res.getWidth());
		assertEquals(12, res.getHeight());
		assertEquals(ImagePlus.GRAY8, res.getType());
		assertTrue(((String) res.getProperty("Info")).contains("scorej.seed=2"), (String) res.getProperty("Info"));
		assertTrue(Files.list(out).noneMatch(p -> p.getFileName().toString().contains(".part")));
	}
}
