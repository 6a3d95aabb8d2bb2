package io.github.scorej.plugin.commands;

import io.github.scorej.plugin.core.BundledModels;
import io.github.scorej.plugin.core.ModelInstall;
import io.github.scorej.plugin.core.ModelReports;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.io.File;
import java.util.List;

/**
 * Models (ScoreJ): list the models, show one's card, verify cards, weights and graphs, or install a
 * model folder or zip into ScoreJ's models folder ({@link ModelInstall}).
 */
@Plugin(type = Command.class, label = "Models (ScoreJ)", headless = true,
		description = "List, show, verify or install score models")
public class Models implements Command {

	@Parameter(label = "Action", description = "list: one line per model; card: the model's rdf.yaml; verify: card, sha256 and ONNX graph; "
			+ "install: verify a model folder or .zip and copy it into ScoreJ's models folder", choices = { "list", "card", "verify", "install" },
			persist = false)
	private String action = "list";

	@Parameter(label = "Model", description = "A bundled model's name or a model folder; empty: every bundled model",
			required = false, persist = false, attrs = @Attr(name = "when", value = "action=list|card|verify"))
	private String model = "";

	@Parameter(label = "Model folder or zip", description = "install: the model folder (with rdf.yaml) or .zip to install",
			required = false, persist = false, attrs = @Attr(name = "when", value = "action=install"))
	private File source;

	@Parameter(label = "Replace", description = "install: replace a model of the same name installed before (never a bundled one)", persist = false,
			attrs = @Attr(name = "when", value = "action=install"))
	private boolean replace;

	@Parameter(label = "Models", type = ItemIO.OUTPUT)
	private String report;

	@Override
	public void run() {
		ModelInstall.sweep(BundledModels.home().resolve("models")); // what installs killed before their end left
		List<String> names = model == null || model.isBlank() ? List.of() : List.of(model.trim());
		report = switch (action) {
			case "list" -> ModelReports.list(ModelReports.folders(names));
			case "card" -> {
				if (names.isEmpty()) throw new IllegalArgumentException("card needs a model: give model=NAME or a folder");
				yield ModelReports.card(ModelReports.folders(names).get(0));
			}
			case "verify" -> ModelReports.verify(ModelReports.folders(names));
			case "install" -> {
				if (source == null || source.getPath().isBlank())
					throw new IllegalArgumentException("install needs a model folder or .zip: give source=[/path/to/model.zip]");
				yield ModelReports.installed(ModelInstall.install(source.toPath(), BundledModels.home().resolve("models"), replace));
			}
			default -> throw new IllegalArgumentException("action '" + action + "' is not one of list, card, verify, install");
		};
		if (report.isEmpty()) report = "no models found under " + BundledModels.home().toAbsolutePath()
				+ "/models (set the scorej.home property or SCOREJ_HOME)\n";
	}
}
