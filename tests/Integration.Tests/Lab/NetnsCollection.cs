using Xunit;

namespace StaticDhcpd.Integration.Tests.Lab;

/// <summary>Lab tests share the machine's DHCP tools and CPU: they run one at a time. Use <c>[Collection(NetnsCollection.Name)]</c>.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NetnsCollection
{
    public const string Name = "netns";
}
