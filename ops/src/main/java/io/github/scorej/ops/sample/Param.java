package io.github.scorej.ops.sample;

import java.util.List;
import java.util.Locale;

/**
 * One declared option: its snake_case name (the macro key and, with dashes, the CLI option), type,
 * default, range and one-line description. Declared once, next to what uses the value (a sampler's
 * options next to the sampler, the schedule's σ range and ρ in {@link Generator}, σ_y in
 * {@code Measurement}, …); dialogs, macro keys, CLI options and {@code scorej samplers} are
 * generated from it or checked against it.
 *
 * <p>A real range is closed, [min, max], unless {@link #openBelow()} or {@link #openAbove()} makes
 * an end open: (0, 100] is "greater than 0, at most 100", and [0, inf) is "0 or more, finite".
 * NaN lies in no range.
 */
public final class Param<T> {

	public enum Kind { REAL, INTEGER, BOOLEAN, CHOICE }

	private final String name;
	private final Kind kind;
	private final T defaultValue;
	private final double min, max;
	private final boolean openMin, openMax;
	private final List<String> choices;
	private final String description;

	private Param(String name, Kind kind, T defaultValue, double min, double max, List<String> choices, String description) {
		this(name, kind, defaultValue, min, false, max, false, choices, description);
	}

	private Param(String name, Kind kind, T defaultValue, double min, boolean openMin, double max, boolean openMax, List<String> choices,
			String description) {
		if (!name.matches("[a-z][a-z0-9_]*")) throw new IllegalArgumentException("option names are snake_case: " + name);
		this.name = name;
		this.kind = kind;
		this.defaultValue = defaultValue;
		this.min = min;
		this.max = max;
		this.openMin = openMin;
		this.openMax = openMax;
		this.choices = choices;
		this.description = description;
	}

	/** This real option with its lower end excluded: (min, …. */
	public Param<T> openBelow() {
		if (kind != Kind.REAL) throw new IllegalStateException(name + ": only a real range has open ends");
		return new Param<>(name, kind, defaultValue, min, true, max, openMax, choices, description);
	}

	/** This real option with its upper end excluded: …, max); with max = inf, "finite". */
	public Param<T> openAbove() {
		if (kind != Kind.REAL) throw new IllegalStateException(name + ": only a real range has open ends");
		return new Param<>(name, kind, defaultValue, min, openMin, max, true, choices, description);
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
	public boolean openMin() { return openMin; }
	public boolean openMax() { return openMax; }
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
					v = s.equalsIgnoreCase("inf") ? Double.POSITIVE_INFINITY : s.equalsIgnoreCase("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(s); // inf: as format writes it
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
		return check(name, v);
	}

	/** Whether a number lies in the declared range (NaN never does). */
	public boolean contains(double v) {
		return (openMin ? v > min : v >= min) && (openMax ? v < max : v <= max);
	}

	/**
	 * Checks a number given under another label (a CLI option such as {@code --rho}) against the
	 * declared range: the message is "label: value is outside range", e.g. "--rho: 0 is outside (0, 100]".
	 */
	public double check(String label, double v) {
		if (kind == Kind.BOOLEAN || kind == Kind.CHOICE) throw new IllegalStateException(name + " is not a number");
		if (!contains(v)) throw new IllegalArgumentException(label + ": " + format(v) + " is outside " + range());
		return v;
	}

	/** The range or choices, for help texts: [0, 1], (0, inf), true|false, karras|vp. */
	public String range() {
		switch (kind) {
			case BOOLEAN: return "true|false";
			case CHOICE: return String.join("|", choices);
			default: return (openMin ? "(" : "[") + format(min) + ", " + format(max) + (openMax ? ")" : "]");
		}
	}

	/** A number as a user would write it: 0, 7, 0.002, 1e-6, 1e300, inf, NaN. */
	public static String format(double v) {
		if (Double.isNaN(v)) return "NaN";
		if (v == Double.POSITIVE_INFINITY) return "inf";
		if (v == Double.NEGATIVE_INFINITY) return "-inf";
		if (v == Math.rint(v) && Math.abs(v) < 1e6) return String.valueOf((long) v);
		String s = java.math.BigDecimal.valueOf(v).stripTrailingZeros().toString().toLowerCase(Locale.ROOT).replace("e+", "e");
		return s;
	}

	@Override
	public String toString() {
		return name + "=" + defaultValue;
	}
}
