package io.github.scorej.plugin.io;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Temporary files and folders with the permissions of any new file: mode 0666 &amp; ~umask for a file,
 * 0777 &amp; ~umask for a folder (0644 and 0755 under umask 022), so that what is later renamed into place
 * (an output image, an installed model) is as readable as a file the user made. {@link Files#createTempFile}
 * and {@link Files#createTempDirectory} make 0600 and 0700 instead, which a shared folder or another
 * user's Fiji cannot read.
 *
 * <p>The name is {@code prefix + random + suffix} in {@code dir}, created exclusively (never an existing
 * file). Thread-safe.
 */
public final class TempFiles {

	private static final SecureRandom RANDOM = new SecureRandom();

	private TempFiles() {}

	/** A new empty file {@code dir/prefix<random>suffix}, mode 0666 &amp; ~umask. */
	public static Path createTempFile(Path dir, String prefix, String suffix) throws IOException {
		while (true) {
			try {
				return Files.createFile(dir.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong(), 36) + suffix));
			} catch (FileAlreadyExistsException e) {
				// taken: draw another name
			}
		}
	}

	/** A new empty folder {@code dir/prefix<random>}, mode 0777 &amp; ~umask. */
	public static Path createTempDirectory(Path dir, String prefix) throws IOException {
		while (true) {
			try {
				return Files.createDirectory(dir.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong(), 36)));
			} catch (FileAlreadyExistsException e) {
				// taken: draw another name
			}
		}
	}
}
