package io.github.scorej.plugin.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.tile.TiledDenoiser;

import org.junit.jupiter.api.Test;

class LoadedModelTest {

	/** Whole images up to about a megapixel; tiles beyond, so that memory stays bounded; the same values either way. */
	@Test
	void largeImagesRunInTiles() {
		LoadedModel m = LoadedModel.load("gaussian-edm", null, null);
		assertSame(m.denoiser(), m.denoiserFor(1024, 1024));
		assertTrue(m.denoiserFor(1032, 1024) instanceof TiledDenoiser);
		assertFalse(m.denoiserFor(64, 64) instanceof TiledDenoiser);
		// the Gaussian's denoiser is pixelwise: tiled and whole agree exactly
		Shape s = new Shape(1, 3, 24, 40);
		double[] x = new double[s.size()];
		for (int i = 0; i < x.length; i++)
			x[i] = Math.sin(i * 0.37);
		double[] whole = m.denoiser().denoise(s, x, 0.3), tiled = new TiledDenoiser(m.denoiser(), 16, 4, 3).denoise(s, x, 0.3);
		for (int i = 0; i < x.length; i++)
			assertTrue(Math.abs(whole[i] - tiled[i]) < 1e-5, "pixel " + i + ": " + whole[i] + " vs " + tiled[i]);
	}
}
