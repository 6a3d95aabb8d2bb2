package io.github.scorej.plugin.core;

import io.github.scorej.ops.model.BioimageioSchema;
import io.github.scorej.ops.model.Model;
import io.github.scorej.ops.model.ModelCard;
import io.github.scorej.ops.onnx.OrtNetwork;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What {@code scorej models} and Models (ScoreJ) print about model folders. */
public final class ModelReports {

	private ModelReports() {}

	/** One model in two lines: name, SDE, network kind, channels, size, classes; then its folder. */
	public static String describe(Model model) {
		ModelCard c = model.card();
		return String.format("%-36s %s, %s prediction, time input %s, %d channel(s), %dx%d%s%s; sha256 ok%n    %s", c.name(), c.sde(),
				c.prediction().name().toLowerCase(), c.timeInput().name().toLowerCase(), c.channels(), c.imageSize()[1],
				c.imageSize()[0], c.fullyConvolutional() ? " (any multiple of " + c.sizeMultiple() + ")" : "",
				c.conditional() ? ", classes " + String.join(" ", c.classes()) : "", model.folder());
	}

	/** The folders of the named models (names or paths), or every bundled model when none is named. */
	public static List<Path> folders(List<String> names) {
		if (names.isEmpty()) return BundledModels.all();
		List<Path> out = new ArrayList<>();
		for (String n : names)
			out.add(BundledModels.resolve(n));
		return out;
	}

	/** A described line per model, or the error that names what is wrong with its card or weights. */
	public static String list(List<Path> folders) {
		StringBuilder sb = new StringBuilder();
		for (Path f : folders) {
			try {
				sb.append(describe(Model.load(f)));
			} catch (RuntimeException e) {
				sb.append(f).append(": ").append(e.getMessage());
			}
			sb.append('\n');
		}
		return sb.toString();
	}

	/** What an install did, and how to use the model. */
	public static String installed(ModelInstall.Installed m) {
		return "installed " + m.name() + " into " + m.folder() + " (card, sha256 " + m.sha256().substring(0, 12) + "…, ONNX graph, "
				+ testTensors(m.testError()) + "); use it as model=" + m.name() + "\n";
	}

	private static String testTensors(double error) {
		return Double.isNaN(error) ? "no test tensors" : String.format(java.util.Locale.ROOT, "test output reproduced to %.1e", error);
	}

	/** The model card (rdf.yaml) as written. */
	public static String card(Path folder) {
		Path yaml = folder.resolve("rdf.yaml");
		try {
			return Files.readString(yaml);
		} catch (IOException e) {
			throw new IllegalArgumentException("cannot read " + yaml + ": " + e.getMessage(), e);
		}
	}

	/**
	 * Verifies each model: the card parses, the weights' SHA-256 matches it, and ONNX Runtime opens
	 * the graph and finds the inputs and outputs the card declares. One line per model, "ok" or
	 * the error.
	 */
	public static String verify(List<Path> folders) {
		StringBuilder sb = new StringBuilder();
		for (Path f : folders) {
			try {
				sb.append(verify(f));
			} catch (RuntimeException e) {
				sb.append(f).append(": FAILED: ").append(e.getMessage());
			}
			sb.append('\n');
		}
		return sb.toString();
	}

	/**
	 * Verifies one model folder (card, defaults a sampling run accepts, weights, graph, test tensors):
	 * its "ok" line, or the exception that names what is wrong. A card that ScoreJ reads but the
	 * bioimage.io schema rejects is ok for ScoreJ; the lines after "ok" name each field the model zoo
	 * would refuse.
	 */
	public static String verify(Path folder) {
		Model m = Model.load(folder);
		SamplingSettings.checkDefaults(m.card());
		OrtNetwork net = OrtNetwork.open(m);
		String zoo; // what the bioimage.io model zoo would refuse, on lines of its own; empty if nothing
		try {
			List<String> problems = BioimageioSchema.problems(m.folder());
			zoo = problems.isEmpty() ? "" : "\n    but the bioimage.io model zoo would refuse its card:\n    rdf.yaml: " + String.join("\n    rdf.yaml: ", problems);
		} catch (RuntimeException | LinkageError e) { // e.g. a Fiji whose Jackson the validator cannot use
			zoo = "\n    (card not checked against the bioimage.io schema: " + e + ")";
		}
		return m.card().name() + ": ok (card" + (zoo.isEmpty() ? " valid for bioimage.io" : "") + ", sha256 " + m.sha256().substring(0, 12)
				+ "…, ONNX graph on " + net.provider() + ", " + testTensors(m.checkTestTensors(net)) + ")" + zoo;
	}
}
