namespace SecureAgg.Protocol;

/// <summary>
/// A revealed share the server left out: it does not lie on the polynomial of the verified reconstruction of the
/// owner's secret, so <see cref="Holder"/> sent a wrong share. Evidence, not proof: colluding holders whose errors cancel
/// at 0 can make an honest share look wrong; the aggregate is exact either way.
/// </summary>
public sealed record DiscardedShare(int Holder, int Owner, SharedSecret Secret);
