package io.github.scorej.plugin.image;

/**
 * The image's channels do not fit the model's: the message says which, and how to fix it. When
 * the image is RGB and the model takes one channel, {@link #greyWouldFit()} is true and a grey
 * copy of the image would do.
 */
public final class ChannelMismatchException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;
	private final boolean greyWouldFit;

	ChannelMismatchException(String message, boolean greyWouldFit) {
		super(message);
		this.greyWouldFit = greyWouldFit;
	}

	/** True if the image is RGB and the model takes one channel: converting to grey would fit. */
	public boolean greyWouldFit() {
		return greyWouldFit;
	}
}
