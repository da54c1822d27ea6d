using System.CommandLine;
using StaticDhcpd.Node.Cli;
using StaticDhcpd.Node.Configuration;

namespace StaticDhcpd.Node.Ctl;

/// <summary>The options every ctl verb takes, wherever they stand on the line (recursive).</summary>
public sealed class CtlGlobals
{
    public Option<string> Endpoint { get; } = new("--endpoint", "-e")
    {
        Description = "The node's management URL (default: staticdhcpd.management.hostname and port of --config, else 127.0.0.1:8558)",
        HelpName = "URL",
        Recursive = true,
    };

    public Option<string> Token { get; } = new("--token", "-t")
    {
        Description = "Bearer token for mutating requests (default: staticdhcpd.management.token of --config)",
        HelpName = "T",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the node's JSON as it answered, for scripts",
        Recursive = true,
    };

    public Option<string> Config { get; } = new("--config", "-c")
    {
        Description = "The node's configuration file, to find its management address and token",
        HelpName = "FILE",
        Recursive = true,
    };

    public Option<int> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds to wait for each answer",
        HelpName = "SECONDS",
        DefaultValueFactory = _ => 15,
        Recursive = true,
    };

    public IEnumerable<Option> All => [Endpoint, Token, Json, Config, Timeout];
}

/// <summary>`staticdhcpd ctl`: the operator's client of the management HTTP API (docs/management-api.md).</summary>
public static class CtlCommand
{
    public static Command Build()
    {
        var g = new CtlGlobals();
        var ctl = new Command("ctl", """
            Talk to a running node's management HTTP API: tables for people, --json for scripts.
            Exit codes: 0 ok, 1 refused or not found, 2 usage, 3 node unreachable (or 503/504).
            """);
        foreach (var o in g.All) ctl.Options.Add(o);
        ctl.Subcommands.Add(ClusterCommands.Build(g));
        ctl.Subcommands.Add(ShardingCommands.Build(g));
        ctl.Subcommands.Add(PoolsCommands.Build(g));
        ctl.Subcommands.Add(ScanCommands.Build(g));
        ctl.Subcommands.Add(LeasesCommands.Build(g));
        ctl.Subcommands.Add(MapsCommands.Build(g));
        ctl.Subcommands.Add(StatsCommand.Build(g));
        ctl.Subcommands.Add(EventsCommand.Build(g));
        RequireSubcommand(ctl);
        return ctl;
    }

    /// <summary>A noun (or ctl itself) given without a verb: a usage error naming what is missing.</summary>
    public static void RequireSubcommand(Command command) =>
        command.SetAction((pr, _) => CommandLine.UsageError(pr,
            $"'{command.Name}' needs one of: {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}", command));

    public static Command Noun(string name, string description, params Command[] verbs)
    {
        var noun = new Command(name, description);
        foreach (var v in verbs) noun.Subcommands.Add(v);
        RequireSubcommand(noun);
        return noun;
    }

    /// <summary>Makes <paramref name="command"/> run <paramref name="run"/> with a client for the resolved endpoint.</summary>
    public static Command Verb(this Command command, CtlGlobals g, Func<ParseResult, CtlInvocation, CancellationToken, Task<int>> run)
    {
        command.SetAction(async (pr, ct) =>
        {
            var (stdout, stderr) = (pr.InvocationConfiguration.Output, pr.InvocationConfiguration.Error);
            Uri endpoint;
            string? token;
            try
            {
                (endpoint, token) = CtlEndpoint.Resolve(pr.GetValue(g.Endpoint), pr.GetValue(g.Token), pr.GetValue(g.Config));
            }
            catch (ConfigurationException e)
            {
                await stderr.WriteLineAsync($"staticdhcpd ctl: configuration error: {e.Message}");
                return ExitCodes.ConfigError;
            }
            var timeout = pr.GetValue(g.Timeout);
            if (timeout <= 0) return await CommandLine.UsageError(pr, "--timeout must be a positive number of seconds", command);
            using var client = new CtlClient(endpoint, token, TimeSpan.FromSeconds(timeout));
            try
            {
                return await run(pr, new CtlInvocation(client, pr.GetValue(g.Json), stdout, stderr), ct);
            }
            catch (CtlUnreachableException e)
            {
                await stderr.WriteLineAsync($"staticdhcpd ctl: unreachable: {e.Message}");
                return ExitCodes.Unreachable;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return ExitCodes.Ok;
            }
        });
        return command;
    }
}
