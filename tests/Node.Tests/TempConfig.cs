namespace StaticDhcpd.Node.Tests;

/// <summary>A HOCON file in a fresh temporary directory, removed on dispose.</summary>
internal sealed class TempConfig : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("staticdhcpd-config-").FullName;

    public string Path { get; }

    public TempConfig(string hocon, string name = "node.conf")
    {
        Path = System.IO.Path.Combine(_dir, name);
        File.WriteAllText(Path, hocon);
    }

    /// <summary>A path in the same directory that does not exist.</summary>
    public string Missing => System.IO.Path.Combine(_dir, "absent.conf");

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
