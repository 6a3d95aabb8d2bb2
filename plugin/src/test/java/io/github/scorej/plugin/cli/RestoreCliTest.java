package io.github.scorej.plugin.cli;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.NewImage;
import ij.gui.Roi;
import ij.io.FileSaver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.github.scorej.plugin.cli.CliTest.scorej;
import static org.junit.jupiter.api.Assertions.*;

/** scorej inpaint, colorize and restore over files and folders. */
class RestoreCliTest {

	@TempDir
	Path dir;

	private Path image(String name, int bits, int w, int h) {
		ImagePlus imp = NewImage.createImage(name, w, h, 1, bits, NewImage.FILL_RAMP);
		Path p = dir.resolve(name);
		assertTrue(new FileSaver(imp).saveAsTiff(p.toString()));
		return p;
	}

	private static List<String> names(Path folder) throws Exception {
		try (Stream<Path> s = Files.list(folder)) {
			return s.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	@Test
	void aFolderWithACorruptFileRestoresTheGoodOneAndFails() throws Exception {
		Path in = Files.createDirectories(dir.resolve("in"));
		Files.move(image("good.tif", 16, 24, 16), in.resolve("good.tif"));
		Files.write(in.resolve("bad.tif"), new byte[] { 'I', 'I', 42, 0, 1, 2, 3 });
		Files.writeString(in.resolve("notes.txt"), "not an image");
		Path out = dir.resolve("out");
		CliTest.Result r = scorej("restore", "--model", CliTest.TOY, "--task", "deblur", "--psf-sigma", "1", "--steps", "6", "-k", "2", "--keep-samples", "--quiet",
				"--out", out.toString(), in.toString());
		assertNotEquals(0, r.code(), r.out() + r.err());
		assertTrue(r.err().contains("bad.tif"), r.err());
		assertTrue(r.out().contains("restore: 1 of 2 file(s) restored") && r.out().contains("1 failed: bad.tif"), r.out());
		assertEquals(List.of("good-restored.tif", "good-samples.tif", "good-uncertainty.tif"), names(out), "no partial file");
		ImagePlus restored = IJ.openImage(out.resolve("good-restored.tif").toString());
		assertEquals(16, restored.getBitDepth());
		assertEquals(24, restored.getWidth());
		String info = String.valueOf(restored.getProperty("Info"));
		assertTrue(info.contains("scorej.task=deblur") && info.contains("scorej.psf_sigma=1.0") && info.contains("scorej.steps=6"), info);
		assertEquals(2, IJ.openImage(out.resolve("good-samples.tif").toString()).getStackSize());
		assertEquals(32, IJ.openImage(out.resolve("good-uncertainty.tif").toString()).getBitDepth());
	}

	@Test
	void inpaintColorizeAndSuperresolveFiles() throws Exception {
		Path a = image("a.tif", 8, 16, 16), out = dir.resolve("o");
		ImagePlus mask = NewImage.createByteImage("m", 16, 16, 1, NewImage.FILL_BLACK);
		mask.getProcessor().setValue(255);
		mask.getProcessor().fill(new Roi(3, 3, 4, 4));
		Path m = dir.resolve("mask.tif");
		new FileSaver(mask).saveAsTiff(m.toString());
		CliTest.Result r = scorej("inpaint", "--model", CliTest.TOY, "--mask", m.toString(), "--steps", "6", "-k", "2", "--quiet", "--out", out.toString(), a.toString());
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().contains("inpaint: 1 of 1 file(s) restored"), r.out());
		assertTrue(String.valueOf(IJ.openImage(out.resolve("a-restored.tif").toString()).getProperty("Info")).contains("scorej.steps=6"));
		// without --steps, inpainting takes at least InpaintProblem.minimumSteps (the toy card says fewer)
		r = scorej("inpaint", "--model", CliTest.TOY, "--mask", m.toString(), "-k", "1", "--quiet", "--out", dir.resolve("i100").toString(), a.toString());
		assertEquals(0, r.code(), r.err());
		assertTrue(String.valueOf(IJ.openImage(dir.resolve("i100/a-restored.tif").toString()).getProperty("Info")).contains("scorej.steps=100"));
		r = scorej("colorize", "--model", "gaussian-edm", "--steps", "6", "-k", "2", "--quiet", "--out", dir.resolve("c").toString(), a.toString());
		assertEquals(0, r.code(), r.err());
		assertEquals(24, IJ.openImage(dir.resolve("c/a-restored.tif").toString()).getBitDepth());
		r = scorej("restore", "--model", CliTest.TOY, "--task", "superres", "--factor", "2", "--steps", "6", "-k", "2", "--quiet", "--out", dir.resolve("s").toString(),
				a.toString());
		assertEquals(0, r.code(), r.err());
		assertEquals(32, IJ.openImage(dir.resolve("s/a-restored.tif").toString()).getWidth());
		// --raw: the posterior mean in the model's data space, 32-bit
		r = scorej("restore", "--model", CliTest.TOY, "--task", "denoise", "--raw", "--steps", "6", "-k", "2", "--quiet", "--out", dir.resolve("r").toString(), a.toString());
		assertEquals(0, r.code(), r.err());
		ImagePlus raw = IJ.openImage(dir.resolve("r/a-restored.tif").toString());
		assertEquals(32, raw.getBitDepth());
		assertTrue(raw.getStatistics().max < 3 && raw.getStatistics().min > -3, "not in the data range [-1, 1]: " + raw.getStatistics());
		assertTrue(String.valueOf(raw.getProperty("Info")).contains("scorej.raw=true"));
		// --noise: K·C slices of the restored size; with a deterministic method the seed then no longer matters
		ij.ImageStack z = new ij.ImageStack(16, 16);
		java.util.Random rnd = new java.util.Random(3);
		for (int k = 0; k < 2; k++) {
			float[] v = new float[256];
			for (int i = 0; i < v.length; i++)
				v[i] = (float) rnd.nextGaussian();
			z.addSlice(new ij.process.FloatProcessor(16, 16, v));
		}
		Path noise = dir.resolve("z.tif");
		new ij.io.FileSaver(new ImagePlus("z", z)).saveAsTiffStack(noise.toString());
		float[][] got = new float[2][];
		for (int run = 0; run < 2; run++) {
			Path o = dir.resolve("n" + run);
			r = scorej("restore", "--model", CliTest.TOY, "--task", "denoise", "--sigma-y", "5", "--method", "ddnm", "-o", "eta=0", "--noise", noise.toString(), "--seed",
					String.valueOf(run), "--raw", "--steps", "5", "-k", "2", "--quiet", "--out", o.toString(), a.toString());
			assertEquals(0, r.code(), r.err());
			got[run] = (float[]) IJ.openImage(o.resolve("a-restored.tif").toString()).getProcessor().getPixels();
		}
		assertArrayEquals(got[0], got[1], 1e-6f);
		r = scorej("restore", "--model", CliTest.TOY, "--task", "denoise", "--noise", noise.toString(), "-k", "3", "--quiet", "--out", dir.resolve("n9").toString(), a.toString());
		assertEquals(1, r.code());
		assertTrue(r.err().contains("slices") || r.err().contains("values"), r.err());
	}

	/**
	 * A skimage radon(circle=True) sinogram (bins × angles) of irregular angles with --angles-file; a list of another
	 * length, or a --size wider than its 32 bins, is one line naming what fits, and no output.
	 */
	@Test
	void ctTakesAnAngleFile() throws Exception {
		int n = 32;
		double[] disc = new double[n * n], theta = { 0, 7, 19, 33, 50, 61, 80, 95, 111, 130, 142, 160, 171 };
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++)
				disc[i * n + j] = Math.hypot(i - 14, j - 17) < 8 ? 1 : 0;
		double[] sino = io.github.scorej.ops.inverse.Skimage.radon(disc, n, theta, true);
		float[] px = new float[sino.length];
		for (int i = 0; i < px.length; i++)
			px[i] = (float) sino[i];
		Path s = dir.resolve("sino.tif"), angles = dir.resolve("theta.txt"), three = dir.resolve("three.txt");
		new FileSaver(new ImagePlus("sino", new ij.process.FloatProcessor(theta.length, n, px))).saveAsTiff(s.toString());
		Files.writeString(angles, "# degrees, skimage's theta\n" + String.join("\n", java.util.Arrays.stream(theta).mapToObj(Double::toString).toList()));
		Files.writeString(three, "0, 60, 120");
		CliTest.Result r = scorej("restore", "--task", "ct", "--angles-file", angles.toString(), "--steps", "6", "-k", "1", "--quiet", "--out",
				dir.resolve("ct").toString(), s.toString());
		assertEquals(0, r.code(), r.err());
		ImagePlus out = IJ.openImage(dir.resolve("ct/sino-restored.tif").toString());
		assertEquals(n, out.getWidth());
		String info = String.valueOf(out.getProperty("Info"));
		assertTrue(info.contains("scorej.angles=13") && info.contains("scorej.layout=bins-angles") && info.contains("scorej.theta=0,7,19"), info);
		r = scorej("restore", "--task", "ct", "--angles-file", three.toString(), "--quiet", "--out", dir.resolve("bad").toString(), s.toString());
		assertEquals(1, r.code());
		assertTrue(r.err().contains("the angle list (3 angles) gives 3 angles: neither its 32 rows nor its 13 columns fit"), r.err());
		assertFalse(Files.exists(dir.resolve("bad/sino-restored.tif")));
		// radon(circle=True) of a 32-pixel image has 32 bins: a wider field is refused, naming the sizes that fit
		r = scorej("restore", "--task", "ct", "--angles-file", angles.toString(), "--size", "46", "--quiet", "--out", dir.resolve("bad").toString(), s.toString());
		assertEquals(1, r.code());
		assertTrue(r.err().contains("--size fits up to 32: 32 (or 0) for skimage's radon(circle=True) of a 32-pixel image, 22 for radon(circle=False) of a 22-pixel"
				+ " image (⌈√2·22⌉ = 32 bins); a 46-pixel field needs at least 46 bins"), r.err());
		assertEquals(1, r.err().strip().lines().filter(l -> l.contains("--size")).count(), r.err());
		assertFalse(Files.exists(dir.resolve("bad/sino-restored.tif")));
		// transposed (rows are angles) with nothing said: read as skimage's it would be 32 angles of 13 bins; refused
		float[] t = new float[px.length];
		for (int b = 0; b < n; b++)
			for (int a = 0; a < theta.length; a++)
				t[a * n + b] = px[b * theta.length + a];
		Path st = dir.resolve("sino-t.tif");
		new FileSaver(new ImagePlus("sino-t", new ij.process.FloatProcessor(n, theta.length, t))).saveAsTiff(st.toString());
		r = scorej("restore", "--task", "ct", "--quiet", "--out", dir.resolve("bad").toString(), st.toString());
		assertEquals(1, r.code());
		assertTrue(r.err().contains("the sinogram's rows, not its columns, look like the projections") && r.err().contains("give --layout angles-bins"), r.err());
		assertFalse(Files.exists(dir.resolve("bad/sino-t-restored.tif")));
	}

	@Test
	void shardsSplitTheFilesAndBadOptionsAreOneLine() throws Exception {
		Path in = Files.createDirectories(dir.resolve("in"));
		for (String n : new String[] { "a.tif", "b.tif", "c.png" })
			Files.move(image(n.replace(".png", ".tif"), 8, 8, 8), in.resolve(n));
		assertEquals(List.of(in.resolve("a.tif"), in.resolve("c.png")), FileInputs.shard(FileInputs.expand(List.of(in), FileInputs.IMAGES, note -> {}), "0/2"));
		assertEquals(List.of(in.resolve("b.tif")), FileInputs.shard(FileInputs.expand(List.of(in), FileInputs.IMAGES, note -> {}), "1/2"));
		CliTest.Result r = scorej("restore", "--model", CliTest.TOY, "--shard", "2/2", in.toString());
		assertEquals(1, r.code());
		assertTrue(r.err().contains("0 <= i < n"), r.err());
		r = scorej("restore", "--model", CliTest.TOY, "--task", "inpaint", in.toString());
		assertTrue(r.err().contains("use 'scorej inpaint'"), r.err());
		r = scorej("inpaint", "--model", CliTest.TOY, "--mask", dir.resolve("none.tif").toString(), in.toString());
		assertTrue(r.err().contains("--mask") && r.err().contains("does not exist"), r.err());
		r = scorej("restore", "--model", CliTest.TOY, "--sampler", "heun", "--quiet", "--out", dir.resolve("x").toString(), in.resolve("a.tif").toString());
		assertTrue(r.err().contains("method="), r.err());
	}
}
