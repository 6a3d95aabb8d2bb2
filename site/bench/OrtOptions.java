import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * ONNX Runtime session options against ScoreJ's own (OrtNetwork: all graph optimisations, the CPU arena,
 * no memory patterns), on one network call of a batch b of 1 × t × t images: every variant has its own
 * session in one process, and the variants take turns round by round (a warm-up round first), so that a
 * busy machine slows them alike; the median over rounds of the mean time per call is printed.
 *
 * <pre>
 * mvn -q -DskipTests package   # plugin/target/lib holds ONNX Runtime
 * java -cp 'plugin/target/lib/*' site/bench/OrtOptions.java models/bench/bench-convnet-random/model.onnx 1 16 32 10 5 \
 *     scorej pattern nospin denormal
 * </pre>
 *
 * Arguments: model.onnx, intra-op threads, batch b, side t, calls per round, rounds, then the variants:
 * {@code scorej} (ScoreJ's options), {@code pattern} (memory patterns on), {@code nospin}
 * ({@code session.intra_op.allow_spinning = 0}), {@code denormal} ({@code session.set_denormal_as_zero = 1}),
 * {@code extended} and {@code basic} (graph optimisation levels below ScoreJ's all: no NCHWc layout, no fusions).
 */
public class OrtOptions {

	static OrtSession session(OrtEnvironment env, String model, int threads, String variant) throws Exception {
		OrtSession.SessionOptions so = new OrtSession.SessionOptions();
		so.setOptimizationLevel(switch (variant) {
			case "extended" -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
			case "basic" -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
			default -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
		});
		so.setCPUArenaAllocator(true);
		so.setMemoryPatternOptimization(variant.equals("pattern"));
		so.setIntraOpNumThreads(threads);
		switch (variant) {
			case "scorej", "pattern", "extended", "basic" -> {}
			case "nospin" -> so.addConfigEntry("session.intra_op.allow_spinning", "0");
			case "denormal" -> so.addConfigEntry("session.set_denormal_as_zero", "1");
			default -> throw new IllegalArgumentException("unknown variant " + variant + ": scorej, pattern, nospin, denormal, extended or basic");
		}
		return env.createSession(model, so);
	}

	public static void main(String[] a) throws Exception {
		OrtEnvironment env = OrtEnvironment.getEnvironment();
		int threads = Integer.parseInt(a[1]), b = Integer.parseInt(a[2]), t = Integer.parseInt(a[3]);
		int calls = Integer.parseInt(a[4]), rounds = Integer.parseInt(a[5]);
		Map<String, OrtSession> sessions = new LinkedHashMap<>();
		for (String v : Arrays.copyOfRange(a, 6, a.length))
			sessions.put(v, session(env, a[0], threads, v));
		float[] x = new float[b * t * t], time = new float[b], out = new float[x.length];
		Random rng = new Random(1);
		for (int k = 0; k < x.length; k++)
			x[k] = (float) rng.nextGaussian();
		Arrays.fill(time, 0.3f);
		Map<String, List<Double>> ms = new LinkedHashMap<>();
		for (int round = -1; round < rounds; round++)
			for (Map.Entry<String, OrtSession> e : sessions.entrySet()) {
				OrtSession s = e.getValue();
				String xName = s.getInputNames().stream().filter(n -> !n.equals("t")).findFirst().orElseThrow();
				long t0 = System.nanoTime();
				for (int c = 0; c < calls; c++)
					try (OnnxTensor xi = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] { b, 1, t, t });
							OnnxTensor ti = OnnxTensor.createTensor(env, FloatBuffer.wrap(time), new long[] { b });
							OrtSession.Result r = s.run(Map.of(xName, xi, "t", ti))) {
						((OnnxTensor) r.get(0)).getFloatBuffer().get(out);
					}
				if (round >= 0) ms.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add((System.nanoTime() - t0) / 1e6 / calls);
			}
		for (Map.Entry<String, List<Double>> e : ms.entrySet()) {
			List<Double> l = new ArrayList<>(e.getValue());
			Collections.sort(l);
			System.out.printf(Locale.ROOT, "%-8s %d thread(s): median %.1f ms per call (rounds %s)%n", e.getKey(), threads, l.get(l.size() / 2), l);
		}
	}
}
