package io.github.scorej.plugin.core;

import io.github.scorej.ops.model.Denoiser;
import io.github.scorej.ops.model.Shape;

import java.util.Locale;

/**
 * Counts the calls of a denoiser (the network function evaluations, NFE, of a job: one call is one
 * evaluation of a whole batch, however it is tiled inside) and the time spent inside them. Used by
 * one thread at a time, as any denoiser.
 */
public final class CountedDenoiser implements Denoiser {

	private final Denoiser inner;
	private long calls, nanos;

	public CountedDenoiser(Denoiser inner) {
		this.inner = inner;
	}

	@Override
	public void denoise(Shape shape, double[] x, double sigma, double[] out) {
		long t0 = System.nanoTime();
		inner.denoise(shape, x, sigma, out);
		nanos += System.nanoTime() - t0;
		calls++;
	}

	/** The calls so far. */
	public long calls() {
		return calls;
	}

	/** Nanoseconds spent inside the calls so far. */
	public long nanos() {
		return nanos;
	}

	/** The NFE of one of {@code runs} sampler runs: calls/runs, with one decimal where the runs differ ("20", "86.5"). */
	public String perRun(int runs) {
		if (calls % Math.max(1, runs) == 0) return Long.toString(calls / Math.max(1, runs));
		return String.format(Locale.ROOT, "%.1f", (double) calls / runs);
	}
}
