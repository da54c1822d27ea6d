namespace StaticDhcpd.Actors.Static;

/// <summary>One row of staticDHCPd's <c>maps</c> table as stored (text, trimmed): listing must show even a row the
/// lookup would refuse, so nothing here is parsed.</summary>
public sealed record StaticMap(string Mac, string Ip, string? Hostname, string Subnet, int Serial);

/// <summary>A page of <c>maps</c> rows; <paramref name="Total"/> counts every row matching the search.</summary>
public sealed record StaticMapPage(int Total, IReadOnlyList<StaticMap> Items);

public enum StaticMapWrite
{
    Added,
    /// <summary>A row with this MAC exists.</summary>
    MacExists,
    /// <summary>Another MAC has this ip in the same (subnet, serial): the table's UNIQUE (ip, subnet, serial).</summary>
    IpTaken,
    /// <summary>No <c>subnets</c> row (subnet, serial): the lookup would never find the map.</summary>
    UnknownSubnet,
}
