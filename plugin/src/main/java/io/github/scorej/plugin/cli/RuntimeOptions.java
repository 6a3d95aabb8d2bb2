package io.github.scorej.plugin.cli;

import io.github.scorej.ops.onnx.OrtNetwork;
import picocli.CommandLine.Option;

/** How ONNX Runtime runs the network: batch cap, threads, CUDA or not (every verb that runs a model). */
final class RuntimeOptions {

	@Option(names = "--batch", description = "Images per network call at most (memory cap). Default: ${DEFAULT-VALUE}.", defaultValue = "16")
	int batch;

	@Option(names = "--threads", description = "ONNX Runtime threads per network call (0: ONNX Runtime's choice). Default: ${DEFAULT-VALUE}.", defaultValue = "0")
	int threads;

	@Option(names = "--cpu", description = "Do not try the CUDA provider even when it is available.")
	boolean cpu;

	/** ONNX Runtime options from --threads, --batch and --cpu. */
	OrtNetwork.Options get() {
		if (batch < 1) throw new IllegalArgumentException("--batch must be >= 1, got " + batch);
		if (threads < 0) throw new IllegalArgumentException("--threads must be >= 0, got " + threads);
		return OrtNetwork.Options.defaults().withIntraOpThreads(threads).withMaxBatch(batch).withTryCuda(!cpu);
	}
}
