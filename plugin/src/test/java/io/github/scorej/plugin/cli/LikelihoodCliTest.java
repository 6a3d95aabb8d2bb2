package io.github.scorej.plugin.cli;

import ij.IJ;
import ij.ImagePlus;
import io.github.scorej.plugin.commands.LikelihoodCommandsTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.github.scorej.plugin.cli.CliTest.scorej;
import static org.junit.jupiter.api.Assertions.*;

/** {@code scorej likelihood} on gaussian-edm (i.i.d. N(0.1, 0.4²) pixels, 3 channels). */
class LikelihoodCliTest {

	@TempDir
	Path dir;

	private Path images() throws Exception {
		Path in = Files.createDirectories(dir.resolve("in"));
		for (int i = 0; i < 2; i++) {
			ImagePlus imp = LikelihoodCommandsTest.gaussianImage("g" + i, 16, 16, i, 0, 0, 0);
			assertTrue(new ij.io.FileSaver(imp).saveAsPng(in.resolve("g" + i + ".png").toString()));
		}
		Files.writeString(in.resolve("junk.txt"), "not an image");
		return in;
	}

	@Test
	void scoresAFolderWritesCsvAndSkipsBadFilesWithAnError() throws Exception {
		Path in = images(), csv = dir.resolve("out/bpd.csv");
		CliTest.Result r = scorej("likelihood", in.toString(), "--model", "gaussian-edm", "--csv", csv.toString(), "--quiet");
		assertEquals(1, r.code(), "a bad file makes the exit code non-zero\n" + r.out() + r.err());
		assertTrue(r.err().contains("skipped") && r.err().contains("junk.txt"), r.err());
		assertTrue(r.out().contains("g0.png") && r.out().contains("g1.png"), r.out());
		List<String> lines = Files.readAllLines(csv);
		assertEquals(3, lines.size(), String.join("\n", lines));
		assertTrue(lines.get(0).contains("bits/dim") && lines.get(0).contains("NFE"), lines.get(0));
		double exact = LikelihoodCommandsTest.exactBitsPerDim(IJ.openImage(in.resolve("g0.png").toString()));
		String[] row = lines.get(1).split(",");
		assertTrue(row[0].contains("g0.png"), lines.get(1));
		assertEquals(exact, Double.parseDouble(row[1]), 0.05, lines.get(1));
	}

	@Test
	void writesAnAnomalyMapPerImage() throws Exception {
		Path in = images(), out = dir.resolve("maps");
		CliTest.Result r = scorej("likelihood", in.resolve("g1.png").toString(), "--model", "gaussian-edm", "--anomaly-map", "tiles", "--tile", "8",
				"--out", out.toString());
		assertEquals(0, r.code(), r.err());
		// the adaptive ODE's progress is its NFE and the time elapsed, never a made-up step count; the summary line names the NFE
		assertTrue(r.err().contains("NFE ") && r.err().contains("elapsed") && !r.err().contains("step "), r.err());
		assertTrue(r.out().matches("(?s)wrote .*g1-anomaly-tiles\\.tif \\(NFE \\d+\\)\\s*"), r.out());
		ImagePlus map = IJ.openImage(out.resolve("g1-anomaly-tiles.tif").toString());
		assertEquals(16, map.getWidth());
		assertEquals(32, map.getBitDepth());
		assertTrue(String.valueOf(map.getProperty("Info")).contains("scorej.mode=tiles"));
		assertTrue(String.valueOf(map.getProperty("Info")).contains("scorej.nfe=" + r.out().replaceAll("(?s).*\\(NFE (\\d+)\\).*", "$1") + "\n"));
		CliTest.Result bad = scorej("likelihood", "--model", CliTest.TOY, in.toString(), "--anomaly-map", "nonsense");
		assertNotEquals(0, bad.code());
		assertTrue(bad.err().contains("not one of denoise, tiles"), bad.err());
	}
}
