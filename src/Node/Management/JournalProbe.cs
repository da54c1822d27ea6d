using Akka.Actor;
using Akka.Persistence;

namespace StaticDhcpd.Node.Management;

/// <summary>
/// Asks the pools' journal one real question: the highest sequence number of a persistence id nothing writes
/// (a replay of nothing, which the journal answers with a database query). An answer in time means the database
/// answers now; an entity that already recovered would answer from memory, so a pool's status alone would not tell.
/// </summary>
public static class JournalProbe
{
    public const string ProbeId = "staticdhcpd-ready-probe";

    /// <summary>Null when the journal answered, else what went wrong.</summary>
    public static async Task<string?> ProblemAsync(ActorSystem system, TimeSpan timeout, CancellationToken ct)
    {
        var journal = Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(null);
        try
        {
            var answer = await journal.Ask<object>(replyTo => new ReplayMessages(1, 0, 0, ProbeId, replyTo), timeout, ct);
            return answer switch
            {
                RecoverySuccess => null,
                ReplayMessagesFailure f => $"the journal failed: {f.Cause.GetBaseException().Message}",
                _ => $"unexpected answer {answer.GetType().Name}",
            };
        }
        catch (AskTimeoutException)
        {
            return $"the journal did not answer within {timeout.TotalSeconds:0.#} s";
        }
    }
}
