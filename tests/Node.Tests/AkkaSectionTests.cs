using Akka.Actor;
using Akka.Cluster;
using StaticDhcpd.Node.Configuration;

namespace StaticDhcpd.Node.Tests;

/// <summary>The embedded akka section really starts a one-member cluster (on loopback, any free port).</summary>
public class AkkaSectionTests
{
    [Fact]
    public async Task The_default_akka_section_forms_a_cluster_of_one_that_joins_itself()
    {
        var config = NodeConfigurationLoader.Load(null);
        var system = ActorSystem.Create("staticdhcpd", config.AkkaConfig);
        try
        {
            var cluster = Cluster.Get(system);
            var up = new TaskCompletionSource();
            cluster.RegisterOnMemberUp(() => up.TrySetResult());
            cluster.Join(cluster.SelfAddress);

            var finished = await Task.WhenAny(up.Task, Task.Delay(TimeSpan.FromSeconds(20)));
            Assert.Same(up.Task, finished);
            Assert.Equal("127.0.0.1", cluster.SelfAddress.Host);
            Assert.NotEqual(0, cluster.SelfAddress.Port);
            // The member-up callback can run before this thread's view of cluster.State is refreshed.
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (cluster.State.Members.Count != 1 || cluster.State.Members.First().Status != MemberStatus.Up)
            {
                Assert.True(DateTime.UtcNow < deadline, "cluster state never showed one Up member");
                await Task.Delay(50);
            }
            Assert.Equal("Akka.Cluster.SBR.SplitBrainResolverProvider", cluster.DowningProvider.GetType().FullName);
        }
        finally
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(20));
        }
    }
}
