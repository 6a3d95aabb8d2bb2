package io.github.scorej.plugin.cli;

import io.github.scorej.plugin.image.Normalization;
import picocli.CommandLine.Option;

/** How pixel values map to the model's data range (CSBDeep's percentiles by default). */
final class NormalizationOptions {

	@Option(names = "--normalization", defaultValue = "percentile", description = "percentile or fixed: how --low and --high map pixel values to the model's data range. Default: ${DEFAULT-VALUE}.")
	String normalization;

	@Option(names = "--low", defaultValue = "1", description = "Percentile (%%) or pixel value mapped to the bottom of the data range. Default: ${DEFAULT-VALUE}.")
	double low;

	@Option(names = "--high", defaultValue = "99.8", description = "Percentile (%%) or pixel value mapped to the top of the data range. Default: ${DEFAULT-VALUE}.")
	double high;

	Normalization get() {
		return Normalization.of(normalization, low, high);
	}
}
