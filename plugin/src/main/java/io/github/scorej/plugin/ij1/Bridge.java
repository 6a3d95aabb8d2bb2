package io.github.scorej.plugin.ij1;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;
import ij.process.ImageConverter;
import ij.process.StackConverter;
import io.github.scorej.plugin.commands.About;
import io.github.scorej.plugin.commands.Colorize;
import io.github.scorej.plugin.commands.Generate;
import io.github.scorej.plugin.commands.ImageToImage;
import io.github.scorej.plugin.commands.Inpaint;
import io.github.scorej.plugin.commands.Models;
import io.github.scorej.plugin.commands.Restore;
import io.github.scorej.plugin.image.ChannelMismatchException;
import org.scijava.Context;
import org.scijava.command.Command;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.stream.Collectors;

/**
 * The ImageJ 1.x face of the SciJava commands, named in {@code plugins.config} as
 * {@code Bridge("generate")} etc. It reads the command's {@code @Parameter} fields, so nothing is
 * declared twice: from a menu it shows a dialog made from them ({@link CommandDialog}) and records a
 * {@code run("Generate (ScoreJ)", "key=value …")} line; from a macro (options given, batch mode,
 * or headless) it parses the same snake_case keys without a dialog. The current image fills the
 * first {@link ImagePlus} input; further image inputs (a mask, say) are an image choice in the
 * dialog and a title in the macro ({@code mask=[holes.tif]}). Service parameters are injected.
 * Outputs are shown, or in batch mode registered so that the macro can
 * select them. Errors name what is wrong: an error dialog from a menu, a log line and an aborted
 * macro from a macro.
 */
public final class Bridge implements PlugIn {

	/** The commands by the argument {@code plugins.config} gives the bridge. */
	static final Map<String, Class<? extends Command>> COMMANDS = new LinkedHashMap<>();
	static {
		COMMANDS.put("generate", Generate.class);
		COMMANDS.put("image_to_image", ImageToImage.class);
		COMMANDS.put("inpaint", Inpaint.class);
		COMMANDS.put("colorize", Colorize.class);
		COMMANDS.put("restore", Restore.class);
		COMMANDS.put("models", Models.class);
		COMMANDS.put("about", About.class);
		COMMANDS.put("likelihood", io.github.scorej.plugin.commands.ImageLikelihood.class); COMMANDS.put("anomaly_map", io.github.scorej.plugin.commands.ImageAnomalyMap.class);
	}

	@Override
	public void run(String arg) {
		Class<? extends Command> type = COMMANDS.get(arg);
		String options = Macro.getOptions();
		boolean macro = Launcher.isMacro();
		if (type == null) {
			Launcher.fail("ScoreJ", "no ScoreJ command '" + arg + "'; known: " + String.join(", ", COMMANDS.keySet()), macro);
			return;
		}
		String title = CommandParameters.title(type);
		try {
			Command command = type.getDeclaredConstructor().newInstance();
			List<CommandParameters.Item> items = CommandParameters.of(type);
			// The first image input is the current image, as in ImageJ, or in a macro the image its key names
			// (image=[cells.tif]); further ones (a mask, say) are chosen in the dialog or named by title in the
			// macro, like any other parameter.
			Map<String, String> given = macro ? new LinkedHashMap<>(MacroOptions.parse(options)) : Map.of();
			ImagePlus image = null;
			CommandParameters.Item current = items.stream().filter(i -> i.isInput() && isImage(i.type())).findFirst().orElse(null);
			if (current != null) {
				String named = macro ? given.remove(current.key()) : null;
				image = named != null ? (ImagePlus) parse(current, named) : WindowManager.getCurrentImage();
				if (image == null) throw new IllegalArgumentException("no image open: " + title + " works on the current image; open one first");
				current.set(command, image);
			}
			injectServices(command, items);
			List<CommandParameters.Item> values = items.stream().filter(i -> i.isInput() && !i.isService() && i != current)
					.collect(Collectors.toList());
			if (macro) fromMacro(command, values, given, title);
			else if (!values.isEmpty() && !CommandDialog.show(arg, command, type.getDeclaredConstructor().newInstance(), whatFirst(values), title, image))
				return; // cancelled; a command that asks nothing (About) shows no dialog
			execute(command, items, title, macro || !values.isEmpty());
		} catch (CancellationException e) {
			IJ.showStatus(title + ": cancelled");
			IJ.showProgress(1.0);
			if (macro) Launcher.fail(title, "cancelled", true); // a macro must not go on without the output
		} catch (RuntimeException | ReflectiveOperationException e) {
			if (e instanceof RuntimeException r && Macro.MACRO_CANCELED.equals(r.getMessage())) throw r;
			IJ.showProgress(1.0);
			Launcher.fail(title, message(e), macro);
		} catch (OutOfMemoryError e) {
			IJ.showProgress(1.0);
			Launcher.fail(title, io.github.scorej.plugin.core.MemoryCheck.outOfMemory(title), macro);
		} catch (LinkageError e) {
			// a jar missing from (or clashing in) ImageJ's jars/: say so, rather than fail silently
			IJ.showProgress(1.0);
			Launcher.fail(title, "a library ScoreJ needs is missing or clashes (" + e.getClass().getSimpleName() + ": " + message(e)
					+ "). " + Launcher.INSTALL, macro);
		}
	}

	private static Context context;

	/**
	 * Fills service parameters (and the context) from one SciJava context: in Fiji, the running one;
	 * in plain ImageJ 1.x, one made on first need with the class loader that loaded ScoreJ (ImageJ's
	 * plugin class loader), so that it finds the SciJava plugins in ImageJ's plugins folder.
	 */
	static void injectServices(Object command, List<CommandParameters.Item> items) {
		if (items.stream().noneMatch(CommandParameters.Item::isService)) return;
		synchronized (Bridge.class) {
			if (context == null) context = fijiContext();
			if (context == null) {
				Thread t = Thread.currentThread();
				ClassLoader old = t.getContextClassLoader();
				try {
					t.setContextClassLoader(Bridge.class.getClassLoader());
					context = new Context();
				} finally {
					t.setContextClassLoader(old);
				}
			}
		}
		context.inject(command);
	}

	/**
	 * Fiji's own context, or null in plain ImageJ 1.x. Fiji patches ImageJ 1.x (ij1-patcher adds the
	 * field {@code IJ._hooks}), and there {@code IJ.runPlugIn("org.scijava.Context", "")} returns the
	 * running context, as TrackMate's {@code TMUtils.getContext()} relies on; a second context of our
	 * own would start a second legacy service beside Fiji's.
	 */
	static Context fijiContext() {
		try {
			IJ.class.getField("_hooks");
		} catch (NoSuchFieldException e) {
			return null;
		}
		return IJ.runPlugIn(Context.class.getName(), "") instanceof Context c ? c : null;
	}

	/**
	 * Runs the command; in the GUI, offers a grey copy when an RGB image meets a one-channel model. Image outputs
	 * are shown; a text output (a report) goes to the Log, or to a message window for a command that asked nothing
	 * ({@code toLog} false: About). Numbers are outputs for SciJava scripts only: the commands that compute them
	 * (Likelihood) put them into the Results table, not into the Log on every call.
	 */
	private static void execute(Command command, List<CommandParameters.Item> items, String title, boolean toLog) {
		boolean macro = Launcher.isMacro();
		try {
			command.run();
		} catch (ChannelMismatchException e) {
			CommandParameters.Item input = items.stream().filter(i -> i.isInput() && isImage(i.type())).findFirst().orElse(null);
			if (macro || !e.greyWouldFit() || input == null) throw e;
			if (!IJ.showMessageWithCancel(title, Launcher.wrap(e.getMessage()) + "\n \nRun on a grey copy? (the image itself is not changed)")) return;
			input.set(command, greyCopy((ImagePlus) input.get(command)));
			command.run();
		}
		IJ.showProgress(1.0);
		for (CommandParameters.Item it : items) {
			if (!it.isOutput()) continue;
			Object v = it.get(command);
			if (v instanceof ImagePlus imp) show(imp);
			else if (v instanceof String text && toLog) IJ.log(text.stripTrailing());
			else if (v instanceof String text) IJ.showMessage(title, text.stripTrailing());
		}
	}

	/** Shows an output, or in batch mode makes it the macro's current image without a window. */
	static void show(ImagePlus imp) {
		if (Interpreter.isBatchMode() || GraphicsEnvironment.isHeadless()) {
			Interpreter.addBatchModeImage(imp);
			WindowManager.setTempCurrentImage(imp);
		} else {
			imp.show();
		}
	}

	/** A 32-bit grey copy of an RGB image (same title, size and calibration); the image itself is untouched. */
	static ImagePlus greyCopy(ImagePlus rgb) {
		ImagePlus copy = rgb.duplicate();
		copy.setTitle(rgb.getTitle());
		if (copy.getStackSize() > 1) new StackConverter(copy).convertToGray32();
		else new ImageConverter(copy).convertToGray32();
		return copy;
	}

	/** Fills the fields from macro options; keys not mentioned keep their defaults (booleans: false, as in ImageJ). */
	private static void fromMacro(Command command, List<CommandParameters.Item> items, Map<String, String> given, String title) {
		List<String> known = items.stream().map(CommandParameters.Item::key).collect(Collectors.toList());
		for (String key : given.keySet())
			if (!known.contains(key) && items.stream().noneMatch(i -> i.aliases().contains(key)))
				throw new IllegalArgumentException("unknown key '" + key + "' for " + title + "; valid keys: " + String.join(", ", known));
		for (CommandParameters.Item it : items) {
			String text = given.get(it.key());
			for (String alias : it.aliases())
				if (text == null) text = given.get(alias);
			if (isBoolean(it.type())) it.set(command, text != null && parseBoolean(it, text));
			else if (text != null) it.set(command, parse(it, text));
			else if (isImage(it.type()) && it.annotation().required())
				throw new IllegalArgumentException(it.key() + ": name an open image, e.g. " + it.key() + "=[mask.tif]");
		}
	}

	/** Whether a parameter applies given the command's other values: it has no condition, or its condition holds. */
	static boolean applies(CommandParameters.Item it, List<CommandParameters.Item> items, Object command) {
		CommandParameters.Condition when = it.when();
		if (when == null) return true;
		for (CommandParameters.Item other : items)
			if (other.key().equals(when.key())) return when.values().contains(String.valueOf(other.get(command)));
		throw new IllegalStateException(it.key() + ": its condition names " + when.key() + ", which is not a parameter");
	}

	/**
	 * The dialog's order: what to do before how. A choice that other fields depend on (Restore's task)
	 * comes first, then the fields that depend on it, then the rest in declaration order.
	 */
	static List<CommandParameters.Item> whatFirst(List<CommandParameters.Item> items) {
		List<String> controlling = items.stream().map(CommandParameters.Item::when).filter(java.util.Objects::nonNull)
				.map(CommandParameters.Condition::key).distinct().collect(Collectors.toList());
		List<CommandParameters.Item> out = new java.util.ArrayList<>();
		items.stream().filter(i -> controlling.contains(i.key())).forEach(out::add);
		items.stream().filter(i -> i.when() != null && !out.contains(i)).forEach(out::add);
		items.stream().filter(i -> !out.contains(i)).forEach(out::add);
		return out;
	}

	/** Parses a text value into the field's type, checking choices and min/max; the error names the key. */
	static Object parse(CommandParameters.Item it, String text) {
		Class<?> t = it.type();
		String s = text.trim();
		String[] choices = it.annotation().choices();
		if (choices.length > 0 && !Arrays.asList(choices).contains(s))
			throw new IllegalArgumentException(it.key() + ": '" + text + "' is not one of " + String.join(", ", choices));
		if (CommandDialog.auto(it) != null && s.equalsIgnoreCase(CommandDialog.AUTO)) s = format(CommandDialog.auto(it));
		try {
			Object v;
			if (t == String.class) return text;
			if (isImage(t)) {
				if ((s.isEmpty() || s.equals(CommandDialog.NONE)) && !it.annotation().required()) return null;
				ImagePlus imp = WindowManager.getImage(s);
				if (imp == null) throw new IllegalArgumentException(it.key() + ": no open image is called '" + s + "'");
				return imp;
			}
			else if (t == int.class || t == Integer.class) v = Integer.valueOf(integral(it, s));
			else if (t == long.class || t == Long.class) v = Long.valueOf(integral(it, s));
			else if (t == double.class || t == Double.class) v = Double.valueOf(s);
			else if (t == float.class || t == Float.class) v = Float.valueOf(s);
			else if (isBoolean(t)) return parseBoolean(it, s);
			else if (t == File.class) return new File(s);
			else throw new IllegalStateException(it.key() + ": parameters of type " + t.getSimpleName() + " are not supported by the bridge");
			checkRange(it, ((Number) v).doubleValue());
			return v;
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException(it.key() + ": '" + text + "' is not a number");
		}
	}

	private static String integral(CommandParameters.Item it, String s) {
		double d = Double.parseDouble(s);
		if (d != Math.rint(d) || Double.isInfinite(d)) throw new IllegalArgumentException(it.key() + ": '" + s + "' is not a whole number");
		return String.valueOf((long) d);
	}

	private static void checkRange(CommandParameters.Item it, double v) {
		String min = it.annotation().min(), max = it.annotation().max();
		if (!min.isEmpty() && v < Double.parseDouble(min))
			throw new IllegalArgumentException(it.key() + ": " + format(v) + " is below the minimum " + min);
		if (!max.isEmpty() && v > Double.parseDouble(max))
			throw new IllegalArgumentException(it.key() + ": " + format(v) + " is above the maximum " + max);
	}

	private static boolean parseBoolean(CommandParameters.Item it, String s) {
		if (s.equalsIgnoreCase("true") || s.equals("1") || s.equalsIgnoreCase("yes")) return true;
		if (s.equalsIgnoreCase("false") || s.equals("0") || s.equalsIgnoreCase("no")) return false;
		throw new IllegalArgumentException(it.key() + ": '" + s + "' is not true or false");
	}

	static boolean isImage(Class<?> t) {
		return ImagePlus.class.isAssignableFrom(t);
	}

	static boolean isBoolean(Class<?> t) {
		return t == boolean.class || t == Boolean.class;
	}

	static boolean isInteger(Class<?> t) {
		return t == int.class || t == Integer.class || t == long.class || t == Long.class;
	}

	static boolean isReal(Class<?> t) {
		return t == double.class || t == Double.class || t == float.class || t == Float.class;
	}

	static int decimals(double v) {
		String s = format(v);
		int dot = s.indexOf('.');
		return dot < 0 ? 0 : Math.min(6, Math.max(1, s.length() - dot - 1));
	}

	/** A number as short as it can be written: 4, 0.5, 99.8. */
	static String format(double v) {
		if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.valueOf((long) v);
		return String.format(Locale.ROOT, "%s", v);
	}

	private static String message(Throwable e) {
		Throwable t = e instanceof ReflectiveOperationException && e.getCause() != null ? e.getCause() : e;
		String m = t.getMessage();
		return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
	}
}
