package io.github.scorej.plugin.ij1;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** A test command whose library is missing at run time, as when a jar is absent from Fiji's jars/. */
@Plugin(type = Command.class, label = "Broken (ScoreJ)")
public class BrokenLibraryCommand implements Command {

	@Parameter(label = "Count", persist = false)
	private int count = 1;

	@Override
	public void run() {
		throw new NoClassDefFoundError("ai/onnxruntime/OrtEnvironment");
	}
}
