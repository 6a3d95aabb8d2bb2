package io.github.scorej.plugin.commands;

import ij.IJ;
import io.github.scorej.plugin.core.BundledModels;
import io.github.scorej.ops.model.Model;
import io.github.scorej.ops.onnx.OrtNetwork;
import io.github.scorej.plugin.core.Version;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * About (ScoreJ): the version, the ONNX Runtime execution provider that really runs a network here (CPU or CUDA, and
 * why not CUDA), the ONNX Runtime build (CPU or GPU jar) and where the models are. A message window, no dialog.
 */
@Plugin(type = Command.class, label = "About (ScoreJ)", headless = true,
		description = "ScoreJ's version and the provider that runs the networks")
public class About implements Command {

	@Parameter(label = "About ScoreJ", type = ItemIO.OUTPUT)
	private String report;

	@Override
	public void run() {
		String provider;
		try { // what runs a network here, tried as the commands' provider=auto tries it
			provider = OrtNetwork.open(Model.load(BundledModels.resolve(ScoreCommand.TOY_MODEL))).providerNote();
		} catch (RuntimeException e) {
			provider = "unknown (" + e.getMessage() + ")";
		}
		report = "ScoreJ " + Version.get() + ": score-based generative models (diffusion models) for ImageJ\n"
				+ "ONNX Runtime provider: " + provider + "\n"
				+ "ONNX Runtime build: " + OrtNetwork.build() + " (commands take provider=auto|cpu|cuda, the command line --provider)\n"
				+ "ImageJ " + IJ.getFullVersion() + ", Java " + System.getProperty("java.version") + "\n"
				+ "Models: " + BundledModels.home().toAbsolutePath().normalize().resolve("models") + "\n";
	}
}
