package io.github.scorej.ops.inverse;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class TikhonovTest {

	/** Bytes allocated so far by this thread (HotSpot's per-thread counter). */
	private static long allocated() {
		return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getThreadAllocatedBytes(Thread.currentThread().getId());
	}

	@Test
	void floatConjugateGradientsSolveADiagonalSystemToTheTolerance() {
		// M = diag(d), condition number 100: u = y / d in closed form
		int m = 1000;
		Random rng = new Random(4);
		double[] d = new double[m], y = new double[m];
		for (int k = 0; k < m; k++) {
			d[k] = 0.01 + rng.nextDouble();
			y[k] = rng.nextGaussian();
		}
		float[] u = Tikhonov.solve(y, (p, q) -> {
			for (int k = 0; k < m; k++)
				q[k] = (float) (d[k] * p[k]);
		}, Tikhonov.NONE, 1e-4, 1000);
		double e = 0, n = 0, du = 0, nu = 0;
		for (int k = 0; k < m; k++) {
			double want = y[k] / d[k], r = d[k] * u[k] - y[k];
			e += r * r;
			n += y[k] * y[k];
			du += (u[k] - want) * (u[k] - want);
			nu += want * want;
		}
		assertTrue(Math.sqrt(e / n) <= 1.5e-4, "relative residual " + Math.sqrt(e / n) + " at the 1e-4 tolerance (float vectors, double dot products)");
		assertTrue(Math.sqrt(du / nu) <= 1e-3, "u = y/d to " + Math.sqrt(du / nu));
	}

	@Test
	void theVectorsAreAllocatedOncePerSolveNotPerIteration() {
		int m = 100_000;
		double[] y = new double[m];
		Random rng = new Random(5);
		for (int k = 0; k < m; k++)
			y[k] = rng.nextGaussian();
		Tikhonov.Normal diagonal = (p, q) -> {
			for (int k = 0; k < m; k++)
				q[k] = (float) ((1 + k % 97) * p[k]);
		};
		Tikhonov.solve(y, diagonal, Tikhonov.NONE, 1e-12, 2); // warm up (class loading, JIT)
		long[] bytes = new long[2];
		int[] iterations = { 1, 60 };
		for (int i = 0; i < 2; i++) {
			long before = allocated();
			Tikhonov.solve(y, diagonal, Tikhonov.NONE, 1e-12, iterations[i]);
			bytes[i] = allocated() - before;
		}
		long vectors = 4L * Tikhonov.VECTORS * m;
		assertTrue(bytes[0] >= vectors && bytes[0] <= vectors + 4096, "one solve holds " + Tikhonov.VECTORS + " float vectors: " + bytes[0] + " bytes, " + vectors + " counted");
		assertTrue(bytes[1] - bytes[0] <= 4096, "59 more iterations allocated " + (bytes[1] - bytes[0]) + " bytes");
	}
}
