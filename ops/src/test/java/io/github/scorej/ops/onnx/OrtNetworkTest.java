package io.github.scorej.ops.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.scorej.ops.model.GaussianMixtureDenoiser;
import io.github.scorej.ops.model.Model;
import io.github.scorej.ops.model.ModelCardException;
import io.github.scorej.ops.model.NetworkDenoiser;
import io.github.scorej.ops.model.Shape;

/** The analytic ONNX models through real ONNX Runtime against the closed-form denoiser. */
class OrtNetworkTest {

	static final Path ANALYTIC = Path.of("..", "models", "analytic");
	static final OrtNetwork.Options OPTIONS = OrtNetwork.Options.defaults().withIntraOpThreads(1).withMaxBatch(3);

	static Stream<Path> analyticModels() throws IOException {
		try (Stream<Path> s = Files.list(ANALYTIC)) {
			List<Path> l = s.filter(p -> Files.isRegularFile(p.resolve("rdf.yaml"))).sorted().toList();
			assertTrue(l.size() >= 8, "analytic models: " + l);
			return l.stream();
		}
	}

	/** Every model folder under models/ (up to models/group/name) whose card lists test tensors: analytic, trained and exported. */
	static Stream<Path> modelsWithTestTensors() throws IOException {
		try (Stream<Path> s = Files.find(Path.of("..", "models"), 3, (p, a) -> p.getFileName().toString().equals("rdf.yaml"))) {
			return s.map(Path::getParent).filter(d -> Files.exists(d.resolve("test_out.npy"))).sorted().toList().stream();
		}
	}

	/** The mixture the model was made from, from config.scorej.analytic. */
	@SuppressWarnings("unchecked")
	static GaussianMixtureDenoiser exact(Model model) {
		Map<String, Object> a = (Map<String, Object>) model.card().scorejConfig().get("analytic");
		return new GaussianMixtureDenoiser(doubles(a.get("weights")), doubles(a.get("means")), doubles(a.get("stds")));
	}

	static double[] doubles(Object list) {
		return ((List<?>) list).stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
	}

	/** Noisy samples of the mixture's components at noise level σ. */
	static double[] noisy(GaussianMixtureDenoiser gm, Shape shape, double sigma, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		double[] x = new double[shape.size()];
		int per = shape.itemSize();
		for (int n = 0; n < shape.n(); n++) {
			int k = n % gm.components();
			for (int i = n * per; i < (n + 1) * per; i++)
				x[i] = gm.mean(k) + gm.std(k) * r.nextGaussian() + sigma * r.nextGaussian();
		}
		return x;
	}

	static double relativeError(double[] got, double[] want) {
		double e = 0, w = 0;
		for (int i = 0; i < got.length; i++) {
			e += (got[i] - want[i]) * (got[i] - want[i]);
			w += want[i] * want[i];
		}
		return Math.sqrt(e / Math.max(w, 0.01 * got.length)); // relative to rms(want), at least 0.1 (the data's scale)
	}

	@ParameterizedTest
	@MethodSource("analyticModels")
	void networkDenoiserMatchesClosedForm(Path folder) {
		Model model = Model.load(folder);
		NetworkDenoiser d = model.denoiser(OrtNetwork.open(model, OPTIONS));
		GaussianMixtureDenoiser gm = exact(model);
		int c = model.card().channels();
		Shape shape = new Shape(4, c, 16, 24); // dynamic H, W; 4 items in chunks of 3
		double hi = Math.min(model.sde().sigmaMax(), 60), lo = Math.max(model.sde().sigmaMin(), 0.01);
		for (double sigma : new double[] { lo, 0.05, 0.2, 0.5, 1, 2.5, 10, hi }) {
			if (sigma < lo || sigma > hi) continue;
			double[] x = noisy(gm, shape, sigma, 42);
			double[] got = d.denoise(shape, x, sigma), want = gm.denoise(shape, x, sigma);
			double err = relativeError(got, want);
			// float32: x carries ~σ·6e-8 of rounding against D ~ 0.5, so the error grows with σ
			assertTrue(err < 1e-4 * Math.max(1, sigma / 10), model.card().name() + " at sigma " + sigma + ": relative error " + err);
		}
	}

	/**
	 * The bioimage.io test tensors of each card through the raw network: analytic models (float64 numpy,
	 * relative error 1e-4) and trained models (exported from PyTorch float32: 1e-3, the card's
	 * tolerance in models/README.md).
	 */
	@ParameterizedTest
	@MethodSource("modelsWithTestTensors")
	void testTensorsReproduce(Path folder) {
		Model model = Model.load(folder);
		double err = model.testTensorError(OrtNetwork.open(model, OPTIONS));
		assertFalse(Double.isNaN(err), folder + " names no test tensors");
		double tolerance = folder.getParent().getFileName().toString().equals("analytic") ? 1e-4 : 1e-3;
		assertTrue(err < tolerance, model.card().name() + ": test tensor relative error " + err);
	}

	@Test
	void classifierFreeGuidance() {
		Model model = Model.load(ANALYTIC.resolve("gaussian-mixture-vp-eps-t-classes"));
		OrtNetwork net = OrtNetwork.open(model, OPTIONS);
		NetworkDenoiser unconditional = model.denoiser(net);
		GaussianMixtureDenoiser gm = exact(model);
		Shape shape = new Shape(3, 1, 8, 8);
		for (double sigma : new double[] { 0.1, 1, 5 }) {
			double[] x = noisy(gm, shape, sigma, 7);
			double[] du = unconditional.denoise(shape, x, sigma);
			assertTrue(relativeError(du, gm.denoise(shape, x, sigma)) < 1e-4);
			// w = 0: the unconditional denoiser, through the batched 2N call
			double[] w0 = unconditional.withClasses(new long[] { 0, 2, 1 }, 0).denoise(shape, x, sigma);
			assertTrue(relativeError(w0, du) < 1e-6, "w = 0 vs unconditional: " + relativeError(w0, du));
			// w = 1: class k is component k alone
			long[] labels = { 2, 0, 1 };
			double[] dc = unconditional.withClasses(labels, 1).denoise(shape, x, sigma);
			int per = shape.itemSize();
			for (int n = 0; n < shape.n(); n++) {
				int k = (int) labels[n];
				Shape one = shape.withBatch(1);
				double[] xn = java.util.Arrays.copyOfRange(x, n * per, (n + 1) * per);
				double[] want = GaussianMixtureDenoiser.gaussian(gm.mean(k), gm.std(k)).denoise(one, xn, sigma);
				double[] got = java.util.Arrays.copyOfRange(dc, n * per, (n + 1) * per);
				assertTrue(relativeError(got, want) < 1e-4, "class " + k + " at sigma " + sigma + ": " + relativeError(got, want));
			}
			// w = 3: D_u + 3 (D_c − D_u)
			double[] g = unconditional.withClasses(labels, 3).denoise(shape, x, sigma);
			double[] want = new double[x.length];
			for (int i = 0; i < x.length; i++)
				want[i] = du[i] + 3 * (dc[i] - du[i]);
			assertTrue(relativeError(g, want) < 1e-5);
		}
	}

	@Test
	void graphInputMismatchNamesTheInput(@TempDir Path dir) throws IOException {
		Path folder = io.github.scorej.ops.model.ModelCardTest.copy(ANALYTIC.resolve("gaussian-mixture-ve-score-sigma"), dir.resolve("m"));
		Path rdf = folder.resolve("rdf.yaml");
		Files.writeString(rdf, Files.readString(rdf).replace("  - id: t\n", "  - id: time\n"));
		Model model = Model.load(folder);
		ModelCardException e = assertThrows(ModelCardException.class, () -> OrtNetwork.open(model, OPTIONS));
		assertTrue(e.getMessage().contains("'time'") && e.getMessage().contains("model.onnx") && e.getMessage().contains("rdf.yaml"),
				e.getMessage());
	}

	@Test
	void graphTypeMismatchNamesTheInput(@TempDir Path dir) throws IOException {
		Path folder = io.github.scorej.ops.model.ModelCardTest.copy(ANALYTIC.resolve("gaussian-mixture-ve-score-sigma"), dir.resolve("m"));
		Path rdf = folder.resolve("rdf.yaml");
		String yaml = Files.readString(rdf);
		int at = yaml.indexOf("  - id: t\n");
		int type = yaml.indexOf("data: {type: float32}", at);
		yaml = yaml.substring(0, type) + "data: {type: int64}" + yaml.substring(type + "data: {type: float32}".length());
		Files.writeString(rdf, yaml);
		// the card itself refuses an int64 time input
		ModelCardException e = assertThrows(ModelCardException.class, () -> Model.load(folder));
		assertTrue(e.getMessage().contains("inputs[1].data.type must be float32"), e.getMessage());
	}

	@Test
	void channelMismatchNamesChannels(@TempDir Path dir) throws IOException {
		Path folder = io.github.scorej.ops.model.ModelCardTest.copy(ANALYTIC.resolve("gaussian-mixture-ve-score-sigma"), dir.resolve("m"));
		Path rdf = folder.resolve("rdf.yaml");
		Files.writeString(rdf, Files.readString(rdf).replace("channel_names: [\"c0\"]", "channel_names: [\"r\", \"g\", \"b\"]"));
		Model model = Model.load(folder);
		ModelCardException e = assertThrows(ModelCardException.class, () -> OrtNetwork.open(model, OPTIONS));
		assertTrue(e.getMessage().contains("3 channels in the card but 1 in the graph"), e.getMessage());
	}

	@Test
	void sessionsAreCachedAndProviderIsReported() {
		Model model = Model.load(ANALYTIC.resolve("gaussian-mixture-edm"));
		OrtNetwork a = OrtNetwork.open(model, OPTIONS), b = OrtNetwork.open(model, OPTIONS);
		assertTrue(List.of("CPU", "CUDA").contains(a.provider()));
		assertEquals(a.provider(), b.provider());
		Shape shape = new Shape(1, 1, 8, 8);
		float[] x = new float[64], t = { 0.1f }, out = new float[64];
		a.run(shape, x, t, null, out);
		float[] out2 = new float[64];
		b.run(shape, x, t, null, out2);
		assertArrayEquals(out, out2);
		assertThrows(IllegalArgumentException.class, () -> a.run(shape, x, t, new long[] { 0 }, out));
	}

	@Test
	void cancelBeforeRunThrowsCancellation() {
		Model model = Model.load(ANALYTIC.resolve("gaussian-mixture-edm"));
		OrtNetwork net = OrtNetwork.open(model, OPTIONS);
		net.cancel();
		Shape shape = new Shape(2, 1, 8, 8);
		assertThrows(java.util.concurrent.CancellationException.class,
				() -> net.run(shape, new float[128], new float[2], null, new float[128]));
		net.run(shape, new float[128], new float[2], null, new float[128]); // the flag is consumed
	}

	/**
	 * End to end: EDM's deterministic Heun sampler (Karras et al. 2022, Algorithm 1, 18 steps) on the
	 * demo model through ONNX Runtime lands where the same sampler on the closed form lands, and
	 * its samples fall into all three components.
	 */
	@Test
	void heunOnDemoModelMatchesClosedForm() {
		Model model = Model.load(ANALYTIC.resolve("gaussian-mixture-edm"));
		NetworkDenoiser onnx = model.denoiser(OrtNetwork.open(model, OPTIONS.withMaxBatch(64)));
		GaussianMixtureDenoiser gm = exact(model);
		Shape shape = new Shape(48, 1, 8, 8);
		double[] z = new double[shape.size()];
		SplittableRandom r = new SplittableRandom(3);
		for (int i = 0; i < z.length; i++)
			z[i] = r.nextGaussian();
		double[] a = heun(onnx, shape, z), b = heun(gm, shape, z);
		double max = 0;
		for (int i = 0; i < a.length; i++)
			max = Math.max(max, Math.abs(a[i] - b[i]));
		assertTrue(max < 1e-3, "max |onnx − exact| after sampling: " + max);
		int[] counts = new int[gm.components()];
		for (int n = 0; n < shape.n(); n++)
			counts[gm.classify(shape, a, n)]++;
		for (int k = 0; k < counts.length; k++)
			assertTrue(counts[k] > 3, "component " + k + " has " + counts[k] + " of 48 samples: " + java.util.Arrays.toString(counts));
	}

	/** The registered heun sampler, 18 Karras steps from σ_max = 80, from the given noise. */
	static double[] heun(io.github.scorej.ops.model.Denoiser d, Shape shape, double[] z) {
		io.github.scorej.ops.sample.Sampler heun = io.github.scorej.ops.sample.Samplers.get("heun");
		io.github.scorej.ops.sample.Task task = new io.github.scorej.ops.sample.Task(d, new io.github.scorej.ops.sde.EdmSde(0.002, 80), shape,
				io.github.scorej.ops.schedule.Schedules.karras(18, 0.002, 80, 7), new io.github.scorej.ops.sample.NoiseSource(0, shape, z));
		return heun.sample(task, heun.defaults());
	}

	/** cancel() from another thread stops a long chunked run with a CancellationException. */
	@Test
	void cancelStopsARunInFlight() throws Exception {
		Model model = Model.load(ANALYTIC.resolve("gaussian-mixture-edm"));
		OrtNetwork net = OrtNetwork.open(model, OPTIONS.withMaxBatch(1));
		Shape shape = new Shape(400, 1, 128, 128);
		float[] x = new float[shape.size()], out = new float[shape.size()], t = new float[shape.n()];
		java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
		Thread runner = new Thread(() -> {
			try {
				net.run(shape, x, t, null, out);
			} catch (Throwable e) {
				thrown.set(e);
			}
		});
		runner.start();
		Thread.sleep(30);
		net.cancel();
		runner.join(60_000);
		// 400 network calls take far longer than 30 ms; a cancel() that lands before the run starts counts too.
		assertTrue(thrown.get() instanceof java.util.concurrent.CancellationException, String.valueOf(thrown.get()));
	}
}
