using System.Runtime.InteropServices;
using StaticDhcpd.Node.Cli;

// Ctrl-C and SIGTERM (systemd, Kubernetes) both end `run` through the token, so the node leaves the
// cluster and shuts its actors down instead of being killed mid-write.
// Not disposed: a signal may still arrive (Akka's own CLR hook can finish the shutdown first) while the process
// exits, and cancelling a disposed source would crash it with a non-zero code.
var stop = new CancellationTokenSource();
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
