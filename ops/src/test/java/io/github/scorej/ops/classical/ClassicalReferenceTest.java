package io.github.scorej.ops.classical;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Golden numbers from the reference implementations, on images defined by formulas so that they can be
 * rebuilt anywhere: scikit-image 0.19.3 ({@code structural_similarity(x, ref, data_range=2,
 * gaussian_weights=True, sigma=1.5, use_sample_covariance=False, channel_axis=0)},
 * {@code peak_signal_noise_ratio(ref, x, data_range=2)}), SciPy 1.x ({@code ndimage.gaussian_filter(x[0],
 * 1.3, mode='reflect')}, {@code ndimage.median_filter(x[0], size=5, mode='reflect')}) and Pillow
 * ({@code Image.fromarray(lo, 'F').resize((28, 24), Image.BICUBIC)}, float32, interior pixel).
 */
class ClassicalReferenceTest {

	static final int C = 2, H = 17, W = 19, N = H * W;

	/** ref[c, i, j] = sin(0.3i + c)·cos(0.2j). */
	static double[] ref() {
		double[] r = new double[C * N];
		for (int c = 0; c < C; c++)
			for (int i = 0; i < H; i++)
				for (int j = 0; j < W; j++)
					r[c * N + i * W + j] = Math.sin(0.3 * i + c) * Math.cos(0.2 * j);
		return r;
	}

	/** x = ref + 0.3·sin(1.7ij + 0.5c + 0.1i), a deterministic stand-in for noise. */
	static double[] x() {
		double[] x = ref();
		for (int c = 0; c < C; c++)
			for (int i = 0; i < H; i++)
				for (int j = 0; j < W; j++)
					x[c * N + i * W + j] += 0.3 * Math.sin(1.7 * i * j + 0.5 * c + 0.1 * i);
		return x;
	}

	@Test
	void ssimAndPsnrAsScikitImage() {
		double[] x = x(), ref = ref();
		assertEquals(0.6160558532577924, Metrics.ssim(x, ref, C, H, W, 2), 1e-12);
		assertEquals(0.6221926860779693, Metrics.ssim(java.util.Arrays.copyOf(x, N), java.util.Arrays.copyOf(ref, N), 1, H, W, 2), 1e-12);
		assertEquals(19.681689856423755, Metrics.psnr(x, ref, 2), 1e-10);
	}

	@Test
	void filtersAsScipyWithReflectBoundary() {
		double[] x0 = java.util.Arrays.copyOf(x(), N);
		double[] g = Denoising.gaussianFilter(x0, 1, H, W, 1.3);
		assertEquals(0.2080375954366958, g[0], 1e-12);
		assertEquals(-0.12394106856853504, g[8 * W + 9], 1e-12);
		assertEquals(1.0298246875280275, g[16 * W + 18], 1e-12);
		double[] m = Denoising.medianFilter(x0, 1, H, W, 2);
		assertEquals(0.3254702316553881, m[0], 1e-15);
		assertEquals(-0.14173593549751506, m[8 * W + 9], 1e-15);
		assertEquals(1.1622345208558618, m[16 * W + 17], 1e-15);
	}

	@Test
	void bicubicAsPillowInTheInterior() {
		// lo[i, j] = sin(0.5i) + cos(0.3j), 6×7, upsampled ×4 to 24×28; Pillow computes in float32
		int h = 6, w = 7;
		double[] lo = new double[h * w];
		for (int i = 0; i < h; i++)
			for (int j = 0; j < w; j++)
				lo[i * w + j] = (float) (Math.sin(0.5 * i) + Math.cos(0.3 * j));
		double[] up = Upsampling.bicubic(lo, 1, h, w, 4);
		assertEquals(1.5227386, up[10 * 28 + 13], 1e-6);
	}
}
