package io.github.scorej.plugin.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

/** The files a batch verb works on: positional files and folders, and {@code --shard i/n} for array jobs. */
final class FileInputs {

	@Option(names = "--shard", paramLabel = "i/n", description = "Process every n-th file starting at i (0 <= i < n), e.g. --shard $SLURM_ARRAY_TASK_ID/8.")
	String shard;

	@Parameters(arity = "1..*", paramLabel = "FILE|FOLDER", description = "Images, or folders of .tif/.tiff/.png images.")
	List<Path> inputs;

	/** This shard's files; an error naming the inputs if there are none. */
	List<Path> files() {
		List<Path> files = RestoreVerb.shard(RestoreVerb.files(inputs), shard);
		if (files.isEmpty()) throw new IllegalArgumentException("no .tif, .tiff or .png files in " + inputs + (shard == null ? "" : " for shard " + shard));
		return files;
	}
}
