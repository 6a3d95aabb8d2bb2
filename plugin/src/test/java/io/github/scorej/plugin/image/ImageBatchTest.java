package io.github.scorej.plugin.image;

import ij.ImagePlus;
import ij.gui.NewImage;
import ij.process.ImageProcessor;
import io.github.scorej.ops.model.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** ImagePlus to NCHW and back: layout, mirror padding, normalisation, exact round trips. */
class ImageBatchTest {

	private static ImagePlus random(int bits, int w, int h, int planes) {
		ImagePlus imp = NewImage.createImage("r", w, h, planes, bits, NewImage.FILL_BLACK);
		Random r = new Random(bits);
		for (int s = 1; s <= planes; s++) {
			ImageProcessor ip = imp.getStack().getProcessor(s);
			for (int i = 0; i < w * h; i++)
				if (bits == 32) ip.setf(i, (float) r.nextGaussian());
				else ip.set(i, r.nextInt(bits == 8 ? 256 : bits == 16 ? 65536 : 1 << 24));
		}
		return imp;
	}

	@Test
	void nonFinitePixelsAreRefusedNamingTheImage() {
		ImagePlus imp = random(32, 10, 6, 2);
		imp.setTitle("cells.tif");
		imp.getStack().getProcessor(2).setf(3, 4, Float.NEGATIVE_INFINITY);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageBatch.of(imp, 1, 8, 16, "m"));
		assertTrue(e.getMessage().contains("'cells.tif' has 1 pixel") && e.getMessage().contains("(-Infinity) at x=3, y=4, slice 2 of 2"), e.getMessage());
	}

	@ParameterizedTest
	@ValueSource(ints = { 8, 16, 32, 24 })
	void roundTripIsExact(int bits) {
		ImagePlus in = random(bits, 13, 6, 3);
		ImageBatch b = ImageBatch.of(in, bits == 24 ? 3 : 1, 8, 16, "m");
		assertEquals(new Shape(3, bits == 24 ? 3 : 1, 8, 16), b.shape());
		Normalization.Affine[] maps = Normalization.percentile().fit(in, -1, 1);
		ImagePlus out = b.toImage(b.toTensor(maps), maps, "out");
		for (int s = 1; s <= 3; s++)
			for (int i = 0; i < 13 * 6; i++)
				if (bits == 32) assertEquals(in.getStack().getProcessor(s).getf(i), out.getStack().getProcessor(s).getf(i), 1e-4);
				else assertEquals(in.getStack().getProcessor(s).get(i), out.getStack().getProcessor(s).get(i));
	}

	@Test
	void mirrorPaddingReflectsWithoutRepeatingTheEdge() {
		assertEquals(1, ImageBatch.mirror(-1, 5));
		assertEquals(3, ImageBatch.mirror(5, 5));
		assertEquals(0, ImageBatch.mirror(8, 5));
		assertEquals(0, ImageBatch.mirror(7, 1));
		assertEquals(32, ImageBatch.padded(27, 8));
		assertEquals(8, ImageBatch.padded(8, 8));
		ImagePlus in = NewImage.createFloatImage("ramp", 3, 1, 1, NewImage.FILL_BLACK);
		for (int x = 0; x < 3; x++)
			in.getProcessor().setf(x, 0, x);
		double[] t = ImageBatch.of(in, 1, 1, 8, "m").toTensor(new Normalization.Affine[] { new Normalization.Affine(0, 1, 0, 1) });
		// centred: 2 columns on the left, 3 on the right of 0 1 2
		assertArrayEquals(new double[] { 2, 1, 0, 1, 2, 1, 0, 1 }, t);
	}

	@Test
	void eachChannelIsNormalisedOnItsOwn() {
		ImagePlus in = NewImage.createFloatImage("two", 4, 4, 4, NewImage.FILL_BLACK);
		in.setDimensions(2, 2, 1);
		for (int s = 1; s <= 4; s++)
			for (int i = 0; i < 16; i++)
				in.getStack().getProcessor(s).setf(i, (in.convertIndexToPosition(s)[0] == 1 ? 1 : 1000) * i);
		Normalization.Affine[] maps = new Normalization(Normalization.Mode.PERCENTILE, 0, 100).fit(in, -1, 1);
		assertEquals(2, maps.length);
		assertEquals(15, maps[0].hi(), 1e-9);
		assertEquals(15000, maps[1].hi(), 1e-9);
		// a 1-channel model: each plane goes through its own channel's map, onto the whole of [-1, 1] (its 0 to -1, its
		// maximum to 1); a plane mapped by the other channel's map would span [-1, -0.998] or [-1, 1999]
		double[] t = ImageBatch.of(in, 1, 8, 8, "m").toTensor(maps);
		assertEquals(4 * 64, t.length);
		for (int item = 0; item < 4; item++) {
			double[] plane = java.util.Arrays.copyOfRange(t, item * 64, (item + 1) * 64);
			assertEquals(-1, java.util.Arrays.stream(plane).min().orElseThrow(), 1e-9, "plane " + (item + 1) + "'s minimum");
			assertEquals(1, java.util.Arrays.stream(plane).max().orElseThrow(), 1e-9, "plane " + (item + 1) + "'s maximum");
		}
	}

	@Test
	void percentilesFollowNumpy() {
		float[] v = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
		assertEquals(0.1, Normalization.percentile(v, 1), 1e-6);
		assertEquals(9.98, Normalization.percentile(v, 99.8), 1e-5);
		assertEquals(10, Normalization.percentile(v, 100), 0);
	}
}
