package io.github.scorej.ops.inverse;

/** The image size every operator carries: C × H × W, checked once here. */
abstract class ImageOperator implements LinearOperator {

	protected final int channels, height, width;

	ImageOperator(int channels, int height, int width) {
		Checks.imageSize(channels, height, width);
		this.channels = channels;
		this.height = height;
		this.width = width;
	}

	@Override
	public final int channels() {
		return channels;
	}

	@Override
	public final int height() {
		return height;
	}

	@Override
	public final int width() {
		return width;
	}
}
