package io.github.scorej.plugin.cli;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.NewImage;
import ij.io.FileSaver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static io.github.scorej.plugin.cli.CliTest.scorej;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 12, "never lose a user's file": what a run writes can neither collide with another output, nor
 * overwrite an input or a file ScoreJ did not write, nor be left half-written (findings 1, 3, 4, 7, 12, 14, 15).
 */
class OutputSafetyTest {

	@TempDir
	Path dir;

	private static Path image(Path file, int fill, int size) throws Exception {
		ImagePlus imp = NewImage.createByteImage("x", size, size, 1, fill);
		Files.createDirectories(file.getParent());
		assertTrue(new FileSaver(imp).saveAsTiff(file.toString()));
		return file;
	}

	private static List<String> tree(Path folder) throws Exception {
		try (Stream<Path> s = Files.walk(folder)) {
			return s.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString()).sorted().toList();
		}
	}

	private static String[] restore(Path out, String... files) {
		List<String> args = new ArrayList<>(List.of("restore", "--model", CliTest.TOY, "--task", "denoise", "--sigma-y", "10", "--steps", "3", "-k", "1", "--quiet",
				"--out", out.toString()));
		args.addAll(List.of(files));
		return args.toArray(String[]::new);
	}

	/** Finding 1: a/s.tif and b/s.tif both survive, in sub-folders named after their folders; s.tif and s.png keep their extension. */
	@Test
	void sameNamesFromTwoFoldersGetTwoOutputs() throws Exception {
		Path a = image(dir.resolve("in/a/s.tif"), NewImage.FILL_RAMP, 16), b = image(dir.resolve("in/b/s.tif"), NewImage.FILL_WHITE, 16);
		Path out = dir.resolve("out");
		CliTest.Result r = scorej(restore(out, a.toString(), b.toString()));
		assertEquals(0, r.code(), r.out() + r.err());
		assertTrue(r.out().contains("2 of 2 file(s) restored"), r.out());
		assertEquals(List.of("a/s-restored.tif", "a/s-uncertainty.tif", "b/s-restored.tif", "b/s-uncertainty.tif"), tree(out));
		assertNotEquals(IJ.openImage(out.resolve("a/s-restored.tif").toString()).getProcessor().getStatistics().mean,
				IJ.openImage(out.resolve("b/s-restored.tif").toString()).getProcessor().getStatistics().mean, "each input has its own result");

		Path same = dir.resolve("same");
		image(same.resolve("s.tif"), NewImage.FILL_RAMP, 16);
		assertTrue(new FileSaver(IJ.openImage(same.resolve("s.tif").toString())).saveAsPng(same.resolve("s.png").toString()));
		r = scorej(restore(dir.resolve("out2"), same.toString()));
		assertEquals(0, r.code(), r.out() + r.err());
		assertEquals(List.of("s_png-restored.tif", "s_png-uncertainty.tif", "s_tif-restored.tif", "s_tif-uncertainty.tif"), tree(dir.resolve("out2")));
	}

	/** Finding 3: --out is the input folder and a user's file has an output's name: refused before any work, with the clash named. */
	@Test
	void anOutputNeverOverwritesAnInputOrAUsersFile() throws Exception {
		Path in = dir.resolve("in");
		image(in.resolve("a.tif"), NewImage.FILL_RAMP, 16);
		Path users = image(in.resolve("a-restored.tif"), NewImage.FILL_WHITE, 16);
		byte[] before = Files.readAllBytes(users);
		CliTest.Result r = scorej(restore(in, in.toString()));
		assertNotEquals(0, r.code());
		assertTrue(r.err().contains("a-restored.tif is an input of this run"), r.err());
		assertArrayEquals(before, Files.readAllBytes(users));
		assertEquals(List.of("a-restored.tif", "a.tif"), tree(in), "nothing written");

		// a user's file that is not an input of the run, but has the name of an output: not ScoreJ's, so not replaced
		Path out = dir.resolve("out");
		Path notOurs = image(out.resolve("a-restored.tif"), NewImage.FILL_WHITE, 16);
		before = Files.readAllBytes(notOurs);
		r = scorej(restore(out, in.resolve("a.tif").toString()));
		assertNotEquals(0, r.code());
		assertTrue(r.err().contains("exists and was not written by ScoreJ"), r.err());
		assertArrayEquals(before, Files.readAllBytes(notOurs));

		// an earlier run's output is ScoreJ's: a second run replaces it
		Files.delete(notOurs);
		assertSucceeds(scorej(restore(out, in.resolve("a.tif").toString())));
		r = scorej(restore(out, in.resolve("a.tif").toString()));
		assertEquals(0, r.code(), r.err());
		assertEquals(List.of("a-restored.tif", "a-uncertainty.tif"), tree(out), "no temporary file left");
	}

	/** Finding 4: likelihood --csv naming an input image, generate --out naming its --noise file: refused, the file untouched. */
	@Test
	void aTableOrAResultNeverReplacesAnInput() throws Exception {
		Path img = dir.resolve("g.tif"); // the 3-channel toy model's kind of image
		assertTrue(new FileSaver(NewImage.createRGBImage("g", 8, 8, 1, NewImage.FILL_RAMP)).saveAsTiff(img.toString()));
		byte[] before = Files.readAllBytes(img);
		CliTest.Result r = scorej("likelihood", "--model", "gaussian-edm", "--quiet", "--csv", img.toString(), img.toString());
		assertNotEquals(0, r.code());
		assertTrue(r.err().contains("is an input of this run"), r.err());
		assertArrayEquals(before, Files.readAllBytes(img));

		Path noise = dir.resolve("noise.tif");
		assertSucceeds(scorej("generate", "--model", CliTest.TOY, "--count", "1", "--steps", "2", "--quiet", "--out", noise.toString())); // a float TIFF of the right shape
		before = Files.readAllBytes(noise);
		r = scorej("generate", "--model", CliTest.TOY, "--count", "1", "--steps", "2", "--quiet", "--noise", noise.toString(), "--out", noise.toString());
		assertNotEquals(0, r.code());
		assertTrue(r.err().contains("is an input of this run"), r.err());
		assertArrayEquals(before, Files.readAllBytes(noise));

		// a CSV of ScoreJ's own may be replaced; any other file of that name may not
		Path csv = dir.resolve("bpd.csv");
		assertSucceeds(scorej("likelihood", "--model", "gaussian-edm", "--quiet", "--csv", csv.toString(), img.toString()));
		assertSucceeds(scorej("likelihood", "--model", "gaussian-edm", "--quiet", "--csv", csv.toString(), img.toString()));
		Files.writeString(csv, "my,own,table\n1,2,3\n");
		r = scorej("likelihood", "--model", "gaussian-edm", "--quiet", "--csv", csv.toString(), img.toString());
		assertNotEquals(0, r.code());
		assertEquals("my,own,table\n1,2,3\n", Files.readString(csv));
	}

	/**
	 * Finding 7: the disk fills while a file's outputs are written (a 40 kB tmpfs holds the 8-bit result but
	 * not the 32-bit uncertainty): neither output is left, nor a temporary file, and the file is reported.
	 * A real full file system, mounted in a private mount namespace (unshare), around a real scorej process.
	 */
	@Test
	void aFullDiskLeavesNoneOfAFilesOutputs() throws Exception {
		Path in = image(dir.resolve("in/big.tif"), NewImage.FILL_RAMP, 128), out = Files.createDirectories(dir.resolve("full"));
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String run = String.join(" ", quoteAll(List.of(java, "-Djava.awt.headless=true", "-Dscorej.home=" + Path.of("..").toAbsolutePath(), "-cp",
				System.getProperty("java.class.path"), Main.class.getName())))
				+ " " + String.join(" ", quoteAll(List.of(restore(out, in.toString()))));
		String script = "mount -t tmpfs -o size=40k tmpfs " + quote(out.toString()) + " || exit 99\n" + run + "\necho \"rc=$?\"\necho listing:\nls -A "
				+ quote(out.toString()) + "\n";
		Process p = new ProcessBuilder("unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script).redirectErrorStream(true).start();
		String output = new String(p.getInputStream().readAllBytes());
		assertEquals(0, p.waitFor(), output);
		assertTrue(output.contains("rc=1"), "the file is reported as failed:\n" + output);
		assertTrue(output.contains("big.tif") && output.toLowerCase().contains("cannot write"), output);
		String listing = output.substring(output.indexOf("listing:") + "listing:".length()).trim();
		assertEquals("", listing, "nothing of big.tif's outputs is left on the full disk:\n" + output);
	}

	/** Finding 12: outputs are created with the umask's permissions (0644 under umask 022), not 0600. */
	@Test
	void outputsFollowTheUmask() throws Exception {
		Path probe = Files.createFile(dir.resolve("probe")); // what any program's new file gets here
		Set<PosixFilePermission> expected = Files.getPosixFilePermissions(probe);
		Path in = image(dir.resolve("in/a.tif"), NewImage.FILL_RAMP, 16), out = dir.resolve("out");
		assertSucceeds(scorej(restore(out, in.toString())));
		assertEquals(expected, Files.getPosixFilePermissions(out.resolve("a-restored.tif")));
		assertEquals(expected, Files.getPosixFilePermissions(out.resolve("a-uncertainty.tif")));
		Path gen = dir.resolve("g.tif"), csv = dir.resolve("t.csv");
		assertSucceeds(scorej("generate", "--model", CliTest.TOY, "--count", "1", "--steps", "2", "--quiet", "--out", gen.toString()));
		assertEquals(expected, Files.getPosixFilePermissions(gen));
		Path rgb = dir.resolve("rgb.tif");
		assertTrue(new FileSaver(NewImage.createRGBImage("g", 8, 8, 1, NewImage.FILL_RAMP)).saveAsTiff(rgb.toString()));
		assertSucceeds(scorej("likelihood", "--model", "gaussian-edm", "--quiet", "--csv", csv.toString(), rgb.toString()));
		assertEquals(expected, Files.getPosixFilePermissions(csv));
	}

	/** Finding 14: a dangling link in a folder is reported as failed, and one file given twice is restored and counted once. */
	@Test
	void danglingLinksAreReportedAndDuplicatesCountedOnce() throws Exception {
		Path in = dir.resolve("in");
		Path a = image(in.resolve("a.tif"), NewImage.FILL_RAMP, 16);
		Files.createSymbolicLink(in.resolve("gone.tif"), dir.resolve("nowhere.tif"));
		Path out = dir.resolve("out");
		CliTest.Result r = scorej(restore(out, in.toString(), a.toString(), in.resolve("../in/a.tif").toString()));
		assertEquals(1, r.code(), r.out() + r.err());
		assertTrue(r.err().contains("gone.tif") && r.err().contains("does not exist"), r.err());
		assertTrue(r.err().contains("same file"), r.err());
		assertTrue(r.out().contains("1 of 2 file(s) restored") && r.out().contains("1 failed: gone.tif"), r.out());
		assertEquals(List.of("a-restored.tif", "a-uncertainty.tif"), tree(out));
	}

	/** Finding 15: --out naming a file: a message that says so, before any work. */
	@Test
	void outNamingAFileSaysSo() throws Exception {
		Path in = image(dir.resolve("in/small.tif"), NewImage.FILL_RAMP, 16), file = Files.writeString(dir.resolve("afile"), "x");
		CliTest.Result r = scorej(restore(file, in.toString()));
		assertNotEquals(0, r.code());
		assertTrue(r.err().contains("--out " + file + " is a file, not a folder"), r.err());
		r = scorej("img2img", "--model", CliTest.TOY, "--quiet", "--steps", "2", "--out", file.toString(), in.toString());
		assertTrue(r.err().contains("is a file, not a folder"), r.err());
		assertEquals("x", Files.readString(file));
	}

	private static void assertSucceeds(CliTest.Result r) {
		assertEquals(0, r.code(), r.out() + r.err());
	}

	private static List<String> quoteAll(List<String> args) {
		return args.stream().map(OutputSafetyTest::quote).toList();
	}

	private static String quote(String s) {
		return "'" + s.replace("'", "'\\''") + "'";
	}
}
