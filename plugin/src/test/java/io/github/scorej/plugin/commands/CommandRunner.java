package io.github.scorej.plugin.commands;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import java.util.concurrent.ExecutionException;

/**
 * A real SciJava context for command tests (headless, ScoreJ's models from the checkout): run, or run and expect a
 * failure. A test class holds one as {@code @RegisterExtension static final CommandRunner commands = new CommandRunner();}
 * and the context is disposed of after the class's tests.
 */
final class CommandRunner implements AfterAllCallback {

	private final Context context;
	private final CommandService cs;

	CommandRunner() {
		context = new Context();
		cs = context.service(CommandService.class);
	}

	/** Runs the command with these inputs (name, value, …) and waits for it. */
	CommandModule run(Class<? extends Command> cmd, Object... inputs) {
		try {
			return cs.run(cmd, true, inputs).get();
		} catch (InterruptedException | ExecutionException e) {
			throw new AssertionError(e);
		}
	}

	/** Runs a command that must fail and returns the root cause. */
	Throwable failure(Class<? extends Command> cmd, Object... inputs) {
		Throwable t = assertThrows(Throwable.class, () -> {
			CommandModule m = cs.run(cmd, true, inputs).get();
			if (m.isCanceled()) throw new IllegalStateException(m.getCancelReason());
		});
		while (t.getCause() != null)
			t = t.getCause();
		return t;
	}

	@Override
	public void afterAll(ExtensionContext ignored) {
		context.dispose();
	}
}
