package io.github.scorej.plugin.cli;

import io.github.scorej.plugin.core.BundledModels;

import io.github.scorej.ops.model.Model;
import io.github.scorej.plugin.core.ModelInstall;
import io.github.scorej.plugin.core.ModelReports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the bundled models (or the given folders), verifying each card and its weights' sha256; or
 * prints their cards, verifies their ONNX graphs too, or installs model folders and zips. Goes on past
 * a bad model and exits with 1 if any failed.
 */
@Command(name = "models", description = "List, show, verify or install models: card, SDE, network kind, sizes, classes, sha256.")
final class ModelsCommand implements java.util.concurrent.Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Parameters(arity = "0..*", description = "Model folders or bundled names; default: every bundled model. install: model folders or .zip files.")
	List<String> models = new ArrayList<>();

	@Option(names = "--action", defaultValue = "list", description = "list (default): one line per model, sha256 checked; card: each model's "
			+ "rdf.yaml; verify: also load each ONNX graph; install: verify each folder or .zip and copy it into the models folder under "
			+ "scorej.home (then usable by its name).")
	String action;

	@Option(names = "--replace", description = "install: replace a model of the same name installed before (never a bundled one).")
	boolean replace;

	@Override
	public Integer call() {
		PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
		int failed = 0;
		ModelInstall.sweep(BundledModels.home().resolve("models")); // what installs killed before their end left
		if (action.equals("install")) {
			if (models.isEmpty()) throw new IllegalArgumentException("--action install needs model folders or .zip files");
			for (String m : models)
				try {
					out.print(ModelReports.installed(ModelInstall.install(Path.of(m), BundledModels.home().resolve("models"), replace)));
				} catch (RuntimeException e) {
					err.println("scorej models: " + Main.message(e));
					failed++;
				}
			out.flush();
			return failed == 0 ? 0 : 1;
		}
		if (!List.of("list", "card", "verify").contains(action))
			throw new IllegalArgumentException("--action '" + action + "' is not one of list, card, verify, install");
		List<Path> folders = new ArrayList<>();
		if (models.isEmpty()) folders.addAll(BundledModels.all());
		for (String m : models)
			try {
				folders.add(BundledModels.resolve(m));
			} catch (IllegalArgumentException e) {
				err.println("scorej models: " + e.getMessage());
				failed++;
			}
		for (Path folder : folders) {
			try {
				out.println(switch (action) {
					case "card" -> ModelReports.card(folder);
					case "verify" -> ModelReports.verify(folder);
					default -> ModelReports.describe(Model.load(folder));
				});
			} catch (RuntimeException e) {
				err.println("scorej models: " + folder + ": " + Main.message(e));
				failed++;
			}
		}
		out.flush();
		return failed == 0 ? 0 : 1;
	}
}
