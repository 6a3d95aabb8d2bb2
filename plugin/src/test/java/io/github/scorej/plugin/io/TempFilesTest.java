package io.github.scorej.plugin.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.*;

/** Temporary files and folders get the permissions of any new file and folder (the umask's), not 0600 and 0700. */
class TempFilesTest {

	@TempDir
	Path dir;

	@Test
	void temporaryFilesAndFoldersHaveTheUmasksPermissions() throws IOException {
		String file = PosixFilePermissions.toString(Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain"))));
		String folder = PosixFilePermissions.toString(Files.getPosixFilePermissions(Files.createDirectory(dir.resolve("plain-dir"))));
		Path f = TempFiles.createTempFile(dir, ".out-", ".tif"), d = TempFiles.createTempDirectory(dir, ".staging-");
		assertTrue(f.getFileName().toString().startsWith(".out-") && f.getFileName().toString().endsWith(".tif"), f.toString());
		assertTrue(d.getFileName().toString().startsWith(".staging-") && Files.isDirectory(d), d.toString());
		assertEquals(dir, f.getParent());
		assertEquals(file, PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
		assertEquals(folder, PosixFilePermissions.toString(Files.getPosixFilePermissions(d)));
		assertNotEquals(f, TempFiles.createTempFile(dir, ".out-", ".tif"), "a new name each time");
	}
}
