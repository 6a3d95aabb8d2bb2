package io.github.scorej.ops.problem;

/**
 * The sizes of one restoration: the operator's image (the unknown x, padded to what the model
 * takes), the measured image read from the input (padded too where the task measures the padded
 * image), and the output window of x that is returned.
 *
 * @param height x's rows (the operator's image)
 * @param width x's columns
 * @param measuredHeight the rows of the input as read (mirror-padded to this size, the input centred)
 * @param measuredWidth its columns
 * @param top the output's first row in x
 * @param left the output's first column in x
 * @param outHeight the output's rows
 * @param outWidth the output's columns
 */
public record Geometry(int height, int width, int measuredHeight, int measuredWidth, int top, int left, int outHeight, int outWidth) {

	/** What a model takes: the sizes an image is padded to. */
	public interface Padding {

		/**
		 * The padded size (at least h×w) of an input whose result is {@code factor}× larger, such that
		 * factor·padded is a size the model takes.
		 */
		int[] padded(int h, int w, int factor);

		/** The side (at least n) of a square field the model takes. */
		int square(int n);
	}

	/** No padding: any size is taken as it is. */
	public static final Padding NONE = new Padding() {
		@Override
		public int[] padded(int h, int w, int factor) {
			return new int[] { h, w };
		}

		@Override
		public int square(int n) {
			return n;
		}
	};

	/** An image-to-image geometry: x is the input padded to {@code padded}, the output the centred h×w window. */
	public static Geometry centred(int h, int w, int[] padded) {
		return new Geometry(padded[0], padded[1], padded[0], padded[1], (padded[0] - h) / 2, (padded[1] - w) / 2, h, w);
	}
}
