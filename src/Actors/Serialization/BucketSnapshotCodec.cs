using System.Buffers;
using System.Runtime.Serialization;
using System.Text;
using System.Text.Json;
using StaticDhcpd.Actors.Pools;

namespace StaticDhcpd.Actors.Serialization;

/// <summary>
/// <see cref="BucketSnapshot"/> under manifest <c>bucket.snapshot.v1</c>: a JSON object whose "book" is the bucket's
/// address book and client records in <see cref="PoolSnapshotCodec"/>'s positional form (the bulk of it), beside the
/// bucket's block counters and unconfirmed returns.
/// <code>{ "lastGrant": n, "lastReturn": n, "unconfirmed": [BlockGivenBack, ...], "book": { "format": 2, ... } }</code>
/// </summary>
internal static class BucketSnapshotCodec
{
    public static byte[] Write(BucketSnapshot s)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("lastGrant", s.LastGrant);
            w.WriteNumber("lastReturn", s.LastReturn);
            w.WritePropertyName("unconfirmed");
            JsonSerializer.Serialize(w, s.UnconfirmedReturns, PoolSerializer.Json);
            w.WritePropertyName("book");
            w.WriteRawValue(PoolSnapshotCodec.Write(s.Book), skipInputValidation: true);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static BucketSnapshot Read(byte[] bytes)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            var unconfirmed = root.GetProperty("unconfirmed").Deserialize<List<BlockGivenBack>>(PoolSerializer.Json) ?? [];
            var book = PoolSnapshotCodec.Read(Encoding.UTF8.GetBytes(root.GetProperty("book").GetRawText()));
            return new BucketSnapshot(book, root.GetProperty("lastGrant").GetInt64(), root.GetProperty("lastReturn").GetInt64(), unconfirmed);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new SerializationException($"bad bucket.snapshot.v1: {e.Message}", e);
        }
    }
}
