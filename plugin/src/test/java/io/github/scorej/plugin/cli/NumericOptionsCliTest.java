package io.github.scorej.plugin.cli;

import ij.IJ;
import ij.ImagePlus;
import ij.process.FloatProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 12, findings 5, 9, 10 and 15 (options half): a number outside an option's range is refused at
 * parse time with one line that names the option, the value and the range, and nothing is written.
 * Each run goes through the real command line ({@link Main#run}) on the bundled analytic model.
 */
class NumericOptionsCliTest {

	@TempDir
	Path dir;

	/**
	 * Runs scorej, expects a refusal: non-zero exit, exactly one line on stderr containing every one of
	 * {@code expected}, no stack trace, nothing on stdout, and no file written anywhere under the test's folder.
	 */
	private void refused(List<String> args, String... expected) throws IOException {
		List<String> before = files();
		CliTest.Result r = CliTest.scorej(args.toArray(String[]::new));
		String what = String.join(" ", args) + "\nstderr: " + r.err() + "\nstdout: " + r.out();
		assertNotEquals(0, r.code(), what);
		List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
		assertEquals(1, lines.size(), "one line: " + what);
		for (String e : expected)
			assertTrue(lines.get(0).contains(e), "'" + e + "' missing: " + what);
		assertFalse(r.err().contains("network"), "the value is the user's, not the network's: " + what);
		assertEquals(before, files(), "no file written: " + what);
	}

	private List<String> files() throws IOException {
		try (Stream<Path> s = Files.walk(dir)) {
			return s.map(p -> dir.relativize(p).toString()).sorted().toList();
		}
	}

	private List<String> generate(String... options) {
		return withDefaults(List.of("generate", "--model", CliTest.TOY, "--quiet", "--out", dir.resolve("g.tif").toString()), List.of("--count", "1", "--steps", "4"),
				options);
	}

	/** The verb's fixed arguments, then the test's options, then each default option the test did not give. */
	private static List<String> withDefaults(List<String> fixed, List<String> defaults, String... options) {
		List<String> a = new ArrayList<>(fixed);
		a.addAll(List.of(options));
		for (int i = 0; i < defaults.size(); i += 2)
			if (!a.contains(defaults.get(i))) a.addAll(defaults.subList(i, i + 2));
		return a;
	}

	/** A 32×32 32-bit image (the toy model's size) to restore. */
	private Path image() {
		Path in = dir.resolve("in.tif");
		if (!Files.exists(in)) {
			FloatProcessor fp = new FloatProcessor(32, 32);
			for (int i = 0; i < 32 * 32; i++)
				fp.setf(i, (float) ((i % 32 < 16 ? 0.25 : 0.75) + 0.05 * Math.sin(i)));
			assertTrue(IJ.saveAsTiff(new ImagePlus("in", fp), in.toString()));
		}
		return in;
	}

	private List<String> restore(String... options) {
		List<String> a = withDefaults(List.of("restore", "--model", CliTest.TOY, "--quiet", "--out", dir.resolve("restored").toString()), List.of("--steps", "4", "-k", "1"),
				options);
		a.add(image().toString());
		return a;
	}

	/** Finding 5: ρ ≤ 0 reverses or flattens the schedule; it was accepted and gave wrong samples with exit 0. */
	@Test
	void rhoZeroOrNegativeIsRefused() throws IOException {
		refused(generate("--rho", "0"), "--rho", ": 0 is outside (0, 100]");
		refused(generate("--rho", "-1"), "--rho", ": -1 is outside (0, 100]");
		refused(generate("--rho", "-0.5", "--schedule", "polyexponential"), "--rho", "-0.5 is outside (0, 100]");
		refused(generate("--rho", "NaN"), "--rho", "NaN is outside (0, 100]");
		refused(generate("--rho", "Infinity"), "--rho", "inf is outside (0, 100]");
		refused(restore("--rho", "0"), "scorej restore: --rho: 0 is outside (0, 100]");
	}

	/** Finding 9 (options half): --sigma-max 1e300 was blamed on the network; the σ range is the user's. */
	@Test
	void sigmaRangeIsTheUsersNotTheNetworks() throws IOException {
		refused(generate("--sigma-max", "1e300"), "scorej generate: --sigma-max: 1e300 is outside (0, 1e6]");
		refused(generate("--sigma-max", "Infinity"), "--sigma-max: inf is outside (0, 1e6]");
		refused(generate("--sigma-max", "NaN"), "--sigma-max: NaN is outside (0, 1e6]");
		refused(generate("--sigma-min", "0"), "--sigma-min: 0 is outside (0, 1e6]");
		refused(generate("--sigma-min", "-1"), "--sigma-min: -1 is outside (0, 1e6]");
		refused(generate("--sigma-min", "NaN"), "--sigma-min: NaN is outside (0, 1e6]");
		refused(generate("--sigma-min", "5", "--sigma-max", "1"), "--sigma-min: 5 is above --sigma-max 1");
		refused(restore("--sigma-max", "1e300"), "scorej restore: --sigma-max: 1e300 is outside (0, 1e6]");
	}

	/** Finding 10 (options half): σ_y = −1 or NaN was accepted and silently estimated. */
	@Test
	void sigmaYMustBeNonNegativeAndFinite() throws IOException {
		refused(restore("--sigma-y", "-1"), "scorej restore: --sigma-y: -1 is outside [0, inf)");
		refused(restore("--sigma-y", "NaN"), "--sigma-y: NaN is outside [0, inf)");
		refused(restore("--sigma-y", "Infinity"), "--sigma-y: inf is outside [0, inf)");
		refused(restore("--task", "deblur", "--sigma-y", "-0.01"), "--sigma-y: -0.01 is outside [0, inf)");
		List<String> inpaint = new ArrayList<>(List.of("inpaint", "--model", CliTest.TOY, "--sigma-y", "-1", "--mask", image().toString(), "--quiet", "--out",
				dir.resolve("inpainted").toString(), image().toString()));
		refused(inpaint, "scorej inpaint: --sigma-y: -1 is outside [0, inf)");
	}

	/** Finding 15 (options half): the whole message was "-2147483648" for --steps 2147483647. */
	@Test
	void stepsHaveASaneMaximumAndTheMessageNamesIt() throws IOException {
		refused(generate("--steps", "2147483647"), "scorej generate: --steps: 2147483647 is outside [1, 10000]");
		refused(generate("--steps", "10001"), "--steps: 10001 is outside [1, 10000]");
		refused(generate("--steps", "9999999999"), "scorej generate: --steps: '9999999999' is not an integer in [1, 10000]");
		refused(generate("--rho", "seven"), "scorej generate: --rho: 'seven' is not a number in (0, 100]");
		refused(generate("--steps", "0"), "--steps: 0 is outside [1, 10000]");
		refused(restore("--steps", "2147483647"), "scorej restore: --steps: 2147483647 is outside [1, 10000]");
		refused(List.of("demo", "--steps", "2147483647", "--quiet", "--out", dir.resolve("demo").toString()),
				"scorej demo: --steps: 2147483647 is outside [1, 10000]");
	}

	/** Finding 15, the sweep over the other numeric options: each hole found by hand, as the user met it. */
	@Test
	void otherNumericOptionsAreCheckedAtParseTime() throws IOException {
		refused(generate("--count", "2147483647"), "--count: 2147483647 is outside [1, 100000]");
		refused(generate("--threads", "100000"), "--threads: 100000 is outside [0, 1024]"); // hung, starting 100000 threads
		refused(generate("--size", "-5"), "--size: -5 is outside [1, 16384]");
		refused(generate("--guidance", "NaN"), "--guidance: NaN is outside [0, 100]");
		refused(generate("--batch", "0"), "--batch: 0 is outside [1, 4096]");
		refused(restore("-k", "0"), "--samples: 0 is outside [1, 1000]");
		refused(restore("--normalization", "fixed", "--low", "-Infinity", "--high", "1"), "--low: -inf is outside (-inf, inf)");
		refused(restore("--task", "deblur", "--psf-sigma", "NaN"), "--psf-sigma: NaN is outside (0, 1000]");
		refused(restore("--task", "superres", "--factor", "1"), "--factor: 1 is outside [2, 64]");
		refused(restore("--task", "mri", "--acceleration", "Infinity"), "--acceleration: inf is outside [1, 1000]");
		refused(restore("--task", "ct", "--size", "-1"), "--size: -1 is outside [0, 65536]");
		refused(List.of("img2img", "--model", CliTest.TOY, "--sigma-start", "NaN", "--quiet", "--out", dir.resolve("i2i").toString(), image().toString()),
				"scorej img2img: --sigma-start: NaN is outside [0, 1e6]");
		refused(List.of("img2img", "--model", CliTest.TOY, "--strength", "0", "--quiet", "--out", dir.resolve("i2i").toString(), image().toString()),
				"--strength: 0 is outside (0, 1]");
		refused(List.of("likelihood", "--model", CliTest.TOY, "--anomaly-map", "denoise", "--sigma", "Infinity", "--quiet", "--out", dir.resolve("lk").toString(),
				image().toString()), "scorej likelihood: --sigma: inf is outside (0, 1e6]");
		refused(List.of("bench", "--repeats", "0"), "scorej bench: --repeats: 0 is outside [1, 1000]");
	}
}
