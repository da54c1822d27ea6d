namespace StaticDhcpd.Integration.Tests.Lab;

/// <summary>
/// What a client reported to its script for one event, normalised across clients. <see cref="Event"/> is the
/// client's own word: dhclient/dhcpcd <c>$reason</c> (BOUND, RENEW, REBIND, REBOOT, RELEASE, EXPIRE, FAIL, …),
/// udhcpc <c>$1</c> (bound, renew, deconfig, nak, leasefail). Addresses are dotted strings as the client wrote
/// them; lists keep the client's order. <see cref="Variables"/> holds everything the script saw.
/// </summary>
public sealed record LeaseResult(
    string Event,
    string? Address,
    string? Mask,
    IReadOnlyList<string> Routers,
    IReadOnlyList<string> Dns,
    string? Domain,
    string? Hostname,
    TimeSpan? LeaseTime,
    TimeSpan? T1,
    TimeSpan? T2,
    string? ServerId,
    IReadOnlyDictionary<string, string> Variables)
{
    public override string ToString() =>
        $"{Event} {Address}/{Mask} routers=[{string.Join(',', Routers)}] dns=[{string.Join(',', Dns)}] domain={Domain} " +
        $"host={Hostname} lease={LeaseTime?.TotalSeconds} t1={T1?.TotalSeconds} t2={T2?.TotalSeconds} server={ServerId}";
}
