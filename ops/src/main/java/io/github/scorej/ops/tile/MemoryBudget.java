package io.github.scorej.ops.tile;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory the whole process may use, B ≥ base + the Java heap's maximum ({@code -Xmx}) + ONNX
 * Runtime's native memory, from which {@link Tiling#plan} chooses tile size, tiles per network call
 * and samples sampled together ({@link Tiling#total}). Set by the system property {@value #PROPERTY}
 * (e.g. {@code 4G}; the command line's {@code --memory} sets it, and Java's heap to three quarters of what
 * {@link #BASE} leaves of it unless told otherwise), else {@link #machine()}: the heap's maximum, the base, and
 * {@value #MACHINE_SHARE} of the physical memory they leave (of the container's limit where the JVM
 * sees one) for ONNX Runtime.
 */
public record MemoryBudget(long bytes) {

	/** The system property that sets the budget, in the JVM's {@code -Xmx} notation: {@code 4G}, {@code 3500M}, {@code 4g}. */
	public static final String PROPERTY = "scorej.memory";

	/** Share of the physical memory beyond the heap's maximum and the base that the default budget gives ONNX Runtime. */
	public static final double MACHINE_SHARE = 0.5;

	/**
	 * The process beside the job's arrays: the JVM's code, metaspace and thread stacks, ONNX Runtime's
	 * library and session with the weights. Measured (site/bench/scale.md): 0.3 GB peak RSS for a
	 * 64×64 restoration with micro-gray, of which 0.1 GB is Java heap.
	 */
	public static final long BASE = 320L << 20;

	private static final Pattern SIZE = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([kKmMgGtT]?)[bB]?\\s*");

	public MemoryBudget {
		if (bytes <= 0) throw new IllegalArgumentException("the memory budget must be positive, got " + bytes + " bytes");
	}

	/**
	 * A budget from text such as {@code 4G}, {@code 3500M} or {@code 1.5g} (k, M, G, T: powers of 1024;
	 * no unit: bytes).
	 *
	 * @param where where the text came from, for the error (e.g. "--memory")
	 */
	public static MemoryBudget parse(String text, String where) {
		Matcher m = SIZE.matcher(text == null ? "" : text);
		if (!m.matches())
			throw new IllegalArgumentException(where + ": '" + text + "' is not a memory size; write e.g. 4G, 3500M or 1.5G");
		int shift = switch (m.group(2).toUpperCase(Locale.ROOT)) {
			case "K" -> 10;
			case "M" -> 20;
			case "G" -> 30;
			case "T" -> 40;
			default -> 0;
		};
		double b = Double.parseDouble(m.group(1)) * (1L << shift);
		if (!(b >= 1) || b > Long.MAX_VALUE / 2)
			throw new IllegalArgumentException(where + ": '" + text + "' is not a usable memory size; write e.g. 4G, 3500M or 1.5G");
		return new MemoryBudget((long) b);
	}

	/** The budget in force: the system property {@value #PROPERTY} when set, else {@link #machine()}. */
	public static MemoryBudget current() {
		String p = System.getProperty(PROPERTY);
		return p != null && !p.isBlank() ? parse(p, "the memory budget (" + PROPERTY + ")") : machine();
	}

	/**
	 * The heap's maximum, the base, and {@value #MACHINE_SHARE} of what they leave of the physical
	 * memory (the container's limit where there is one): Fiji's heap of three quarters of the machine
	 * leaves ONNX Runtime an eighth, a command line's default heap of a quarter leaves it three eighths.
	 */
	public static MemoryBudget machine() {
		long heap = Runtime.getRuntime().maxMemory();
		return new MemoryBudget(heap + BASE + (long) (MACHINE_SHARE * Math.max(0, physical() - heap - BASE)));
	}

	/** The machine's physical memory as the JVM sees it (container-aware), or 4× the maximum heap when it cannot tell. */
	static long physical() {
		OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		if (os instanceof com.sun.management.OperatingSystemMXBean s && s.getTotalMemorySize() > 0) return s.getTotalMemorySize();
		return 4 * Runtime.getRuntime().maxMemory();
	}

	/** Java heap in use now (before the job's arrays). */
	public static long heapInUse() {
		Runtime rt = Runtime.getRuntime();
		return rt.totalMemory() - rt.freeMemory();
	}

	/** Java heap the JVM can still give: its maximum less what is in use. */
	public static long heapAvailable() {
		return Runtime.getRuntime().maxMemory() - heapInUse();
	}

	/** Bytes as "1.5 GB" or "320 MB". */
	public static String human(long bytes) {
		if (bytes >= 1L << 30) return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
		return String.format(Locale.ROOT, "%d MB", Math.max(1, Math.round(bytes / (double) (1L << 20))));
	}

	@Override
	public String toString() {
		return human(bytes);
	}
}
