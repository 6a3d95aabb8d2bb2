package io.github.scorej.ops.sample;

import io.github.scorej.ops.model.Shape;

import java.util.SplittableRandom;

/**
 * The randomness of one sampling run: one seed, one independent stream per batch item, so that
 * item k of a batch is the same whatever the batch size, and any result can be re-run exactly.
 * An optional initial-noise tensor replaces the first standard-normal draw of the whole batch
 * (the prior's noise, {@code scorej --noise FILE}).
 * <p>
 * Not thread-safe: one run, one thread.
 */
public final class NoiseSource {

	private final long seed;
	private final SplittableRandom[] streams;
	private double[] initial;

	/** Per-item streams derived from {@code seed}; {@code initial} may be null. */
	public NoiseSource(long seed, Shape shape, double[] initial) {
		this(seed, shape, initial, 0);
	}

	/**
	 * Streams for batch items {@code firstItem … firstItem + N − 1} of a larger run that is
	 * processed in chunks, so that each item's noise does not depend on the chunking.
	 */
	public NoiseSource(long seed, Shape shape, double[] initial, long firstItem) {
		if (initial != null && initial.length != shape.size())
			throw new IllegalArgumentException("initial noise has " + initial.length + " values, expected " + shape.size() + " for shape " + shape);
		this.seed = seed;
		this.streams = new SplittableRandom[shape.n()];
		for (int i = 0; i < streams.length; i++)
			streams[i] = new SplittableRandom(mix(seed, firstItem + i));
		this.initial = initial == null ? null : initial.clone();
	}

	public NoiseSource(long seed, Shape shape) {
		this(seed, shape, null);
	}

	public long seed() {
		return seed;
	}

	/**
	 * Fills {@code out} (NCHW, {@code out.length} a multiple of the batch size) with independent
	 * N(0, 1) draws, item k from stream k. The first call returns the initial noise if one was given.
	 */
	public void gaussian(double[] out) {
		if (initial != null) {
			if (initial.length != out.length)
				throw new IllegalArgumentException("initial noise has " + initial.length + " values, the first draw needs " + out.length);
			System.arraycopy(initial, 0, out, 0, out.length);
			initial = null;
			return;
		}
		int per = out.length / streams.length;
		for (int k = 0; k < streams.length; k++) {
			SplittableRandom r = streams[k];
			for (int i = k * per, end = i + per; i < end; i++)
				out[i] = r.nextGaussian();
		}
	}

	/** A fresh array of N(0, 1) draws; see {@link #gaussian(double[])}. */
	public double[] gaussian(int length) {
		double[] z = new double[length];
		gaussian(z);
		return z;
	}

	/** The stream of batch item {@code item}, for draws other than Gaussian (a Beta radius, a Rademacher probe). */
	public SplittableRandom stream(int item) {
		return streams[item];
	}

	private static long mix(long seed, long item) {
		long z = seed * 0x9E3779B97F4A7C15L + item * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}
}
