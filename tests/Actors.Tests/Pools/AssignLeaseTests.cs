using StaticDhcpd.Messages.Pools;
using StaticDhcpd.Messages.Protocol;
using StaticDhcpd.Messages.Webhook;
using Xunit;
using Xunit.Abstractions;
using static StaticDhcpd.Actors.Tests.Pools.PoolTestSupport;

namespace StaticDhcpd.Actors.Tests.Pools;

/// <summary>Operator-made leases through the lease region: the client's bucket gets the address from its pool (or from
/// the bucket holding it free), binds it durably, and never binds an address another client holds.</summary>
public class AssignLeaseTests(ITestOutputHelper output) : LeasePathTestKit(output)
{
    private ClientLeaseAssigned Assign(int client, string address)
    {
        Regions.Tell(new AssignClientLease("guests", Key(client), Mac(client), Ip(address), TimeSpan.FromMinutes(10), null), TestActor);
        return ExpectMsg<ClientLeaseAssigned>(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void An_address_is_bound_to_the_named_client_wherever_it_was_free_and_is_announced()
    {
        var hook = CreateTestProbe();
        Sys.EventStream.Subscribe(hook.Ref, typeof(IWebhookNotice));
        // Two clients of different buckets: the first takes a block; the second's address may sit in that block, free.
        var clients = ClientsOfDistinctBuckets(2);
        var held = Dora(clients[0]);
        hook.ExpectMsg<LeaseGrantedNotice>();
        var target = Enumerable.Range(10, 10).Select(i => $"10.0.0.{i}").First(a => a != held.ToString());

        var done = Assign(clients[1], target);
        Assert.Null(done.Refusal);
        Assert.Equal(Clock.Now.AddMinutes(10), done.ExpiresAt);
        var granted = hook.ExpectMsg<LeaseGrantedNotice>();
        Assert.Equal((Ip(target), Key(clients[1]), TimeSpan.FromMinutes(10)), (granted.Address, granted.ClientKey, granted.LeaseTime));
        var bound = Bound();
        Assert.Equal(2, bound.Count);
        Assert.Contains(bound, l => l.Address == Ip(target) && l.ClientKey == Key(clients[1]));

        // The same client renews it like any binding.
        Assert.Equal(LeaseOutcome.Ack, Send(Req(clients[1], DhcpMethod.RequestRenew, ciaddr: target, correlation: 900)).Outcome);
    }

    [Fact]
    public void An_address_another_client_holds_is_refused_and_stays_theirs()
    {
        var clients = ClientsOfDistinctBuckets(2);
        var held = Dora(clients[0]);
        var done = Assign(clients[1], held.ToString());
        Assert.Equal(AssignRefusal.Taken, done.Refusal);
        var bound = Assert.Single(Bound());
        Assert.Equal((held, Key(clients[0])), (bound.Address, bound.ClientKey));
        Assert.Equal(AssignRefusal.NotInPool, Assign(clients[1], "10.0.0.200").Refusal);
    }
}
