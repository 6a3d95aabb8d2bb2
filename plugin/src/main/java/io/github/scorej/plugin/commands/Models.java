package io.github.scorej.plugin.commands;

import io.github.scorej.plugin.core.ModelReports;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.util.List;

/** Models (ScoreJ): list the models, show one's card, or verify cards, weights and graphs. */
@Plugin(type = Command.class, label = "Models (ScoreJ)", headless = true,
		description = "List, show or verify score models")
public class Models implements Command {

	@Parameter(label = "Action", description = "list: one line per model; card: the model's rdf.yaml; verify: card, sha256 and ONNX graph",
			choices = { "list", "card", "verify" }, persist = false)
	private String action = "list";

	@Parameter(label = "Model", description = "A bundled model's name or a model folder; empty: every bundled model",
			required = false, persist = false)
	private String model = "";

	@Parameter(label = "Models", type = ItemIO.OUTPUT)
	private String report;

	@Override
	public void run() {
		List<String> names = model == null || model.isBlank() ? List.of() : List.of(model.trim());
		report = switch (action) {
			case "list" -> ModelReports.list(ModelReports.folders(names));
			case "card" -> {
				if (names.isEmpty()) throw new IllegalArgumentException("card needs a model: give model=NAME or a folder");
				yield ModelReports.card(ModelReports.folders(names).get(0));
			}
			case "verify" -> ModelReports.verify(ModelReports.folders(names));
			default -> throw new IllegalArgumentException("action '" + action + "' is not one of list, card, verify");
		};
		if (report.isEmpty()) report = "no models found under " + io.github.scorej.plugin.core.BundledModels.home().toAbsolutePath()
				+ "/models (set the scorej.home property or SCOREJ_HOME)\n";
	}
}
