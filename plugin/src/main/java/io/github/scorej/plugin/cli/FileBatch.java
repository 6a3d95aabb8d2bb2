package io.github.scorej.plugin.cli;

import ij.ImagePlus;
import io.github.scorej.plugin.commands.Colorize;
import io.github.scorej.plugin.core.MemoryCheck;
import io.github.scorej.plugin.image.ChannelMismatchException;
import io.github.scorej.plugin.io.ImageFiles;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * The per-file loop of the batch verbs (restore and its kin, img2img, likelihood): each file is read
 * completely ({@link ImageFiles#open}) and handed to the verb; a file that is not there, not an image,
 * truncated or corrupt, fails, or runs out of memory is reported on one line and skipped, and the run
 * goes on. Cancelling (Ctrl-C, Esc) ends the run.
 */
final class FileBatch {

	private FileBatch() {}

	/** What a verb does with one image. */
	interface Body {
		void accept(Path file, ImagePlus image) throws IOException;
	}

	/** Runs the body on every file and returns the names of those that failed, each reported as "scorej VERB: FILE: why". */
	static List<String> run(List<Path> files, String verb, PrintWriter stderr, Body body) {
		List<String> failed = new ArrayList<>();
		for (Path f : files) {
			String why;
			try {
				ImagePlus imp = ImageFiles.open(f);
				body.accept(f, imp);
				continue;
			} catch (CancellationException e) {
				throw e;
			} catch (ImageFiles.UnreadableImageException e) {
				why = e.file().equals(f) ? e.reason() : e.getMessage();
			} catch (ChannelMismatchException e) { // an RGB image and a grey model: name the bundled colour model
				why = Main.message(e) + (e.greyWouldFit() ? " (the bundled 3-channel model: --model " + Colorize.DEFAULT_MODEL + ")" : "");
			} catch (RuntimeException | IOException e) {
				why = Main.message(e);
			} catch (OutOfMemoryError e) { // this file's arrays are garbage now: go on with the next
				why = MemoryCheck.outOfMemory("this file");
			}
			failed.add(f.getFileName().toString());
			stderr.println("scorej " + verb + ": " + f + ": " + why);
			stderr.flush();
		}
		return failed;
	}

	/** The closing line, e.g. "restore: 1 of 2 file(s) restored into /out; 1 failed: bad.tif", and the exit code. */
	static int summary(PrintWriter stdout, String verb, String done, int files, List<String> failed, Path out) {
		stdout.printf("%s: %d of %d file(s) %s into %s%s%n", verb, files - failed.size(), files, done, out.toAbsolutePath(),
				failed.isEmpty() ? "" : "; " + failed.size() + " failed: " + String.join(", ", failed));
		stdout.flush();
		return failed.isEmpty() ? 0 : 1;
	}
}
