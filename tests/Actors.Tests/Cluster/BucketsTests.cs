using StaticDhcpd.Actors.Clustering;
using Xunit;

namespace StaticDhcpd.Actors.Tests.Clustering;

public class BucketsTests
{
    /// <summary>Published FNV-1a vectors and two client keys: a change here would move every client to another bucket,
    /// away from its persisted leases.</summary>
    [Fact]
    public void The_bucket_of_a_client_is_the_bucket_of_its_key_with_or_without_a_client_identifier()
    {
        var random = new Random(6);
        for (var n = 0; n < 5000; n++)
        {
            var mac = new Messages.Net.MacAddress((ulong)random.NextInt64(0, 1L << 48));
            byte[]? id = (n % 3) switch { 0 => null, 1 => [], _ => RandomBytes(random, 1 + n % 20) };
            Assert.Equal(Buckets.Of(Messages.Pools.ClientKey.From(id, mac)), Buckets.OfClient(id, mac));
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var b = new byte[length];
        random.NextBytes(b);
        return b;
    }

    [Theory]
    [InlineData("", 0x811c9dc5u, 5)]
    [InlineData("a", 0xe40c292cu, 12)]
    [InlineData("foobar", 0xbf9cf968u, 8)]
    [InlineData("mac:00:0c:29:aa:bb:01", 0xbb465e8bu, 11)]
    [InlineData("01000c29aabb01", 0x815876d7u, 7)]
    public void Bucket_is_fnv1a_32_of_the_utf8_key_mod_16(string key, uint fnv, int bucket)
    {
        Assert.Equal(fnv, StableHash.Fnv1a32(System.Text.Encoding.UTF8.GetBytes(key)));
        Assert.Equal(bucket, Buckets.Of(key));
    }

    [Theory]
    [InlineData("", 0xcbf29ce484222325ul)]
    [InlineData("a", 0xaf63dc4c8601ec8cul)]
    [InlineData("foobar", 0x85944171f73967e8ul)]
    public void Fnv1a_64_matches_published_vectors(string text, ulong expected) =>
        Assert.Equal(expected, StableHash.Fnv1a64(System.Text.Encoding.UTF8.GetBytes(text)));

    /// <summary>Sequential MACs (what perfdhcp and a batch of new machines look like) and client identifiers both spread
    /// within 15 % of an even share.</summary>
    [Theory]
    [InlineData("mac:00:0c:29:{0:x2}:{1:x2}:{2:x2}")]
    [InlineData("01000c29{0:x2}{1:x2}{2:x2}")]
    public void Ten_thousand_keys_spread_evenly_over_the_buckets(string format)
    {
        var counts = new int[Buckets.Count];
        for (var i = 0; i < 10_000; i++)
            counts[Buckets.Of(string.Format(format, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff))]++;
        const double even = 10_000.0 / Buckets.Count;
        Assert.All(counts, c => Assert.InRange(c, even * 0.85, even * 1.15));
    }

    [Theory]
    [InlineData("lan", 0)]
    [InlineData("guest-net", 15)]
    public void Entity_id_round_trips(string pool, int bucket)
    {
        var id = Buckets.EntityId(pool, bucket);
        Assert.Equal($"{pool}|{bucket}", id);
        Assert.True(Buckets.TryParseEntityId(id, out var p, out var b));
        Assert.Equal((pool, bucket), (p, b));
    }

    [Theory]
    [InlineData("lan")]
    [InlineData("|3")]
    [InlineData("lan|")]
    [InlineData("lan|16")]
    [InlineData("lan|-1")]
    [InlineData("lan|+1")]
    [InlineData("lan|03")]
    [InlineData("lan| 3")]
    [InlineData("lan|x")]
    [InlineData("lan|3|4")]
    [InlineData("lan|mac:00:0c:29:aa:bb:01")]
    public void Ids_that_are_not_bucket_entity_ids_are_refused(string id)
    {
        Assert.False(Buckets.TryParseEntityId(id, out var pool, out var bucket));
        Assert.Equal(("", -1), (pool, bucket));
    }
}
