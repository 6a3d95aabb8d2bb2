package io.github.scorej.plugin.cli;

import ij.IJ;
import ij.ImagePlus;
import io.github.scorej.ops.sample.Callback;
import io.github.scorej.plugin.core.MemoryCheck;
import io.github.scorej.plugin.core.Generation;
import io.github.scorej.plugin.core.LoadedModel;
import io.github.scorej.plugin.image.Normalization;
import io.github.scorej.plugin.io.Tiffs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;

/** {@code scorej img2img FILES|FOLDERS}: SDEdit, the same as the Image to Image command, over files; bad files are reported and skipped. */
@Command(name = "img2img", description = "SDEdit: noise images to sigma_start and denoise them back with a score model (as Image to Image (ScoreJ)).")
final class Img2ImgCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Mixin
	SamplingOptions opts;

	@Option(names = "--strength", defaultValue = "0.4", description = "SDEdit's t0 in (0, 1]: how far towards the prior. Default: ${DEFAULT-VALUE}.")
	double strength;

	@Option(names = "--sigma-start", defaultValue = "0", description = "The noise level to start from (overrides --strength when > 0).")
	double sigmaStart;

	@Mixin
	NormalizationOptions normalization;

	@Option(names = "--out", defaultValue = "img2img", description = "Output folder. Default: ${DEFAULT-VALUE}.")
	Path out;

	@Mixin
	FileInputs inputs;

	@Override
	public Integer call() {
		if (opts.noise != null) throw new IllegalArgumentException("--noise is for generate; img2img draws its noise from --seed");
		List<Path> files = inputs.files();
		Normalization norm = normalization.get();
		LoadedModel m = LoadedModel.load(opts.model, null, null, opts.runtime());
		PrintWriter stdout = spec.commandLine().getOut(), stderr = spec.commandLine().getErr();
		List<String> failed = new ArrayList<>();
		for (Path f : files) {
			try {
				if (!Files.isRegularFile(f)) throw new IllegalArgumentException("no such file");
				ImagePlus imp = IJ.openImage(f.toString());
				if (imp == null) throw new IllegalArgumentException("not an image ImageJ can read");
				Callback progress = opts.quiet ? Callback.NONE : new ProgressBar(System.err, f.getFileName().toString(), 1);
				ImagePlus result = Generation.imageToImage(m, opts.settings(), imp, strength, sigmaStart, norm, progress);
				Path target = out.resolve(RestoreVerb.baseName(f) + "-img2img.tif");
				Tiffs.writeAtomically(result, target);
				stdout.println(f + " -> " + target);
			} catch (CancellationException e) {
				throw e;
			} catch (RuntimeException | IOException e) {
				failed.add(f.getFileName().toString());
				stderr.println("scorej img2img: " + f + ": " + Main.message(e));
			} catch (OutOfMemoryError e) {
				failed.add(f.getFileName().toString());
				stderr.println("scorej img2img: " + MemoryCheck.outOfMemory(f.toString()));
			}
		}
		stdout.printf("img2img: %d of %d file(s) written into %s%s%n", files.size() - failed.size(), files.size(), out.toAbsolutePath(),
				failed.isEmpty() ? "" : "; " + failed.size() + " failed: " + String.join(", ", failed));
		stdout.flush();
		return failed.isEmpty() ? 0 : 1;
	}
}
