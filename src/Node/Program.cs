using System.Runtime.InteropServices;
using StaticDhcpd.Node.Cli;

// Ctrl-C and SIGTERM (systemd, Kubernetes) both end `run` through the token, so the node leaves the
// cluster and shuts its actors down instead of being killed mid-write.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
{
    ctx.Cancel = true;
    stop.Cancel();
});

return await CommandLine.RunAsync(args, Console.Out, Console.Error, stop.Token);
