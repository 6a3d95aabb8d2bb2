package io.github.scorej.plugin.core;

import io.github.scorej.ops.inverse.Ddnm;
import io.github.scorej.ops.inverse.RegularisedInverse;
import io.github.scorej.ops.tile.MemoryBudget;
import io.github.scorej.ops.tile.Tiling;


/**
 * ScoreJ's memory cap, stated and checked before long work starts: a job whose arrays would not fit
 * in what the JVM has left, or whose Java arrays and ONNX Runtime memory together would not fit the
 * process's {@link MemoryBudget} even in the smallest tiles, is refused at once with the numbers and
 * the fixes, rather than failing with an {@link OutOfMemoryError} (or swapping) minutes later.
 * <p>
 * The budget: the command line's {@code --memory}, else the system property {@value MemoryBudget#PROPERTY}
 * (e.g. {@code -Dscorej.memory=4G} in Fiji's launcher), else ImageJ's preference {@value #PREF}
 * (IJ_Prefs.txt; a macro sets it with {@code call("ij.Prefs.set", "scorej.memory", "4G")}), else
 * {@link MemoryBudget#machine()}. Java's heap counts at its maximum ({@link io.github.scorej.ops.tile.Tiling#total}).
 * <p>
 * The arrays are doubles of the padded image. A restoration keeps, per plane, its measurement,
 * mean, standard deviation (and the samples when asked to), and while sampling a chunk of B samples
 * about {@link #WORKING} arrays per sample (the state, the denoised estimate, noise, the method's
 * terms, the tiles' blend) and {@link #FIXED} beside them. Measured (the largest heap after a
 * garbage collection, -Xlog:gc): 1024×1024, K = 4, B = 1 (DDRM, micro-gray) 188 MB, about 20 arrays
 * of 8 MB with the JVM's own; the estimate below says 20 (168 MB) plus the heap in use before.
 */
public final class MemoryCheck {

	private static final System.Logger LOG = System.getLogger(MemoryCheck.class.getName());

	private MemoryCheck() {}

	/** Arrays of one image kept per sample of the chunk being sampled. */
	static final int WORKING = 8;

	/** Fixed arrays of one image beside those (input tensors, output conversion). */
	static final int FIXED = 8;

	/**
	 * Bytes a restoration needs: {@code items} planes of {@code perItem} values (C·H·W, padded), of
	 * which {@code kept} samples each are kept (0 when only their mean and spread are), sampled
	 * {@code chunk} at a time. A kept sample is held twice (the engine's and the output's).
	 */
	public static long restoration(int items, long perItem, int kept, int chunk) {
		return 8L * perItem * ((long) items * (2L * kept + 4) + (long) WORKING * chunk + FIXED);
	}

	/**
	 * Bytes a DDNM restoration through an operator with a conjugate-gradient inverse (the blur with valid
	 * boundaries, which no other method takes) needs, counted array by array where the generic
	 * {@link #restoration} is an envelope: the {@code items} measurements of {@code measurementSize}
	 * values, the posterior's running mean and sum of squares, the kept samples (twice), DDNM's own
	 * ({@link Ddnm#workingBytes}), the tiles' blend (a chunk of accumulators and one plane of weights,
	 * TiledDenoiser) and the operator's FFT and CG buffers ({@link RegularisedInverse#workingBytes}).
	 * The outputs' mean and standard deviation (Restorations) are allocated once the first image is
	 * sampled and its working arrays are garbage; with several images they are counted too.
	 */
	public static long ddnm(int items, long perItem, long measurementSize, long plane, int kept, int chunk, RegularisedInverse op) {
		long outputs = items > 1 ? 2L * items * perItem : 0;
		return 8L * ((long) items * measurementSize + 2 * perItem + 2L * kept * items * perItem + outputs + (long) chunk * perItem + plane)
				+ Ddnm.workingBytes(chunk, perItem, measurementSize) + op.workingBytes();
	}

	/** Bytes a generation needs: {@code n} images of {@code perItem} values, sampled {@code chunk} at a time. */
	public static long generation(int n, long perItem, int chunk) {
		return 8L * perItem * (2L * n + (long) WORKING * chunk + FIXED);
	}

	/** ImageJ's preference key (saved in IJ_Prefs.txt, without ImageJ's "." prefix) for the budget. */
	public static final String PREF = "scorej.memory";

	/** The memory budget in force: {@value MemoryBudget#PROPERTY} (system property), else ImageJ's preference {@value #PREF}, else the machine's. */
	public static MemoryBudget budget() {
		if (System.getProperty(MemoryBudget.PROPERTY, "").isBlank()) {
			String pref = ij.Prefs.get(PREF, "");
			if (!pref.isBlank()) return MemoryBudget.parse(pref, "ImageJ's preference " + PREF);
		}
		return MemoryBudget.current();
	}

	/**
	 * The fastest tiling of the job that fits the budget ({@link Tiling#plan}), or a refusal naming the
	 * budget, what the smallest tiling needs (Java arrays, ONNX Runtime, the process) and the options.
	 *
	 * @param what the job, e.g. "restoring 4 sample(s) of 1 plane(s) of 4096x4096"
	 */
	public static Tiling require(Tiling.Job job, String what) {
		MemoryBudget budget = budget();
		long max = Runtime.getRuntime().maxMemory();
		// plan on the live heap, not on garbage the next collection frees: the same command gets the same tiling
		System.gc();
		Tiling t = Tiling.plan(job, budget, MemoryBudget.heapInUse(), max);
		long used = MemoryBudget.heapInUse();
		if (t.fits(budget, used, max)) {
			LOG.log(System.Logger.Level.INFO, what + " runs as " + t.describe() + " (Java arrays " + human(t.javaBytes()) + ", ONNX Runtime "
					+ human(t.nativeBytes()) + "; memory budget " + budget + ")");
			return t;
		}
		if (t.javaBytes() > available()) require(t.javaBytes(), what); // the heap's message
		throw new IllegalArgumentException(what + " needs about " + human(t.total(max)) + " of memory even as " + t.describe()
				+ " (Java's heap at its maximum " + human(max) + ", which holds arrays of " + human(t.javaBytes())
				+ ", ONNX Runtime " + human(t.nativeBytes()) + ", the process " + human(MemoryBudget.BASE) + "); the memory budget is "
				+ human(budget.bytes()) + ". Raise it (scorej --memory 8G; ImageJ: -Dscorej.memory=8G or the preference " + PREF
				+ ")" + lowerHeap(used + t.javaBytes(), max) + ", or ask for fewer samples or a crop of the image.");
	}

	/**
	 * ", lower Java's maximum heap to 1.3 GB (…)" where a quarter over the heap the job needs ({@code needed}) is
	 * below the maximum, else nothing: the budget counts the heap at its maximum, used or not.
	 */
	static String lowerHeap(long needed, long max) {
		long enough = Math.max(256L << 20, (long) (1.25 * needed) + (63L << 20) & -(64L << 20)); // whole 64 MB
		if (enough >= max) return "";
		return ", lower Java's maximum heap to " + human(enough) + " (SCOREJ_JAVA_OPTS=-Xmx" + (enough >> 20) + "m; ImageJ: Edit > Options > Memory & Threads)";
	}

	/** What the JVM can still give: its maximum heap less what is in use. */
	static long available() {
		Runtime rt = Runtime.getRuntime();
		return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
	}

	/**
	 * Refuses a job that needs more than the JVM has left (after a garbage collection, so that only
	 * live arrays count), naming what it needs, what there is and the fixes.
	 *
	 * @param what the job, e.g. "Restore of 4 samples of 1 plane(s) of 4096x4096"
	 */
	public static void require(long bytes, String what) {
		if (bytes <= available()) return;
		System.gc();
		long free = available();
		if (bytes <= free) return;
		throw new IllegalArgumentException(what + " needs about " + human(bytes) + " of memory; Java has " + human(free) + " free. "
				+ FIXES);
	}

	/** How to get more memory or need less, for the messages above and after an {@link OutOfMemoryError}. */
	public static final String FIXES = "Give Java more (ImageJ: Edit > Options > Memory & Threads; scorej: SCOREJ_JAVA_OPTS=-Xmx8g), "
			+ "or ask for fewer samples, a smaller batch, or a crop of the image.";

	/** The message for an {@link OutOfMemoryError} that struck anyway. */
	public static String outOfMemory(String what) {
		return what + ": out of memory (Java's maximum is " + human(Runtime.getRuntime().maxMemory()) + "). " + FIXES;
	}

	static String human(long bytes) {
		return MemoryBudget.human(bytes);
	}
}
