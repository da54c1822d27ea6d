using System.CommandLine;
using StaticDhcpd.Node.Configuration;
using StaticDhcpd.Node.Hosting;

namespace StaticDhcpd.Node.Cli;

/// <summary>`run` and `check`: the node's own commands, behaviour and exit codes as before System.CommandLine.</summary>
public static class NodeCommands
{
    /// <summary>`--config FILE` / `-c FILE`; one file, given once.</summary>
    public static Option<string> ConfigOption(string description)
    {
        var option = new Option<string>("--config", "-c") { Description = description, HelpName = "FILE" };
        option.Validators.Add(r =>
        {
            if (r.Tokens.Any(t => t.Value.Length == 0)) r.AddError("--config needs a file name");
        });
        return option;
    }

    public static Command Check()
    {
        var config = ConfigOption("The configuration file (HOCON), merged over the embedded default");
        var command = new Command("check", "Validate the configuration, print a summary, start nothing") { config };
        command.SetAction(async (pr, _) =>
        {
            var (stdout, stderr) = (pr.InvocationConfiguration.Output, pr.InvocationConfiguration.Error);
            var loaded = await Load(pr.GetValue(config), stderr);
            if (loaded is null) return ExitCodes.ConfigError;
            await stdout.WriteLineAsync($"config OK: {NodeConfigurationLoader.Summarize(loaded)}");
            try
            {
                // A config may be checked away from the machine that runs it, so a missing interface only warns here;
                // `run` refuses to start on it, naming the same key.
                NodeHost.ResolveInterfaces(loaded);
            }
            catch (ConfigurationException e)
            {
                await stdout.WriteLineAsync($"warning: {e.Message} on this machine; run will refuse to start");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Run()
    {
        var config = ConfigOption("The configuration file (HOCON), merged over the embedded default");
        var command = new Command("run", "Serve DHCP until Ctrl-C or SIGTERM") { config };
        command.SetAction(async (pr, ct) =>
        {
            var (stdout, stderr) = (pr.InvocationConfiguration.Output, pr.InvocationConfiguration.Error);
            var loaded = await Load(pr.GetValue(config), stderr);
            if (loaded is null) return ExitCodes.ConfigError;
            await stdout.WriteLineAsync($"staticdhcpd {CommandLine.Version} starting: {NodeConfigurationLoader.Summarize(loaded)}");
            try
            {
                await NodeHost.RunAsync(loaded, ct);
                return ExitCodes.Ok;
            }
            catch (ConfigurationException e)
            {
                // Facts only known at start-up (an interface that does not exist) are configuration errors too.
                await stderr.WriteLineAsync($"staticdhcpd: configuration error: {e.Message}");
                return ExitCodes.ConfigError;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Stopped (SIGTERM, Ctrl-C) while still starting, e.g. waiting for an unreachable journal: as asked.
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await stderr.WriteLineAsync($"staticdhcpd: failed: {e.GetType().Name}: {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    private static async Task<NodeConfiguration?> Load(string? path, TextWriter stderr)
    {
        try
        {
            return NodeConfigurationLoader.Load(path);
        }
        catch (ConfigurationException e)
        {
            await stderr.WriteLineAsync($"staticdhcpd: configuration error: {e.Message}");
            return null;
        }
    }
}
