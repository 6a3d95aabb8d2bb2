package io.github.scorej.plugin.core;

import java.util.Locale;

/**
 * ScoreJ's memory cap, stated and checked before long work starts: a job whose arrays would not fit
 * in what the JVM has left is refused at once with the numbers and the fixes, rather than failing
 * with an {@link OutOfMemoryError} minutes later.
 * <p>
 * The arrays are doubles of the padded image. A restoration keeps, per plane, its measurement,
 * mean, standard deviation and K samples, and while sampling a chunk of B samples about
 * {@link #WORKING} arrays per sample (the state, the denoised estimate, noise, the method's
 * terms, the network's float buffers). Measured: 1024×1024, K = B = 4 (DDRM, the analytic model)
 * needs a heap of 320–340 MB, about 40 arrays of 8 MB; the estimate below says 51 (408 MB).
 */
public final class MemoryCheck {

	private MemoryCheck() {}

	/** Arrays of one image kept per sample of the chunk being sampled. */
	static final int WORKING = 8;

	/** Fixed arrays of one image beside those (input tensors, output conversion). */
	static final int FIXED = 12;

	/**
	 * Bytes a restoration needs: {@code items} planes of {@code perItem} values (C·H·W, padded),
	 * {@code k} samples each, sampled {@code chunk} at a time.
	 */
	public static long restoration(int items, long perItem, int k, int chunk) {
		return 8L * perItem * ((long) items * (k + 3) + (long) WORKING * chunk + FIXED);
	}

	/** Bytes a generation needs: {@code n} images of {@code perItem} values, sampled {@code chunk} at a time. */
	public static long generation(int n, long perItem, int chunk) {
		return 8L * perItem * (2L * n + (long) WORKING * chunk + FIXED);
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
		if (bytes >= 1L << 30) return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
		return String.format(Locale.ROOT, "%d MB", Math.max(1, Math.round(bytes / (double) (1L << 20))));
	}
}
