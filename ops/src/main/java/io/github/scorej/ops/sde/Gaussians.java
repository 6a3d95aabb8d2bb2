package io.github.scorej.ops.sde;

import io.github.scorej.ops.model.Shape;

/** Log densities of isotropic Gaussians, per batch item. */
final class Gaussians {

	private Gaussians() {}

	/** log N(z; 0, std²·I) of each item: −½·D·ln(2π std²) − ‖z‖²/(2 std²). */
	static double[] logp(Shape shape, double[] z, double std) {
		int per = shape.itemSize();
		double[] out = new double[shape.n()];
		for (int k = 0; k < out.length; k++) {
			double ss = 0;
			for (int i = k * per, end = i + per; i < end; i++)
				ss += z[i] * z[i];
			out[k] = -0.5 * per * Math.log(2 * Math.PI * std * std) - ss / (2 * std * std);
		}
		return out;
	}
}
