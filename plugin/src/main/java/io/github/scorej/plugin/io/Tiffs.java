package io.github.scorej.plugin.io;

import ij.IJ;
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
	 * Reads a float TIFF of N·C slices of H×W into an NCHW array for {@code shape}; the error names
	 * the file, its shape and the expected one.
	 */
	public static double[] readTensor(Path file, Shape shape) {
		if (!Files.isRegularFile(file)) throw new IllegalArgumentException("noise file " + file + " does not exist");
		ImagePlus imp = IJ.openImage(file.toString());
		if (imp == null) throw new IllegalArgumentException("noise file " + file + " is not an image ImageJ can read");
		int slices = imp.getStackSize();
		if (imp.getWidth() != shape.w() || imp.getHeight() != shape.h() || slices != shape.n() * shape.c())
			throw new IllegalArgumentException("noise file " + file + " has " + slices + " slices of " + imp.getWidth() + "×"
					+ imp.getHeight() + ", expected " + shape.n() * shape.c() + " slices (N·C = " + shape.n() + "·" + shape.c()
					+ ") of " + shape.w() + "×" + shape.h());
		double[] x = new double[shape.size()];
		int plane = shape.h() * shape.w();
		for (int s = 0; s < slices; s++) {
			ImageProcessor ip = imp.getStack().getProcessor(s + 1);
			for (int i = 0; i < plane; i++)
				x[s * plane + i] = ip.getf(i);
		}
		return x;
	}
}
