namespace StaticDhcpd.Integration.Tests.Lab;

/// <summary>
/// A client host of a <see cref="NetnsLab"/>: its own namespace with one interface <see cref="Interface"/>
/// (MAC <see cref="Mac"/>) on the server's segment, or on the relayed segment when <see cref="BehindRelay"/>.
/// <see cref="StateDir"/> is a directory of its own for lease files, scripts and events, removed with the lab.
/// </summary>
public sealed record LabClient(NetnsLab Lab, int Index, string Namespace, string Interface, string Mac, bool BehindRelay,
    string StateDir)
{
    /// <summary>The IPv4 addresses currently on <see cref="Interface"/> (as "a.b.c.d/len"), as `ip addr` shows them.</summary>
    public IReadOnlyList<string> Addresses()
    {
        var text = Lab.Exec(Namespace, "ip", "-4", "-o", "addr", "show", "dev", Interface);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => f[Array.IndexOf(f, "inet") + 1])
            .ToList();
    }

    public override string ToString() => $"{Namespace} {Interface} {Mac}";
}
