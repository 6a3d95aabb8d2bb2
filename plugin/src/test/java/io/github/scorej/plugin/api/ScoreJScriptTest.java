package io.github.scorej.plugin.api;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.cell.CellImg;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;

import javax.script.ScriptEngine;
import javax.script.ScriptEngineManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** scripts/restore_imglib2.bsh run for real by BeanShell's JSR-223 engine on an ImgLib2 image, and the API's conversions. */
class ScoreJScriptTest {

	@Test
	void theExampleScriptDenoisesAnImgLib2Image() throws Exception {
		// a smooth 16-bit image and its noisy copy, made here (java.util.Random), not by ScoreJ's operator
		int w = 64, h = 48;
		Img<UnsignedShortType> noisy = ArrayImgs.unsignedShorts(w, h);
		double[] clean = new double[w * h];
		Random random = new Random(7);
		Cursor<UnsignedShortType> c = noisy.localizingCursor();
		while (c.hasNext()) {
			UnsignedShortType t = c.next();
			int x = c.getIntPosition(0), y = c.getIntPosition(1);
			clean[y * w + x] = 20000 + 15000 * Math.sin(x / 9.0) * Math.cos(y / 7.0);
			t.setReal(Math.round(clean[y * w + x] + 2000 * random.nextGaussian()));
		}
		ScriptEngine bsh = new ScriptEngineManager().getEngineByName("beanshell");
		assertNotNull(bsh, "BeanShell's JSR-223 engine");
		bsh.put("img", noisy);
		bsh.eval(Files.readString(Path.of("../scripts/restore_imglib2.bsh")));
		@SuppressWarnings("unchecked") Img<FloatType> mean = (Img<FloatType>) bsh.get("mean"), std = (Img<FloatType>) bsh.get("std");
		assertArrayEquals(new long[] { w, h }, mean.dimensionsAsLongArray());
		assertArrayEquals(new long[] { w, h }, std.dimensionsAsLongArray());
		assertTrue(mean instanceof ArrayImg, mean.getClass().getName());
		double before = 0, after = 0, spread = 0;
		RandomAccess<UnsignedShortType> in = noisy.randomAccess();
		RandomAccess<FloatType> m = mean.randomAccess(), s = std.randomAccess();
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				double truth = clean[y * w + x];
				before += Math.pow(in.setPositionAndGet(x, y).getRealDouble() - truth, 2);
				after += Math.pow(m.setPositionAndGet(x, y).getRealDouble() - truth, 2);
				spread += s.setPositionAndGet(x, y).getRealDouble();
			}
		assertTrue(after < 0.5 * before, "RMSE to the clean image " + Math.sqrt(after / (w * h)) + " vs the noisy one's " + Math.sqrt(before / (w * h)));
		assertTrue(spread > 0, "two samples differ somewhere");
	}

	@Test
	void resultsWrapOnePlaneAndCellStacksAboveTheLimit() {
		float[] px = { 1, 2, 3, 4, 5, 6 };
		Img<FloatType> one = ScoreJ.toImg(new ImagePlus("one", new FloatProcessor(3, 2, px)));
		one.firstElement().set(42);
		assertEquals(42, px[0], "a single plane's pixels are wrapped, not copied");
		ImageStack stack = new ImageStack(3, 2);
		for (int p = 0; p < 3; p++) {
			float[] v = new float[6];
			java.util.Arrays.fill(v, p);
			stack.addSlice(new FloatProcessor(3, 2, v));
		}
		Img<FloatType> cells = ScoreJ.toImg(new ImagePlus("stack", stack), 10);
		assertTrue(cells instanceof CellImg, cells.getClass().getName());
		assertArrayEquals(new long[] { 3, 2, 3 }, cells.dimensionsAsLongArray());
		assertEquals(2, cells.randomAccess().setPositionAndGet(1, 1, 2).get());
		ImagePlus back = ScoreJ.toImagePlus(Views.interval(cells, new long[] { 0, 0, 1 }, new long[] { 2, 1, 2 }), "back", 1);
		assertEquals(2, back.getStackSize());
		assertEquals(1, back.getStack().getProcessor(1).getf(0));
	}
}
