package io.github.scorej.plugin.cli;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.github.scorej.plugin.cli.CliTest.scorej;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code scorej restore --task mri} on k-space made by numpy (Debian's /usr/bin/python3), never by ScoreJ's
 * own operator: a 64×64 crop of a held-out image, its k-space in numpy's default layout, fastMRI's centred
 * ortho one and the forward scaling, with the lines a "scanner" acquired (random rows, not in conjugate pairs)
 * as a mask. The posterior mean must beat numpy's own zero-filled inverse FFT, which it can only do when
 * orientation and scale are right; the generated mask must follow {@code --seed}, be recorded, and be the
 * one used; bad k-space is one line and no output.
 */
class MriKSpaceCliTest {

	@TempDir
	Path dir;

	static final int N = 64;

	/**
	 * numpy's side: reads x (N×N float64) from DIR/x.raw, writes the k-space's real and imaginary parts (float32),
	 * the acquired rows' mask (uint8, in the k-space's layout; 8 centre lines and random others, N/R in all) and
	 * the zero-filled inverse FFT (float64). Unacquired k-space is 0, or with "noise" random values.
	 */
	static final String NUMPY = """
			import sys, numpy as np
			d, shift, norm, R, fill = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5]
			x = np.fromfile(d + '/x.raw', dtype='<f8').reshape(%d, %d)
			H, W = x.shape
			def fwd(a):
			    if shift == 'none': return np.fft.fft2(a, norm=norm)
			    if shift == 'fftshift': return np.fft.fftshift(np.fft.fft2(a, norm=norm))
			    return np.fft.fftshift(np.fft.fft2(np.fft.ifftshift(a), norm=norm))
			def inv(k):
			    if shift == 'none': return np.fft.ifft2(k, norm=norm)
			    if shift == 'fftshift': return np.fft.ifft2(np.fft.ifftshift(k), norm=norm)
			    return np.fft.fftshift(np.fft.ifft2(np.fft.ifftshift(k), norm=norm))
			K = fwd(x)
			rng = np.random.default_rng(7)
			rows = np.zeros(H, bool); rows[H // 2 - 4:H // 2 + 4] = True
			rows[rng.permutation(np.flatnonzero(~rows))[:int(round(H / R)) - 8]] = True
			M = np.repeat(rows[:, None], W, 1)
			if shift == 'none': M = np.fft.ifftshift(M)
			if len(sys.argv) > 6: M = np.fromfile(sys.argv[6], dtype=np.uint8).reshape(H, W) != 0
			zf = inv(K * M).real
			if fill == 'noise': K = np.where(M, K, rng.normal(size=K.shape) * np.abs(K).max())
			else: K = K * M
			K.real.astype('<f4').tofile(d + '/re.raw'); K.imag.astype('<f4').tofile(d + '/im.raw')
			M.astype(np.uint8).tofile(d + '/mask.raw'); zf.astype('<f8').tofile(d + '/zf.raw')
			""".formatted(N, N);

	/** A 64×64 crop of a held-out image, 0–255. */
	static double[] heldOut(String name) {
		ImagePlus imp = IJ.openImage(Path.of("..", "test-images", name).toString());
		double[] x = new double[N * N];
		int x0 = (imp.getWidth() - N) / 2, y0 = (imp.getHeight() - N) / 2;
		for (int i = 0; i < N; i++)
			for (int j = 0; j < N; j++)
				x[i * N + j] = imp.getProcessor().getf(x0 + j, y0 + i);
		return x;
	}

	/** Runs numpy on x; returns the zero-filled inverse FFT, and leaves k.tif (re, im stack), re.tif, im.tif, mask.tif in {@code d}. */
	static double[] numpy(Path d, double[] x, String shift, String norm, double r, String fill, String... maskRaw) throws IOException, InterruptedException {
		Files.createDirectories(d);
		ByteBuffer b = ByteBuffer.allocate(8 * x.length).order(ByteOrder.LITTLE_ENDIAN);
		for (double v : x)
			b.putDouble(v);
		Files.write(d.resolve("x.raw"), b.array());
		List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/python3", "-c", NUMPY, d.toString(), shift, norm, "" + r, fill));
		cmd.addAll(List.of(maskRaw));
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(60, TimeUnit.SECONDS));
		assertEquals(0, p.exitValue(), out);
		float[] re = floats(d.resolve("re.raw")), im = floats(d.resolve("im.raw"));
		ImageStack st = new ImageStack(N, N);
		st.addSlice("re", new FloatProcessor(N, N, re));
		st.addSlice("im", new FloatProcessor(N, N, im));
		assertTrue(new FileSaver(new ImagePlus("k", st)).saveAsTiffStack(d.resolve("k.tif").toString()));
		assertTrue(new FileSaver(new ImagePlus("re", new FloatProcessor(N, N, re))).saveAsTiff(d.resolve("re.tif").toString()));
		assertTrue(new FileSaver(new ImagePlus("im", new FloatProcessor(N, N, im))).saveAsTiff(d.resolve("im.tif").toString()));
		byte[] m = Files.readAllBytes(d.resolve("mask.raw"));
		for (int i = 0; i < m.length; i++)
			m[i] = (byte) (m[i] != 0 ? 255 : 0);
		assertTrue(new FileSaver(new ImagePlus("mask", new ByteProcessor(N, N, m))).saveAsTiff(d.resolve("mask.tif").toString()));
		ByteBuffer zf = ByteBuffer.wrap(Files.readAllBytes(d.resolve("zf.raw"))).order(ByteOrder.LITTLE_ENDIAN);
		double[] z = new double[N * N];
		for (int i = 0; i < z.length; i++)
			z[i] = zf.getDouble();
		return z;
	}

	private static float[] floats(Path f) throws IOException {
		ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
		float[] v = new float[b.remaining() / 4];
		for (int i = 0; i < v.length; i++)
			v[i] = b.getFloat();
		return v;
	}

	static double psnr(double[] truth, double[] x) {
		double se = 0;
		for (int i = 0; i < x.length; i++)
			se += (x[i] - truth[i]) * (x[i] - truth[i]);
		return 10 * Math.log10(255.0 * 255 / (se / x.length));
	}

	static double[] pixels(Path tif) {
		ImagePlus imp = IJ.openImage(tif.toString());
		assertNotNull(imp, tif + " unreadable");
		double[] v = new double[imp.getWidth() * imp.getHeight()];
		for (int i = 0; i < v.length; i++)
			v[i] = imp.getProcessor().getf(i);
		return v;
	}

	private static List<String> names(Path folder) throws IOException {
		if (!Files.exists(folder)) return List.of();
		try (Stream<Path> s = Files.list(folder)) {
			return s.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	private static final String[] FAST = { "--model", "micro-gray", "--steps", "20", "-k", "2", "--quiet" };

	private static String[] args(String[] fixed, String... more) {
		return Stream.concat(Stream.concat(Stream.of("restore", "--task", "mri"), Stream.of(fixed)), Stream.of(more)).toArray(String[]::new);
	}

	/**
	 * Each convention, given with its flags (the default needs none), with the acquired lines as a mask: the posterior
	 * mean beats numpy's zero-filled inverse FFT by a margin (a wrong orientation, shift or scale gives −6 to −26 dB).
	 */
	@ParameterizedTest
	@CsvSource({ "none, backward, cell-held-out.png", "centred, ortho, phantom-held-out.png", "none, forward, cell-held-out.png",
			"fftshift, backward, phantom-held-out.png" })
	void numpysKSpaceInEachConventionBeatsZeroFilled(String shift, String norm, String image) throws Exception {
		double[] x = heldOut(image);
		Path d = dir.resolve("in");
		double[] zf = numpy(d, x, shift, norm, 4, "zeros");
		Path out = dir.resolve("out");
		String[] conv = shift.equals("none") && norm.equals("backward") ? new String[0]
				: new String[] { "--kspace-shift", shift, "--kspace-norm", norm };
		CliTest.Result r = scorej(Stream.concat(Stream.of(args(FAST, "--kspace-mask", d.resolve("mask.tif").toString(), "--out", out.toString())),
				Stream.concat(Stream.of(conv), Stream.of(d.resolve("k.tif").toString()))).toArray(String[]::new));
		assertEquals(0, r.code(), r.out() + r.err());
		double got = psnr(x, pixels(out.resolve("k-restored.tif"))), base = psnr(x, zf);
		System.out.printf("MRI %s/%s on %s, R = 4: posterior mean %.2f dB, numpy's zero-filled %.2f dB%n", shift, norm, image, got, base);
		assertTrue(got > base + 1, String.format("%s/%s on %s: posterior mean %.2f dB, numpy's zero-filled %.2f dB", shift, norm, image, got, base));
		assertEquals(List.of("k-restored.tif", "k-uncertainty.tif"), names(out), "a given mask is not written again");
		String info = String.valueOf(IJ.openImage(out.resolve("k-restored.tif").toString()).getProperty("Info"));
		assertTrue(info.contains("scorej.kspace_shift=" + shift + "\n") && info.contains("scorej.kspace_norm=" + norm + "\n")
				&& info.contains("scorej.kspace_mask=mask.tif"), info);
	}

	/**
	 * numpy's default {@code fft2} k-space, full, with no flag at all: the lines drawn from the seed are written out, and
	 * numpy's zero-filled inverse FFT with that mask (the user's baseline) is beaten by the posterior mean.
	 */
	@Test
	void numpysDefaultKSpaceNeedsNoFlagAndItsBaselineCanBeReproduced() throws Exception {
		double[] x = heldOut("cell-held-out.png");
		Path d = dir.resolve("in"), out = dir.resolve("out");
		numpy(d, x, "none", "backward", 1, "zeros"); // every line: the whole k-space
		CliTest.Result r = scorej(args(FAST, "--out", out.toString(), d.resolve("k.tif").toString()));
		assertEquals(0, r.code(), r.out() + r.err());
		double got = psnr(x, pixels(out.resolve("k-restored.tif")));
		assertTrue(got > 28, String.format("posterior mean %.2f dB: k-space read in another convention?", got));
		double[] mask = pixels(out.resolve("k-mask.tif"));
		byte[] m = new byte[mask.length];
		for (int i = 0; i < m.length; i++)
			m[i] = (byte) (mask[i] != 0 ? 1 : 0);
		Files.write(dir.resolve("used.raw"), m);
		double base = psnr(x, numpy(dir.resolve("zf"), x, "none", "backward", 1, "zeros", dir.resolve("used.raw").toString()));
		System.out.printf("MRI numpy default, generated R = 4 lines: posterior mean %.2f dB, numpy's zero-filled with the written mask %.2f dB%n", got, base);
		assertTrue(got > base + 1, String.format("posterior mean %.2f dB, numpy's zero-filled %.2f dB", got, base));
	}

	/**
	 * Unacquired k-space absent (random values, not zeros) is ignored where a mask is given; the real and imaginary
	 * parts as two files are the stack.
	 */
	@Test
	void valuesOutsideTheMaskAreIgnoredAndTwoFilesAreOneStack() throws Exception {
		double[] x = heldOut("camera-held-out.png");
		Path zeros = dir.resolve("zeros"), noise = dir.resolve("noise");
		numpy(zeros, x, "none", "backward", 8, "zeros");
		numpy(noise, x, "none", "backward", 8, "noise");
		String[] quick = { "--steps", "6", "-k", "1", "--quiet", "--seed", "3" };
		assertEquals(0, scorej(args(quick, "--kspace-mask", zeros.resolve("mask.tif").toString(), "--out", dir.resolve("a").toString(),
				zeros.resolve("k.tif").toString())).code());
		CliTest.Result r = scorej(args(quick, "--kspace-mask", zeros.resolve("mask.tif").toString(), "--out", dir.resolve("b").toString(),
				noise.resolve("k.tif").toString()));
		assertEquals(0, r.code(), r.err());
		assertArrayEquals(pixels(dir.resolve("a/k-restored.tif")), pixels(dir.resolve("b/k-restored.tif")), 1e-3);
		r = scorej(args(quick, "--kspace-mask", zeros.resolve("mask.tif").toString(), "--kspace-imag", zeros.resolve("im.tif").toString(), "--out",
				dir.resolve("c").toString(), zeros.resolve("re.tif").toString()));
		assertEquals(0, r.code(), r.err());
		assertArrayEquals(pixels(dir.resolve("a/k-restored.tif")), pixels(dir.resolve("c/re-restored.tif")), 1e-3);
	}

	/**
	 * Without a mask, lines are drawn from --seed: another seed, other lines; the seed is recorded; the mask written
	 * (NAME-mask.tif, in the k-space's layout) is the one used: given back with --kspace-mask, the same result.
	 */
	@Test
	void theGeneratedMaskFollowsTheSeedIsRecordedAndIsTheOneUsed() throws Exception {
		double[] x = heldOut("cell-held-out.png");
		Path full = dir.resolve("full");
		numpy(full, x, "none", "backward", 1, "zeros"); // R = 1: every line acquired, the whole k-space
		String k = full.resolve("k.tif").toString();
		String[] quick = { "--steps", "6", "-k", "1", "--quiet", "--acceleration", "4" };
		for (String seed : new String[] { "1", "2" }) {
			CliTest.Result r = scorej(args(quick, "--seed", seed, "--out", dir.resolve("s" + seed).toString(), k));
			assertEquals(0, r.code(), r.out() + r.err());
			assertEquals(List.of("k-mask.tif", "k-restored.tif", "k-uncertainty.tif"), names(dir.resolve("s" + seed)));
			String info = String.valueOf(IJ.openImage(dir.resolve("s" + seed + "/k-restored.tif").toString()).getProperty("Info"));
			assertTrue(info.contains("scorej.mask_seed=" + seed + "\n") && info.contains("scorej.acceleration=4.0"), info);
		}
		double[] m1 = pixels(dir.resolve("s1/k-mask.tif")), m2 = pixels(dir.resolve("s2/k-mask.tif"));
		assertFalse(java.util.Arrays.equals(m1, m2), "--seed changes the lines");
		int lines = 0;
		for (int row = 0; row < N; row++)
			if (m1[row * N] != 0) lines++;
		assertEquals(N / 4, lines, 1, "about N/R lines");
		assertTrue(m1[0] != 0 && m1[(N - 1) * N] != 0, "the centre lines sit at rows 0 and N-1 of numpy's unshifted layout");
		CliTest.Result r = scorej(args(quick, "--seed", "1", "--kspace-mask", dir.resolve("s1/k-mask.tif").toString(), "--out",
				dir.resolve("again").toString(), k));
		assertEquals(0, r.code(), r.err());
		assertArrayEquals(pixels(dir.resolve("s1/k-restored.tif")), pixels(dir.resolve("again/k-restored.tif")), 1e-4);
	}

	/**
	 * A mask of another size, all-zero k-space, NaN, an unknown layout, zero-filled k-space without its mask: one line
	 * naming the problem, exit 1, no output.
	 */
	@Test
	void badKSpaceIsOneLineAndNoOutput() throws Exception {
		Path d = dir.resolve("in");
		numpy(d, heldOut("cell-held-out.png"), "none", "backward", 4, "zeros");
		assertTrue(new FileSaver(new ImagePlus("small", new ByteProcessor(32, 64))).saveAsTiff(d.resolve("small.tif").toString()));
		ImageStack zero = new ImageStack(N, N), nan = new ImageStack(N, N);
		ImagePlus k = IJ.openImage(d.resolve("k.tif").toString());
		for (int part = 1; part <= 2; part++) {
			zero.addSlice(new FloatProcessor(N, N));
			FloatProcessor f = (FloatProcessor) k.getStack().getProcessor(part).duplicate();
			if (part == 2) f.setf(5, 7, Float.NaN);
			nan.addSlice(f);
		}
		assertTrue(new FileSaver(new ImagePlus("zero", zero)).saveAsTiffStack(d.resolve("zero.tif").toString()));
		assertTrue(new FileSaver(new ImagePlus("nan", nan)).saveAsTiffStack(d.resolve("nan.tif").toString()));
		String[][] cases = { { "--kspace-mask", d.resolve("small.tif").toString(), d.resolve("k.tif").toString() }, { d.resolve("zero.tif").toString() },
				{ d.resolve("nan.tif").toString() }, { "--kspace-shift", "middle", d.resolve("k.tif").toString() },
				{ "--seed", "1", d.resolve("k.tif").toString() } };
		String[] expect = { "k-space mask 'small.tif' is 32x64, the k-space 'k.tif' is 64x64", "is zero at every acquired point",
				"has NaN in its imaginary part at x=5, y=7", "k-space shift 'middle' is not one of none, fftshift, centred",
				"it looks zero-filled; give the acquired points as a k-space mask" };
		for (int c = 0; c < cases.length; c++) {
			Path out = dir.resolve("out" + c);
			CliTest.Result r = scorej(args(new String[] { "--steps", "4", "-k", "1", "--quiet", "--out", out.toString() }, cases[c]));
			assertNotEquals(0, r.code(), r.out());
			assertTrue(r.err().contains(expect[c]), r.err());
			assertEquals(1, r.err().lines().filter(l -> l.startsWith("scorej restore:")).count(), r.err());
			assertFalse(r.err().contains("Exception"), r.err());
			assertEquals(List.of(), names(out), "no output");
		}
	}
}
