package io.github.scorej.plugin.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * {@code scorej imagej [ImageJ arguments]}: starts ImageJ 1.x with the ScoreJ commands under
 * Plugins &gt; ScoreJ. ScoreJ's classes are already on the class path; ImageJ only needs the menu
 * entries, so a plugins folder is made holding one jar with ScoreJ's {@code plugins.config}. The
 * arguments go to ImageJ, e.g. {@code scorej imagej -batch macros/generate_digits.ijm out.tif}
 * (which needs a display: use {@code xvfb-run -a} on a machine without one).
 */
@Command(name = "imagej", description = { "Start ImageJ 1.x with ScoreJ installed (Plugins > ScoreJ).",
		"Every other argument goes to ImageJ, e.g. -batch MACRO [ARG], -macro MACRO [ARG], -eval CODE, or image files to open." })
final class ImageJCommand implements Runnable {

	@Unmatched
	List<String> args = new ArrayList<>();

	@Override
	public void run() {
		Path dir;
		try {
			dir = Files.createTempDirectory("scorej-imagej");
			Path plugins = Files.createDirectories(dir.resolve("plugins"));
			try (InputStream config = ImageJCommand.class.getResourceAsStream("/plugins.config")) {
				if (config == null) throw new IllegalStateException("plugins.config is missing from ScoreJ's classes");
				try (OutputStream os = Files.newOutputStream(plugins.resolve("scorej_menus.jar")); JarOutputStream jar = new JarOutputStream(os)) {
					jar.putNextEntry(new JarEntry("plugins.config"));
					config.transferTo(jar);
					jar.closeEntry();
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException("cannot make ImageJ's plugins folder: " + e.getMessage(), e);
		}
		Path made = dir;
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try (var files = Files.walk(made)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			} catch (IOException e) {
				// a temporary folder left behind
			}
		}));
		System.setProperty("plugins.dir", dir.toString());
		ij.ImageJ.main(args.toArray(new String[0]));
	}
}
