package io.github.scorej.ops.onnx;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import ai.onnxruntime.TensorInfo;
import io.github.scorej.ops.model.Model;
import io.github.scorej.ops.model.ModelCard;
import io.github.scorej.ops.model.ModelCardException;
import io.github.scorej.ops.model.Network;
import io.github.scorej.ops.model.NetworkDenoiser;
import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.sample.Param;

/**
 * A {@link Network} run by ONNX Runtime: out = F(x, t[, class]) on float32 NCHW tensors. Sessions
 * use graph optimisation level ALL and the CPU memory arena without memory patterns (the least native
 * memory per pixel of a call, {@link io.github.scorej.ops.model.ModelCard#nativeBytesPerPixel}), try the CUDA execution provider and fall back to the CPU
 * (one log line says which runs), and are cached per weights file, SHA-256 and options. The
 * graph's inputs and outputs are checked against the model card when opened. Batches larger than
 * {@link Options#maxBatch()} run in chunks. {@link #cancel()} terminates the in-flight run
 * through {@code RunOptions.setTerminate(true)}.
 * <p>
 * Threading: one {@link #run} at a time per instance ({@link #cancel()} from any thread); open
 * one instance per thread to run in parallel; they share the cached session.
 */
public final class OrtNetwork implements Network {

	private static final System.Logger LOG = System.getLogger(OrtNetwork.class.getName());
	private static final Map<String, Session> CACHE = new ConcurrentHashMap<>();

	/**
	 * Session settings.
	 *
	 * @param intraOpThreads threads inside one operator; 0 lets ONNX Runtime choose
	 * @param maxBatch largest batch sent to the network in one run; larger batches are split
	 * @param provider the execution provider: {@code auto} (CUDA where this ONNX Runtime build and the machine have it,
	 *        else the CPU), {@code cpu}, or {@code cuda} (an error naming why, where CUDA cannot run)
	 */
	public record Options(int intraOpThreads, int maxBatch, String provider) {

		/** The execution provider, chosen at run time. */
		public static final Param<String> PROVIDER = Param.choice("provider", "auto", List.of("auto", "cpu", "cuda"),
				"ONNX Runtime's execution provider: auto (CUDA where the GPU build and a GPU are there, else CPU), cpu, or cuda (an error where CUDA cannot run)");

		/** Threads inside one operator (0: ONNX Runtime's choice); far more threads than cores only slows a run down. */
		public static final Param<Integer> THREADS = Param.integer("threads", 0, 0, 1024,
				"ONNX Runtime threads per network call (0: ONNX Runtime's choice)");

		/** Images per network call at most: the memory cap of one run. */
		public static final Param<Integer> BATCH = Param.integer("batch", 16, 1, 4096, "images per network call at most");

		public Options {
			THREADS.check(THREADS.name(), intraOpThreads);
			BATCH.check(BATCH.name(), maxBatch);
			provider = PROVIDER.parse(provider == null ? "auto" : provider.trim().toLowerCase(java.util.Locale.ROOT));
		}

		/** {@code tryCuda}: provider auto, else cpu. */
		public Options(int intraOpThreads, int maxBatch, boolean tryCuda) {
			this(intraOpThreads, maxBatch, tryCuda ? "auto" : "cpu");
		}

		/** ONNX Runtime's thread count, batches of at most 16, CUDA when available. */
		public static Options defaults() {
			return new Options(0, 16, "auto");
		}

		/** Whether CUDA is tried before the CPU. */
		public boolean tryCuda() { return !provider.equals("cpu"); }

		public Options withIntraOpThreads(int threads) { return new Options(threads, maxBatch, provider); }
		public Options withMaxBatch(int batch) { return new Options(intraOpThreads, batch, provider); }
		public Options withTryCuda(boolean cuda) { return new Options(intraOpThreads, maxBatch, cuda ? "auto" : "cpu"); }
		public Options withProvider(String p) { return new Options(intraOpThreads, maxBatch, p); }
	}

	/** A cached session, the execution provider that really runs it, and why not CUDA where it is the CPU. */
	private record Session(OrtSession session, String provider, String note) {}

	private final Model model;
	private final Options options;
	private final Session session;
	private final String xName, tName, className, outName;
	private volatile OrtSession.RunOptions inFlight;
	private volatile boolean cancelled;

	private OrtNetwork(Model model, Options options, Session session) {
		this.model = model;
		this.options = options;
		this.session = session;
		List<ModelCard.Tensor> in = model.card().inputs();
		xName = in.get(0).id();
		tName = in.get(1).id();
		className = in.size() > 2 ? in.get(2).id() : null;
		outName = model.card().outputs().get(0).id();
	}

	/** Opens the model's network with {@link Options#defaults()}. */
	public static OrtNetwork open(Model model) {
		return open(model, Options.defaults());
	}

	/**
	 * Opens (or takes from the cache) the session of the model's weights and checks its inputs and
	 * outputs against the card.
	 *
	 * @throws ModelCardException when the graph does not match the card
	 * @throws IllegalStateException when ONNX Runtime cannot load the graph
	 */
	public static OrtNetwork open(Model model, Options options) {
		String key = model.weights().toAbsolutePath().normalize() + "#" + model.sha256() + "#threads=" + options.intraOpThreads()
				+ "#provider=" + options.provider();
		Session s = CACHE.computeIfAbsent(key, k -> createSession(model.weights(), options));
		validate(model, s.session());
		return new OrtNetwork(model, options, s);
	}

	/**
	 * Loads the model's graph on the CPU, checks its inputs and outputs against the card, runs its test
	 * tensors ({@link Model#checkTestTensors}) and closes it again, without caching the session
	 * (installing a model checks it in a folder about to move).
	 *
	 * @return the test output's relative error (NaN: the card names no test tensors)
	 * @throws ModelCardException when the graph does not match the card or misses its test output
	 * @throws IllegalStateException when ONNX Runtime cannot load the graph
	 */
	public static double check(Model model) {
		Options options = Options.defaults().withTryCuda(false);
		Session s = createSession(model.weights(), options);
		try {
			validate(model, s.session());
			return model.checkTestTensors(new OrtNetwork(model, options, s));
		} finally {
			try {
				s.session().close();
			} catch (OrtException e) {
				LOG.log(System.Logger.Level.WARNING, "closing an ONNX Runtime session: " + e.getMessage());
			}
		}
	}

	/** The denoiser D(x; σ) of a model folder, through ONNX Runtime with default options. */
	public static NetworkDenoiser denoiser(Path modelFolder) {
		Model model = Model.load(modelFolder);
		return model.denoiser(open(model));
	}

	/** Closes and forgets every cached session (tests, or to free GPU memory). */
	public static synchronized void clearCache() {
		for (Session s : CACHE.values())
			try {
				s.session().close();
			} catch (OrtException e) {
				LOG.log(System.Logger.Level.WARNING, "closing an ONNX Runtime session: " + e.getMessage());
			}
		CACHE.clear();
	}

	public Model model() { return model; }
	public Options options() { return options; }

	/** The execution provider that runs this network: "CUDA" or "CPU". */
	public String provider() { return session.provider(); }

	/**
	 * Which ONNX Runtime jar is installed: "GPU build (onnxruntime_gpu, CUDA provider present)" when its CUDA provider
	 * library is on the class path, else "CPU build (onnxruntime)"; with ONNX Runtime's version.
	 */
	public static String build() {
		boolean gpu = OrtNetwork.class.getClassLoader().getResource("ai/onnxruntime/native/linux-x64/libonnxruntime_providers_cuda.so") != null
				|| OrtNetwork.class.getClassLoader().getResource("ai/onnxruntime/native/win-x64/onnxruntime_providers_cuda.dll") != null;
		String version;
		try {
			version = OrtEnvironment.getEnvironment().getVersion();
		} catch (RuntimeException | LinkageError e) {
			version = "?";
		}
		return (gpu ? "GPU build (onnxruntime_gpu, CUDA provider present)" : "CPU build (onnxruntime)") + ", version " + version;
	}

	/** What runs the network, in words: "CUDA (device 0)", or "CPU" with why not CUDA ("not requested", "this is ONNX Runtime's CPU build; ..."). */
	public String providerNote() { return session.provider() + " (" + session.note() + ")"; }

	private static Session createSession(Path weights, Options options) {
		OrtEnvironment env = OrtEnvironment.getEnvironment();
		String why = "not requested";
		if (options.tryCuda()) {
			try (SessionOptions so = sessionOptions(options)) {
				so.addCUDA(0);
				OrtSession s = env.createSession(weights.toString(), so);
				LOG.log(System.Logger.Level.INFO, "ONNX Runtime runs " + weights.getFileName() + " of " + weights.getParent() + " on CUDA");
				return new Session(s, "CUDA", "device 0");
			} catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
				why = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
				if (why.contains("Failed to find CUDA shared provider"))
					why = "this is ONNX Runtime's CPU build; build with mvn -Pgpu for the CUDA one";
				if (options.provider().equals("cuda"))
					throw new IllegalStateException("provider cuda: CUDA cannot run " + weights.getFileName() + " here: " + why + "; use provider auto or cpu");
			}
		}
		try (SessionOptions so = sessionOptions(options)) {
			OrtSession s = env.createSession(weights.toString(), so);
			LOG.log(System.Logger.Level.INFO, "ONNX Runtime runs " + weights.getFileName() + " of " + weights.getParent() + " on CPU (CUDA: " + why + ")");
			return new Session(s, "CPU", "CUDA: " + why);
		} catch (OrtException e) {
			throw new IllegalStateException(weights + ": ONNX Runtime cannot load the graph: " + e.getMessage(), e);
		}
	}

	private static SessionOptions sessionOptions(Options options) throws OrtException {
		SessionOptions so = new SessionOptions();
		so.setOptimizationLevel(OptLevel.ALL_OPT);
		// The CPU arena keeps the largest call's memory for the next (same-shaped) call; the memory pattern would
		// preallocate every intermediate tensor of a shape at once. Measured on micro-gray (site/bench/scale.md):
		// arena with pattern 1.5-1.8 kB per pixel of a call, arena without 0.9-1.2 kB (4 % slower), no arena 2.2-2.9 kB.
		so.setCPUArenaAllocator(true);
		so.setMemoryPatternOptimization(false);
		if (options.intraOpThreads() > 0) so.setIntraOpNumThreads(options.intraOpThreads());
		return so;
	}

	/** Checks the graph's input and output names, element types and ranks against the card. */
	static void validate(Model model, OrtSession s) {
		ModelCard card = model.card();
		String where = model.weights() + " (card " + card.file() + ")";
		try {
			Map<String, NodeInfo> ins = s.getInputInfo(), outs = s.getOutputInfo();
			if (ins.size() != card.inputs().size())
				throw new ModelCardException(where + ": the graph has " + ins.size() + " inputs " + ins.keySet()
						+ ", the card's inputs list " + card.inputs().size() + " " + ids(card.inputs()));
			for (int i = 0; i < card.inputs().size(); i++)
				check(where, "inputs[" + i + "]", card.inputs().get(i), ins, i == 0 ? card.channels() : -1);
			check(where, "outputs[0]", card.outputs().get(0), outs, card.channels());
		} catch (OrtException e) {
			throw new IllegalStateException(where + ": cannot read the graph's inputs: " + e.getMessage(), e);
		}
	}

	private static List<String> ids(List<ModelCard.Tensor> tensors) {
		List<String> out = new ArrayList<>();
		for (ModelCard.Tensor t : tensors)
			out.add(t.id());
		return out;
	}

	private static void check(String where, String field, ModelCard.Tensor want, Map<String, NodeInfo> graph, int channels) {
		NodeInfo node = graph.get(want.id());
		if (node == null)
			throw new ModelCardException(where + ": " + field + " '" + want.id() + "' of the card is not in the graph, which has " + graph.keySet());
		if (!(node.getInfo() instanceof TensorInfo info))
			throw new ModelCardException(where + ": graph value '" + want.id() + "' is not a tensor (" + node.getInfo() + ")");
		OnnxJavaType type = want.dataType().equals("int64") ? OnnxJavaType.INT64 : OnnxJavaType.FLOAT;
		if (info.type != type)
			throw new ModelCardException(where + ": " + field + " '" + want.id() + "' is " + want.dataType() + " in the card but " + info.type + " in the graph");
		long[] shape = info.getShape();
		if (shape.length != want.rank())
			throw new ModelCardException(where + ": " + field + " '" + want.id() + "' has " + want.rank() + " axes in the card but rank "
					+ shape.length + " in the graph");
		if (channels > 0 && shape.length == 4 && shape[1] > 0 && shape[1] != channels)
			throw new ModelCardException(where + ": " + field + " '" + want.id() + "' has " + channels + " channels in the card but "
					+ shape[1] + " in the graph");
	}

	@Override
	public void run(Shape shape, float[] x, float[] t, long[] classes, float[] out) {
		if ((classes != null) != (className != null))
			throw new IllegalArgumentException(model.card().name() + (className != null ? " needs class labels" : " takes no class labels"));
		OrtEnvironment env = OrtEnvironment.getEnvironment();
		int per = shape.itemSize();
		try {
			for (int start = 0; start < shape.n(); start += options.maxBatch()) {
				int b = Math.min(options.maxBatch(), shape.n() - start);
				if (cancelled) throw new CancellationException("cancelled");
				long[] dims = shape.withBatch(b).nchw();
				Map<String, OnnxTensor> feed = new HashMap<>();
				OrtSession.RunOptions ro = new OrtSession.RunOptions();
				try {
					feed.put(xName, OnnxTensor.createTensor(env, FloatBuffer.wrap(x, start * per, b * per).slice(), dims));
					feed.put(tName, OnnxTensor.createTensor(env, FloatBuffer.wrap(t, start, b).slice(), new long[] { b }));
					if (className != null)
						feed.put(className, OnnxTensor.createTensor(env, LongBuffer.wrap(classes, start, b).slice(), new long[] { b }));
					synchronized (this) {
						inFlight = ro;
						if (cancelled) ro.setTerminate(true);
					}
					try (OrtSession.Result result = session.session().run(feed, ro)) {
						OnnxValue v = result.get(outName).orElseThrow();
						OnnxTensor o = (OnnxTensor) v;
						long[] got = o.getInfo().getShape();
						if (!java.util.Arrays.equals(got, dims))
							throw new IllegalStateException(model.weights() + ": output '" + outName + "' has shape "
									+ java.util.Arrays.toString(got) + " for input " + java.util.Arrays.toString(dims));
						o.getFloatBuffer().get(out, start * per, b * per);
					}
				} finally {
					synchronized (this) {
						inFlight = null;
						ro.close();
					}
					for (OnnxTensor tensor : feed.values())
						tensor.close();
				}
			}
		} catch (OrtException e) {
			if (cancelled) throw new CancellationException("network run of " + model.card().name() + " cancelled");
			throw new IllegalStateException(model.weights() + ": ONNX Runtime failed on batch " + shape + ": " + e.getMessage(), e);
		} finally {
			cancelled = false;
		}
	}

	/** Terminates the in-flight run (and any chunk not yet started); {@link #run} then throws {@link CancellationException}. */
	@Override
	public void cancel() {
		synchronized (this) {
			cancelled = true;
			if (inFlight != null)
				try {
					inFlight.setTerminate(true);
				} catch (OrtException e) {
					LOG.log(System.Logger.Level.WARNING, "cannot terminate the ONNX Runtime run: " + e.getMessage());
				}
		}
	}

	@Override
	public String toString() {
		return "OrtNetwork[" + model.card().name() + " on " + provider() + "]";
	}
}
