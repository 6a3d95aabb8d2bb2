package io.github.scorej.plugin.cli;

import ij.IJ;
import ij.ImagePlus;
import io.github.scorej.ops.sample.Param;
import io.github.scorej.ops.sample.Sampler;
import io.github.scorej.ops.sample.Samplers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The scorej command line end to end, on the bundled analytic ONNX model through ONNX Runtime. */
class CliTest {

	@TempDir
	Path dir;

	/** The analytic toy model the CLI tests pass explicitly (the verbs default to real models): fast, with closed forms. */
	static final String TOY = io.github.scorej.plugin.commands.ScoreCommand.TOY_MODEL;

	record Result(int code, String out, String err) {}

	static Result scorej(String... args) {
		PrintStream oldOut = System.out, oldErr = System.err;
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		try {
			System.setOut(new PrintStream(out, true));
			System.setErr(new PrintStream(err, true));
			int code = Main.run(args);
			return new Result(code, out.toString(), err.toString());
		} finally {
			System.setOut(oldOut);
			System.setErr(oldErr);
		}
	}

	private static float[] pixels(ImagePlus imp) {
		int plane = imp.getWidth() * imp.getHeight();
		float[] all = new float[plane * imp.getStackSize()];
		for (int s = 0; s < imp.getStackSize(); s++)
			System.arraycopy((float[]) imp.getStack().getProcessor(s + 1).convertToFloat().getPixels(), 0, all, s * plane, plane);
		return all;
	}

	@Test
	void generateWritesATiffWithProvenance() {
		Path out = dir.resolve("a.tif");
		Result r = scorej("generate", "--model", CliTest.TOY, "--count", "3", "--steps", "8", "--seed", "5", "--out", out.toString(), "--quiet");
		assertEquals(0, r.code, r.err);
		assertTrue(r.out.contains("wrote 3 image(s) of 32x32"), r.out);
		ImagePlus imp = IJ.openImage(out.toString());
		assertEquals(3, imp.getStackSize());
		assertEquals(32, imp.getWidth());
		assertEquals(32, imp.getHeight());
		assertEquals(ImagePlus.GRAY32, imp.getType());
		String info = (String) imp.getProperty("Info");
		assertNotNull(info);
		for (String key : new String[] { "scorej.model=gaussian-mixture-edm", "scorej.sampler=heun", "scorej.steps=8", "scorej.seed=5",
				"scorej.model_sha256=", "scorej.schedule=karras" })
			assertTrue(info.contains(key), key + " missing from\n" + info);
		for (float v : pixels(imp))
			assertTrue(v >= -1 && v <= 1, "outside the data range: " + v);
		// The demo model is a mixture of constant images at -0.7, 0 and 0.7 with small noise: every
		// generated image must sit near one of them.
		int plane = 32 * 32;
		float[] px = pixels(imp);
		for (int s = 0; s < 3; s++) {
			double mean = 0;
			for (int i = 0; i < plane; i++)
				mean += px[s * plane + i] / plane;
			double nearest = Math.min(Math.abs(mean + 0.7), Math.min(Math.abs(mean), Math.abs(mean - 0.7)));
			assertTrue(nearest < 0.05, "image " + s + " has mean " + mean);
		}
	}

	@Test
	void sameSeedSameImagesAndChunkingDoesNotMatter() {
		Path a = dir.resolve("a.tif"), b = dir.resolve("b.tif"), c = dir.resolve("c.tif");
		assertEquals(0, scorej("generate", "--model", CliTest.TOY, "-n", "4", "--steps", "6", "--sampler", "euler_ancestral", "--seed", "9", "--out", a.toString(), "--quiet").code);
		assertEquals(0, scorej("generate", "--model", CliTest.TOY, "-n", "4", "--steps", "6", "--sampler", "euler_ancestral", "--seed", "9", "--batch", "3", "--out", b.toString(), "--quiet").code);
		assertEquals(0, scorej("generate", "--model", CliTest.TOY, "-n", "4", "--steps", "6", "--sampler", "euler_ancestral", "--seed", "10", "--out", c.toString(), "--quiet").code);
		float[] pa = pixels(IJ.openImage(a.toString())), pb = pixels(IJ.openImage(b.toString())), pc = pixels(IJ.openImage(c.toString()));
		assertArrayEquals(pa, pb);
		assertFalse(java.util.Arrays.equals(pa, pc));
	}

	@Test
	void noiseFileFixesTheResultWhateverTheSeed() {
		Path noise = dir.resolve("noise.tif"), a = dir.resolve("a.tif"), b = dir.resolve("b.tif");
		// Initial noise of the right shape (N·C = 2 slices of 32×32) fixes a deterministic sampler's output.
		ImagePlus z = ij.IJ.createImage("z", "32-bit random", 32, 32, 2);
		assertTrue(new ij.io.FileSaver(z).saveAsTiffStack(noise.toString()));
		assertEquals(0, scorej("generate", "--model", CliTest.TOY, "-n", "2", "--steps", "5", "--sampler", "heun", "--noise", noise.toString(), "--seed", "1", "--raw", "--out", a.toString(), "--quiet").code);
		assertEquals(0, scorej("generate", "--model", CliTest.TOY, "-n", "2", "--steps", "5", "--sampler", "heun", "--noise", noise.toString(), "--seed", "2", "--raw", "--out", b.toString(), "--quiet").code);
		assertArrayEquals(pixels(IJ.openImage(a.toString())), pixels(IJ.openImage(b.toString())));
		Result bad = scorej("generate", "--model", CliTest.TOY, "-n", "3", "--noise", noise.toString(), "--out", dir.resolve("c.tif").toString(), "--quiet");
		assertNotEquals(0, bad.code);
		assertTrue(bad.err.contains("expected 3 slices"), bad.err);
		assertFalse(Files.exists(dir.resolve("c.tif")));
	}

	@Test
	void badInputGivesOneClearLineAndNoOutput() {
		Path out = dir.resolve("x.tif");
		Result r = scorej("generate", "--model", CliTest.TOY, "--sampler", "magic", "--out", out.toString());
		assertNotEquals(0, r.code);
		assertTrue(r.err.contains("unknown sampler 'magic'") && r.err.contains("euler"), r.err);
		assertFalse(r.err.contains("\tat "), "no stack trace: " + r.err);
		r = scorej("generate", "--model", CliTest.TOY, "--steps", "0", "--out", out.toString());
		assertNotEquals(0, r.code);
		assertTrue(r.err.contains("--steps: 0 is outside [1, 10000]"), r.err);
		r = scorej("generate", "--model", CliTest.TOY, "--schedule", "cosine", "--out", out.toString());
		assertTrue(r.err.contains("unknown schedule 'cosine'"), r.err);
		r = scorej("generate", "--model", dir.resolve("nowhere").toString(), "--out", out.toString());
		assertNotEquals(0, r.code);
		assertTrue(r.err.contains("no model"), r.err);
		r = scorej("generate", "--model", CliTest.TOY, "-o", "warp=3", "--out", out.toString());
		assertTrue(r.err.contains("unknown option 'warp'"), r.err);
		assertFalse(Files.exists(out));
		try (var files = Files.list(dir)) {
			assertEquals(0, files.count(), "no partial files");
		} catch (java.io.IOException e) {
			throw new AssertionError(e);
		}
	}

	@Test
	void samplersListsEveryDeclaredOption() {
		Result r = scorej("samplers");
		assertEquals(0, r.code);
		assertTrue(Samplers.all().size() >= 10, "samplers registered: " + Samplers.names());
		for (Sampler s : Samplers.all()) {
			assertTrue(r.out.contains(s.name()), s.name());
			for (Param<?> p : s.params())
				assertTrue(r.out.contains("-o " + p.name() + "="), s.name() + " " + p.name());
		}
	}

	/** bench prints one row per sampler (what it measures is reported, not asserted). */
	@Test
	void benchReportsNetworkAndSamplerTime() {
		Result r = scorej("bench", "--samplers", "heun,ald", "--steps", "3", "--repeats", "1", "--batch", "2", "--size", "16");
		assertEquals(0, r.code, r.err);
		assertTrue(r.out.contains("ms per evaluation"), r.out);
		assertTrue(r.out.matches("(?s).*\\bheun\\s+5\\s+.*%.*"), "heun makes 2·3 − 1 = 5 network calls:\n" + r.out);
		assertTrue(r.out.contains("ald") , r.out);
		r = scorej("bench", "--samplers", "nope");
		assertNotEquals(0, r.code);
		assertTrue(r.err.contains("unknown sampler 'nope'"), r.err);
	}

	/** models lists and verifies every bundled model; a tampered weights file fails with its name. */
	@Test
	void modelsVerifiesEachCard() throws java.io.IOException {
		Result r = scorej("models");
		assertEquals(0, r.code, r.err);
		assertTrue(r.out.contains("gaussian-mixture-edm") && r.out.contains("sha256 ok"), r.out);
		assertTrue(r.out.contains("classes dark grey bright"), r.out);
		Path copy = io.github.scorej.plugin.core.TestModels.copy("gaussian-mixture-edm", dir.resolve("m"), c -> c);
		Files.write(copy.resolve("model.onnx"), new byte[] { 1, 2, 3 }, java.nio.file.StandardOpenOption.APPEND);
		r = scorej("models", copy.toString());
		assertNotEquals(0, r.code);
		assertTrue(r.err.contains("model.onnx") && r.err.contains("SHA-256 mismatch"), r.err);
	}

	/** models --action card|verify|install: cards printed, graphs loaded, folders installed under scorej.home past a bad one. */
	@Test
	void modelsShowsVerifiesAndInstalls() throws java.io.IOException {
		Result r = scorej("models", "--action", "card", "gaussian-mixture-edm");
		assertEquals(0, r.code, r.err);
		assertTrue(r.out.contains("name: gaussian-mixture-edm") && r.out.contains("config:"), r.out);
		r = scorej("models", "--action", "verify", "gaussian-mixture-edm");
		assertTrue(r.code == 0 && r.out.startsWith("gaussian-mixture-edm: ok"), r.out + r.err);
		Path good = io.github.scorej.plugin.core.TestModels.renamed(dir.resolve("good"), "toy-installed");
		Path bad = Files.writeString(dir.resolve("bad.zip"), "not a zip");
		Path home = Files.createDirectories(dir.resolve("home"));
		System.setProperty("scorej.home", home.toString());
		try {
			r = scorej("models", "--action", "install", bad.toString(), good.toString());
			assertEquals(1, r.code, "one of two failed");
			assertTrue(r.err.contains("bad.zip: not installed"), r.err);
			assertTrue(r.out.contains("installed toy-installed into " + home.resolve("models").resolve("toy-installed")), r.out);
			r = scorej("models");
			assertTrue(r.code == 0 && r.out.contains("toy-installed"), r.out + r.err);
			r = scorej("models", "--action", "install", good.toString());
			assertTrue(r.code == 1 && r.err.contains("already installed"), r.err);
			assertEquals(0, scorej("models", "--action", "install", "--replace", good.toString()).code);
		} finally {
			System.setProperty("scorej.home", "..");
		}
	}
}
