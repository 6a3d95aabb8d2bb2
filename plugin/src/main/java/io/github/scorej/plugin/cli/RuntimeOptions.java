package io.github.scorej.plugin.cli;

import io.github.scorej.ops.onnx.OrtNetwork;
import io.github.scorej.ops.tile.MemoryBudget;
import picocli.CommandLine.Option;

/** How ONNX Runtime runs the network: batch cap, threads, CUDA or not (every verb that runs a model). */
final class RuntimeOptions {

	@Option(names = "--batch", description = "Images per network call at most (memory cap). Default: ${DEFAULT-VALUE}.", defaultValue = "16")
	int batch;

	@Option(names = "--threads", description = "ONNX Runtime threads per network call (0: ONNX Runtime's choice). Default: ${DEFAULT-VALUE}.", defaultValue = "0")
	int threads;

	@Option(names = "--provider", defaultValue = "auto", description = "ONNX Runtime's execution provider: auto (CUDA where the GPU build and a GPU are there, else CPU), cpu, or cuda (an error where CUDA cannot run). Default: ${DEFAULT-VALUE}.")
	String provider;

	@Option(names = "--cpu", description = "The same as --provider cpu.")
	boolean cpu;

	@Option(names = "--memory", paramLabel = "SIZE", description = "Memory budget of the whole process, Java (at its maximum heap) and ONNX Runtime together (e.g. 4G, 3500M);"
			+ " tile size, tiles per network call and samples at a time are chosen to fit it. Default: -Dscorej.memory, else Java's maximum heap and half the memory it leaves.")
	String memory;

	/** ONNX Runtime options from --threads, --batch and --provider (ranges and choices: {@link OrtNetwork.Options}), and the process's memory budget from --memory. */
	OrtNetwork.Options get() {
		if (memory != null) System.setProperty(MemoryBudget.PROPERTY, MemoryBudget.parse(memory, "--memory").bytes() + "");
		return OrtNetwork.Options.defaults().withIntraOpThreads(threads).withMaxBatch(batch).withProvider(cpu ? "cpu" : provider);
	}
}
