package io.github.scorej.ops.problem;

import io.github.scorej.ops.classical.Classical;
import io.github.scorej.ops.classical.Denoising;
import io.github.scorej.ops.inverse.DenoisingOperator;
import io.github.scorej.ops.inverse.LinearOperator;
import io.github.scorej.ops.inverse.NoiseModel;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Denoising: y = x + n, n ~ N(0, σ_y² I), A = I. σ_y is the noise's standard deviation in the
 * input's pixel values (0–255 for 8-bit); σ_y ≤ 0 estimates it from the image (the median absolute
 * difference of horizontal neighbours over 0.6745·√2). The output has the input's size and type; the
 * model sees the image mirror-padded to its size multiple. Default method DDRM (+1.6 dB over the
 * oracle classical filter on the micro-gray prior against +0.2 dB for DDNM+, site/bench/restore.md);
 * baselines: Gaussian and median filters.
 */
public record DenoiseProblem() implements Problem {

	@Override
	public String key() {
		return "denoise";
	}

	@Override
	public String description() {
		return "y = x + noise";
	}

	@Override
	public String defaultMethod() {
		return "ddrm";
	}

	@Override
	public Geometry geometry(int h, int w, Geometry.Padding padding) {
		return Geometry.centred(h, w, padding.padded(h, w, 1));
	}

	@Override
	public LinearOperator operator(int c, int h, int w) {
		return new DenoisingOperator(c, h, w);
	}

	@Override
	public NoiseModel noise(double sigmaY) {
		return sigmaY > 0 ? new NoiseModel.Gaussian(sigmaY) : new NoiseModel.Estimated(false);
	}

	@Override
	public void provenance(BiConsumer<String, Object> info) {}

	@Override
	public List<Classical.Best> baselines(LinearOperator op, double[] y, double[] truth) {
		int c = op.channels(), h = op.height(), w = op.width();
		return List.of(Denoising.bestGaussian(y, truth, c, h, w, Classical.sigmaGrid()),
				Denoising.bestMedian(y, truth, c, h, w, Classical.radiusGrid()));
	}
}
