package io.github.scorej.plugin.commands;

import ij.ImagePlus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 12, findings 5, 10 and 15 through the ImageJ commands: the commands build the same core objects as the
 * command line (SamplingSettings, Restorations.Request), which check against the same declarations, so a
 * negative or NaN σ_y, or steps past the maximum, is refused with the macro key and the range, and no image comes out.
 */
class DeclaredRangesCommandsTest {

	@RegisterExtension
	static final CommandRunner commands = new CommandRunner();

	private static String failure(Class<? extends org.scijava.command.Command> cmd, Object... inputs) {
		Throwable t = commands.failure(cmd, CommandsTest.toyModel(cmd, inputs));
		assertInstanceOf(IllegalArgumentException.class, t, String.valueOf(t));
		return t.getMessage();
	}

	@Test
	void restoreRefusesANegativeOrNonFiniteSigmaY() {
		ImagePlus in = RestorationCommandsTest.image(32, 32, 32, 1, 7);
		assertEquals("sigma_y: -1 is outside [0, inf)", failure(Restore.class, "image", in, "sigmaY", -1.0, "steps", 4, "samples", 1));
		assertEquals("sigma_y: NaN is outside [0, inf)", failure(Restore.class, "image", in, "sigmaY", Double.NaN, "steps", 4, "samples", 1));
		assertEquals("sigma_y: inf is outside [0, inf)",
				failure(Restore.class, "image", in, "task", "deblur", "sigmaY", Double.POSITIVE_INFINITY, "steps", 4, "samples", 1));
	}

	@Test
	void stepsPastTheMaximumAreRefused() {
		assertEquals("steps: 2147483647 is outside [1, 10000]", failure(Generate.class, "count", 1, "steps", Integer.MAX_VALUE));
		ImagePlus in = RestorationCommandsTest.image(32, 32, 32, 1, 8);
		assertEquals("steps: 2147483647 is outside [1, 10000]", failure(Restore.class, "image", in, "steps", Integer.MAX_VALUE, "samples", 1));
	}
}
