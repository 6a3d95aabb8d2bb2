package io.github.scorej.plugin.core;

import io.github.scorej.ops.inverse.Skimage;
import ij.IJ;
import ij.ImagePlus;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import io.github.scorej.ops.inverse.CtOperator;
import io.github.scorej.ops.problem.Problem;
import io.github.scorej.ops.problem.Problems;
import org.junit.jupiter.api.BeforeAll;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Sparse-view CT from sinograms made by skimage.transform.radon (Debian's Python, an independent
 * projector: no inverse crime), restored with the bundled micro-gray prior on the held-out phantom:
 * the right way up, and better than skimage's own filtered back-projection (best of its filters), for
 * skimage's circle=False (⌈√2·N⌉ bins) and circle=True (N bins) detectors, in skimage's layout (bins
 * × angles) and transposed; and a scanner's export (raw counts, flat and dark fields, one projection
 * per page, clockwise angles, a finer detector, an off-centre axis) turned into a sinogram by the recipe
 * of site/docs/commands/ct.md, run as written.
 */
class CtSkimageRestoreTest {

	static final int N = 64, ANGLES = 30;
	private static LoadedModel model;

	@BeforeAll
	static void load() {
		model = LoadedModel.load("micro-gray", null, null);
	}

	/** The central N×N of the held-out phantom in [0, 1]; with {@code circle}, 0 outside skimage's inscribed circle. */
	static double[] phantom(boolean circle) {
		ImageProcessor ip = IJ.openImage("../test-images/phantom-held-out.png").getProcessor();
		int top = (ip.getHeight() - N) / 2, left = (ip.getWidth() - N) / 2;
		double[] x = new double[N * N];
		for (int i = 0; i < N; i++)
			for (int j = 0; j < N; j++) {
				boolean out = circle && (i - N / 2) * (i - N / 2) + (j - N / 2) * (j - N / 2) > (N / 2) * (N / 2);
				x[i * N + j] = out ? 0 : ip.getf(left + j, top + i) / 255.0;
			}
		return x;
	}

	/** A rows × columns 32-bit image of row-major values. */
	static ImagePlus image(String title, double[] v, int rows, int columns) {
		float[] px = new float[v.length];
		for (int i = 0; i < v.length; i++)
			px[i] = (float) v[i];
		return new ImagePlus(title, new FloatProcessor(columns, rows, px));
	}

	static double[] transpose(double[] v, int rows, int columns) {
		double[] t = new double[v.length];
		for (int i = 0; i < rows; i++)
			for (int j = 0; j < columns; j++)
				t[j * rows + i] = v[i * columns + j];
		return t;
	}

	static double psnr(double[] x, double[] truth) {
		double e = 0;
		for (int i = 0; i < x.length; i++)
			e += (x[i] - truth[i]) * (x[i] - truth[i]);
		return 10 * Math.log10(x.length / e);
	}

	static double correlation(double[] a, double[] b) {
		double ma = 0, mb = 0;
		for (int i = 0; i < a.length; i++) {
			ma += a[i] / a.length;
			mb += b[i] / b.length;
		}
		double ab = 0, aa = 0, bb = 0;
		for (int i = 0; i < a.length; i++) {
			ab += (a[i] - ma) * (b[i] - mb);
			aa += (a[i] - ma) * (a[i] - ma);
			bb += (b[i] - mb) * (b[i] - mb);
		}
		return ab / Math.sqrt(aa * bb);
	}

	/** x upside down ({@code rows}) or mirrored left–right (the angle direction reversed). */
	static double[] flipped(double[] x, boolean rows) {
		double[] f = new double[x.length];
		for (int i = 0; i < N; i++)
			for (int j = 0; j < N; j++)
				f[i * N + j] = rows ? x[(N - 1 - i) * N + j] : x[i * N + N - 1 - j];
		return f;
	}

	static double[] pixels(ImagePlus imp) {
		float[] px = (float[]) imp.getProcessor().convertToFloatProcessor().getPixels();
		double[] v = new double[px.length];
		for (int i = 0; i < v.length; i++)
			v[i] = px[i];
		return v;
	}

	@ParameterizedTest
	@CsvSource({ "false, bins-angles", "true, angles-bins" })
	void skimageSinogramsReconstructTheRightWayUpAndBeatItsFbp(boolean circle, String layout) {
		double[] truth = phantom(circle), theta = CtOperator.uniform(ANGLES);
		double[] sino = Skimage.radon(truth, N, theta, circle);
		int bins = sino.length / ANGLES;
		assertEquals(circle ? N : CtOperator.defaultBins(N, N), bins);
		ImagePlus in = layout.equals("bins-angles") ? image("sinogram", sino, bins, ANGLES) : image("sinogram", transpose(sino, bins, ANGLES), ANGLES, bins);
		Problem p = Problems.configure(Problems.of("ct"), java.util.Map.of("angles", String.valueOf(ANGLES), "layout", layout.equals("bins-angles") ? "auto" : layout,
				"size", String.valueOf(circle ? 0 : N)));
		SamplingSettings settings = new SamplingSettings(null, null, 12, null, null, null, null, 3);
		Restorations.Result r = Restorations.restore(model, settings, in, Restorations.Request.of(p).withSamples(1, false), 1,
				io.github.scorej.ops.sample.Callback.NONE);
		assertEquals(N, r.restored().getWidth());
		double[] x = pixels(r.restored());
		double fbp = Double.NEGATIVE_INFINITY;
		for (String f : new String[] { "ramp", "shepp-logan", "cosine", "hamming", "hann" })
			fbp = Math.max(fbp, psnr(Skimage.iradon(sino, N, theta, f, circle), truth));
		double ours = psnr(x, truth), c = correlation(x, truth), ud = correlation(x, flipped(truth, true)), lr = correlation(x, flipped(truth, false));
		String what = String.format(Locale.ROOT,
				"circle=%s %s: PSNR %.2f dB (skimage FBP, best filter: %.2f), correlation %.3f (upside down: %.3f, mirrored: %.3f)", circle, layout, ours,
				fbp, c, ud, lr);
		System.out.println(what);
		assertTrue(c > 0.95 && c > Math.max(ud, lr) + 0.02, what);
		assertTrue(ours > fbp + 3, what);
	}

	/**
	 * The "scanner": skimage.transform.radon of x (DIR/x.raw, N×N in [0, 1]) as attenuation μ = 0.03·x per image
	 * pixel, seen by a detector of 200 bins of half the image pixel with the rotation axis at bin 104 (not 100),
	 * at 45 irregular angles φ counted clockwise (skimage's θ = −φ); 16-bit Poisson counts of a 30000-count
	 * beam over a dark level of 100, one projection (3 detector rows, the object the same in each) per page;
	 * flat and dark fields averaged over 20 frames; the angles as logged.
	 */
	static final String SCANNER = """
			import sys, numpy as np, tifffile
			from skimage.transform import radon
			d, n = sys.argv[1], int(sys.argv[2])
			x = np.fromfile(d + '/x.raw', '<f8').reshape(n, n)
			rng = np.random.default_rng(3)
			phi = np.sort(rng.uniform(0, 180, 45))
			p = radon(np.kron(0.015 * x, np.ones((2, 2))), theta=-phi, circle=False)
			line = np.zeros((200, len(phi))); line[104 - p.shape[0] // 2:104 - p.shape[0] // 2 + p.shape[0]] = p
			flat, dark = 30000.0, 100.0
			counts = rng.poisson(dark + (flat - dark) * np.exp(-line.T))
			tifffile.imwrite(d + '/projections.tif', np.repeat(counts[:, None, :], 3, axis=1).astype(np.uint16))
			tifffile.imwrite(d + '/flat.tif', np.round(rng.poisson(20 * flat, (3, 200)) / 20).astype(np.uint16))
			tifffile.imwrite(d + '/dark.tif', np.round(rng.poisson(20 * dark, (3, 200)) / 20).astype(np.uint16))
			np.savetxt(d + '/angles.txt', phi, fmt='%.3f')
			""";

	@TempDir
	Path dir;

	/** The block after {@code <!-- marker -->} in the CT page, fenced as {@code language}. */
	static String block(String marker, String language) throws IOException {
		Matcher m = Pattern.compile("<!-- " + marker + " -->\\s*```" + language + "\\n(.*?)```", Pattern.DOTALL)
				.matcher(Files.readString(Path.of("..", "site", "docs", "commands", "ct.md")));
		assertTrue(m.find(), "site/docs/commands/ct.md has no " + marker + " block");
		return m.group(1);
	}

	static String python(Path in, String... args) throws IOException, InterruptedException {
		List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "-c"));
		cmd.addAll(List.of(args));
		Process p = new ProcessBuilder(cmd).directory(in.toFile()).redirectErrorStream(true).start();
		String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0, "python failed:\n" + said);
		return said;
	}

	@Test
	void aScannerExportFollowingTheRecipeReconstructsTheRightWayUp() throws IOException, InterruptedException {
		ImageProcessor ip = IJ.openImage("../test-images/coins-held-out.png").getProcessor();
		int top = (ip.getHeight() - N) / 2, left = (ip.getWidth() - N) / 2;
		double[] truth = new double[N * N];
		ByteBuffer b = ByteBuffer.allocate(8 * N * N).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < N * N; i++) {
			truth[i] = 0.03 * ip.getf(left + i % N, top + i / N) / 255.0; // attenuation per image pixel
			b.putDouble(truth[i] / 0.03);
		}
		Files.write(dir.resolve("x.raw"), b.array());
		python(dir, SCANNER, dir.toString(), String.valueOf(N));
		String said = python(dir, block("ct-scanner-recipe", "python"));

		// the command line as the page gives it, with its files in dir
		String line = block("ct-scanner-restore", "bash").strip();
		Matcher sy = Pattern.compile("--sigma-y (\\S+)").matcher(line), est = Pattern.compile("sigma_y (\\S+)").matcher(said);
		assertTrue(sy.find() && est.find(), line + " / " + said);
		double given = Double.parseDouble(sy.group(1)), estimated = Double.parseDouble(est.group(1));
		assertEquals(given, estimated, 0.15 * given, "the page's --sigma-y and the recipe's estimate: " + said);
		List<String> args = new ArrayList<>();
		for (String a : line.replaceFirst("^\\./scorej ", "").split(" "))
			args.add(a.endsWith(".tif") || a.endsWith(".txt") ? dir.resolve(a).toString() : a);
		args.addAll(args.size() - 1, List.of("--steps", "12", "-k", "1", "--seed", "0", "--quiet", "--out", dir.resolve("out").toString()));
		assertEquals(0, io.github.scorej.plugin.cli.Main.run(args.toArray(String[]::new)), String.join(" ", args));

		double[] x = pixels(IJ.openImage(dir.resolve("out").resolve("sino-restored.tif").toString()));
		ImagePlus sino = IJ.openImage(dir.resolve("sino.tif").toString());
		double[] theta = io.github.scorej.ops.inverse.CtOperator.parseAngles(Files.readString(dir.resolve("theta.txt")), "theta.txt");
		double[] binsAngles = transpose(pixels(sino), sino.getHeight(), sino.getWidth());
		double fbp = Double.NEGATIVE_INFINITY;
		for (String f : new String[] { "ramp", "shepp-logan", "cosine", "hamming", "hann" })
			fbp = Math.max(fbp, psnr(scaled(Skimage.iradon(binsAngles, N, theta, f, false), 1 / 0.03), scaled(truth, 1 / 0.03)));
		double ours = psnr(scaled(x, 1 / 0.03), scaled(truth, 1 / 0.03)), c = correlation(x, truth), ud = correlation(x, flipped(truth, true)),
				lr = correlation(x, flipped(truth, false));
		String what = String.format(Locale.ROOT, "%s; PSNR %.2f dB (skimage FBP of the recipe's sinogram, best filter: %.2f), correlation %.3f (upside down: %.3f, mirrored: %.3f)",
				said.strip(), ours, fbp, c, ud, lr);
		System.out.println(what);
		assertTrue(c > 0.9 && c > Math.max(ud, lr) + 0.2, what);
		assertTrue(ours > fbp + 1, what);
	}

	static double[] scaled(double[] v, double f) {
		double[] s = new double[v.length];
		for (int i = 0; i < v.length; i++)
			s[i] = f * v[i];
		return s;
	}
}
