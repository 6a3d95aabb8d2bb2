package io.github.scorej.plugin.ij1;

import ij.ImagePlus;
import ij.Prefs;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.io.DirectoryChooser;
import ij.plugin.frame.Recorder;
import io.github.scorej.ops.sample.Samplers;
import io.github.scorej.plugin.core.BundledModels;

import java.awt.Choice;
import java.awt.Component;
import java.awt.Container;
import java.awt.TextArea;
import java.awt.event.FocusAdapter;
import java.awt.event.FocusEvent;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ImageJ 1.x dialog of a command, made from its {@code @Parameter} fields ({@link CommandParameters}), the
 * same for every command:
 * <ul>
 * <li>each field's description shows below the fields when the mouse points at it or it has the focus, with its
 * unit (the {@code unit} attribute) beside numeric fields; <b>Help</b> opens the command's page of the documentation site, shipped in the jar, or where the jar was built
 * without it a page of every field ({@link CommandHelp});</li>
 * <li>the model is a list of the installed models with a <b>Browse</b> button for a model folder; the sampler a list
 * of the engine's samplers;</li>
 * <li>a number with an {@code auto} attribute (steps 0, guidance −1, σ_y 0: "the model card's" or "estimated") shows
 * and records the word {@code auto} rather than the number;</li>
 * <li>the last values are remembered (ImageJ's {@code Prefs}, {@code scorej.<command>.<key>}) and come back the next
 * time; <b>Reset</b> puts the defaults back. Macros never read them: a macro line means the same every time.</li>
 * </ul>
 * Fields that depend on a choice (Restore's task) are greyed out while it excludes them.
 */
final class CommandDialog {

	/** What a number with an {@code auto} attribute shows and records. */
	static final String AUTO = "auto";

	private static final String BROWSE = "Browse for a model folder...";

	private CommandDialog() {}

	/**
	 * Shows the dialog and fills the fields; false if cancelled. Records the macro line and remembers the values.
	 *
	 * @param name the command's name in {@code plugins.config} (its Prefs and help page are named after it)
	 * @param defaults a fresh instance of the command: what Reset puts back
	 */
	static boolean show(String name, Object command, Object defaults, List<CommandParameters.Item> items, String title, ImagePlus image) {
		recall(name, command, items);
		while (true) {
			GenericDialog gd = new GenericDialog(title);
			if (image != null) gd.addMessage("Image: " + image.getTitle());
			Map<CommandParameters.Item, List<Component>> parts = new LinkedHashMap<>();
			for (CommandParameters.Item it : items) {
				int first = gd.getComponentCount();
				add(gd, it, it.get(command), title);
				parts.put(it, Arrays.asList(gd.getComponents()).subList(first, gd.getComponentCount()));
			}
			gd.addTextAreas(HINT, null, 3, 64);
			TextArea description = gd.getTextArea1();
			description.setEditable(false);
			describeOnPointing(parts, description);
			greyOutWhatDoesNotApply(gd, parts);
			gd.addHelp(CommandHelp.help(name, title, items, defaults));
			gd.enableYesNoCancel("OK", "Reset");
			gd.showDialog();
			if (gd.wasCanceled()) return false;
			if (!gd.wasOKed()) { // Reset: forget the remembered values, show the defaults
				forget(name, items);
				for (CommandParameters.Item it : items)
					if (!Bridge.isImage(it.type())) it.set(command, it.get(defaults));
				continue;
			}
			read(gd, command, items);
			remember(name, command, items);
			record(command, items);
			return true;
		}
	}

	/** What the description area says until a field is pointed at. */
	static final String HINT = "Point at a field to see what it means; Help describes every field.";

	private static void add(GenericDialog gd, CommandParameters.Item it, Object v, String title) {
		Class<?> t = it.type();
		String[] choices = choices(it, v);
		if (Bridge.isBoolean(t)) gd.addCheckbox(it.label(), Boolean.TRUE.equals(v));
		else if (Bridge.isImage(t)) {
			if (WindowManager.getImageCount() == 0) throw new IllegalArgumentException(it.label() + ": " + title + " needs another open image");
			if (it.annotation().required()) gd.addImageChoice(it.label(), null);
			else gd.addChoice(it.label(), withNone(WindowManager.getImageTitles()), NONE);
		} else if (choices.length > 0) {
			gd.addChoice(it.label(), choices, v == null ? choices[0] : v.toString());
			if (isModel(it)) {
				Choice models = (Choice) gd.getChoices().lastElement();
				gd.addButton(BROWSE, e -> {
					String dir = new DirectoryChooser("A model folder (with rdf.yaml)").getDirectory();
					if (dir == null) return;
					String folder = new File(dir).getAbsolutePath();
					models.add(folder);
					models.select(folder);
				});
			}
		} else if (auto(it) != null) gd.addStringField(it.label(), display(it, v), 8);
		else if (Bridge.isInteger(t)) gd.addNumericField(it.label(), ((Number) v).doubleValue(), 0, 8, unit(it));
		else if (Bridge.isReal(t)) gd.addNumericField(it.label(), ((Number) v).doubleValue(), Bridge.decimals(((Number) v).doubleValue()), 8, unit(it));
		else if (t == File.class) gd.addFileField(it.label(), v == null ? "" : v.toString());
		else gd.addStringField(it.label(), v == null ? "" : v.toString(), 24);
	}

	/** The choices of a field: its declared ones, the installed models for the model, the engine's samplers for the sampler. */
	static String[] choices(CommandParameters.Item it, Object current) {
		String[] declared = it.annotation().choices();
		if (declared.length > 0) return declared;
		Set<String> out = new LinkedHashSet<>();
		if (isModel(it)) {
			BundledModels.all().forEach(p -> out.add(p.getFileName().toString()));
			if (current != null && !current.toString().isBlank()) out.add(current.toString());
		} else if (it.key().equals("sampler")) {
			out.add("default");
			out.addAll(Samplers.names());
		} else return new String[0];
		return out.toArray(new String[0]);
	}

	/** The model of a sampling or likelihood command (Models' own model field may stay empty: every model). */
	private static boolean isModel(CommandParameters.Item it) {
		return it.key().equals("model") && it.type() == String.class && it.annotation().required();
	}

	/** The number an {@code auto} attribute stands for, or null. */
	static Double auto(CommandParameters.Item it) {
		String a = it.attr("auto");
		return a == null ? null : Double.valueOf(a);
	}

	private static String unit(CommandParameters.Item it) {
		String u = it.attr("unit");
		return u == null ? "" : u;
	}

	/** A value as the dialog and the recorder write it: "auto" for the auto number. */
	static String display(CommandParameters.Item it, Object v) {
		if (v instanceof Number n && auto(it) != null && n.doubleValue() == auto(it)) return AUTO;
		if (v instanceof Number n && Bridge.isReal(it.type())) return Bridge.format(n.doubleValue());
		return v == null ? "" : v instanceof ImagePlus imp ? imp.getTitle() : v.toString();
	}

	private static void read(GenericDialog gd, Object command, List<CommandParameters.Item> items) {
		for (CommandParameters.Item it : items) {
			Class<?> t = it.type();
			if (Bridge.isBoolean(t)) it.set(command, gd.getNextBoolean());
			else if (Bridge.isImage(t)) it.set(command, it.annotation().required() ? gd.getNextImage() : optionalImage(gd.getNextChoice()));
			else if (choices(it, null).length > 0 || isModel(it)) it.set(command, Bridge.parse(it, gd.getNextChoice()));
			else if (auto(it) != null) it.set(command, Bridge.parse(it, gd.getNextString()));
			else if (Bridge.isInteger(t) || Bridge.isReal(t)) {
				double d = gd.getNextNumber();
				if (gd.invalidNumber()) throw new IllegalArgumentException(it.label() + ": not a number");
				it.set(command, Bridge.parse(it, Bridge.format(d)));
			} else it.set(command, Bridge.parse(it, gd.getNextString()));
		}
	}

	private static void record(Object command, List<CommandParameters.Item> items) {
		if (!Recorder.record) return;
		Recorder.resetCommandOptions();
		for (CommandParameters.Item it : items) {
			if (!Bridge.applies(it, items, command)) continue; // e.g. factor when the task is deblur
			Object v = it.get(command);
			if (Bridge.isBoolean(it.type())) {
				if (Boolean.TRUE.equals(v)) Recorder.recordOption(it.key());
			} else {
				String text = display(it, v);
				Recorder.recordOption(it.key(), text.isEmpty() ? "[]" : text); // ImageJ brackets values with spaces itself
			}
		}
	}

	private static String pref(String name, CommandParameters.Item it) {
		return "scorej." + name + "." + it.key();
	}

	/** The values remembered from the last OK, where they still parse (a model since removed, say, is skipped). */
	static void recall(String name, Object command, List<CommandParameters.Item> items) {
		for (CommandParameters.Item it : items) {
			if (Bridge.isImage(it.type())) continue;
			String v = Prefs.get(pref(name, it), null);
			if (v == null) continue;
			try {
				it.set(command, Bridge.isBoolean(it.type()) ? Boolean.valueOf(v) : Bridge.parse(it, v));
			} catch (RuntimeException e) {
				// a value this version no longer takes: the default stays
			}
		}
	}

	static void remember(String name, Object command, List<CommandParameters.Item> items) {
		for (CommandParameters.Item it : items)
			if (!Bridge.isImage(it.type())) Prefs.set(pref(name, it), Bridge.isBoolean(it.type()) ? String.valueOf(it.get(command)) : display(it, it.get(command)));
	}

	static void forget(String name, List<CommandParameters.Item> items) {
		for (CommandParameters.Item it : items)
			if (!Bridge.isImage(it.type())) Prefs.set(pref(name, it), (String) null);
	}

	/** Shows the description (and unit) of the field under the mouse or with the focus in the dialog's description area. */
	private static void describeOnPointing(Map<CommandParameters.Item, List<Component>> parts, TextArea label) {
		parts.forEach((it, cs) -> {
			String text = Launcher.wrap(it.label() + ": " + (it.description().isEmpty() ? "(no description)" : it.description())
					+ (unit(it).isEmpty() ? "" : " [" + unit(it) + "]"));
			MouseAdapter mouse = new MouseAdapter() {
				@Override
				public void mouseEntered(MouseEvent e) {
					label.setText(text);
				}
			};
			FocusAdapter focus = new FocusAdapter() {
				@Override
				public void focusGained(FocusEvent e) {
					label.setText(text);
				}
			};
			for (Component c : cs)
				listen(c, mouse, focus);
		});
	}

	private static void listen(Component c, MouseAdapter mouse, FocusAdapter focus) {
		c.addMouseListener(mouse);
		c.addFocusListener(focus);
		if (c instanceof Container box)
			for (Component inner : box.getComponents())
				listen(inner, mouse, focus);
	}

	/**
	 * Greys out the fields whose {@code when} condition the dialog's current choices do not meet (the
	 * PSF of Restore unless its task is deblur, say), and keeps them so as the user changes a choice.
	 */
	private static void greyOutWhatDoesNotApply(GenericDialog gd, Map<CommandParameters.Item, List<Component>> parts) {
		Map<String, Choice> choices = new LinkedHashMap<>();
		parts.forEach((it, cs) -> cs.stream().filter(c -> c instanceof Choice).findFirst().ifPresent(c -> choices.put(it.key(), (Choice) c)));
		Runnable update = () -> parts.forEach((it, cs) -> {
			CommandParameters.Condition when = it.when();
			if (when == null) return;
			Choice c = choices.get(when.key());
			if (c == null) throw new IllegalStateException(it.key() + ": its condition names " + when.key() + ", not a choice of the dialog");
			boolean on = when.values().contains(c.getSelectedItem());
			for (Component part : cs)
				enable(part, on);
		});
		update.run();
		gd.addDialogListener((dialog, event) -> {
			update.run();
			return true;
		});
	}

	private static void enable(Component c, boolean on) {
		c.setEnabled(on);
		if (c instanceof Container box)
			for (Component inner : box.getComponents())
				enable(inner, on);
	}

	/** The choice of an optional image input that leaves it empty. */
	static final String NONE = "[none]";

	private static String[] withNone(String[] titles) {
		List<String> out = new ArrayList<>(List.of(NONE));
		out.addAll(Arrays.asList(titles));
		return out.toArray(new String[0]);
	}

	private static ImagePlus optionalImage(String title) {
		return NONE.equals(title) ? null : WindowManager.getImage(title);
	}

	/** For the help page: the choices a field offers, as text. */
	static String choiceList(CommandParameters.Item it, Object current) {
		return Arrays.stream(choices(it, current)).collect(Collectors.joining(", "));
	}
}
