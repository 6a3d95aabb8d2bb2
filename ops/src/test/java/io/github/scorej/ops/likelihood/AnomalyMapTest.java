package io.github.scorej.ops.likelihood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.github.scorej.ops.model.Denoiser;
import io.github.scorej.ops.model.Model;
import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.onnx.OrtNetwork;

/** Anomaly maps on the Gaussian model N(0.1, 0.4²) through ONNX Runtime: an outlier stands out. */
class AnomalyMapTest {

	static final double M = LikelihoodTest.M, S = LikelihoodTest.S;

	@Test
	void outlierPixelHasHighDenoisingError() {
		Denoiser d = LikelihoodTest.onnx("gaussian-edm");
		Shape shape = new Shape(2, 3, 16, 16);
		double[] x = LikelihoodTest.gaussianImages(shape, M, S, 21);
		int oy = 5, ox = 9;
		for (int c = 0; c < 3; c++) // image 1, all channels of pixel (9, 5) at m + 5s
			x[((3 + c) * 16 + oy) * 16 + ox] = M + 5 * S;
		double[] before = x.clone();
		double[] map = AnomalyMap.denoisingError(d, shape, x, 0.5, 3, 4);
		assertEquals(Arrays.toString(before), Arrays.toString(x), "the input is not modified");
		assertEquals(2 * 16 * 16, map.length);
		int outlier = 256 + oy * 16 + ox;
		double rest = 0, restMax = 0;
		for (int i = 256; i < 512; i++)
			if (i != outlier) {
				rest += map[i] / 255;
				restMax = Math.max(restMax, map[i]);
			}
		LikelihoodTest.report("denoising error at sigma 0.5: outlier %.3f, mean of the rest %.3f, max of the rest %.3f", map[outlier], rest, restMax);
		assertTrue(map[outlier] > 5 * rest && map[outlier] > restMax, "outlier " + map[outlier] + " vs mean " + rest + ", max " + restMax);
		// the same seed gives the same map
		assertEquals(Arrays.toString(map), Arrays.toString(AnomalyMap.denoisingError(d, shape, x, 0.5, 3, 4)));
	}

	@Test
	void tileWithOutliersHasHigherBitsPerDim() {
		Model model = Model.load(LikelihoodTest.ANALYTIC.resolve("gaussian-edm"));
		Denoiser d = model.denoiser(OrtNetwork.open(model, LikelihoodTest.ORT));
		Shape shape = new Shape(1, 3, 16, 16);
		double[] x = LikelihoodTest.gaussianImages(shape, M, S, 22);
		for (int c = 0; c < 3; c++) // four outliers in tile (row 1, col 0)
			for (int k = 0; k < 4; k++)
				x[(c * 16 + 10 + k) * 16 + 2 + k] = M - 5 * S;
		Likelihood.Options o = Likelihood.Options.defaults().withOffsetBits(0);
		AnomalyMap.Tiles tiles = AnomalyMap.tileBitsPerDim(d, model.sde(), shape, x, 8, o);
		assertEquals(2, tiles.rows());
		assertEquals(2, tiles.cols());
		double[] map = tiles.map();
		LikelihoodTest.report("tile bits/dim (8x8 tiles): %s, NFE %d", Arrays.toString(map), tiles.result().nfe());
		for (int t = 0; t < 4; t++)
			if (t != 2) assertTrue(map[2] > map[t] + 0.1, "tile 2 " + map[2] + " vs tile " + t + " " + map[t]);
		// each tile is its own image: its bits/dim is that of the cropped image alone, and close to the exact density
		Shape one = new Shape(1, 3, 8, 8);
		double[] crop = new double[one.size()];
		for (int c = 0; c < 3; c++)
			for (int y = 0; y < 8; y++)
				System.arraycopy(x, (c * 16 + 8 + y) * 16, crop, (c * 8 + y) * 8, 8);
		double alone = Likelihood.bitsPerDim(d, model.sde(), one, crop, o).bitsPerDim()[0];
		double exact = -LikelihoodTest.gaussianLogp(one, crop, M, S)[0] / (192 * Math.log(2));
		assertEquals(exact, alone, 2e-3);
		assertEquals(alone, map[2], 2e-3);
	}
}
