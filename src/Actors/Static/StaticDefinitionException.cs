using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Static;

/// <summary>
/// A definition exists but is unusable (a bad address in a row, a bad INI file). The source itself works:
/// this is an operator's data error, reported with the place it comes from, not an outage.
/// </summary>
public sealed class StaticDefinitionException(string message, MacAddress? mac = null, Exception? inner = null)
    : Exception(message, inner)
{
    public MacAddress? Mac { get; } = mac;
}

/// <summary>The source could not be asked: missing file or table, refused connection, failed query.</summary>
public sealed class StaticSourceException(string message, Exception? inner = null) : Exception(message, inner);
