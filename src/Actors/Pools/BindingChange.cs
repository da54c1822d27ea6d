namespace StaticDhcpd.Actors.Pools;

/// <summary>How the client's binding changed with a decision.</summary>
public enum BindingChange
{
    None,
    Bound,
    Released,
    Declined,
    Blocked,
}
