package io.github.scorej.ops.tile;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Tiling.plan against the budget: the fastest tiling that fits, smaller tiles and batches as the budget shrinks, the smallest when nothing fits. */
class TilingTest {

	private static final long MB = 1L << 20, GB = 1L << 30;

	/** micro-gray's numbers: 1300 bytes per pixel per image of a call, size multiple 8, 64×64 training crops; 20 double arrays per job. */
	private static Tiling.Job job(int side, int samples) {
		long p = (long) side * side;
		return new Tiling.Job(side, side, samples, 16, 1300, 8, 64, chunk -> 8 * p * (4 + 8 * chunk + 8), 32);
	}

	@Test
	void smallImagesRunWholeWithEverySampleInOneCall() {
		Tiling t = Tiling.plan(job(256, 4), new MemoryBudget(4 * GB), 50 * MB, 3 * GB);
		assertTrue(t.whole(), t.describe());
		assertEquals(4, t.perCall());
		assertEquals(4, t.chunk());
		assertEquals(1300L * 4 * 256 * 256, t.nativeBytes());
	}

	@Test
	void a4096ImageFitsFourGigabytesInTiles() {
		Tiling t = Tiling.plan(job(4096, 4), new MemoryBudget(4 * GB), 50 * MB, 3 * GB);
		assertTrue(t.fits(new MemoryBudget(4 * GB), 50 * MB, 3 * GB), t.describe());
		assertFalse(t.whole());
		assertEquals(1, t.chunk(), "a 4096² sample's arrays leave room for one at a time");
		assertTrue(t.total(3 * GB) <= 4 * GB);
		// with the same heap, half the native room: smaller or fewer tiles per call
		Tiling tighter = Tiling.plan(job(4096, 4), new MemoryBudget(3 * GB + 600 * MB), 50 * MB, 3 * GB);
		assertTrue(tighter.nativeBytes() < t.nativeBytes(), t.describe() + " vs " + tighter.describe());
		assertTrue(tighter.fits(new MemoryBudget(3 * GB + 600 * MB), 50 * MB, 3 * GB), tighter.describe());
	}

	@Test
	void javasHeapCountsAtItsMaximumHoweverLittleIsInUse() {
		// the JVM may commit its whole heap (G1 grows it further on a busy machine): ONNX Runtime gets only what -Xmx leaves
		MemoryBudget budget = new MemoryBudget(3 * GB + 512 * MB);
		Tiling t = Tiling.plan(job(1024, 4), budget, 50 * MB, 3 * GB);
		assertTrue(t.fits(budget, 50 * MB, 3 * GB), t.describe());
		assertTrue(t.nativeBytes() <= 512 * MB - MemoryBudget.BASE, t.describe() + ": ONNX Runtime " + t.nativeBytes());
		assertEquals(MemoryBudget.BASE + 3 * GB + t.nativeBytes(), t.total(3 * GB));
		// a smaller heap leaves ONNX Runtime more, and larger calls
		Tiling roomier = Tiling.plan(job(1024, 4), budget, 50 * MB, 1 * GB);
		assertTrue(roomier.nativeBytes() > 4 * t.nativeBytes(), t.describe() + " vs " + roomier.describe());
	}

	@Test
	void tilesAreAsSmallAsTheirCountAllows() {
		// three tiles of 512 (overlap 32) cover 1024: three of 368 do too
		assertEquals(368, Tiling.balanced(1024, 512, 32, 16, 32));
		assertEquals(3, TiledDenoiser.starts(1024, 368, 32).length);
		assertEquals(3, TiledDenoiser.starts(1024, 512, 32).length);
		assertEquals(1024 - 368, TiledDenoiser.starts(1024, 368, 32)[2], "the last tile is flush with the edge");
		assertEquals(448, Tiling.balanced(2048, 512, 32, 16, 32), "5 tiles either way");
		assertEquals(496, Tiling.balanced(4096, 512, 32, 16, 32), "9 tiles either way");
		assertEquals(512, Tiling.balanced(512, 512, 32, 16, 32), "one tile: the side itself");
		assertEquals(64, Tiling.balanced(100, 64, 16, 16, 64), "never below the training size");
		for (int n = 65; n < 3000; n += 37) {
			int t = Tiling.balanced(n, 512, 32, 8, 32);
			assertEquals(TiledDenoiser.starts(n, 512, 32).length, TiledDenoiser.starts(n, t, 32).length, "n " + n + ": tile " + t);
			assertEquals(0, t % 8);
		}
		// the plan's tiles for a 1024² image that does not run whole
		Tiling t = Tiling.plan(job(1024, 4), new MemoryBudget(3 * GB + 512 * MB), 50 * MB, 3 * GB);
		assertEquals(368, t.tile(), t.describe());
	}

	@Test
	void tooSmallABudgetGivesTheSmallestTilingWhichDoesNotFit() {
		MemoryBudget budget = new MemoryBudget(200 * MB);
		Tiling t = Tiling.plan(job(1024, 4), budget, 50 * MB, 3 * GB);
		assertFalse(t.fits(budget, 50 * MB, 3 * GB));
		assertEquals(64, t.tile());
		assertEquals(1, t.perCall());
		assertEquals(1, t.chunk());
		assertTrue(t.total(3 * GB) > budget.bytes());
	}

	@Test
	void aModelOfOneSizeRunsInTilesOfThatSize() {
		Tiling.Job j = new Tiling.Job(100, 90, 2, 16, 2000, 0, 32, chunk -> 0, 32);
		Tiling t = Tiling.plan(j, new MemoryBudget(4 * GB), 0, 3 * GB);
		assertEquals(32, t.tile());
		assertEquals(8, t.overlap());
	}

	@Test
	void budgetsParseLikeXmx() {
		assertEquals(4 * GB, MemoryBudget.parse("4G", "--memory").bytes());
		assertEquals(3500 * MB, MemoryBudget.parse("3500m", "--memory").bytes());
		assertEquals(1536 * MB, MemoryBudget.parse("1.5g", "--memory").bytes());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemoryBudget.parse("lots", "--memory"));
		assertTrue(e.getMessage().startsWith("--memory: 'lots' is not a memory size"), e.getMessage());
	}
}
