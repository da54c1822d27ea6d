namespace StaticDhcpd.Node.Cli;

public enum CliCommand { Run, Check, Help, Version }

/// <summary>The parsed command line: one command and, for run and check, an optional config file.</summary>
public sealed record CliArguments(CliCommand Command, string? ConfigPath)
{
    /// <summary>Parses <paramref name="args"/>; throws <see cref="CliUsageException"/> on anything it does not know.</summary>
    public static CliArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Any(a => a is "--help" or "-h" or "help")) return new(CliCommand.Help, null);
        if (args.Any(a => a is "--version" or "-V")) return new(CliCommand.Version, null);
        if (args.Count == 0) throw new CliUsageException("a command is needed");

        var command = args[0] switch
        {
            "run" => CliCommand.Run,
            "check" => CliCommand.Check,
            _ => throw new CliUsageException($"unknown command '{args[0]}'"),
        };
        string? config = null;
        for (int i = 1; i < args.Count; i++)
        {
            var a = args[i];
            string value;
            if (a is "--config" or "-c")
            {
                if (i + 1 >= args.Count || args[i + 1].Length == 0) throw new CliUsageException($"{a} needs a file name");
                value = args[++i];
            }
            else if (a.StartsWith("--config=", StringComparison.Ordinal) && a.Length > "--config=".Length)
                value = a["--config=".Length..];
            else
                throw new CliUsageException($"unknown argument '{a}'");
            if (config is not null) throw new CliUsageException("--config is given twice");
            config = value;
        }
        return new(command, config);
    }
}

/// <summary>A command line the program cannot make sense of (exit 64).</summary>
public sealed class CliUsageException(string message) : Exception(message);
