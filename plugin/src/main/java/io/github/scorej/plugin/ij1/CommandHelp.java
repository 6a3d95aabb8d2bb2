package io.github.scorej.plugin.ij1;

import org.scijava.plugin.Plugin;

import java.util.List;

/**
 * The help page of a command, shown by its dialog's Help button (an ImageJ HTML window, offline), made from the same
 * {@code @Parameter} declarations as the dialog and the macro keys, so it cannot drift from them: what the command
 * does, then each field with its macro key, default, choices, unit and description, and where the full page is
 * on the documentation site ({@code commands/<command>.html}).
 */
final class CommandHelp {

	private CommandHelp() {}

	/** The page as HTML (ImageJ's {@code GenericDialog.addHelp} shows text starting with {@code <html>} in an HTML window). */
	static String html(String name, String title, List<CommandParameters.Item> items, Object defaults) {
		Plugin p = defaults.getClass().getAnnotation(Plugin.class);
		StringBuilder sb = new StringBuilder("<html><body style='width:560px'><h2>").append(esc(title)).append("</h2><p>")
				.append(esc(p == null ? "" : p.description())).append(".</p><p>In a macro: <tt>run(\"").append(esc(title))
				.append("\", \"key=value ...\");</tt> Keys not given keep their defaults; the recorder writes the line for you.</p>")
				.append("<table border='1' cellpadding='3' cellspacing='0'><tr><th>field</th><th>macro key</th><th>default</th><th>what it means</th></tr>");
		for (CommandParameters.Item it : items) {
			String choices = CommandDialog.choiceList(it, null), unit = it.attr("unit");
			sb.append("<tr><td>").append(esc(it.label())).append("</td><td><tt>").append(esc(it.key())).append("</tt></td><td>")
					.append(esc(defaultOf(it, defaults))).append("</td><td>").append(esc(it.description()))
					.append(unit == null ? "" : " [" + esc(unit) + "]").append(choices.isEmpty() ? "" : "<br>Choices: " + esc(choices))
					.append(it.when() == null ? "" : "<br>Only when " + esc(it.when().key()) + " is " + esc(String.join(" or ", it.when().values())))
					.append("</td></tr>");
		}
		return sb.append("</table><p>The dialog remembers the last values; Reset puts these defaults back. More, with examples: the page ")
				.append("<tt>commands/").append(page(name)).append(".html</tt> of ScoreJ's documentation site (<tt>site/docs/commands/").append(page(name))
				.append(".md</tt> in its repository).</p></body></html>").toString();
	}

	/** The site's page name of a command: its plugins.config name with hyphens ("anomaly_map" → "anomaly-map"). */
	static String page(String name) {
		return name.replace('_', '-');
	}

	private static String defaultOf(CommandParameters.Item it, Object defaults) {
		if (Bridge.isImage(it.type())) return it.annotation().required() ? "the current image" : "none";
		String d = CommandDialog.display(it, it.get(defaults));
		return d.isEmpty() ? "(empty)" : d;
	}

	private static String esc(String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}
}
