using System.Reflection;
using StaticDhcpd.Node.Configuration;
using StaticDhcpd.Node.Hosting;

namespace StaticDhcpd.Node.Cli;

/// <summary>
/// The executable's entry point, separated from Program so tests run it in-process with their own
/// writers. Returns the process exit code.
/// </summary>
public static class CommandLine
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int ConfigError = 2;
    /// <summary>EX_USAGE from sysexits.h.</summary>
    public const int UsageError = 64;

    public const string Usage = """
        staticdhcpd: a DHCPv4 server for static definitions and dynamic pools, on an Akka.NET cluster.

        Usage:
          staticdhcpd run [--config FILE]     serve DHCP until Ctrl-C or SIGTERM
          staticdhcpd check [--config FILE]   validate the configuration, print a summary, start nothing
          staticdhcpd --help | --version

        Without --config the embedded default configuration (HOCON.conf) is used; a FILE only needs
        the keys it changes. Exit codes: 0 ok, 1 failure while running, 2 configuration error, 64 usage error.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct = default)
    {
        CliArguments parsed;
        try
        {
            parsed = CliArguments.Parse(args);
        }
        catch (CliUsageException e)
        {
            await stderr.WriteLineAsync($"staticdhcpd: {e.Message}\n\n{Usage}");
            return UsageError;
        }

        switch (parsed.Command)
        {
            case CliCommand.Help:
                await stdout.WriteLineAsync(Usage);
                return Ok;
            case CliCommand.Version:
                await stdout.WriteLineAsync($"staticdhcpd {Version}");
                return Ok;
        }

        NodeConfiguration config;
        try
        {
            config = NodeConfigurationLoader.Load(parsed.ConfigPath);
        }
        catch (ConfigurationException e)
        {
            await stderr.WriteLineAsync($"staticdhcpd: configuration error: {e.Message}");
            return ConfigError;
        }

        var summary = NodeConfigurationLoader.Summarize(config);
        if (parsed.Command == CliCommand.Check)
        {
            await stdout.WriteLineAsync($"config OK: {summary}");
            try
            {
                // A config may be checked away from the machine that runs it, so a missing interface only warns here;
                // `run` refuses to start on it, naming the same key.
                NodeHost.ResolveInterfaces(config);
            }
            catch (ConfigurationException e)
            {
                await stdout.WriteLineAsync($"warning: {e.Message} on this machine; run will refuse to start");
            }
            return Ok;
        }

        await stdout.WriteLineAsync($"staticdhcpd {Version} starting: {summary}");
        try
        {
            await NodeHost.RunAsync(config, ct);
            return Ok;
        }
        catch (ConfigurationException e)
        {
            // Facts only known at start-up (an interface that does not exist) are configuration errors too.
            await stderr.WriteLineAsync($"staticdhcpd: configuration error: {e.Message}");
            return ConfigError;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped (SIGTERM, Ctrl-C) while still starting, e.g. waiting for an unreachable journal: as asked.
            return Ok;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await stderr.WriteLineAsync($"staticdhcpd: failed: {e.GetType().Name}: {e.Message}");
            return Failure;
        }
    }

    public static string Version { get; } =
        typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CommandLine).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
