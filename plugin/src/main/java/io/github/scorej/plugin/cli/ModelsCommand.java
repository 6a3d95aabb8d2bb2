package io.github.scorej.plugin.cli;

import io.github.scorej.plugin.core.BundledModels;

import io.github.scorej.ops.model.Model;
import io.github.scorej.plugin.core.ModelReports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Lists the bundled models (or the given folders), verifying each card and its weights' sha256. */
@Command(name = "models", description = "List and verify models: card, SDE, network kind, sizes, classes, sha256.")
final class ModelsCommand implements java.util.concurrent.Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Parameters(arity = "0..*", description = "Model folders or bundled names; default: every bundled model.")
	List<String> models = new ArrayList<>();

	@Override
	public Integer call() {
		PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
		List<Path> folders = new ArrayList<>();
		if (models.isEmpty()) folders.addAll(BundledModels.all());
		int failed = 0;
		for (String m : models)
			try {
				folders.add(BundledModels.resolve(m));
			} catch (IllegalArgumentException e) {
				err.println("scorej models: " + e.getMessage());
				failed++;
			}
		for (Path folder : folders) {
			try {
				out.println(ModelReports.describe(Model.load(folder)));
			} catch (RuntimeException e) {
				err.println("scorej models: " + folder + ": " + Main.message(e));
				failed++;
			}
		}
		out.flush();
		return failed == 0 ? 0 : 1;
	}
}
