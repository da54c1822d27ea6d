using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Messages.Pools;

/// <summary>Who a dynamic lease belongs to: the client-identifier (option 61) when the client sends one, else its chaddr.</summary>
public static class ClientKey
{
    /// <summary>Lower-case hex of the client-identifier, or "mac:" + the colon form of chaddr when there is none.</summary>
    public static string From(byte[]? clientId, MacAddress mac) =>
        clientId is { Length: > 0 } ? Convert.ToHexStringLower(clientId) : "mac:" + mac;
}
