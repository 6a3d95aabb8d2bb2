package io.github.scorej.plugin.ij1;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** A test command with a service parameter and a key that has an older alias. */
@Plugin(type = Command.class, label = "Echo (ScoreJ)")
public class EchoCommand implements Command {

	@Parameter
	private LogService log;

	@Parameter(label = "Count", attrs = @Attr(name = "aliases", value = "old_count,n"), persist = false)
	private int count = 1;

	@Parameter(type = ItemIO.OUTPUT)
	private String report;

	@Override
	public void run() {
		report = "echo count=" + count + " service=" + (log != null);
	}
}
