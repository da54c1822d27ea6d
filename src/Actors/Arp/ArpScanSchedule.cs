using StaticDhcpd.Messages.Net;

namespace StaticDhcpd.Actors.Arp;

/// <summary>
/// When a scan sends which request (pure: the scanner's clock is passed in). A token bucket keeps the scan at
/// <see cref="ArpScanSettings.Rate"/> requests per second with bursts of at most 50 ms' worth; an address that has not
/// answered <see cref="ArpScanSettings.Timeout"/> after a request is asked again, <see cref="ArpScanSettings.Retries"/>
/// more times, before fresh addresses. The scan is done when every address has answered or had its last timeout.
/// </summary>
public sealed class ArpScanSchedule
{
    private readonly IReadOnlyList<Ipv4Address> _addresses;
    private readonly Dictionary<Ipv4Address, int> _index;
    private readonly ArpScanSettings _settings;
    private readonly int[] _sends;
    private readonly bool[] _answered;
    private readonly Queue<(int Index, TimeSpan SentAt)> _awaiting = new();
    private readonly Queue<int> _retry = new();
    private readonly double _burst;
    private int _nextFresh;
    private double _tokens;
    private TimeSpan _refilledAt;

    public ArpScanSchedule(IReadOnlyList<Ipv4Address> addresses, ArpScanSettings settings, TimeSpan now)
    {
        _addresses = addresses;
        _settings = settings;
        _index = new Dictionary<Ipv4Address, int>(addresses.Count);
        for (var i = 0; i < addresses.Count; i++) _index.TryAdd(addresses[i], i);
        _sends = new int[addresses.Count];
        _answered = new bool[addresses.Count];
        _burst = Math.Max(1, settings.Rate * 0.05);
        _tokens = 1; // the first request goes at once
        _refilledAt = now;
    }

    public int Total => _addresses.Count;
    public int Probed { get; private set; }
    public int Answered { get; private set; }

    public bool Contains(Ipv4Address address) => _index.ContainsKey(address);

    /// <summary>The requests to send at <paramref name="now"/>, each counted as sent.</summary>
    public IReadOnlyList<Ipv4Address> Due(TimeSpan now)
    {
        _tokens = Math.Min(_burst, _tokens + (now - _refilledAt).TotalSeconds * _settings.Rate);
        _refilledAt = now;
        while (_awaiting.TryPeek(out var a) && now - a.SentAt >= _settings.Timeout)
        {
            _awaiting.Dequeue();
            // Only the latest request of an address waits for its timeout (a retry re-enters the queue).
            if (!_answered[a.Index] && _sends[a.Index] <= _settings.Retries) _retry.Enqueue(a.Index);
        }
        var due = new List<Ipv4Address>();
        while (_tokens >= 1 && NextToSend() is { } i)
        {
            _tokens--;
            if (_sends[i]++ == 0) Probed++;
            _awaiting.Enqueue((i, now));
            due.Add(_addresses[i]);
        }
        return due;
    }

    /// <summary>True the first time an address of this scan answers.</summary>
    public bool Answer(Ipv4Address address)
    {
        if (!_index.TryGetValue(address, out var i) || _answered[i]) return false;
        _answered[i] = true;
        Answered++;
        return true;
    }

    /// <summary>Every address has been asked and has answered or timed out for the last time.</summary>
    public bool IsDone => _nextFresh == _addresses.Count && _retry.Count == 0 && _awaiting.All(a => _answered[a.Index]);

    private int? NextToSend()
    {
        while (_retry.TryDequeue(out var r))
            if (!_answered[r]) return r;
        while (_nextFresh < _addresses.Count)
        {
            var i = _nextFresh++;
            if (_index[_addresses[i]] == i) return i; // a duplicate in the list is asked once
        }
        return null;
    }
}
