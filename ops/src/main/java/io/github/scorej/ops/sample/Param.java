package io.github.scorej.ops.sample;

import java.util.List;
import java.util.Locale;

/**
 * One declared option of a sampler: its snake_case name (the macro key and, with dashes, the CLI
 * option), type, default, range and one-line description. Declared once, next to the sampler;
 * dialogs, macro keys, CLI options and {@code scorej samplers} are generated from it.
 */
public final class Param<T> {

	public enum Kind { REAL, INTEGER, BOOLEAN, CHOICE }

	private final String name;
	private final Kind kind;
	private final T defaultValue;
	private final double min, max;
	private final List<String> choices;
	private final String description;

	private Param(String name, Kind kind, T defaultValue, double min, double max, List<String> choices, String description) {
		if (!name.matches("[a-z][a-z0-9_]*")) throw new IllegalArgumentException("option names are snake_case: " + name);
		this.name = name;
		this.kind = kind;
		this.defaultValue = defaultValue;
		this.min = min;
		this.max = max;
		this.choices = choices;
		this.description = description;
	}

	public static Param<Double> real(String name, double defaultValue, double min, double max, String description) {
		return new Param<>(name, Kind.REAL, defaultValue, min, max, List.of(), description);
	}

	public static Param<Integer> integer(String name, int defaultValue, int min, int max, String description) {
		return new Param<>(name, Kind.INTEGER, defaultValue, min, max, List.of(), description);
	}

	public static Param<Boolean> bool(String name, boolean defaultValue, String description) {
		return new Param<>(name, Kind.BOOLEAN, defaultValue, 0, 1, List.of(), description);
	}

	public static Param<String> choice(String name, String defaultValue, List<String> choices, String description) {
		if (!choices.contains(defaultValue)) throw new IllegalArgumentException(name + ": default " + defaultValue + " is not a choice");
		return new Param<>(name, Kind.CHOICE, defaultValue, 0, 0, List.copyOf(choices), description);
	}

	public String name() { return name; }
	public Kind kind() { return kind; }
	public T defaultValue() { return defaultValue; }
	public double min() { return min; }
	public double max() { return max; }
	public List<String> choices() { return choices; }
	public String description() { return description; }

	/** Parses and range-checks a value given as text; the message names the option and the valid range. */
	@SuppressWarnings("unchecked")
	public T parse(String text) {
		String s = text.trim();
		switch (kind) {
			case REAL: {
				double v;
				try {
					v = Double.parseDouble(s);
				} catch (NumberFormatException e) {
					throw new IllegalArgumentException(name + ": '" + text + "' is not a number");
				}
				return (T) Double.valueOf(checkRange(v));
			}
			case INTEGER: {
				int v;
				try {
					v = Integer.parseInt(s);
				} catch (NumberFormatException e) {
					throw new IllegalArgumentException(name + ": '" + text + "' is not an integer");
				}
				return (T) Integer.valueOf((int) checkRange(v));
			}
			case BOOLEAN:
				if (s.equalsIgnoreCase("true") || s.equals("1") || s.equalsIgnoreCase("yes")) return (T) Boolean.TRUE;
				if (s.equalsIgnoreCase("false") || s.equals("0") || s.equalsIgnoreCase("no")) return (T) Boolean.FALSE;
				throw new IllegalArgumentException(name + ": '" + text + "' is not true or false");
			default:
				if (!choices.contains(s))
					throw new IllegalArgumentException(name + ": '" + text + "' is not one of " + String.join(", ", choices));
				return (T) s;
		}
	}

	/** Checks a typed value against the declared range or choices. */
	public T check(T value) {
		return parse(String.valueOf(value));
	}

	private double checkRange(double v) {
		if (!(v >= min && v <= max))
			throw new IllegalArgumentException(name + ": " + v + " is outside [" + format(min) + ", " + format(max) + "]");
		return v;
	}

	/** The range or choices, for help texts. */
	public String range() {
		switch (kind) {
			case BOOLEAN: return "true|false";
			case CHOICE: return String.join("|", choices);
			default: return "[" + format(min) + ", " + format(max) + "]";
		}
	}

	private static String format(double v) {
		if (v == Double.POSITIVE_INFINITY) return "inf";
		if (v == Double.NEGATIVE_INFINITY) return "-inf";
		if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.valueOf((long) v);
		return String.format(Locale.ROOT, "%s", v);
	}

	@Override
	public String toString() {
		return name + "=" + defaultValue;
	}
}
