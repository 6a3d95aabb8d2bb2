package io.github.scorej.ops.problem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.scorej.ops.classical.Classical;
import io.github.scorej.ops.inverse.ConditionalMethod;
import io.github.scorej.ops.inverse.LinearOperator;
import io.github.scorej.ops.inverse.Measurement;
import io.github.scorej.ops.inverse.Restoration;
import io.github.scorej.ops.sample.Param;
import io.github.scorej.ops.sample.Params;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every registered task against its contract: names, parameters, operator, default method, geometry, baselines. */
class ProblemTest {

	static Stream<Problem> problems() {
		return Problems.ALL.stream();
	}

	/** The task made ready for a C×h×w image: an inpainting mask; CT's angles. */
	static Problem ready(Problem p, int h, int w) {
		if (p instanceof InpaintProblem i) {
			boolean[][] known = new boolean[h][w];
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					known[y][x] = (3 * y + x) % 4 != 0;
			return i.withMask(known, "test", h * w / 4);
		}
		if (p instanceof CtProblem ct) return ct.withAngles(30);
		return p;
	}

	/** Changing intensity units commutes with measuring: A(a x + b) = a·A x + b·A𝟙. */
	@ParameterizedTest
	@MethodSource("problems")
	void affineChangeOfUnitsCommutesWithTheMeasurement(Problem p) {
		int c = 3, h = 16, w = 16;
		boolean[][] known = new boolean[h][w];
		known[3][4] = known[10][2] = true;
		Problem ready = p instanceof InpaintProblem i ? i.withMask(known, "two pixels", h * w - 2) : ready(p, h, w);
		LinearOperator a = ready.operator(c, h, w);
		SplittableRandom r = new SplittableRandom(1);
		double[] x = new double[a.imageSize()], x2 = new double[x.length]; // deblur (valid): the scene is larger than the image
		for (int i = 0; i < x.length; i++) {
			x[i] = r.nextDouble() * 255;
			x2[i] = x[i] / 127.5 - 1;
		}
		Measurement m = Measurement.of(a, x, 2.0, new SplittableRandom(2)).affine(1 / 127.5, -1);
		Measurement direct = new Measurement(a, new double[a.measurementSize()], 0);
		a.apply(x2, direct.y());
		double[] noiseFree = new double[a.measurementSize()];
		a.apply(x, noiseFree);
		Measurement m0 = new Measurement(a, noiseFree, 0).affine(1 / 127.5, -1);
		assertArrayEquals(direct.y(), m0.y(), 1e-9 * (1 + max(direct.y())), p.key() + ": y′ = a·y + b·A𝟙");
		assertEquals(2.0 / 127.5, m.sigmaY(), 1e-15);
		assertEquals(2.0 / 127.5, m.noise().sigma(), 1e-15, "the measurement carries its noise model");
	}

	/**
	 * The registry's contract: a key, the names of both vocabularies resolving to it, declared
	 * parameters whose registered values are their defaults, a default method that takes the task's
	 * operator, a geometry whose output lies in the operator's image, and a classical baseline.
	 */
	@ParameterizedTest
	@MethodSource("problems")
	void everyTaskDeclaresItsContract(Problem p) {
		assertTrue(p.key().matches("[a-z]+"), p.key());
		assertSame(p, Problems.of(p.key()));
		assertSame(p, Problems.of(p.key().toUpperCase(java.util.Locale.ROOT)));
		for (String alias : p.aliases())
			assertSame(p, Problems.of(alias), alias);
		assertFalse(p.description().isBlank());
		assertTrue(List.of("restore", "inpaint", "colorize").contains(p.verb()), p.verb());
		for (Param<?> q : p.params()) {
			assertNotNull(q.defaultValue(), q.name());
			assertEquals(q.defaultValue(), p.values().get(q), p.key() + ": the registered task has " + q.name() + "'s default");
		}
		assertEquals(p.values().toString(), p.with(p.values()).values().toString(), "with(values()) keeps every value");
		for (Param<?> q : p.params()) { // every parameter is read by with() and reported by values()
			String other = otherValue(q);
			Problem changed = Problems.configure(p, Map.of(q.name(), other));
			assertEquals(q.parse(other), changed.values().get(q), p.key() + ": " + q.name() + " set to " + other);
		}

		for (ConditionalMethod any : Restoration.METHODS) // the task's method options are the method's, with valid values
			assertDoesNotThrow(() -> Params.defaults(any.params()).with(p.methodDefaults(any.name())), p.key() + " with " + any.name());

		int c = p instanceof ColorizeProblem ? 3 : 1, h = 16, w = 16;
		Problem ready = ready(p, h, w);
		boolean ct = p instanceof CtProblem; // CT's input is a sinogram: 23 bins × 30 angles
		Geometry g = ready.forInput(ct ? 23 : h, ct ? 30 : w, 0).geometry(ct ? 23 : h, ct ? 30 : w, Geometry.NONE);
		assertTrue(g.top() >= 0 && g.left() >= 0 && g.top() + g.outHeight() <= g.height() && g.left() + g.outWidth() <= g.width(),
				p.key() + ": the output window lies in x: " + g);
		LinearOperator a = ready.operator(c, g);
		ConditionalMethod m = Restoration.method(p.defaultMethod());
		assertNull(m.unsupported(a), p.key() + ": its default method " + m.name() + " takes its operator");

		double[] x = new double[a.imageSize()];
		SplittableRandom r = new SplittableRandom(3);
		for (int i = 0; i < x.length; i++)
			x[i] = Math.sin(i * 0.1) + 0.1 * r.nextGaussian();
		Measurement y = Measurement.of(a, x, 0.01, r);
		double[] truth = g.outHeight() < g.height() ? window(x, g, c) : x; // deblur (valid): the truth is the measured window
		List<Classical.Best> baselines = Problems.classical(ready, a, y.y(), truth);
		assertFalse(baselines.isEmpty(), p.key() + " has a classical baseline");
		for (int i = 1; i < baselines.size(); i++)
			assertTrue(baselines.get(i - 1).mse() <= baselines.get(i).mse(), "best first");
		assertTrue(Double.isFinite(baselines.get(0).mse()), baselines.get(0).describe());
	}

	/** The ImageJ dialog's task names and the command line's keys name the same tasks. */
	@Test
	void macroAndCliVocabulariesResolve() {
		Map<String, String> dialogToKey = Map.of("denoise", "denoise", "deblur", "deblur", "super-resolve", "superres", "CT", "ct", "MRI", "mri");
		dialogToKey.forEach((dialog, key) -> {
			assertEquals(key, Problems.of(dialog).key(), dialog);
			assertEquals(key, Problems.of(key).key(), key);
		});
		assertEquals(List.of("denoise", "deblur", "superres", "ct", "mri"), Problems.ofVerb("restore").stream().map(Problem::key).toList());
		Map<String, String> names = new java.util.HashMap<>();
		for (Problem p : Problems.ALL)
			for (String n : Stream.concat(Stream.of(p.key()), p.aliases().stream()).toList()) {
				String before = names.putIfAbsent(n.toLowerCase(java.util.Locale.ROOT), p.key());
				assertTrue(before == null || before.equals(p.key()), "one name, one task: " + n + " names " + before + " and " + p.key());
			}
	}

	@Test
	void unknownTaskListsTheTasks() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Problems.of("deconvolve"));
		assertTrue(e.getMessage().contains("denoise, deblur, superres, ct, mri, inpaint, colorize"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> new InpaintProblem().operator(1, 8, 8));
	}

	/** Options configure the task they belong to and leave the others alone; values are range-checked. */
	@Test
	void optionsConfigureTheirTask() {
		Map<String, String> options = Map.of("psf_sigma", "3", "boundary", "periodic", "factor", "2", "angles", "18", "acceleration", "6");
		assertEquals(3, ((DeblurProblem) Problems.configure(Problems.of("deblur"), options)).psfSigma());
		assertEquals(DeblurProblem.Boundary.PERIODIC, ((DeblurProblem) Problems.configure(Problems.of("deblur"), options)).boundary());
		assertEquals(2, ((SuperResolveProblem) Problems.configure(Problems.of("superres"), options)).factor());
		assertEquals(18, ((CtProblem) Problems.configure(Problems.of("ct"), options)).angles());
		assertEquals(6, ((MriProblem) Problems.configure(Problems.of("mri"), options)).acceleration());
		assertSame(Problems.of("denoise"), Problems.configure(Problems.of("denoise"), options));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> Problems.configure(Problems.of("superres"), Map.of("factor", "1")));
		assertTrue(e.getMessage().contains("factor") && e.getMessage().contains("[2, 64]"), e.getMessage());
	}

	/** Colorize's grey option changes what the operator measures: pure green is 1/3 grey by default, 0.587 as Rec. 601 luma. */
	@Test
	void colorizeGreyOption() {
		double[] green = { 0, 1, 0 }, y = new double[1];
		Problem mean = Problems.of("colorize"), luma = Problems.configure(mean, Map.of("grey", "rec601"));
		mean.operator(3, 1, 1).apply(green, y);
		assertEquals(1 / 3.0, y[0], 1e-15);
		luma.operator(3, 1, 1).apply(green, y);
		assertEquals(0.587, y[0], 1e-15);
		Problem rec709 = Problems.configure(mean, Map.of("grey", "rec709"));
		assertEquals(0.7154, rec709.measurement(green, rec709.operator(3, 1, 1))[0], 1e-15, "an RGB input's grey copy follows the option");
		Map<String, Object> info = new java.util.LinkedHashMap<>();
		luma.provenance(info::put);
		assertEquals("rec601", info.get("grey"));
		assertEquals(Map.of("eta", "1"), mean.methodDefaults("ddnm_plus"));
		assertEquals(Map.of(), mean.methodDefaults("ddrm"));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Problems.configure(mean, Map.of("grey", "luma")));
		assertTrue(e.getMessage().contains("grey") && e.getMessage().contains("luma"), e.getMessage());
	}

	/** σ_y ≤ 0 asks for an estimate where the task can make one (denoise, deblur, with its floor), else means no noise. */
	@Test
	void noiseModels() {
		assertEquals(new io.github.scorej.ops.inverse.NoiseModel.Estimated(false), Problems.of("denoise").noise(0));
		assertEquals(new io.github.scorej.ops.inverse.NoiseModel.Estimated(true), Problems.of("deblur").noise(0));
		assertEquals(new io.github.scorej.ops.inverse.NoiseModel.Gaussian(0), Problems.of("ct").noise(0));
		assertEquals(new io.github.scorej.ops.inverse.NoiseModel.Gaussian(5), Problems.of("denoise").noise(5));
		assertThrows(IllegalArgumentException.class, () -> Problems.of("inpaint").noise(-1));
	}

	/** A valid value of q other than its default. */
	private static String otherValue(Param<?> q) {
		switch (q.kind()) {
			case CHOICE:
				return q.choices().stream().filter(c -> !c.equals(q.defaultValue())).findFirst().orElseThrow();
			case INTEGER:
				return String.valueOf(((Integer) q.defaultValue()) + 1);
			default:
				return String.valueOf(((Double) q.defaultValue()) + 0.5);
		}
	}

	private static double[] window(double[] x, Geometry g, int channels) {
		int h = g.outHeight(), w = g.outWidth();
		double[] out = new double[channels * h * w];
		for (int c = 0; c < channels; c++)
			for (int i = 0; i < h; i++)
				System.arraycopy(x, (c * g.height() + i + g.top()) * g.width() + g.left(), out, (c * h + i) * w, w);
		return out;
	}

	static double max(double[] v) {
		double m = 0;
		for (double d : v)
			m = Math.max(m, Math.abs(d));
		return m;
	}
}
