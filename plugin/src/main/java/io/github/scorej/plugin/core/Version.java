package io.github.scorej.plugin.core;

/** The ScoreJ version from the jar's manifest, or "0.1.0-dev" when run from classes. */
public final class Version {

	private Version() {}

	public static String get() {
		String v = Version.class.getPackage().getImplementationVersion();
		return v == null ? "0.1.0-dev" : v;
	}
}
