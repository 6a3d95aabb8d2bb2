package io.github.scorej.ops.classical;

/** Argument checks and small helpers shared by the classical methods; every message names what is wrong. */
final class Images {

	private Images() {}

	/** Refuses a non-positive size or an array that is not C·H·W long. */
	static void check(String what, double[] x, int c, int h, int w) {
		if (c < 1 || h < 1 || w < 1)
			throw new IllegalArgumentException("image must have at least 1 channel, row and column, got " + c + "×" + h + "×" + w + " (C×H×W)");
		if (x.length != (long) c * h * w)
			throw new IllegalArgumentException(what + " has " + x.length + " values, expected " + c + "×" + h + "×" + w + " = " + c * h * w);
	}

	/** Refuses arrays of different lengths. */
	static void sameLength(double[] x, double[] ref) {
		if (x.length != ref.length) throw new IllegalArgumentException("images differ in length (" + x.length + " and " + ref.length + ")");
		if (x.length == 0) throw new IllegalArgumentException("images are empty");
	}

	/**
	 * Index i mirrored into [0, n) about the edges with the edge pixel repeated (d c b a | a b c d | d c b a),
	 * periodic with period 2n, so any offset is valid.
	 */
	static int mirror(int i, int n) {
		int m = Math.floorMod(i, 2 * n);
		return m < n ? m : 2 * n - 1 - m;
	}

	/** Mean squared difference. */
	static double mse(double[] x, double[] ref) {
		sameLength(x, ref);
		double s = 0;
		for (int p = 0; p < x.length; p++) {
			double d = x[p] - ref[p];
			s += d * d;
		}
		return s / x.length;
	}
}
