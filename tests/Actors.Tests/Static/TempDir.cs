namespace StaticDhcpd.Actors.Tests.Static;

/// <summary>A private temporary directory, removed on Dispose.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("staticdhcpd-static-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { } // a stopped server's leftovers; the OS cleans /tmp
    }
}

/// <summary>Files of the repository the tests use as they ship (the schema files).</summary>
public static class RepoFiles
{
    public static string Schema(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "deploy", "schema", name);
            if (File.Exists(candidate)) return File.ReadAllText(candidate);
        }
        throw new FileNotFoundException($"deploy/schema/{name} not found above {AppContext.BaseDirectory}");
    }
}
