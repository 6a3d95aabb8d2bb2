package io.github.scorej.ops.sample;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Immutable values for a sampler's declared {@link Param}s, typed on the way out: {@code
 * params.get(S_CHURN)} is a {@code Double}. Values not set take the declared default.
 */
public final class Params {

	private final List<Param<?>> declared;
	private final Map<String, Object> values;

	private Params(List<Param<?>> declared, Map<String, Object> values) {
		this.declared = declared;
		this.values = Collections.unmodifiableMap(values);
	}

	/** All defaults of the declared options. */
	public static Params defaults(List<Param<?>> declared) {
		return new Params(List.copyOf(declared), new LinkedHashMap<>());
	}

	/** The value of {@code p}, or its default. */
	@SuppressWarnings("unchecked")
	public <T> T get(Param<T> p) {
		Object v = values.get(p.name());
		return v == null ? p.defaultValue() : (T) v;
	}

	/** A copy with option {@code name} set from text; the error names the option and the valid ones. */
	public Params with(String name, String text) {
		Param<?> p = find(name);
		Map<String, Object> v = new LinkedHashMap<>(values);
		v.put(p.name(), p.parse(text));
		return new Params(declared, v);
	}

	/** A copy with {@code p} set. */
	public <T> Params with(Param<T> p, T value) {
		find(p.name());
		Map<String, Object> v = new LinkedHashMap<>(values);
		v.put(p.name(), p.check(value));
		return new Params(declared, v);
	}

	/** A copy with every entry of {@code options} set from text. */
	public Params with(Map<String, String> options) {
		Params out = this;
		for (Map.Entry<String, String> e : options.entrySet())
			out = out.with(e.getKey(), e.getValue());
		return out;
	}

	public List<Param<?>> declared() {
		return declared;
	}

	/** True if an option of that name is declared. */
	public boolean has(String name) {
		return declared.stream().anyMatch(p -> p.name().equals(name));
	}

	private Param<?> find(String name) {
		String key = name.replace('-', '_');
		for (Param<?> p : declared)
			if (p.name().equals(key)) return p;
		throw new IllegalArgumentException("unknown option '" + name + "'; valid options: "
				+ (declared.isEmpty() ? "(none)" : declared.stream().map(Param::name).collect(Collectors.joining(", "))));
	}

	/** name=value for every declared option, defaults included: the provenance line. */
	@Override
	public String toString() {
		return declared.stream().map(p -> p.name() + "=" + get(p)).collect(Collectors.joining(" "));
	}
}
