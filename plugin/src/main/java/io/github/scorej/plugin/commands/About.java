package io.github.scorej.plugin.commands;

import ij.IJ;
import io.github.scorej.plugin.core.BundledModels;
import io.github.scorej.plugin.core.LoadedModel;
import io.github.scorej.plugin.core.Version;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** About (ScoreJ): the version, and the ONNX Runtime execution provider (CPU or CUDA) in use. */
@Plugin(type = Command.class, label = "About (ScoreJ)", headless = true,
		description = "ScoreJ's version and the provider that runs the networks")
public class About implements Command {

	@Parameter(label = "About ScoreJ", type = ItemIO.OUTPUT)
	private String report;

	@Override
	public void run() {
		String provider;
		try {
			provider = LoadedModel.load(ScoreCommand.TOY_MODEL, null, 1).provider();
		} catch (RuntimeException e) {
			provider = "unknown (" + e.getMessage() + ")";
		}
		report = "ScoreJ " + Version.get() + ": score-based generative models (diffusion models) for ImageJ\n"
				+ "ONNX Runtime provider: " + provider + "\n"
				+ "ImageJ " + IJ.getFullVersion() + ", Java " + System.getProperty("java.version") + "\n"
				+ "Models: " + BundledModels.home().toAbsolutePath().normalize().resolve("models") + "\n";
	}
}
