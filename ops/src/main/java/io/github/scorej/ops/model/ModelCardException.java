package io.github.scorej.ops.model;

/**
 * A model folder or its card ({@code rdf.yaml}) is wrong: the message names the file, and where
 * it applies the field and what was expected, e.g.
 * {@code models/x/rdf.yaml: config.scorej.sigma_max must be a number, got 'abc'}.
 */
public class ModelCardException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public ModelCardException(String message) {
		super(message);
	}

	public ModelCardException(String message, Throwable cause) {
		super(message, cause);
	}
}
