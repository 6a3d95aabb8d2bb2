package io.github.scorej.plugin.core;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import io.github.scorej.ops.inverse.MriOperator;

/**
 * MRI's images: k-space as a 2-slice (real, imaginary) stack or as two images, and the sampling mask
 * (non-zero = acquired), each checked with one clear message naming the image.
 */
public final class KSpaceImages {

	private KSpaceImages() {}

	/** k-space from its real and imaginary parts (each one H×W plane) as the 2-slice stack the restoration takes, titled as the real part. */
	public static ImagePlus complex(ImagePlus re, ImagePlus im) {
		if (re.getStackSize() != 1)
			throw new IllegalArgumentException("'" + re.getTitle() + "' has " + re.getStackSize()
					+ " slices: with a separate imaginary part, the k-space image must be the real part alone");
		if (im.getStackSize() != 1) throw new IllegalArgumentException("imaginary part '" + im.getTitle() + "' has " + im.getStackSize() + " slices, not 1");
		if (im.getWidth() != re.getWidth() || im.getHeight() != re.getHeight())
			throw new IllegalArgumentException("imaginary part '" + im.getTitle() + "' is " + im.getWidth() + "x" + im.getHeight() + ", the real part '"
					+ re.getTitle() + "' " + re.getWidth() + "x" + re.getHeight());
		ImageStack st = new ImageStack(re.getWidth(), re.getHeight());
		st.addSlice("re", re.getProcessor().convertToFloatProcessor());
		st.addSlice("im", im.getProcessor().convertToFloatProcessor());
		ImagePlus k = new ImagePlus(re.getTitle(), st);
		k.setCalibration(re.getCalibration().copy());
		return k;
	}

	/** The values of a 2-slice (re, im) k-space stack, interleaved (re, im), row-major; NaN or infinity is refused. */
	static double[] values(ImagePlus k) {
		int w = k.getWidth(), h = k.getHeight();
		double[] out = new double[2 * w * h];
		for (int part = 0; part < 2; part++) {
			ImageProcessor ip = k.getStack().getProcessor(part + 1);
			for (int i = 0; i < w * h; i++) {
				float v = ip.getf(i);
				if (!Float.isFinite(v))
					throw new IllegalArgumentException("k-space '" + k.getTitle() + "' has " + v + " in its " + (part == 0 ? "real" : "imaginary")
							+ " part at x=" + i % w + ", y=" + i / w + ": k-space must be finite");
				out[2 * i + part] = v;
			}
		}
		return out;
	}

	/** The acquired points of a mask image (first plane; non-zero = acquired), which must have the k-space's size. */
	static boolean[] acquired(ImagePlus mask, ImagePlus kspace) {
		int w = kspace.getWidth(), h = kspace.getHeight();
		if (mask.getWidth() != w || mask.getHeight() != h)
			throw new IllegalArgumentException("k-space mask '" + mask.getTitle() + "' is " + mask.getWidth() + "x" + mask.getHeight() + ", the k-space '"
					+ kspace.getTitle() + "' is " + w + "x" + h + ": the mask marks the acquired points of that k-space");
		ImageProcessor ip = mask.getStack().getProcessor(1);
		boolean rgb = mask.getType() == ImagePlus.COLOR_RGB;
		boolean[] m = new boolean[w * h];
		int n = 0;
		for (int i = 0; i < m.length; i++) {
			float v = rgb ? ip.get(i) & 0xffffff : ip.getf(i);
			if (Float.isNaN(v)) throw new IllegalArgumentException("k-space mask '" + mask.getTitle() + "' has NaN at x=" + i % w + ", y=" + i / w);
			if (v != 0) {
				m[i] = true;
				n++;
			}
		}
		if (n == 0) throw new IllegalArgumentException("k-space mask '" + mask.getTitle() + "' marks no point: non-zero marks the acquired points");
		return m;
	}

	/** The measurement from centred unitary k-space; refused if it is zero at every acquired point. */
	static double[] measurement(MriOperator op, double[] centred, ImagePlus kspace) {
		double[] y = op.measurementFromKSpace(centred, op.height(), op.width(), 2);
		for (double v : y)
			if (v != 0) return y;
		throw new IllegalArgumentException("k-space '" + kspace.getTitle() + "' is zero at every acquired point (" + op.describe()
				+ "): nothing was measured; check the file, and give the acquired points with a mask if k-space is zero-filled");
	}

	/**
	 * Refuses zero-filled k-space given without its mask: where lines drawn by the operator are exactly zero while
	 * lines it did not draw hold values above round-off (10⁻⁶ of the largest), the k-space holds only some lines
	 * (exact zeros do not come out of a measurement or an FFT of a natural image), and the drawn lines would measure
	 * nothing.
	 */
	static void requireFull(MriOperator op, double[] centred, ImagePlus kspace) {
		boolean[] rows = op.rows();
		int w = op.width(), zeroDrawn = 0, filledOther = 0;
		double max = 0;
		for (double v : centred)
			max = Math.max(max, Math.abs(v));
		for (int r = 0; r < rows.length; r++) {
			double most = 0;
			for (int i = 2 * r * w; i < 2 * (r + 1) * w; i++)
				most = Math.max(most, Math.abs(centred[i]));
			if (most == 0 && rows[r]) zeroDrawn++;
			if (most > 1e-6 * max && !rows[r]) filledOther++;
		}
		if (zeroDrawn > 0 && filledOther > 0)
			throw new IllegalArgumentException("k-space '" + kspace.getTitle() + "' is zero on " + zeroDrawn + " of the lines drawn (" + op.describe()
					+ ") but not on " + filledOther + " others: it looks zero-filled; give the acquired points as a k-space mask (non-zero = acquired)");
	}

	/** A sampling mask as an 8-bit image: 255 where acquired. */
	static ImagePlus maskImage(String title, boolean[] m, int w, int h) {
		byte[] px = new byte[m.length];
		for (int i = 0; i < m.length; i++)
			if (m[i]) px[i] = (byte) 255;
		return new ImagePlus(title, new ByteProcessor(w, h, px));
	}
}
