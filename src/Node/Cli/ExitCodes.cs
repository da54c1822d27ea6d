namespace StaticDhcpd.Node.Cli;

/// <summary>
/// The exit codes of every staticdhcpd command, one table so scripts can trust them: `run`, `check` and `ctl` share
/// 0 and 2 (a command line or a configuration that cannot be used: nothing was started or sent), `ctl` adds 1 for a
/// request the node refused or an object it does not have, and 3 for a node that did not answer.
/// </summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>`run` failed while running; `ctl`: the node refused (401, 403, 409) or has no such object (404).</summary>
    public const int Failure = 1;
    /// <summary>A usage error: an unknown command or option, a missing or malformed value (or a 400 from the node).</summary>
    public const int Usage = 2;
    /// <summary>A configuration the node cannot use; the offending key is named.</summary>
    public const int ConfigError = 2;
    /// <summary>`ctl`: the management endpoint did not answer, or answered 503/504 (a journal or a bucket did not).</summary>
    public const int Unreachable = 3;
}
