namespace StaticDhcpd.Node.Configuration;

/// <summary>
/// A configuration the node refuses to start with. <see cref="Key"/> names what is wrong: the full HOCON
/// path of the key (<c>staticdhcpd.dhcp.suspend-threshold</c>), or the file (and line) for file and syntax errors.
/// </summary>
public sealed class ConfigurationException(string key, string problem) : Exception($"{key}: {problem}")
{
    public string Key { get; } = key;

    /// <summary>The message without the key in front of it.</summary>
    public string Problem { get; } = problem;
}
