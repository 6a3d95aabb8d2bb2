package io.github.scorej.plugin.ij1;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * A SciJava command's {@code @Parameter} fields read by reflection: the single declaration from
 * which the ImageJ 1.x dialog, the macro keys and the recorded macro line are made. Superclass
 * fields come first, each class's in declaration order.
 */
public final class CommandParameters {

	/**
	 * One parameter.
	 *
	 * @param key the macro key: the field's name in snake_case, or its {@code key} attribute
	 * @param aliases older keys still accepted in macros (the {@code aliases} attribute, comma-separated)
	 */
	public record Item(Field field, Parameter annotation, String key, List<String> aliases, String label) {

		/** A SciJava service or the context: injected, never asked for. */
		public boolean isService() {
			return org.scijava.service.Service.class.isAssignableFrom(field.getType()) || field.getType() == org.scijava.Context.class;
		}

		public boolean isOutput() {
			return annotation.type() == ItemIO.OUTPUT;
		}

		public boolean isInput() {
			return annotation.type() == ItemIO.INPUT || annotation.type() == ItemIO.BOTH;
		}

		public Class<?> type() {
			return field.getType();
		}

		public Object get(Object command) {
			try {
				return field.get(command);
			} catch (IllegalAccessException e) {
				throw new IllegalStateException(e);
			}
		}

		public void set(Object command, Object value) {
			try {
				field.set(command, value);
			} catch (IllegalAccessException e) {
				throw new IllegalStateException(e);
			}
		}

		public String description() {
			return annotation.description();
		}

		/** The value of the attribute {@code name}, or null. */
		public String attr(String name) {
			for (Attr a : annotation.attrs())
				if (a.name().equals(name)) return a.value();
			return null;
		}

		/** When the parameter applies, from its {@code when} attribute ("task=deblur", "mode=denoise|tiles"); null: always. */
		public Condition when() {
			for (Attr a : annotation.attrs())
				if (a.name().equals("when")) {
					int eq = a.value().indexOf('=');
					if (eq < 1) throw new IllegalStateException(key + ": when=\"" + a.value() + "\" is not key=value|value");
					return new Condition(a.value().substring(0, eq).trim(), List.of(a.value().substring(eq + 1).trim().split("\\|")));
				}
			return null;
		}
	}

	/** A parameter applies when the parameter {@code key} has one of {@code values}; the dialog greys it out otherwise. */
	public record Condition(String key, List<String> values) {}

	private CommandParameters() {}

	/** Every {@code @Parameter} field of the command class and its superclasses. */
	public static List<Item> of(Class<?> command) {
		Deque<Class<?>> chain = new ArrayDeque<>();
		for (Class<?> c = command; c != null && c != Object.class; c = c.getSuperclass())
			chain.push(c);
		List<Item> out = new ArrayList<>();
		for (Class<?> c : chain)
			for (Field f : c.getDeclaredFields()) {
				Parameter p = f.getAnnotation(Parameter.class);
				if (p == null || Modifier.isStatic(f.getModifiers())) continue;
				f.setAccessible(true);
				out.add(new Item(f, p, key(f, p), aliases(p), p.label().isEmpty() ? f.getName() : p.label()));
			}
		return out;
	}

	/** The macro key of a field: its {@code key} attribute, else its name in snake_case. */
	static String key(Field f, Parameter p) {
		for (Attr a : p.attrs())
			if (a.name().equals("key")) return a.value();
		return f.getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
	}

	private static List<String> aliases(Parameter p) {
		List<String> out = new ArrayList<>();
		for (Attr a : p.attrs())
			if (a.name().equals("aliases"))
				for (String k : a.value().split(","))
					if (!k.isBlank()) out.add(k.trim());
		return out;
	}

	/**
	 * The command's menu label, its {@code @Plugin} label, e.g. "Generate (ScoreJ)": the ImageJ 1.x menu
	 * entry that {@code plugins.config} makes and macros {@code run}. The commands have no {@code menuPath},
	 * so that Fiji, which reads both, shows each once.
	 */
	static String title(Class<? extends Command> command) {
		Plugin p = command.getAnnotation(Plugin.class);
		if (p == null || p.label().isEmpty()) throw new IllegalStateException(command.getName() + " has no @Plugin label");
		return p.label();
	}
}
