package io.github.scorej.ops.inverse;

/** Argument checks shared by the operators; every message names what is wrong. */
public final class Checks {

	private Checks() {}

	/** Refuses a non-positive channel count, height or width. */
	public static void imageSize(int channels, int height, int width) {
		if (channels < 1 || height < 1 || width < 1)
			throw new IllegalArgumentException("image must have at least 1 channel, row and column, got " + channels + "×"
					+ height + "×" + width + " (C×H×W)");
	}

	/** Refuses an array whose length is not n. */
	static void length(String what, double[] a, int n) {
		if (a.length != n) throw new IllegalArgumentException(what + " has " + a.length + " values, expected " + n);
	}
}
