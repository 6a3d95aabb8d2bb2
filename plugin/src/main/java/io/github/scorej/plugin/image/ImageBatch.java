package io.github.scorej.plugin.image;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import io.github.scorej.ops.model.Shape;

/**
 * An ImagePlus (8-, 16-, 32-bit or RGB; one plane, a stack or a hyperstack) seen as a float batch
 * in NCHW order for a model of C channels, and back. Which planes make up one batch item:
 * <ul>
 * <li>a model of 1 channel: every plane is an item (each channel of a hyperstack on its own);</li>
 * <li>an RGB image and a model of 3 channels: every plane is an item, its colours the channels;</li>
 * <li>a hyperstack of C channels and a model of C channels: every (z, t) is an item.</li>
 * </ul>
 * Anything else is a {@link ChannelMismatchException} naming both counts. Planes are mirror-padded
 * (edge not repeated, ImgLib2's {@code extendMirrorSingle}) to the padded size, centred, and cropped
 * back. The input image is only read, never modified, and must hold finite values
 * ({@link #requireFinite}).
 */
public final class ImageBatch {

	private final ImagePlus imp;
	private final boolean rgb;
	private final int channels, items;
	/** 1-based stack index of (item, channel), or for RGB the plane of the item. */
	private final int[][] planes;
	private final int h, w, ph, pw, top, left;

	private ImageBatch(ImagePlus imp, boolean rgb, int channels, int[][] planes, int ph, int pw) {
		this.imp = imp;
		this.rgb = rgb;
		this.channels = channels;
		this.planes = planes;
		this.items = planes.length;
		this.h = imp.getHeight();
		this.w = imp.getWidth();
		this.ph = ph;
		this.pw = pw;
		this.top = (ph - h) / 2;
		this.left = (pw - w) / 2;
	}

	/**
	 * The batch layout of {@code imp} for a model of {@code modelChannels} channels, padded to
	 * {@code paddedHeight} × {@code paddedWidth} (at least the image's size).
	 *
	 * @param model the model's name, for error messages
	 * @throws ChannelMismatchException when the channels do not fit
	 * @throws IllegalArgumentException for a pixel that is NaN or infinite, naming the image and the pixel
	 */
	public static ImageBatch of(ImagePlus imp, int modelChannels, int paddedHeight, int paddedWidth, String model) {
		requireFinite(imp);
		if (paddedHeight < imp.getHeight() || paddedWidth < imp.getWidth())
			throw new IllegalArgumentException("padded size " + paddedWidth + "x" + paddedHeight + " is smaller than the image, "
					+ imp.getWidth() + "x" + imp.getHeight());
		int n = imp.getStackSize();
		if (imp.getType() == ImagePlus.COLOR_RGB) {
			if (modelChannels != 3)
				throw new ChannelMismatchException("model '" + model + "' takes " + plural(modelChannels) + " but '" + imp.getTitle()
						+ "' is RGB (3 channels): convert it to grey (Image > Type > 8-bit) or choose a 3-channel model", modelChannels == 1);
			int[][] planes = new int[n][];
			for (int s = 0; s < n; s++)
				planes[s] = new int[] { s + 1 };
			return new ImageBatch(imp, true, 3, planes, paddedHeight, paddedWidth);
		}
		int nc = imp.getNChannels();
		if (modelChannels == 1) {
			int[][] planes = new int[n][];
			for (int s = 0; s < n; s++)
				planes[s] = new int[] { s + 1 };
			return new ImageBatch(imp, false, 1, planes, paddedHeight, paddedWidth);
		}
		if (modelChannels != nc)
			throw new ChannelMismatchException("model '" + model + "' takes " + plural(modelChannels) + " but '" + imp.getTitle() + "' has "
					+ plural(nc) + (modelChannels == 3 && nc == 1 ? ": make an RGB image (Image > Type > RGB Color)" : ""), false);
		int nz = imp.getNSlices(), nt = imp.getNFrames();
		int[][] planes = new int[nz * nt][nc];
		for (int t = 0; t < nt; t++)
			for (int z = 0; z < nz; z++)
				for (int c = 0; c < nc; c++)
					planes[t * nz + z][c] = imp.getStackIndex(c + 1, z + 1, t + 1);
		return new ImageBatch(imp, false, nc, planes, paddedHeight, paddedWidth);
	}

	/**
	 * Refuses a 32-bit image with a NaN or infinite pixel (the other types hold only finite values),
	 * naming the image, how many there are and where the first is, so that the user's data is not
	 * later taken for a network's failure.
	 */
	public static void requireFinite(ImagePlus imp) {
		if (imp.getBitDepth() != 32) return;
		ImageStack st = imp.getStack();
		long bad = 0;
		int slice = 0, at = 0;
		float first = 0;
		for (int s = 1; s <= st.getSize(); s++) {
			float[] px = (float[]) st.getProcessor(s).getPixels();
			for (int i = 0; i < px.length; i++)
				if (!Float.isFinite(px[i]) && bad++ == 0) {
					slice = s;
					at = i;
					first = px[i];
				}
		}
		if (bad == 0) return;
		int w = imp.getWidth();
		throw new IllegalArgumentException("'" + imp.getTitle() + "' has " + bad + (bad == 1 ? " pixel that is" : " pixels that are")
				+ " NaN or infinite, the first (" + first + ") at x=" + at % w + ", y=" + at / w + ", slice " + slice + " of " + st.getSize()
				+ ": ScoreJ needs finite values (replace them, e.g. Process > Math > Remove NaNs)");
	}

	/** The smallest multiple of {@code m} that is at least {@code size}. */
	public static int padded(int size, int m) {
		int k = Math.max(1, m);
		return (size + k - 1) / k * k;
	}

	/** The NCHW shape of the padded batch. */
	public Shape shape() {
		return new Shape(items, channels, ph, pw);
	}

	/** Index of the mirror image (edge not repeated) of i in [0, n). */
	static int mirror(int i, int n) {
		if (n == 1) return 0;
		int period = 2 * n - 2;
		i = Math.floorMod(i, period);
		return i < n ? i : period - i;
	}

	/** The image channel (0-based) that channel {@code c} of item {@code k} comes from; 0 for RGB. */
	int imageChannel(int k, int c) {
		if (rgb) return 0;
		return imp.convertIndexToPosition(planes[k][c])[0] - 1;
	}

	/**
	 * The batch in the model's data space: pixel values through the map of their image channel
	 * ({@link Normalization#fit}), mirror-padded.
	 */
	public double[] toTensor(Normalization.Affine[] maps) {
		Shape s = shape();
		double[] x = new double[s.size()];
		ImageStack st = imp.getStack();
		float[] plane = new float[h * w];
		for (int k = 0; k < items; k++)
			for (int c = 0; c < channels; c++) {
				ImageProcessor ip = st.getProcessor(rgb ? planes[k][0] : planes[k][c]);
				if (rgb) {
					int[] px = (int[]) ip.getPixels();
					int shift = 16 - 8 * c;
					for (int i = 0; i < plane.length; i++)
						plane[i] = (px[i] >> shift) & 0xff;
				} else {
					for (int i = 0; i < plane.length; i++)
						plane[i] = ip.getf(i);
				}
				int base = (k * channels + c) * ph * pw;
				Normalization.Affine map = maps[imageChannel(k, c)];
				for (int y = 0; y < ph; y++) {
					int sy = mirror(y - top, h) * w;
					for (int xx = 0; xx < pw; xx++)
						x[base + y * pw + xx] = map.forward(plane[sy + mirror(xx - left, w)]);
				}
			}
		return x;
	}

	/**
	 * A new image like the input (type, dimensions, calibration, slice labels) called {@code title},
	 * holding {@code x}, cropped and mapped back through the maps of {@link #toTensor}; 8- and 16-bit
	 * values are rounded and clamped to the type's range.
	 */
	public ImagePlus toImage(double[] x, Normalization.Affine[] maps, String title) {
		if (x.length != shape().size()) throw new IllegalArgumentException("tensor has " + x.length + " values, expected " + shape());
		ImageStack src = imp.getStack();
		ImageStack out = new ImageStack(w, h, src.getSize());
		int type = imp.getType();
		for (int k = 0; k < items; k++) {
			if (rgb) {
				Normalization.Affine map = maps[0];
				int[] px = new int[w * h];
				for (int c = 0; c < 3; c++) {
					int base = (k * 3 + c) * ph * pw, shift = 16 - 8 * c;
					for (int y = 0; y < h; y++)
						for (int xx = 0; xx < w; xx++) {
							long v = Math.round(map.inverse(x[base + (y + top) * pw + xx + left]));
							px[y * w + xx] |= (int) Math.max(0, Math.min(255, v)) << shift;
						}
				}
				out.setProcessor(new ColorProcessor(w, h, px), planes[k][0]);
			} else {
				for (int c = 0; c < channels; c++) {
					int base = (k * channels + c) * ph * pw;
					Normalization.Affine map = maps[imageChannel(k, c)];
					float[] v = new float[w * h];
					for (int y = 0; y < h; y++)
						for (int xx = 0; xx < w; xx++)
							v[y * w + xx] = (float) map.inverse(x[base + (y + top) * pw + xx + left]);
					out.setProcessor(convert(new FloatProcessor(w, h, v), type), planes[k][c]);
				}
			}
		}
		for (int s = 1; s <= src.getSize(); s++)
			out.setSliceLabel(src.getSliceLabel(s), s);
		ImagePlus result = new ImagePlus(title, out);
		result.setDimensions(imp.getNChannels(), imp.getNSlices(), imp.getNFrames());
		if (imp.isHyperStack()) result.setOpenAsHyperStack(true);
		if (imp.isComposite()) {
			CompositeImage ci = new CompositeImage(result, ((CompositeImage) imp).getMode());
			ci.setLuts(((CompositeImage) imp).getLuts());
			result = ci;
		} else if (type != ImagePlus.COLOR_RGB) {
			result.setDisplayRange(imp.getDisplayRangeMin(), imp.getDisplayRangeMax());
		}
		result.setCalibration(imp.getCalibration().copy());
		return result;
	}

	private static ImageProcessor convert(FloatProcessor fp, int type) {
		float[] v = (float[]) fp.getPixels();
		switch (type) {
			case ImagePlus.GRAY8: {
				byte[] b = new byte[v.length];
				for (int i = 0; i < v.length; i++)
					b[i] = (byte) Math.max(0, Math.min(255, Math.round(v[i])));
				return new ByteProcessor(fp.getWidth(), fp.getHeight(), b);
			}
			case ImagePlus.GRAY16: {
				short[] s = new short[v.length];
				for (int i = 0; i < v.length; i++)
					s[i] = (short) Math.max(0, Math.min(65535, Math.round(v[i])));
				return new ShortProcessor(fp.getWidth(), fp.getHeight(), s, null);
			}
			default:
				return fp;
		}
	}

	private static String plural(int c) {
		return c + (c == 1 ? " channel" : " channels");
	}
}
