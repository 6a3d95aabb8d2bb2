package io.github.scorej.ops.inverse;

/** Applies per-image operations to the items of an NCHW batch. */
final class Items {

	private Items() {}

	/** Copies item k of a batch of items of {@code per} values into {@code out}. */
	static double[] get(double[] batch, int k, double[] out) {
		System.arraycopy(batch, k * out.length, out, 0, out.length);
		return out;
	}

	/** Writes {@code item} as item k of the batch. */
	static void put(double[] item, double[] batch, int k) {
		System.arraycopy(item, 0, batch, k * item.length, item.length);
	}
}
