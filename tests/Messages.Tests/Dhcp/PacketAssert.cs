using StaticDhcpd.Messages.Dhcp;
using Xunit;

namespace StaticDhcpd.Messages.Tests.Dhcp;

/// <summary>Field-by-field comparison, so a failure names the field that differs.</summary>
internal static class PacketAssert
{
    public static void Equal(DhcpPacket expected, DhcpPacket actual)
    {
        Assert.Equal(expected.Op, actual.Op);
        Assert.Equal(expected.HardwareType, actual.HardwareType);
        Assert.Equal(expected.HardwareAddressLength, actual.HardwareAddressLength);
        Assert.Equal(expected.Hops, actual.Hops);
        Assert.Equal(expected.TransactionId, actual.TransactionId);
        Assert.Equal(expected.Seconds, actual.Seconds);
        Assert.Equal(expected.Flags, actual.Flags);
        Assert.Equal(expected.ClientAddress, actual.ClientAddress);
        Assert.Equal(expected.YourAddress, actual.YourAddress);
        Assert.Equal(expected.ServerAddress, actual.ServerAddress);
        Assert.Equal(expected.RelayAddress, actual.RelayAddress);
        Assert.Equal(expected.ClientHardwareAddress, actual.ClientHardwareAddress);
        Assert.Equal(expected.ServerName, actual.ServerName);
        Assert.Equal(expected.BootFile, actual.BootFile);
        Assert.Equal(Describe(expected.Options), Describe(actual.Options));
    }

    public static string[] Describe(DhcpOptions options) =>
        options.Select(o => $"{(byte)o.Key}:{Convert.ToHexString(o.Value)}").ToArray();
}
