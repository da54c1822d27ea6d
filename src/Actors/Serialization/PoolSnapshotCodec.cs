using System.Buffers;
using System.Runtime.Serialization;
using System.Text.Json;
using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;

namespace StaticDhcpd.Actors.Serialization;

/// <summary>
/// The encoding of <see cref="PoolSnapshot"/> under manifest <c>pool.snapshot.v2</c>: still JSON, but positional, with
/// addresses as their 32-bit number, MACs as their 48-bit number and instants as UTC ticks. Why: a pool's snapshot
/// holds every binding and client record (tens of thousands); the object form of v1 spelled every property name and
/// date string each time — about 600 bytes and a slow parse per client. Layout (null where absent):
/// <code>
/// { "format": 2,
///   "free":        [address, ...],                                   LRU order, oldest first
///   "bound":       [[address, clientKey, mac, boundAt, expiresAt, hostname, renewals], ...],
///   "quarantined": [[address, "Declined" | "InUse", clientKey, mac, until], ...],
///   "blocked":     [clientKey, ...],
///   "clients":     [[clientKey, mac, address, expiresAt, renewals, lastAddress, [[at, event, address], ...]], ...] }
/// </code>
/// </summary>
internal static class PoolSnapshotCodec
{
    public const int Format = 2;

    // History event names, returned as these instances when read (no string per entry).
    private static readonly string[] Events = ["granted", "renewed", "released", "declined", "expired", "blocked", "released-by-operator"];

    public static byte[] Write(PoolSnapshot s)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + 16 * s.Free.Count + 120 * s.Bound.Count + 160 * (s.Clients?.Count ?? 0));
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("format", Format);
            w.WriteStartArray("free");
            foreach (var a in s.Free) w.WriteNumberValue(a.Value);
            w.WriteEndArray();
            w.WriteStartArray("bound");
            foreach (var b in s.Bound)
            {
                w.WriteStartArray();
                w.WriteNumberValue(b.Address.Value);
                w.WriteStringValue(b.ClientKey);
                w.WriteNumberValue(b.Mac.Value);
                w.WriteNumberValue(b.BoundAt.UtcTicks);
                w.WriteNumberValue(b.ExpiresAt.UtcTicks);
                WriteString(w, b.Hostname);
                w.WriteNumberValue(b.Renewals);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteStartArray("quarantined");
            foreach (var q in s.Quarantined)
            {
                w.WriteStartArray();
                w.WriteNumberValue(q.Address.Value);
                w.WriteStringValue(q.Kind.ToString());
                WriteString(w, q.ClientKey);
                WriteNumber(w, q.Mac?.Value);
                w.WriteNumberValue(q.Until.UtcTicks);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteStartArray("blocked");
            foreach (var k in s.Blocked) w.WriteStringValue(k);
            w.WriteEndArray();
            w.WriteStartArray("clients");
            foreach (var c in s.Clients ?? [])
            {
                var r = c.Record;
                w.WriteStartArray();
                w.WriteStringValue(c.ClientKey);
                WriteNumber(w, r.Mac?.Value);
                WriteNumber(w, r.Address?.Value);
                WriteNumber(w, r.ExpiresAt?.UtcTicks);
                w.WriteNumberValue(r.Renewals);
                WriteNumber(w, r.LastAddress?.Value);
                w.WriteStartArray();
                foreach (var h in r.History)
                {
                    w.WriteStartArray();
                    w.WriteNumberValue(h.At.UtcTicks);
                    w.WriteStringValue(h.Event);
                    w.WriteNumberValue(h.Address.Value);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static PoolSnapshot Read(byte[] bytes)
    {
        var r = new Utf8JsonReader(bytes);
        var free = new List<Ipv4Address>();
        var bound = new List<PoolSnapshot.BoundEntry>();
        var quarantined = new List<PoolSnapshot.QuarantineEntry>();
        var blocked = new List<string>();
        var clients = new List<PoolSnapshot.ClientEntry>();
        var format = 0;
        Next(ref r, JsonTokenType.StartObject);
        while (Read(ref r) != JsonTokenType.EndObject)
        {
            var name = r.GetString();
            if (name == "format")
            {
                Next(ref r, JsonTokenType.Number);
                format = r.GetInt32();
                continue;
            }
            if (name is not ("free" or "bound" or "quarantined" or "blocked" or "clients"))
                throw new SerializationException($"pool snapshot: unknown member '{name}'");
            Next(ref r, JsonTokenType.StartArray);
            while (Read(ref r) != JsonTokenType.EndArray)
            {
                switch (name)
                {
                    case "free":
                        free.Add(new Ipv4Address(r.GetUInt32()));
                        break;
                    case "blocked":
                        blocked.Add(r.GetString()!);
                        break;
                    case "bound":
                        bound.Add(new PoolSnapshot.BoundEntry(Address(ref r), String(ref r)!, new MacAddress(UInt64(ref r)),
                            Instant(ref r), Instant(ref r), String(ref r), Int32(ref r)));
                        Next(ref r, JsonTokenType.EndArray);
                        break;
                    case "quarantined":
                        quarantined.Add(new PoolSnapshot.QuarantineEntry(Address(ref r), Enum.Parse<AddressState>(String(ref r)!),
                            String(ref r), NullableUInt64(ref r) is { } mac ? new MacAddress(mac) : null, Instant(ref r)));
                        Next(ref r, JsonTokenType.EndArray);
                        break;
                    default:
                        clients.Add(Client(ref r));
                        break;
                }
            }
        }
        if (format != Format) throw new SerializationException($"pool snapshot: format {format}, expected {Format}");
        return new PoolSnapshot(free, bound, quarantined, blocked, clients);
    }

    private static PoolSnapshot.ClientEntry Client(ref Utf8JsonReader r)
    {
        var key = String(ref r)!;
        var mac = NullableUInt64(ref r);
        var address = NullableUInt64(ref r);
        var expires = NullableInt64(ref r);
        var renewals = Int32(ref r);
        var last = NullableUInt64(ref r);
        var history = new List<LeaseHistoryEntry>();
        Next(ref r, JsonTokenType.StartArray);
        while (Read(ref r) != JsonTokenType.EndArray)
        {
            var at = Instant(ref r);
            Next(ref r, JsonTokenType.String);
            var what = Event(ref r);
            history.Add(new LeaseHistoryEntry(at, what, Address(ref r)));
            Next(ref r, JsonTokenType.EndArray);
        }
        Next(ref r, JsonTokenType.EndArray);
        return new PoolSnapshot.ClientEntry(key, new LeaseRecord(
            mac is { } m ? new MacAddress(m) : null,
            address is { } a ? new Ipv4Address((uint)a) : null,
            expires is { } e ? new DateTimeOffset(e, TimeSpan.Zero) : null,
            renewals,
            last is { } l ? new Ipv4Address((uint)l) : null,
            history));
    }

    private static void WriteString(Utf8JsonWriter w, string? s)
    {
        if (s is null) w.WriteNullValue();
        else w.WriteStringValue(s);
    }

    private static void WriteNumber(Utf8JsonWriter w, ulong? n)
    {
        if (n is { } v) w.WriteNumberValue(v);
        else w.WriteNullValue();
    }

    private static void WriteNumber(Utf8JsonWriter w, long? n)
    {
        if (n is { } v) w.WriteNumberValue(v);
        else w.WriteNullValue();
    }

    private static JsonTokenType Read(ref Utf8JsonReader r) =>
        r.Read() ? r.TokenType : throw new SerializationException("pool snapshot: truncated");

    private static void Next(ref Utf8JsonReader r, JsonTokenType expected)
    {
        if (Read(ref r) != expected) throw new SerializationException($"pool snapshot: {expected} expected, found {r.TokenType}");
    }

    private static Ipv4Address Address(ref Utf8JsonReader r)
    {
        Next(ref r, JsonTokenType.Number);
        return new Ipv4Address(r.GetUInt32());
    }

    private static string? String(ref Utf8JsonReader r) => Read(ref r) == JsonTokenType.Null ? null : r.GetString();

    private static string Event(ref Utf8JsonReader r)
    {
        foreach (var e in Events)
            if (r.ValueTextEquals(e)) return e;
        return r.GetString()!;
    }

    private static ulong UInt64(ref Utf8JsonReader r)
    {
        Next(ref r, JsonTokenType.Number);
        return r.GetUInt64();
    }

    private static int Int32(ref Utf8JsonReader r)
    {
        Next(ref r, JsonTokenType.Number);
        return r.GetInt32();
    }

    private static ulong? NullableUInt64(ref Utf8JsonReader r) => Read(ref r) == JsonTokenType.Null ? null : r.GetUInt64();

    private static long? NullableInt64(ref Utf8JsonReader r) => Read(ref r) == JsonTokenType.Null ? null : r.GetInt64();

    private static DateTimeOffset Instant(ref Utf8JsonReader r)
    {
        Next(ref r, JsonTokenType.Number);
        return new DateTimeOffset(r.GetInt64(), TimeSpan.Zero);
    }
}
