using StaticDhcpd.Actors.Pools;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;
using Xunit;
using static StaticDhcpd.Actors.Tests.Pools.PoolTestSupport;

namespace StaticDhcpd.Actors.Tests.Pools;

/// <summary>
/// Random request sequences (fixed seeds) through the pure pool logic, applied as the PoolEntity applies them: the
/// AddressBook and the ClientBook derived from the same events must agree on who holds what, no address is bound
/// twice, every address is in exactly one state, and both books survive a snapshot unchanged.
/// </summary>
public class PoolModelTests
{
    private const int Clients = 15;
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Address_book_and_client_records_stay_consistent(int seed)
    {
        var random = new Random(seed);
        var policy = PoolPolicy.From(Settings(lease: TimeSpan.FromMinutes(5), maxRenewals: 3));
        var book = new AddressBook(policy.Addresses);
        var clients = new ClientBook();
        var now = T0;
        var acks = 0;

        void Apply(IEnumerable<IPoolEvent> events)
        {
            foreach (var e in events)
            {
                clients.Apply(e);
                book.Apply(e);
            }
        }

        Ipv4Address SomeAddress(int client) => random.Next(4) switch
        {
            0 => book.BoundAddressOf(Key(client)) ?? policy.Addresses[random.Next(policy.Addresses.Count)],
            1 => book.OfferedAddressOf(Key(client)) ?? policy.Addresses[random.Next(policy.Addresses.Count)],
            2 => Ip("192.168.7.7"),
            _ => policy.Addresses[random.Next(policy.Addresses.Count)],
        };

        for (var step = 0; step < 3000; step++)
        {
            var client = 1 + random.Next(Clients);
            var a = SomeAddress(client).ToString();
            TestCommand? command = random.Next(9) switch
            {
                0 or 1 => Cmd(client, DhcpMethod.Discover, requested: random.Next(2) == 0 ? a : null),
                2 or 3 => Cmd(client, DhcpMethod.RequestSelecting, requested: a),
                4 => Cmd(client, DhcpMethod.RequestInitReboot, requested: a),
                5 => Cmd(client, random.Next(2) == 0 ? DhcpMethod.RequestRenew : DhcpMethod.RequestRebind, ciaddr: a),
                6 => Cmd(client, DhcpMethod.Release, ciaddr: a),
                7 => Cmd(client, DhcpMethod.Decline, requested: a),
                _ => null,
            };
            if (command is not null)
            {
                var c = command with { Preferred = clients.PreferredAddress(command.Request.ClientKey) };
                var v = Decide(book, policy, c, now);
                if (v.HoldOffer) book.HoldOffer(v.Address, c.Request.ClientKey, c.Request.Mac, now + policy.OfferHold);
                Apply(v.Events);
                if (v.Outcome == LeaseOutcome.Ack) acks++;
            }
            else if (random.Next(2) == 0)
            {
                Apply(PoolDecider.ReleaseClient(book, Key(client), now).Events);
            }
            else
            {
                // Time passes: offers lapse, probations end, due leases expire (the lease entities confirm).
                now += TimeSpan.FromSeconds(random.Next(1, 400));
                book.ReturnLapsedOffers(now);
                foreach (var (address, binding) in book.TakeDue(now))
                    Apply([new AddressExpired(address, binding.ClientKey, now)]);
            }
            Check(book, clients, policy, step);
        }

        Assert.True(acks > 100, $"only {acks} ACKs: the sequence does not exercise the pool");
        var snapshot = book.ToSnapshot() with { Clients = clients.ToSnapshot() };
        var book2 = AddressBook.FromSnapshot(policy.Addresses, snapshot);
        var clients2 = ClientBook.FromSnapshot(snapshot);
        Assert.Equal(book.Leases().Where(l => l.State != AddressState.Offered), book2.Leases());
        for (var k = 1; k <= Clients; k++)
            Assert.Equal(clients.Get(Key(k))?.LastAddress, clients2.Get(Key(k))?.LastAddress);
        Check(book2, clients2, policy, -1);
    }

    private static void Check(AddressBook book, ClientBook clients, PoolPolicy policy, int step)
    {
        for (var k = 1; k <= Clients; k++)
            Assert.True(clients.Get(Key(k))?.Address == book.BoundAddressOf(Key(k)),
                $"step {step}: client {k} record says {clients.Get(Key(k))?.Address}, book says {book.BoundAddressOf(Key(k))}");
        var bound = book.Leases().Where(l => l.State == AddressState.Bound).ToList();
        Assert.Equal(bound.Count, bound.Select(l => l.Address).Distinct().Count());
        Assert.Equal(bound.Count, bound.Select(l => l.ClientKey).Distinct().Count());
        Assert.Equal(policy.Addresses.Count, book.FreeCount + book.OfferedCount + book.BoundCount + book.QuarantinedCount);
    }
}
