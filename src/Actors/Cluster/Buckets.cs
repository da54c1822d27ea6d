namespace StaticDhcpd.Actors.Cluster;

// PLACEHOLDER until the ownership branch merges (its Buckets.cs replaces this file).
public static class Buckets
{
    public const int Count = 16;

    public static int Of(string clientKey)
    {
        uint h = 2166136261;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(clientKey)) { h ^= b; h *= 16777619; }
        return (int)(h % Count);
    }

    public static string EntityId(string pool, int bucket) => $"{pool}|{bucket}";

    public static bool TryParseEntityId(string id, out string pool, out int bucket)
    {
        var bar = id.LastIndexOf('|');
        pool = bar > 0 ? id[..bar] : "";
        bucket = -1;
        return bar > 0 && int.TryParse(id[(bar + 1)..], out bucket);
    }
}
