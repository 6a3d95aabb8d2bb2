package io.github.scorej.plugin.cli;

import io.github.scorej.plugin.core.LoadedModel;
import picocli.CommandLine.Option;

/** The class and guidance of a class-conditional model, for the generating verbs (generate, img2img), as Generate's and Image to Image's dialogs. */
final class ClassOptions {

	@Option(names = "--class", description = "Class label of a class-conditional model (name or index).")
	String classLabel;

	@Option(names = "--guidance", description = "Classifier-free guidance scale w: D_u + w(D_c − D_u). Default: the card's defaults.guidance, else 1.")
	Double guidance;

	/** The model of {@code opts} with this class and guidance. */
	LoadedModel load(SamplingOptions opts) {
		return LoadedModel.load(opts.model, classLabel, guidance, opts.runtime());
	}
}
