package io.github.scorej.plugin.io;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import io.github.scorej.ops.model.Shape;

import java.nio.file.Files;
import java.nio.file.Path;

/** Float32 TIFF stacks for NCHW tensors: one slice per (n, c), in that order. */
public final class Tiffs {

	private Tiffs() {}

	/** An ImagePlus holding the tensor as 32-bit slices (N·C of them), with {@code info} as its Info property. */
	public static ImagePlus toImage(String title, Shape shape, double[] x, String info) {
		ImageStack stack = new ImageStack(shape.w(), shape.h());
		int plane = shape.h() * shape.w();
		for (int s = 0; s < shape.n() * shape.c(); s++) {
			float[] px = new float[plane];
			for (int i = 0; i < plane; i++)
				px[i] = (float) x[s * plane + i];
			stack.addSlice("n" + (s / shape.c() + 1) + "-c" + (s % shape.c() + 1), new FloatProcessor(shape.w(), shape.h(), px));
		}
		ImagePlus imp = new ImagePlus(title, stack);
		if (shape.c() > 1 && shape.n() > 1) imp.setDimensions(shape.c(), 1, shape.n());
		else if (shape.c() > 1) imp.setDimensions(shape.c(), 1, 1);
		if (info != null) imp.setProperty("Info", info);
		return imp;
	}

	/**
	 * Reads a float TIFF of N·C slices of H×W into an NCHW array for {@code shape}, read completely
	 * ({@link ImageFiles#open}). Standard-normal noise is 32-bit float, finite and not constant: an
	 * integer image, a NaN or infinite value, or a constant tensor (an all-zero file) is refused. The
	 * error names the file, and its shape and the expected one, or the first bad value's position.
	 */
	public static double[] readTensor(Path file, Shape shape) {
		ImagePlus imp;
		try {
			imp = ImageFiles.open(file);
		} catch (ImageFiles.UnreadableImageException e) {
			throw new IllegalArgumentException("noise file " + e.getMessage(), e);
		}
		if (imp.getType() != ImagePlus.GRAY32)
			throw new IllegalArgumentException("noise file " + file + " is " + (imp.getType() == ImagePlus.COLOR_RGB ? "RGB" : imp.getBitDepth() + "-bit")
					+ ": initial noise is standard-normal values, a 32-bit float TIFF");
		int slices = imp.getStackSize();
		if (imp.getWidth() != shape.w() || imp.getHeight() != shape.h() || slices != shape.n() * shape.c())
			throw new IllegalArgumentException("noise file " + file + " has " + slices + " slices of " + imp.getWidth() + "×"
					+ imp.getHeight() + ", expected " + shape.n() * shape.c() + " slices (N·C = " + shape.n() + "·" + shape.c()
					+ ") of " + shape.w() + "×" + shape.h());
		double[] x = new double[shape.size()];
		int plane = shape.h() * shape.w();
		long bad = 0;
		int first = -1;
		for (int s = 0; s < slices; s++) {
			ImageProcessor ip = imp.getStack().getProcessor(s + 1);
			for (int i = 0; i < plane; i++) {
				float v = ip.getf(i);
				if (!Float.isFinite(v) && bad++ == 0) first = s * plane + i;
				x[s * plane + i] = v;
			}
		}
		if (bad > 0)
			throw new IllegalArgumentException("noise file " + file + " has " + bad + " value(s) that are NaN or infinite, the first (" + x[first] + ") at x="
					+ first % plane % shape.w() + ", y=" + first % plane / shape.w() + ", slice " + (first / plane + 1)
					+ ": initial noise is finite standard-normal values");
		boolean constant = x.length > 1;
		for (int i = 1; i < x.length && constant; i++)
			constant = x[i] == x[0];
		if (constant)
			throw new IllegalArgumentException("noise file " + file + " is constant (every value is " + x[0]
					+ "): initial noise is standard-normal values, mean 0 and standard deviation 1");
		return x;
	}
}
