package io.github.scorej.ops.model;

/**
 * The shape [N, C, H, W] of a batch of images stored in one array in NCHW order: element
 * (n, c, y, x) sits at {@code ((n·C + c)·H + y)·W + x}. The same array, read backwards, is an
 * ImgLib2 image of dimensions (W, H, C, N).
 */
public record Shape(int n, int c, int h, int w) {

	public Shape {
		if (n < 1 || c < 1 || h < 1 || w < 1)
			throw new IllegalArgumentException("shape [N, C, H, W] must be positive, got " + format(n, c, h, w));
		if ((long) n * c * h * w > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("batch " + format(n, c, h, w) + " has more than 2^31 elements: use tiles or a smaller batch");
	}

	/** Number of elements of the whole batch. */
	public int size() {
		return n * c * h * w;
	}

	/** Number of elements of one batch item, C·H·W. */
	public int itemSize() {
		return c * h * w;
	}

	/** The same image shape with another batch size. */
	public Shape withBatch(int batch) {
		return new Shape(batch, c, h, w);
	}

	public long[] nchw() {
		return new long[] { n, c, h, w };
	}

	@Override
	public String toString() {
		return format(n, c, h, w);
	}

	private static String format(int n, int c, int h, int w) {
		return "[" + n + ", " + c + ", " + h + ", " + w + "]";
	}
}
