import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * ONNX Runtime's native memory per pixel of a network call: the growth of the process's peak RSS
 * (VmHWM, reset through /proc/self/clear_refs) over two runs of a b × C × t × t batch, for the CPU
 * arena on or off and memory patterns on or off. Run one (t, b) per process, so that memory kept by
 * an earlier run does not hide a later one's (Linux only):
 *
 * <pre>
 * mvn -q -DskipTests package   # plugin/target/lib holds ONNX Runtime
 * for tb in "128 4" "256 4" "512 1" "512 2"; do
 *   java -cp 'plugin/target/lib/*' site/bench/OrtMemory.java models/micro-gray/model.onnx 1 1 0 $tb
 * done
 * </pre>
 *
 * Arguments: model.onnx, channels, arena (0/1), memory patterns (0/1), then pairs of tile side t and batch b.
 */
public class OrtMemory {

	static long status(String key) throws Exception {
		for (String l : Files.readAllLines(Path.of("/proc/self/status")))
			if (l.startsWith(key)) return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
		return -1;
	}

	public static void main(String[] a) throws Exception {
		OrtEnvironment env = OrtEnvironment.getEnvironment();
		OrtSession.SessionOptions so = new OrtSession.SessionOptions();
		so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
		so.setCPUArenaAllocator(a[2].equals("1"));
		so.setMemoryPatternOptimization(a[3].equals("1"));
		so.setIntraOpNumThreads(2);
		int c = Integer.parseInt(a[1]);
		OrtSession s = env.createSession(a[0], so);
		String xName = s.getInputNames().stream().filter(n -> !n.equals("t")).findFirst().orElseThrow();
		for (int i = 4; i < a.length; i += 2) {
			int t = Integer.parseInt(a[i]), b = Integer.parseInt(a[i + 1]);
			float[] x = new float[b * c * t * t], tt = new float[b], out = new float[x.length];
			for (int k = 0; k < x.length; k++)
				x[k] = (float) Math.sin(k * 0.37);
			Arrays.fill(tt, 0.5f);
			System.gc();
			Files.writeString(Path.of("/proc/self/clear_refs"), "5"); // resets VmHWM to the current RSS
			long before = status("VmRSS"), t0 = System.nanoTime();
			for (int rep = 0; rep < 2; rep++) {
				Map<String, OnnxTensor> feed = new HashMap<>();
				feed.put(xName, OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] { b, c, t, t }));
				feed.put("t", OnnxTensor.createTensor(env, FloatBuffer.wrap(tt), new long[] { b }));
				try (OrtSession.Result r = s.run(feed)) {
					((OnnxTensor) r.get(0)).getFloatBuffer().get(out);
				}
				for (OnnxTensor o : feed.values())
					o.close();
			}
			long peak = status("VmHWM"), after = status("VmRSS");
			double px = (double) b * t * t;
			System.out.printf(Locale.ROOT, "arena=%s pattern=%s t=%d b=%d peak+%.0fMB kept+%.0fMB %.0f B/px %.2f us/px%n", a[2], a[3], t, b,
					(peak - before) / 1e6, (after - before) / 1e6, (peak - before) / px, (System.nanoTime() - t0) / 2e3 / px);
		}
	}
}
