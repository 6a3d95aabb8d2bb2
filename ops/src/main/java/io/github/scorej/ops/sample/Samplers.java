package io.github.scorej.ops.sample;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/** The registry of built-in samplers, by name. */
public final class Samplers {

	private static final List<Sampler> ALL;
	static {
		List<Sampler> all = new ArrayList<>();
		all.addAll(SigmaSamplers.list());
		all.addAll(SdeSamplers.list());
		ALL = Collections.unmodifiableList(all);
	}

	private Samplers() {}

	public static List<Sampler> all() {
		return ALL;
	}

	public static List<String> names() {
		return ALL.stream().map(Sampler::name).collect(Collectors.toList());
	}

	/** The sampler called {@code name}; the error lists the valid names. */
	public static Sampler get(String name) {
		for (Sampler s : ALL)
			if (s.name().equals(name)) return s;
		throw new IllegalArgumentException("unknown sampler '" + name + "'; valid samplers: " + String.join(", ", names()));
	}
}
