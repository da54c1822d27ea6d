using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Reflection;
using StaticDhcpd.Node.Ctl;

namespace StaticDhcpd.Node.Cli;

/// <summary>
/// The executable's entry point, separated from Program so tests run it in-process with their own
/// writers. Returns the process exit code (<see cref="ExitCodes"/>).
/// </summary>
public static class CommandLine
{
    public const string Description = """
        staticdhcpd: a DHCPv4 server for static definitions and dynamic pools, on an Akka.NET cluster.

          staticdhcpd run [--config FILE]     serve DHCP until Ctrl-C or SIGTERM
          staticdhcpd check [--config FILE]   validate the configuration, print a summary, start nothing
          staticdhcpd ctl [--endpoint URL] [--token T] [--json] <noun> <verb>   talk to a running node

        Without --config the embedded default configuration (HOCON.conf) is used; a FILE only needs the keys it
        changes. Exit codes: 0 ok, 1 failure while running (ctl: refused or not found), 2 usage or configuration
        error, 3 (ctl) the node did not answer.
        """;

    /// <summary>The whole command tree: run, check and ctl with its nouns.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand(Description);
        // Our own --version: "staticdhcpd X.Y" rather than the bare number System.CommandLine prints.
        foreach (var v in root.Options.OfType<VersionOption>().ToList()) root.Options.Remove(v);
        var version = new Option<bool>("--version", "-V") { Description = "Print the version and exit" };
        root.Options.Add(version);
        root.SetAction(async (pr, _) =>
        {
            if (pr.GetValue(version))
            {
                await pr.InvocationConfiguration.Output.WriteLineAsync($"staticdhcpd {Version}");
                return ExitCodes.Ok;
            }
            // No command: the same complaint a wrong one gets.
            return await UsageError(pr, "a command is needed", root);
        });
        root.Subcommands.Add(NodeCommands.Run());
        root.Subcommands.Add(NodeCommands.Check());
        root.Subcommands.Add(CtlCommand.Build());
        // `staticdhcpd help` as before the library: the root's help.
        var help = new Command("help", "Print this help") { Hidden = true };
        help.SetAction(pr =>
        {
            WriteHelp(root, pr.InvocationConfiguration.Output);
            return ExitCodes.Ok;
        });
        root.Subcommands.Add(help);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct = default)
    {
        var root = Build();
        var parsed = root.Parse(args);
        // Program handles Ctrl-C and SIGTERM itself (through ct): System.CommandLine's own handler would end `run`
        // 2 s after the signal with 130/143, cutting a node's graceful leave short.
        var invocation = new InvocationConfiguration
        {
            Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null,
        };
        // Help wins over errors elsewhere on the line, as it did before; other parse errors are a usage error (exit 2)
        // rather than System.CommandLine's own 1, which ctl keeps for "refused or not found".
        if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
        {
            var first = parsed.Errors[0].Message;
            await stderr.WriteLineAsync($"staticdhcpd: {Lower(first)}");
            await stderr.WriteLineAsync();
            WriteHelp(parsed.CommandResult.Command, stderr);
            return ExitCodes.Usage;
        }
        return await parsed.InvokeAsync(invocation, ct);
    }

    /// <summary>Prints <paramref name="problem"/> and the usage of <paramref name="command"/> to stderr; returns 2.</summary>
    public static async Task<int> UsageError(ParseResult pr, string problem, Command command)
    {
        var err = pr.InvocationConfiguration.Error;
        await err.WriteLineAsync($"staticdhcpd: {problem}");
        await err.WriteLineAsync();
        WriteHelp(command, err);
        return ExitCodes.Usage;
    }

    /// <summary>The help System.CommandLine prints for `… command --help`, written to <paramref name="w"/>.</summary>
    public static void WriteHelp(Command command, TextWriter w)
    {
        var path = new List<string>();
        Command? c = command;
        Command root = command;
        while (c is not null)
        {
            root = c;
            if (c is not RootCommand) path.Insert(0, c.Name);
            c = c.Parents.OfType<Command>().FirstOrDefault();
        }
        path.Add("--help");
        root.Parse(path).Invoke(new InvocationConfiguration { Output = w, Error = w });
    }

    private static string Lower(string s) => s.Length > 0 && char.IsUpper(s[0]) && (s.Length < 2 || !char.IsUpper(s[1]))
        ? char.ToLowerInvariant(s[0]) + s[1..] : s;

    public static string Version { get; } =
        typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CommandLine).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
