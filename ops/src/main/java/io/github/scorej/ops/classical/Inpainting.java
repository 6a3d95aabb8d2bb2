package io.github.scorej.ops.classical;

import io.github.scorej.ops.inverse.InpaintingOperator;

import java.util.Arrays;

/** Classical inpainting: harmonic (membrane) interpolation of the hidden pixels. Stateless and thread-safe. */
public final class Inpainting {

	/** Conjugate gradient stops when ‖b − L x‖ ≤ TOLERANCE·‖b‖ (relative residual of the linear system). */
	public static final double TOLERANCE = 1e-12;

	private Inpainting() {}

	/** Harmonic fill of a measurement y of {@code op}: {@link #harmonicFill(double[], boolean[], int, int, int)} of its zero-filled image. */
	public static double[] harmonicFill(InpaintingOperator op, double[] y) {
		double[] x = new double[op.imageSize()];
		op.pseudoInverse(y, x);
		return harmonicFill(x, op.known(), op.channels(), op.height(), op.width());
	}

	/**
	 * The discrete harmonic interpolant: the hidden pixels solve Laplace's equation Δu = 0 with the
	 * known pixels as Dirichlet boundary values, on the 4-neighbour pixel graph of each channel,
	 *
	 * <pre>
	 * Σ_{q ∈ N(p)} (u_p − u_q) = 0 for every hidden p,  u_p = image_p for every known p,
	 * </pre>
	 *
	 * N(p) the neighbours inside the image, so the image edge is a free (Neumann, ∂u/∂n = 0) boundary.
	 * The minimiser of the Dirichlet energy Σ_{p~q} (u_p − u_q)², i.e. a membrane stretched over the
	 * known pixels; it reproduces any linear ramp inside a hole that does not touch the image edge.
	 * Harmonic inpainting is the simplest of the PDE models in Chan &amp; Shen, "Mathematical models for
	 * local nontexture inpaintings", SIAM J. Appl. Math. 62(3), 2002 (MATLAB's {@code regionfill} is the
	 * same idea). Solved by conjugate gradient on the hidden pixels (the graph Laplacian restricted to them
	 * is symmetric positive definite because every hidden region borders a known pixel) until the relative
	 * residual is below {@link #TOLERANCE} (at most 10·m + 100 iterations for m hidden pixels); cost
	 * O(N·iterations), the iterations growing with the width of the holes.
	 *
	 * @param image C×H×W values; only the known pixels are read
	 * @param known H·W flags in raster order, true where the pixel is known (the same for every channel);
	 *        at least one must be true
	 * @return a new image: the known pixels copied, the hidden ones filled
	 */
	public static double[] harmonicFill(double[] image, boolean[] known, int c, int h, int w) {
		Images.check("image", image, c, h, w);
		int n = h * w;
		if (known.length != n) throw new IllegalArgumentException("mask has " + known.length + " values, expected " + h + "×" + w + " = " + n);
		int[] index = new int[n];
		int m = 0;
		for (int p = 0; p < n; p++)
			index[p] = known[p] ? -1 : m++;
		if (m == n) throw new IllegalArgumentException("mask hides every pixel: nothing to interpolate from");
		int[] hidden = new int[m];
		for (int p = 0; p < n; p++)
			if (index[p] >= 0) hidden[index[p]] = p;
		double[] out = image.clone();
		for (int ch = 0; ch < c; ch++) {
			int off = ch * n;
			// b_k = Σ of the known neighbours of hidden pixel k
			double[] b = new double[m];
			for (int k = 0; k < m; k++) {
				int p = hidden[k], i = p / w, j = p % w;
				double s = 0;
				if (i > 0 && known[p - w]) s += image[off + p - w];
				if (i < h - 1 && known[p + w]) s += image[off + p + w];
				if (j > 0 && known[p - 1]) s += image[off + p - 1];
				if (j < w - 1 && known[p + 1]) s += image[off + p + 1];
				b[k] = s;
			}
			double[] u = conjugateGradient(b, hidden, index, h, w);
			for (int k = 0; k < m; k++)
				out[off + hidden[k]] = u[k];
		}
		return out;
	}

	/** Solves L u = b, L the graph Laplacian of the hidden pixels (degree on the diagonal, −1 per hidden neighbour). */
	private static double[] conjugateGradient(double[] b, int[] hidden, int[] index, int h, int w) {
		int m = b.length;
		double[] u = new double[m], r = b.clone(), d = b.clone(), ld = new double[m];
		double rr = dot(r, r), stop = TOLERANCE * TOLERANCE * rr;
		for (int it = 0; it < 10 * m + 100 && rr > stop; it++) {
			laplacian(d, ld, hidden, index, h, w);
			double alpha = rr / dot(d, ld);
			for (int k = 0; k < m; k++) {
				u[k] += alpha * d[k];
				r[k] -= alpha * ld[k];
			}
			double next = dot(r, r);
			for (int k = 0; k < m; k++)
				d[k] = r[k] + next / rr * d[k];
			rr = next;
		}
		return u;
	}

	private static void laplacian(double[] v, double[] out, int[] hidden, int[] index, int h, int w) {
		Arrays.fill(out, 0);
		for (int k = 0; k < v.length; k++) {
			int p = hidden[k], i = p / w, j = p % w, degree = 0;
			double s = 0;
			if (i > 0) {
				degree++;
				if (index[p - w] >= 0) s += v[index[p - w]];
			}
			if (i < h - 1) {
				degree++;
				if (index[p + w] >= 0) s += v[index[p + w]];
			}
			if (j > 0) {
				degree++;
				if (index[p - 1] >= 0) s += v[index[p - 1]];
			}
			if (j < w - 1) {
				degree++;
				if (index[p + 1] >= 0) s += v[index[p + 1]];
			}
			out[k] = degree * v[k] - s;
		}
	}

	private static double dot(double[] a, double[] b) {
		double s = 0;
		for (int k = 0; k < a.length; k++)
			s += a[k] * b[k];
		return s;
	}
}
